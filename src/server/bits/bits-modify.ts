/** Bit modify ops (op type 13): resize, insert, remove, set/or/xor/and/not, shifts and integer add/subtract/set on a blob bin. */
import { BitIntFlag, BitResizeFlag, BitWireCode, BitWriteFlag } from '../../protocol/bit-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import type { Particle } from '../particle.js'
import { readField, regionOnly, restoreOutside, shiftLeft, shiftRight, writeField } from './bit-window.js'
import { BitsError, bitsNotApplicable, bitsParamError } from './bits-error.js'
import { type BitsOp, PROTO_SIZE_MAX, parseBitsOp } from './bits-op.js'
import { clippedRegion, type Region, type RegionStart, regionStart, wholeRegion } from './bits-region.js'

/** What a modify op sees: the parsed op, the current blob (empty for a missing bin), where its region starts, the size limit. */
interface ModifyInput {
  readonly op: BitsOp
  readonly old: Buffer
  readonly start: RegionStart
  readonly limits: BitsLimits
}

/** Computes the new blob, or undefined when the op leaves the bin as it is. */
type Modifier = (input: ModifyInput) => Buffer | undefined

/** Computes a region's new window from its current window. */
type WindowFn = (op: BitsOp, window: Buffer, region: Region) => Buffer

function noFail(op: BitsOp): boolean {
  return (op.flags & BitWriteFlag.NO_FAIL) !== 0
}

/** NO_FAIL turns a refusal into "leave the bin alone"; otherwise the refusal fails the op. */
function refuse(op: BitsOp, error: BitsError): undefined {
  if (noFail(op)) return undefined
  throw error
}

/** A blob of `size` bytes, zero-filled, once the size is known to be allowed. */
function allocate(op: BitsOp, size: number, limits: BitsLimits): Buffer {
  if (size >= PROTO_SIZE_MAX) throw bitsParamError(`${op.name}: a ${size}-byte blob is too large`)
  if (size > limits.maxBytes)
    throw new BitsError(
      ResultCode.RECORD_TOO_BIG,
      `${op.name}: a ${size}-byte blob exceeds the record size limit`,
    )
  return Buffer.alloc(size)
}

const resize: Modifier = ({ op, old, limits }) => {
  const size = op.size / 8
  const fromFront = (op.subflags & BitResizeFlag.FROM_FRONT) !== 0
  if (size < old.length) {
    if (op.subflags & BitResizeFlag.GROW_ONLY)
      return refuse(op, bitsParamError('bit_resize: GROW_ONLY cannot shrink'))
    return Buffer.from(fromFront ? old.subarray(old.length - size) : old.subarray(0, size))
  }
  if (size > old.length) {
    if (op.subflags & BitResizeFlag.SHRINK_ONLY)
      return refuse(op, bitsParamError('bit_resize: SHRINK_ONLY cannot grow'))
    const out = allocate(op, size, limits)
    old.copy(out, fromFront ? size - old.length : 0)
    return out
  }
  return undefined
}

const insert: Modifier = ({ op, old, start, limits }) => {
  const buf = op.buf!
  const at = start.byteOffset
  const out = allocate(op, Math.max(old.length, at) + buf.length, limits)
  old.copy(out, 0, 0, Math.min(at, old.length))
  buf.copy(out, at)
  if (at < old.length) old.copy(out, at + buf.length, at)
  return out
}

const remove: Modifier = ({ op, old, start }) => {
  const at = start.byteOffset
  if (at >= old.length) return refuse(op, bitsParamError('bit_remove: offset beyond the end of the blob'))
  let end = at + start.opBytes
  if (end > old.length) {
    if (!(op.flags & BitWriteFlag.PARTIAL))
      return refuse(op, bitsParamError('bit_remove: range beyond the end of the blob'))
    end = old.length
  }
  return Buffer.concat([old.subarray(0, at), old.subarray(end)])
}

/** A region op: the new window replaces the old one; everything else is copied. */
function regionModifier(locate: typeof clippedRegion, fn: WindowFn): Modifier {
  return ({ op, old, start }) => {
    const region = locate(op, start, old.length)
    if (region === undefined) return undefined
    const window = old.subarray(region.byteOffset, region.byteOffset + region.length)
    const updated = fn(op, window, region)
    if (updated === window) return undefined
    const out = Buffer.from(old)
    updated.copy(out, region.byteOffset)
    return out
  }
}

/** The op's bytes aligned to the region: shifted right by the region's head, one byte per window byte. */
function alignedBytes(op: BitsOp, region: Region): Buffer {
  const src = Buffer.alloc(region.length)
  op.buf!.copy(src, 0, 0, Math.min(op.buf!.length, region.length))
  return shiftRight(src, region.head)
}

/** set/or/xor/and: each window byte combined with the op's aligned bytes, bits outside the region kept. */
function bitwise(combine: (current: number, operand: number) => number): WindowFn {
  return (op, window, region) => {
    const aligned = alignedBytes(op, region)
    const out = Buffer.alloc(window.length)
    for (let i = 0; i < out.length; i++) out[i] = combine(window[i]!, aligned[i]!)
    restoreOutside(window, out, region.head, region.size)
    return out
  }
}

const invert: WindowFn = (_op, window, region) => {
  const out = Buffer.alloc(window.length)
  for (let i = 0; i < out.length; i++) out[i] = ~window[i]! & 0xff
  restoreOutside(window, out, region.head, region.size)
  return out
}

/** lshift/rshift: the region's bits moved, zero-filled, bits outside the region kept. */
function shifted(shift: (bytes: Uint8Array, n: number) => Buffer): WindowFn {
  return (op, window, region) => {
    const out = shift(regionOnly(window, region.head, region.size), Number(op.value))
    restoreOutside(window, out, region.head, region.size)
    return out
  }
}

/**
 * The server's signed overflow rule: adding two values of the same sign
 * must not change the sign. A result of exactly 0 is not seen as an overflow.
 * Returns the stored result (saturated if asked), or undefined to fail.
 */
function signedResult(
  bits: number,
  saturate: boolean,
  load: bigint,
  operand: bigint,
  sum: bigint,
): bigint | undefined {
  const a = BigInt.asIntN(bits, load)
  const b = BigInt.asIntN(bits, operand)
  const r = BigInt.asIntN(bits, sum)
  const mask = (1n << BigInt(bits)) - 1n
  if (a < 0n && b < 0n && r > 0n) return saturate ? 1n << BigInt(bits - 1) : undefined
  if (a > 0n && b > 0n && r < 0n) return saturate ? mask >> 1n : undefined
  return sum
}

function arithmetic(subtract: boolean): WindowFn {
  return (op, window, region) => {
    const bits = region.size
    const mask = (1n << BigInt(bits)) - 1n
    const load = readField(window, region.head, bits)
    const value = op.value & mask
    let result = (subtract ? load - value : load + value) & mask
    const saturate = (op.subflags & BitIntFlag.SATURATE) !== 0
    if (!(op.subflags & BitIntFlag.WRAP)) {
      let checked: bigint | undefined = result
      if (op.subflags & BitIntFlag.SIGNED) {
        const operand = subtract ? BigInt.asUintN(64, -value) : value
        checked = signedResult(bits, saturate, load, operand, result)
      } else if (subtract ? result > load : result < load) {
        checked = saturate ? (subtract ? 0n : mask) : undefined
      }
      if (checked === undefined) {
        if (noFail(op)) return window
        throw bitsNotApplicable(`${op.name}: overflow`)
      }
      result = checked
    }
    const out = Buffer.from(window)
    writeField(out, region.head, bits, result)
    return out
  }
}

const setInt: WindowFn = (op, window, region) => {
  const out = Buffer.from(window)
  writeField(out, region.head, region.size, op.value)
  return out
}

const C = BitWireCode

/** Modify op code -> how it changes the blob. */
const MODIFIERS: ReadonlyMap<number, Modifier> = new Map([
  [C.RESIZE, resize],
  [C.INSERT, insert],
  [C.REMOVE, remove],
  [
    C.SET,
    regionModifier(
      clippedRegion,
      bitwise((_, operand) => operand),
    ),
  ],
  [
    C.OR,
    regionModifier(
      clippedRegion,
      bitwise((a, b) => a | b),
    ),
  ],
  [
    C.XOR,
    regionModifier(
      clippedRegion,
      bitwise((a, b) => a ^ b),
    ),
  ],
  [
    C.AND,
    regionModifier(
      clippedRegion,
      bitwise((a, b) => a & b),
    ),
  ],
  [C.NOT, regionModifier(clippedRegion, invert)],
  [C.LSHIFT, regionModifier(clippedRegion, shifted(shiftLeft))],
  [C.RSHIFT, regionModifier(clippedRegion, shifted(shiftRight))],
  [C.ADD, regionModifier(wholeRegion, arithmetic(false))],
  [C.SUBTRACT, regionModifier(wholeRegion, arithmetic(true))],
  [C.SET_INT, regionModifier(wholeRegion, setInt)],
])

/** Ops that may create a missing bin. */
const CREATING_OPS: ReadonlySet<number> = new Set([C.RESIZE, C.INSERT])

/** Size limits of a modified blob. */
export interface BitsLimits {
  /** The largest blob the namespace can store (its max-record-size): larger results answer RECORD_TOO_BIG (13). */
  readonly maxBytes: number
}

/**
 * Applies a bit modify op (the msgpack `payload` of op type 13) to a bin
 * (`bin` undefined: missing). Returns the new blob, or undefined when the
 * bin is left as it is (a NO_FAIL refusal, a no-op resize). Throws
 * BitsError with the server's result code: PARAMETER (4) for a malformed
 * op, BIN_EXISTS (6) for CREATE_ONLY on an existing bin, BIN_TYPE (12) for
 * a bin that is not a blob, BIN_NOT_FOUND (17) for a missing bin the op
 * cannot create (or UPDATE_ONLY), OP_NOT_APPLICABLE (26) for a region
 * outside the blob or an integer overflow, RECORD_TOO_BIG (13) for a
 * result larger than `limits.maxBytes`.
 */
export function bitsModify(
  bin: Particle | undefined,
  payload: Buffer,
  limits: BitsLimits,
): Buffer | undefined {
  const op = parseBitsOp(payload, true)
  if (bin !== undefined) {
    if (op.flags & BitWriteFlag.CREATE_ONLY)
      return refuse(op, new BitsError(ResultCode.BIN_EXISTS, `${op.name}: the bin exists (CREATE_ONLY)`))
    if (bin.type !== ParticleType.BLOB)
      throw new BitsError(
        ResultCode.BIN_TYPE,
        `${op.name}: the bin holds particle type ${bin.type}, not a blob`,
      )
  } else if (!CREATING_OPS.has(op.code) || op.flags & BitWriteFlag.UPDATE_ONLY) {
    return refuse(op, new BitsError(ResultCode.BIN_NOT_FOUND, `${op.name}: the bin does not exist`))
  }
  const old = bin?.data ?? Buffer.alloc(0)
  const start = regionStart(op, old.length, bin !== undefined)
  return MODIFIERS.get(op.code)!({ op, old, start, limits })
}
