/** aerospike-py's HLL write flags. */
import { HllWriteFlag } from '../../protocol/hll-codes.js'

/** No write flags: create the bin when the op can, update it otherwise. */
export const HLL_WRITE_DEFAULT = 0
/** Fail with BIN_EXISTS (6) when the bin already exists. */
export const HLL_WRITE_CREATE_ONLY = HllWriteFlag.CREATE_ONLY
/** Fail with BIN_NOT_FOUND (17) when the bin does not exist. */
export const HLL_WRITE_UPDATE_ONLY = HllWriteFlag.UPDATE_ONLY
/** Turn a refused op into a successful no-op. */
export const HLL_WRITE_NO_FAIL = HllWriteFlag.NO_FAIL
/** Let hllSetUnion reduce the bin's index bits (and drop its min-hash bits) to fit the HLLs merged in. */
export const HLL_WRITE_ALLOW_FOLD = HllWriteFlag.ALLOW_FOLD
