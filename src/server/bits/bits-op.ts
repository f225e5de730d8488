/** Bit op payloads `[opCode, args...]`: each op's argument list, and the parser that checks them as the server does. */
import { BitIntFlag, BitResizeFlag, BitWireCode, BitWriteFlag } from '../../protocol/bit-codes.js'
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackReader } from '../../protocol/msgpack.js'
import { bitsParamError } from './bits-error.js'

/** The server's largest message (PROTO_SIZE_MAX, 128 MiB): bounds every offset and size. */
export const PROTO_SIZE_MAX = 128 * 1024 * 1024

/** A parsed bit op. Offsets and sizes are in bits (byte arguments are converted). */
export interface BitsOp {
  readonly code: number
  /** The server's name of the op (for messages). */
  readonly name: string
  /** Bit offset; negative counts from the end of the blob. */
  readonly offset: number
  /** Bit count (resize: the new size; insert: the inserted bytes). */
  readonly size: number
  /** The integer argument (add/subtract/setInt value, shift count, scan bit), as the uint64 the server reads. */
  readonly value: bigint
  /** The bytes argument (set/or/xor/and/insert), without its particle type byte. */
  readonly buf: Buffer | undefined
  /** BitWriteFlag bits. */
  readonly flags: number
  /** BitResizeFlag or BitIntFlag bits. */
  readonly subflags: number
}

type Draft = { -readonly [K in keyof BitsOp]: BitsOp[K] }
type ArgParser = (r: MsgpackReader, op: Draft, allowedFlags: number) => void

const UINT64 = (1n << 64n) - 1n
const MAX_BYTES = BigInt(PROTO_SIZE_MAX)
const MAX_BITS = BigInt(PROTO_SIZE_MAX * 8)

function uint64(r: MsgpackReader): bigint {
  return BigInt.asUintN(64, r.readBigInt())
}

function int64(r: MsgpackReader): bigint {
  return BigInt.asIntN(64, r.readBigInt())
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v
}

const byteOffset: ArgParser = (r, op) => {
  const v = int64(r)
  if (abs(v) > MAX_BYTES) throw bitsParamError(`${op.name}: byte offset ${v} is out of range`)
  op.offset = Number(v) * 8
}

const bitOffset: ArgParser = (r, op) => {
  const v = int64(r)
  if (abs(v) > MAX_BITS) throw bitsParamError(`${op.name}: bit offset ${v} is out of range`)
  op.offset = Number(v)
}

const integerSize: ArgParser = (r, op) => {
  const v = uint64(r)
  if (v === 0n || v > 64n) throw bitsParamError(`${op.name}: integer size ${v} must be 1 to 64 bits`)
  op.size = Number(v)
}

function byteSizeParser(allowZero: boolean): ArgParser {
  return (r, op) => {
    const v = uint64(r)
    if (v === 0n && !allowZero) throw bitsParamError(`${op.name}: byte size may not be 0`)
    if (v > MAX_BYTES) throw bitsParamError(`${op.name}: byte size ${v} is out of range`)
    op.size = Number(v) * 8
  }
}

const bitSize: ArgParser = (r, op) => {
  const v = uint64(r)
  if (v === 0n || v > MAX_BITS) throw bitsParamError(`${op.name}: bit size ${v} is out of range`)
  op.size = Number(v)
}

const scanValue: ArgParser = (r, op) => {
  op.value = r.readBool() ? 1n : 0n
}

const integerValue: ArgParser = (r, op) => {
  op.value = uint64(r)
}

const shiftValue: ArgParser = (r, op) => {
  op.value = uint64(r)
  if (op.value > MAX_BITS) throw bitsParamError(`${op.name}: shift ${op.value} is out of range`)
}

const bytes: ArgParser = (r, op) => {
  const data = r.readBytes()
  if (data.length < 2) throw bitsParamError(`${op.name}: empty bytes argument`)
  op.buf = data.subarray(1)
  const bits = op.buf.length * 8
  if (op.size === 0) op.size = bits
  else if (bits < op.size)
    throw bitsParamError(`${op.name}: ${bits} bits of bytes for a ${op.size}-bit region`)
}

const flags: ArgParser = (r, op, allowed) => {
  const v = uint64(r)
  if ((v & (UINT64 ^ BigInt(allowed))) !== 0n)
    throw bitsParamError(`${op.name}: invalid flags 0x${v.toString(16)}`)
  op.flags = Number(v)
  if (op.flags & BitWriteFlag.CREATE_ONLY && op.flags & BitWriteFlag.UPDATE_ONLY)
    throw bitsParamError(`${op.name}: CREATE_ONLY and UPDATE_ONLY together`)
}

/** Subflags limited to `allowed`; the two bits of `exclusive` (when given) may not both be set. */
function subflagsParser(allowed: number, exclusive = 0): ArgParser {
  return (r, op) => {
    const v = uint64(r)
    if ((v & (UINT64 ^ BigInt(allowed))) !== 0n)
      throw bitsParamError(`${op.name}: invalid flags 0x${v.toString(16)}`)
    op.subflags = Number(v)
    if (exclusive !== 0 && (op.subflags & exclusive) === exclusive)
      throw bitsParamError(`${op.name}: conflicting flags`)
  }
}

const resizeFlags = subflagsParser(
  BitResizeFlag.FROM_FRONT | BitResizeFlag.GROW_ONLY | BitResizeFlag.SHRINK_ONLY,
  BitResizeFlag.GROW_ONLY | BitResizeFlag.SHRINK_ONLY,
)
const arithmeticFlags = subflagsParser(
  BitIntFlag.SIGNED | BitIntFlag.SATURATE | BitIntFlag.WRAP,
  BitIntFlag.SATURATE | BitIntFlag.WRAP,
)
const getIntFlags = subflagsParser(BitIntFlag.SIGNED)

/** What an op accepts: its name, argument parsers (the first `minArgs` required) and allowed policy flags. */
interface OpDef {
  readonly name: string
  readonly minArgs: number
  readonly args: readonly ArgParser[]
  readonly allowedFlags: number
}

const { CREATE_ONLY, UPDATE_ONLY, NO_FAIL, PARTIAL } = BitWriteFlag

function def(name: string, minArgs: number, allowedFlags: number, ...args: ArgParser[]): OpDef {
  return { name, minArgs, args, allowedFlags }
}

const regionOp = (name: string): OpDef =>
  def(name, 3, UPDATE_ONLY | NO_FAIL | PARTIAL, bitOffset, bitSize, bytes, flags)
const shiftOp = (name: string): OpDef =>
  def(name, 3, UPDATE_ONLY | NO_FAIL | PARTIAL, bitOffset, bitSize, shiftValue, flags)
const arithmeticOp = (name: string): OpDef =>
  def(name, 3, UPDATE_ONLY | NO_FAIL, bitOffset, integerSize, integerValue, flags, arithmeticFlags)

const C = BitWireCode

/** Modify ops (op type 13) by code. */
const MODIFY_OPS: ReadonlyMap<number, OpDef> = new Map([
  [
    C.RESIZE,
    def('bit_resize', 1, CREATE_ONLY | UPDATE_ONLY | NO_FAIL, byteSizeParser(true), flags, resizeFlags),
  ],
  [C.INSERT, def('bit_insert', 2, CREATE_ONLY | UPDATE_ONLY | NO_FAIL, byteOffset, bytes, flags)],
  [C.REMOVE, def('bit_remove', 2, UPDATE_ONLY | NO_FAIL | PARTIAL, byteOffset, byteSizeParser(false), flags)],
  [C.SET, regionOp('bit_set')],
  [C.OR, regionOp('bit_or')],
  [C.XOR, regionOp('bit_xor')],
  [C.AND, regionOp('bit_and')],
  [C.NOT, def('bit_not', 2, UPDATE_ONLY | NO_FAIL | PARTIAL, bitOffset, bitSize, flags)],
  [C.LSHIFT, shiftOp('bit_lshift')],
  [C.RSHIFT, shiftOp('bit_rshift')],
  [C.ADD, arithmeticOp('bit_add')],
  [C.SUBTRACT, arithmeticOp('bit_subtract')],
  [C.SET_INT, def('bit_set_int', 3, UPDATE_ONLY | NO_FAIL, bitOffset, integerSize, integerValue, flags)],
])

/** Read ops (op type 12) by code. */
const READ_OPS: ReadonlyMap<number, OpDef> = new Map([
  [C.GET, def('bit_get', 2, 0, bitOffset, bitSize)],
  [C.COUNT, def('bit_count', 2, 0, bitOffset, bitSize)],
  [C.LSCAN, def('bit_lscan', 3, 0, bitOffset, bitSize, scanValue)],
  [C.RSCAN, def('bit_rscan', 3, 0, bitOffset, bitSize, scanValue)],
  [C.GET_INT, def('bit_get_int', 2, 0, bitOffset, integerSize, getIntFlags)],
])

function parse(payload: Buffer, modify: boolean): BitsOp {
  const r = new MsgpackReader(payload)
  const count = r.readArrayHeader()
  if (count === 0) throw bitsParamError('bit op payload is an empty array')
  const code = uint64(r)
  const entry = code > 0xffn ? undefined : (modify ? MODIFY_OPS : READ_OPS).get(Number(code))
  if (entry === undefined) throw bitsParamError(`${code} is not a bit ${modify ? 'modify' : 'read'} op`)
  const nArgs = count - 1
  if (nArgs < entry.minArgs || nArgs > entry.args.length)
    throw bitsParamError(`${entry.name}: ${nArgs} arguments`)
  const op: Draft = {
    code: Number(code),
    name: entry.name,
    offset: 0,
    size: 0,
    value: 0n,
    buf: undefined,
    flags: 0,
    subflags: 0,
  }
  for (let i = 0; i < nArgs; i++) entry.args[i]!(r, op, entry.allowedFlags)
  return op
}

/**
 * Parses a bit op payload for op type 13 (`modify`) or 12. Throws BitsError
 * PARAMETER (4) for anything the server refuses while parsing: not an
 * array, an unknown op code, a wrong argument count, an argument of the
 * wrong msgpack type or out of range, bad flags.
 */
export function parseBitsOp(payload: Buffer, modify: boolean): BitsOp {
  try {
    return parse(payload, modify)
  } catch (e) {
    if (e instanceof ParseError) throw bitsParamError(`malformed bit op: ${e.message}`)
    throw e
  }
}
