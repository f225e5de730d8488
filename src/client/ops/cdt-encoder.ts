/** Encodes list/map op objects into wire ops: op type 3/4, a BLOB particle, msgpack `[opCode, args...]` (context-wrapped when given). */
import {
  CDT_CONTEXT_EVAL,
  CDT_PATH_SELECT,
  CDT_PERSIST_INDEX,
  CdtSelectFlag,
} from '../../protocol/cdt-codes.js'
import { EncodeError } from '../../protocol/codec-errors.js'
import { OpType } from '../../protocol/message.js'
import { type Packable, packToBuffer, RawMsgpack } from '../../protocol/msgpack.js'
import { checkedBinLength } from '../basic-operations.js'
import { invalidArg } from '../errors.js'
import { msgpackBlobOp, type OpEncoder, type Operation, type WireOp } from '../operation.js'
import {
  MAP_CREATE_ONLY,
  MAP_UPDATE_ONLY,
  MAP_WRITE_FLAGS_CREATE_ONLY,
  MAP_WRITE_FLAGS_UPDATE_ONLY,
} from './cdt-constants.js'
import { type CdtContext, checkContext, contextPairs, listCreateFlag, mapCreateFlag } from './cdt-context.js'
import { type CdtOperation, ListOpCode, MapOpCode, type MapPolicy, PathOpCode } from './cdt-operation.js'

/** How an op object becomes a wire op. */
interface WireShape {
  /** The server's op code. */
  readonly code: number
  /** Op type 4 (CDT_MODIFY) rather than 3 (CDT_READ). */
  readonly modify: boolean
  /** The arguments after the op code. */
  readonly args: (o: CdtOperation) => Packable[]
  /** Create ops mark the last context step with a create flag. */
  readonly createFlag?: (o: CdtOperation) => number
}

function integer(o: CdtOperation, field: 'index' | 'rank' | 'count' | 'returnType'): number | bigint {
  const v = o[field] as unknown
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) return v
  throw new EncodeError(`${field} must be an integer, got ${String(v)}`)
}

function flagsArg(v: unknown, name: string): number {
  if (v === undefined) return 0
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
  throw new EncodeError(`${name} must be a non-negative integer, got ${String(v)}`)
}

function value(o: CdtOperation, field: 'val' | 'mapKey'): Packable {
  const v = o[field]
  if (v === undefined) throw new EncodeError(`${field} is required`)
  return v
}

function list(o: CdtOperation): Packable {
  if (!Array.isArray(o.val)) throw new EncodeError('val must be an array')
  return o.val
}

/** A count goes out unsigned: a negative count (meaning "to the end") as its 64-bit two's complement. */
function countArg(o: CdtOperation): number | bigint {
  const c = integer(o, 'count')
  return c < 0 ? BigInt.asUintN(64, BigInt(c)) : c
}

/** The optional count: left out means "to the end". */
function count(o: CdtOperation): Packable[] {
  return o.count === undefined ? [] : [countArg(o)]
}

/** The end of a range: left out when null or absent (no upper bound). */
function end(o: CdtOperation): Packable[] {
  return o.valEnd === undefined || o.valEnd === null ? [] : [o.valEnd]
}

/** `[order, flags]` of a list policy, sent only when a policy is given. */
function listOrderFlags(o: CdtOperation): Packable[] {
  const p = o.listPolicy
  return p ? [flagsArg(p.order, 'listPolicy.order'), flagsArg(p.flags, 'listPolicy.flags')] : []
}

/** `[flags]` of a list policy, sent only when a policy is given. */
function listFlags(o: CdtOperation): Packable[] {
  const p = o.listPolicy
  return p ? [flagsArg(p.flags, 'listPolicy.flags')] : []
}

function mapOrder(o: CdtOperation): number {
  return flagsArg(o.mapPolicy?.order, 'mapPolicy.order')
}

/** Map write flags of a policy: `writeFlags` plus those aerospike-py's `writeMode` stands for. */
export function mapPolicyFlags(p: MapPolicy | undefined): number {
  if (!p) return 0
  const mode = flagsArg(p.writeMode, 'mapPolicy.writeMode')
  const fromMode =
    mode === MAP_UPDATE_ONLY
      ? MAP_WRITE_FLAGS_UPDATE_ONLY
      : mode === MAP_CREATE_ONLY
        ? MAP_WRITE_FLAGS_CREATE_ONLY
        : 0
  return flagsArg(p.writeFlags, 'mapPolicy.writeFlags') | fromMode
}

function mapWriteFlags(o: CdtOperation): number {
  return mapPolicyFlags(o.mapPolicy)
}

/** `[order]` or `[order, flags]` of a map put (flags sent only when set). */
function mapPutPolicy(o: CdtOperation): Packable[] {
  const flags = mapWriteFlags(o)
  return flags ? [mapOrder(o), flags] : [mapOrder(o)]
}

function orderWithPersist(o: CdtOperation): number {
  const order = flagsArg(o.val, 'order')
  return o.persistIndex && !o.ctx?.length ? order | CDT_PERSIST_INDEX : order
}

const rt = (o: CdtOperation) => integer(o, 'returnType')
const idx = (o: CdtOperation) => integer(o, 'index')
const rank = (o: CdtOperation) => integer(o, 'rank')

const read = (code: number, args: WireShape['args']): WireShape => ({ code, modify: false, args })
const modify = (code: number, args: WireShape['args']): WireShape => ({ code, modify: true, args })

const L = ListOpCode
const M = MapOpCode

/** Op code -> wire shape, for every list and map op. */
const SHAPES: ReadonlyMap<number, WireShape> = new Map<number, WireShape>([
  [L.APPEND, modify(1, (o) => [value(o, 'val'), ...listOrderFlags(o)])],
  [L.APPEND_ITEMS, modify(2, (o) => [list(o), ...listOrderFlags(o)])],
  [L.INSERT, modify(3, (o) => [idx(o), value(o, 'val'), ...listFlags(o)])],
  [L.INSERT_ITEMS, modify(4, (o) => [idx(o), list(o), ...listFlags(o)])],
  [L.POP, modify(5, (o) => [idx(o)])],
  [L.POP_RANGE, modify(6, (o) => [idx(o), ...count(o)])],
  [L.REMOVE, modify(7, (o) => [idx(o)])],
  [L.REMOVE_RANGE, modify(8, (o) => [idx(o), ...count(o)])],
  [L.SET, modify(9, (o) => [idx(o), value(o, 'val'), ...listFlags(o)])],
  [L.TRIM, modify(10, (o) => [idx(o), countArg(o)])],
  [L.CLEAR, modify(11, () => [])],
  [L.INCREMENT, modify(12, (o) => [idx(o), value(o, 'val'), ...listOrderFlags(o)])],
  [L.SORT, modify(13, (o) => [flagsArg(o.val, 'sortFlags')])],
  [L.SET_ORDER, modify(0, (o) => [flagsArg(o.val, 'listOrder')])],
  [
    L.CREATE,
    {
      code: 0,
      modify: true,
      args: (o) => [orderWithPersist(o)],
      createFlag: (o) => listCreateFlag(flagsArg(o.val, 'order'), o.pad === true),
    },
  ],
  [L.SIZE, read(16, () => [])],
  [L.GET, read(17, (o) => [idx(o)])],
  [L.GET_RANGE, read(18, (o) => [idx(o), ...count(o)])],
  [L.GET_BY_INDEX, read(19, (o) => [rt(o), idx(o)])],
  [L.GET_BY_RANK, read(21, (o) => [rt(o), rank(o)])],
  [L.GET_BY_VALUE, read(22, (o) => [rt(o), value(o, 'val')])],
  [L.GET_BY_VALUE_LIST, read(23, (o) => [rt(o), list(o)])],
  [L.GET_BY_INDEX_RANGE, read(24, (o) => [rt(o), idx(o), ...count(o)])],
  [L.GET_BY_VALUE_RANGE, read(25, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [L.GET_BY_RANK_RANGE, read(26, (o) => [rt(o), rank(o), ...count(o)])],
  [L.GET_BY_VALUE_REL_RANK_RANGE, read(27, (o) => [rt(o), value(o, 'val'), rank(o), ...count(o)])],
  [L.REMOVE_BY_INDEX, modify(32, (o) => [rt(o), idx(o)])],
  [L.REMOVE_BY_RANK, modify(34, (o) => [rt(o), rank(o)])],
  [L.REMOVE_BY_VALUE, modify(35, (o) => [rt(o), value(o, 'val')])],
  [L.REMOVE_BY_VALUE_LIST, modify(36, (o) => [rt(o), list(o)])],
  [L.REMOVE_BY_INDEX_RANGE, modify(37, (o) => [rt(o), idx(o), ...count(o)])],
  [L.REMOVE_BY_VALUE_RANGE, modify(38, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [L.REMOVE_BY_RANK_RANGE, modify(39, (o) => [rt(o), rank(o), ...count(o)])],
  [L.REMOVE_BY_VALUE_REL_RANK_RANGE, modify(40, (o) => [rt(o), value(o, 'val'), rank(o), ...count(o)])],

  [M.SET_ORDER, modify(64, (o) => [flagsArg(o.val, 'mapOrder')])],
  [
    M.CREATE,
    {
      code: 64,
      modify: true,
      args: (o) => [orderWithPersist(o)],
      createFlag: (o) => mapCreateFlag(flagsArg(o.val, 'mapOrder')),
    },
  ],
  [M.PUT, modify(67, (o) => [value(o, 'mapKey'), value(o, 'val'), ...mapPutPolicy(o)])],
  [M.PUT_ITEMS, modify(68, (o) => [value(o, 'val'), ...mapPutPolicy(o)])],
  [M.INCREMENT, modify(73, (o) => [value(o, 'mapKey'), value(o, 'val'), mapOrder(o)])],
  [M.DECREMENT, modify(74, (o) => [value(o, 'mapKey'), value(o, 'val'), mapOrder(o)])],
  [M.CLEAR, modify(75, () => [])],
  [M.REMOVE_BY_KEY, modify(76, (o) => [rt(o), value(o, 'mapKey')])],
  [M.REMOVE_BY_INDEX, modify(77, (o) => [rt(o), idx(o)])],
  [M.REMOVE_BY_RANK, modify(79, (o) => [rt(o), rank(o)])],
  [M.REMOVE_BY_KEY_LIST, modify(81, (o) => [rt(o), list(o)])],
  [M.REMOVE_BY_VALUE, modify(82, (o) => [rt(o), value(o, 'val')])],
  [M.REMOVE_BY_VALUE_LIST, modify(83, (o) => [rt(o), list(o)])],
  [M.REMOVE_BY_KEY_RANGE, modify(84, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [M.REMOVE_BY_INDEX_RANGE, modify(85, (o) => [rt(o), idx(o), ...count(o)])],
  [M.REMOVE_BY_VALUE_RANGE, modify(86, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [M.REMOVE_BY_RANK_RANGE, modify(87, (o) => [rt(o), rank(o), ...count(o)])],
  [M.REMOVE_BY_KEY_REL_INDEX_RANGE, modify(88, (o) => [rt(o), value(o, 'mapKey'), idx(o), ...count(o)])],
  [M.REMOVE_BY_VALUE_REL_RANK_RANGE, modify(89, (o) => [rt(o), value(o, 'val'), rank(o), ...count(o)])],
  [M.SIZE, read(96, () => [])],
  [M.GET_BY_KEY, read(97, (o) => [rt(o), value(o, 'mapKey')])],
  [M.GET_BY_INDEX, read(98, (o) => [rt(o), idx(o)])],
  [M.GET_BY_RANK, read(100, (o) => [rt(o), rank(o)])],
  [M.GET_BY_VALUE, read(102, (o) => [rt(o), value(o, 'val')])],
  [M.GET_BY_KEY_RANGE, read(103, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [M.GET_BY_INDEX_RANGE, read(104, (o) => [rt(o), idx(o), ...count(o)])],
  [M.GET_BY_VALUE_RANGE, read(105, (o) => [rt(o), value(o, 'val'), ...end(o)])],
  [M.GET_BY_RANK_RANGE, read(106, (o) => [rt(o), rank(o), ...count(o)])],
  [M.GET_BY_KEY_LIST, read(107, (o) => [rt(o), list(o)])],
  [M.GET_BY_VALUE_LIST, read(108, (o) => [rt(o), list(o)])],
  [M.GET_BY_KEY_REL_INDEX_RANGE, read(109, (o) => [rt(o), value(o, 'mapKey'), idx(o), ...count(o)])],
  [M.GET_BY_VALUE_REL_RANK_RANGE, read(110, (o) => [rt(o), value(o, 'val'), rank(o), ...count(o)])],
  [PathOpCode.SELECT, read(CDT_PATH_SELECT, () => [])],
  [PathOpCode.MODIFY, modify(CDT_PATH_SELECT, () => [])],
])

/** `[0xfe, ctx, flags]` (select) or `[0xfe, ctx, flags | APPLY, modExp]` (modify): the context is the path. */
function pathPayload(o: CdtOperation): Buffer {
  checkContext(o.ctx)
  if (!o.ctx || o.ctx.length === 0) throw new EncodeError('a path op needs a context')
  const flags = flagsArg(o.val, 'flags')
  if (o.op === PathOpCode.SELECT) return packToBuffer([CDT_PATH_SELECT, contextPairs(o.ctx), flags])
  if (!o.modExp) throw new EncodeError('modifyByPath needs its expression')
  return packToBuffer([
    CDT_PATH_SELECT,
    contextPairs(o.ctx),
    flags | CdtSelectFlag.APPLY,
    new RawMsgpack(o.modExp.bytes),
  ])
}

/** The msgpack payload of a list/map op: `[code, args...]`, or `[0xff, ctx, [code, args...]]` with a context. */
export function cdtPayload(o: CdtOperation): Buffer {
  if (o.op === PathOpCode.SELECT || o.op === PathOpCode.MODIFY) return pathPayload(o)
  const shape = SHAPES.get(o.op)
  if (!shape) throw new EncodeError(`unknown list/map op code ${o.op}`)
  checkContext(o.ctx)
  const inner: Packable[] = [shape.code, ...shape.args(o)]
  const ctx: readonly CdtContext[] | undefined = o.ctx
  if (!ctx || ctx.length === 0) return packToBuffer(inner)
  let steps = ctx
  if (shape.createFlag) {
    const last = ctx[ctx.length - 1]!
    steps = [...ctx.slice(0, -1), { type: last.type | shape.createFlag(o), value: last.value }]
  }
  return packToBuffer([CDT_CONTEXT_EVAL, contextPairs(steps), inner])
}

/**
 * Encodes a list/map op object as the client's wire op: CDT_READ (3) for
 * reads, CDT_MODIFY (4) for writes, a BLOB particle holding the msgpack
 * payload, and RESPOND_ALL_OPS so every op of the operate answers in order.
 * Throws InvalidArgError for a malformed op (bad bin name, missing or
 * non-integer arguments, a malformed context).
 */
export function encodeCdtOperation(o: Operation): WireOp {
  const binLength = checkedBinLength(o.bin, 'a list/map operation')
  const shape = SHAPES.get(o.op)
  if (!shape) throw invalidArg(`unknown list/map op code ${String(o.op)}`)
  let payload: Buffer
  try {
    payload = cdtPayload(o as CdtOperation)
  } catch (err) {
    if (err instanceof EncodeError) throw invalidArg(`bin '${o.bin}': ${err.message}`)
    throw err
  }
  const opType = shape.modify ? OpType.CDT_MODIFY : OpType.CDT_READ
  return msgpackBlobOp(opType, shape.modify, o.bin!, binLength, payload)
}

/** Every list and map op code with its encoder, for the client's op table. */
export const CDT_OPERATIONS: ReadonlyArray<readonly [number, OpEncoder]> = [...SHAPES.keys()].map(
  (code) => [code, encodeCdtOperation] as const,
)
