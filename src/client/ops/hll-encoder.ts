/** Encodes HLL op objects into wire ops: op type 15 (read) or 16 (modify), a BLOB particle, msgpack `[opCode, args...]`. */
import { HllWireCode } from '../../protocol/hll-codes.js'
import { OpType } from '../../protocol/message.js'
import type { Packable } from '../../protocol/msgpack.js'
import { HLL } from '../../protocol/values.js'
import { invalidArg } from '../errors.js'
import type { Operation } from '../operation.js'
import { arrayField, intField } from './bit-hll-args.js'
import { HLLOpCode } from './hll-operation.js'
import {
  modifyShape as modify,
  type PayloadShape,
  payloadOperations,
  readShape as read,
} from './payload-shapes.js'

/** Bit count argument meaning "not given". */
const UNSET = -1

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
const SHAPES: ReadonlyMap<number, PayloadShape> = new Map<number, PayloadShape>([
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

/** Every HLL op code with its encoder, for the client's op table. */
export const HLL_OPERATIONS = payloadOperations(SHAPES, {
  readType: OpType.HLL_READ,
  modifyType: OpType.HLL_MODIFY,
  what: 'an HLL operation',
})
