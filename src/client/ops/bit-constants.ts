/** aerospike-py's bit operation constants: write flags, resize flags and overflow actions. */
import { BitIntFlag, BitResizeFlag, BitWriteFlag } from '../../protocol/bit-codes.js'

/** No write flags: create the bin when the op can (resize, insert), update it otherwise. */
export const BIT_WRITE_DEFAULT = 0
/** Fail with BIN_EXISTS (6) when the bin already exists. */
export const BIT_WRITE_CREATE_ONLY = BitWriteFlag.CREATE_ONLY
/** Fail with BIN_NOT_FOUND (17) when the bin does not exist. */
export const BIT_WRITE_UPDATE_ONLY = BitWriteFlag.UPDATE_ONLY
/** Turn a refused op into a successful no-op. */
export const BIT_WRITE_NO_FAIL = BitWriteFlag.NO_FAIL
/** Let an op whose region runs past the end of the blob apply to the part inside it. */
export const BIT_WRITE_PARTIAL = BitWriteFlag.PARTIAL

/** Resize at the end of the blob. */
export const BIT_RESIZE_DEFAULT = 0
/** Add or remove bytes at the start of the blob. */
export const BIT_RESIZE_FROM_FRONT = BitResizeFlag.FROM_FRONT
/** Refuse to shrink (PARAMETER, 4). */
export const BIT_RESIZE_GROW_ONLY = BitResizeFlag.GROW_ONLY
/** Refuse to grow (PARAMETER, 4). */
export const BIT_RESIZE_SHRINK_ONLY = BitResizeFlag.SHRINK_ONLY

/** An add/subtract that overflows fails with OP_NOT_APPLICABLE (26). */
export const BIT_OVERFLOW_FAIL = 0
/** An add/subtract that overflows stores the largest (or smallest) value. */
export const BIT_OVERFLOW_SATURATE = BitIntFlag.SATURATE
/** An add/subtract that overflows wraps around. */
export const BIT_OVERFLOW_WRAP = BitIntFlag.WRAP
