/** Encodes HLL op objects into wire ops: op type 15 (read) or 16 (modify), a BLOB particle, msgpack `[opCode, args...]`. */
import { EncodeError } from '../../protocol/codec-errors.js'
import { HllWireCode } from '../../protocol/hll-codes.js'
import { OpType } from '../../protocol/message.js'
import { type Packable, packToBuffer } from '../../protocol/msgpack.js'
import { HLL } from '../../protocol/values.js'
import { checkedBinLength } from '../basic-operations.js'
import { invalidArg } from '../errors.js'
import { msgpackBlobOp, type OpEncoder, type Operation, type WireOp } from '../operation.js'
import { arrayField, intField } from './bit-hll-args.js'
import { HLLOpCode } from './hll-operation.js'

/** Bit count argument meaning "not given". */
const UNSET = -1

/** How an op object becomes a wire op. */
interface WireShape {
  /** The server's op code. */
  readonly code: number
  /** Op type 16 (HLL_MODIFY) rather than 15 (HLL_READ). */
  readonly modify: boolean
  /** The arguments after the op code. */
  readonly args: (o: Operation) => Packable[]
}

const read = (code: number, args: WireShape['args']): WireShape => ({ code, modify: false, args })
const modify = (code: number, args: WireShape['args']): WireShape => ({ code, modify: true, args })

/** The policy's write flags (0 without a policy). */
function policy(o: Operation): number {
  const p = o.hllPolicy
  if (p === undefined || p === null) return 0
  const flags = typeof p === 'object' ? ((p as { flags?: unknown }).flags ?? 0) : undefined
  if (typeof flags === 'number' && Number.isSafeInteger(flags) && flags >= 0) return flags
  throw invalidArg(`bin '${String(o.bin)}': hllPolicy must be { flags } with non-negative integer flags`)
}

/** An optional bit count: -1 when absent. */
function bits(o: Operation, field: string): number {
  return o[field] === undefined ? UNSET : intField(o, field)
}

/** The values to add or look up. */
function values(o: Operation): Packable {
  return arrayField(o, 'val') as Packable
}

/** HLL arguments: HLL wrappers, or raw HLL bytes sent as HLLs. */
function hlls(o: Operation): Packable {
  return arrayField(o, 'val').map((v, i) => {
    if (v instanceof HLL) return v
    if (v instanceof Uint8Array) return new HLL(Buffer.from(v))
    throw invalidArg(`bin '${String(o.bin)}': val[${i}] must be an HLL value`)
  })
}

const H = HLLOpCode
const W = HllWireCode

/** Op code -> wire shape, for every HLL op. */
const SHAPES: ReadonlyMap<number, WireShape> = new Map<number, WireShape>([
  [H.INIT, modify(W.INIT, (o) => [intField(o, 'indexBitCount'), bits(o, 'minhashBitCount'), policy(o)])],
  [H.ADD, modify(W.ADD, (o) => [values(o), bits(o, 'indexBitCount'), bits(o, 'minhashBitCount'), policy(o)])],
  [H.SET_UNION, modify(W.SET_UNION, (o) => [hlls(o), policy(o)])],
  [H.REFRESH_COUNT, modify(W.REFRESH_COUNT, () => [])],
  [H.FOLD, modify(W.FOLD, (o) => [intField(o, 'indexBitCount')])],
  [H.GET_COUNT, read(W.COUNT, () => [])],
  [H.GET_UNION, read(W.GET_UNION, (o) => [hlls(o)])],
  [H.GET_UNION_COUNT, read(W.UNION_COUNT, (o) => [hlls(o)])],
  [H.GET_INTERSECT_COUNT, read(W.INTERSECT_COUNT, (o) => [hlls(o)])],
  [H.GET_SIMILARITY, read(W.SIMILARITY, (o) => [hlls(o)])],
  [H.DESCRIBE, read(W.DESCRIBE, () => [])],
  [H.MAY_CONTAIN, read(W.MAY_CONTAIN, (o) => [values(o)])],
])

/**
 * Encodes an HLL op object as the client's wire op: HLL_READ (15) or
 * HLL_MODIFY (16), a BLOB particle holding the msgpack payload, and
 * RESPOND_ALL_OPS so every op of the operate answers in order. Throws
 * InvalidArgError for a bad bin name or a missing or mistyped argument.
 */
function encodeHllOperation(o: Operation): WireOp {
  const binLength = checkedBinLength(o.bin, 'an HLL operation')
  const shape = SHAPES.get(o.op)!
  let payload: Buffer
  try {
    payload = packToBuffer([shape.code, ...shape.args(o)])
  } catch (err) {
    if (err instanceof EncodeError) throw invalidArg(`bin '${String(o.bin)}': ${err.message}`)
    throw err
  }
  const opType = shape.modify ? OpType.HLL_MODIFY : OpType.HLL_READ
  return msgpackBlobOp(opType, shape.modify, o.bin!, binLength, payload)
}

/** Every HLL op code with its encoder, for the client's op table. */
export const HLL_OPERATIONS: ReadonlyArray<readonly [number, OpEncoder]> = [...SHAPES.keys()].map(
  (code) => [code, encodeHllOperation] as const,
)
