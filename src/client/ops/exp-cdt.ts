/** Shared machinery of the list/map expression builders: the CALL instruction, argument checks, result types. */
import {
  CDT_CONTEXT_EVAL,
  CDT_RETURN_INVERTED,
  CdtContextKind,
  CdtReturnType,
} from '../../protocol/cdt-codes.js'
import { EncodeError } from '../../protocol/codec-errors.js'
import { ExpCallSystem, ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { packToBuffer, RawMsgpack } from '../../protocol/msgpack.js'
import { invalidArg } from '../errors.js'
import {
  ANY_TYPE,
  Expression,
  requireExpression,
  requireType,
  typeName,
  type WireNode,
} from '../exp/expression.js'
import { type CdtContext, checkContext, contextPairs } from './cdt-context.js'

/** The msgpack of a context, as one pre-encoded argument. */
export function contextWire(ctx: readonly CdtContext[], what: string): RawMsgpack {
  try {
    checkContext(ctx)
    return new RawMsgpack(packToBuffer(contextPairs(ctx)))
  } catch (e) {
    if (e instanceof EncodeError) throw invalidArg(`${what}: ${e.message}`)
    throw e
  }
}

/** The collection type the bin expression must have: the kind of the first context step, else `kind`. */
function topType(kind: ExpTypeId, ctx: readonly CdtContext[] | undefined): ExpTypeId {
  const first = ctx?.[0]
  if (first === undefined) return kind
  if (first.type & CdtContextKind.MAP) return ExpType.MAP
  if (first.type & CdtContextKind.LIST) return ExpType.LIST
  return kind
}

/** Checks the bin argument: an expression of type `kind` (or either collection type when `kind` is undefined). */
function checkBin(bin: unknown, kind: ExpTypeId | undefined, what: string): Expression {
  const e = requireExpression(bin, `${what}: bin`)
  if (kind !== undefined) requireType(e, kind, `${what}: bin`)
  else if (!mayBe(e, ExpType.LIST) && !mayBe(e, ExpType.MAP))
    throw invalidArg(`${what}: bin must be a list or map expression, got ${typeName(e.valueType)}`)
  return e
}

/** A CALL instruction of the CDT system: `[127, rtype, system, payload, bin]`. */
export function callWire(
  what: string,
  binType: ExpTypeId | undefined,
  rtype: ExpTypeId,
  modify: boolean,
  payload: WireNode,
  bin: unknown,
): Expression {
  const b = checkBin(bin, binType, what)
  const system = modify ? ExpCallSystem.CDT | ExpCallSystem.MODIFY_LOCAL : ExpCallSystem.CDT
  return Expression.fromWire([ExpOp.CALL, rtype, system, payload, b], rtype)
}

/** A CALL of a list/map op on `bin`, context-wrapped when `ctx` has steps. */
export function cdtCall(
  what: string,
  kind: ExpTypeId,
  rtype: ExpTypeId,
  modify: boolean,
  op: number,
  args: readonly WireNode[],
  bin: unknown,
  ctx?: readonly CdtContext[],
): Expression {
  if (ctx !== undefined && !Array.isArray(ctx))
    throw invalidArg(`${what}: ctx must be an array of cdtCtx steps`)
  const inner: WireNode[] = [op, ...args]
  const payload: WireNode = ctx && ctx.length > 0 ? [CDT_CONTEXT_EVAL, contextWire(ctx, what), inner] : inner
  return callWire(what, topType(kind, ctx), rtype, modify, payload, bin)
}

/** A read op selecting several elements of a `kind` collection: `[op, returnType, ...args]`, typed by the return type. */
export function readMany(
  what: string,
  kind: ExpTypeId,
  op: number,
  returnType: number,
  args: readonly WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const rtype = readType(what, kind === ExpType.MAP, returnType, true)
  return cdtCall(what, kind, rtype, false, op, [returnType, ...args], bin, ctx)
}

/** A read op selecting one element: as readMany, with `valueType` the element's type for a VALUE (or KEY) return. */
export function readOne(
  what: string,
  kind: ExpTypeId,
  op: number,
  returnType: number,
  valueType: number,
  args: readonly WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const rtype = readType(what, kind === ExpType.MAP, returnType, false, valueType)
  return cdtCall(what, kind, rtype, false, op, [returnType, ...args], bin, ctx)
}

/** A modify op `[op, ...args]`: the expression returns the modified (top-level) collection. */
export function modifyCall(
  what: string,
  kind: ExpTypeId,
  op: number,
  args: readonly WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return cdtCall(what, kind, topType(kind, ctx), true, op, args, bin, ctx)
}

/** A remove op `[op, NONE, ...args]`: the expression returns the collection without the removed elements. */
export function removeCall(
  what: string,
  kind: ExpTypeId,
  op: number,
  args: readonly WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return modifyCall(what, kind, op, [CdtReturnType.NONE, ...args], bin, ctx)
}

/** An expression argument (any type, or of type `want`). */
export function expArg(v: unknown, what: string, want?: ExpTypeId): Expression {
  const e = requireExpression(v, what)
  if (want !== undefined) requireType(e, want, what)
  return e
}

/** An integer argument: an integer expression, or a safe integer / bigint sent as a literal. */
export function intArg(v: unknown, what: string): WireNode {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw invalidArg(`${what} must be an integer, got ${v}`)
    return v
  }
  return expArg(v, what, ExpType.INT)
}

/** A flags argument: a non-negative integer. */
export function flagsArg(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
  throw invalidArg(`${what} must be a non-negative integer, got ${String(v)}`)
}

/** An optional trailing count: left out means "to the end". */
function countArgs(count: unknown, what: string): WireNode[] {
  return count === undefined ? [] : [intArg(count, what)]
}

/** The `[begin, end)` arguments of an interval op (values or keys); `exp.infinity()` as `end`: no upper bound. */
export function intervalArgs(what: string, begin: unknown, end: unknown): WireNode[] {
  return [expArg(begin, `${what}: begin`), expArg(end, `${what}: end`)]
}

/** The arguments of an index or rank range: its start (`startName`: index or rank) and an optional count. */
export function rangeArgs(what: string, startName: string, start: unknown, count: unknown): WireNode[] {
  return [intArg(start, `${what}: ${startName}`), ...countArgs(count, `${what}: count`)]
}

/**
 * The arguments of a relative range: the anchor (`anchorName`: value or
 * key), the offset from where it sits (`offsetName`: rank or index) and an
 * optional count.
 */
export function relativeRangeArgs(
  what: string,
  anchorName: string,
  anchor: unknown,
  offsetName: string,
  offset: unknown,
  count: unknown,
): WireNode[] {
  return [expArg(anchor, `${what}: ${anchorName}`), ...rangeArgs(what, offsetName, offset, count)]
}

/**
 * What each return type gives: `several` when the op selects several
 * elements, `one` for a single-element op (ELEMENT: the element's own
 * type, `valueType`); `mapOnly` for the types lists do not have.
 */
interface ReturnShape {
  readonly several: ExpTypeId
  readonly one: ExpTypeId | typeof ELEMENT
  readonly mapOnly?: boolean
}

/** The single element's own type: the `valueType` argument. */
const ELEMENT = -1

const INDEXES: ReturnShape = { several: ExpType.LIST, one: ExpType.INT }
const MAPS: ReturnShape = { several: ExpType.MAP, one: ExpType.MAP, mapOnly: true }

const R = CdtReturnType

/** Return type (shared by lists and maps) -> what it gives. */
const RETURN_SHAPES: ReadonlyMap<number, ReturnShape> = new Map([
  [R.INDEX, INDEXES],
  [R.REVERSE_INDEX, INDEXES],
  [R.RANK, INDEXES],
  [R.REVERSE_RANK, INDEXES],
  [R.COUNT, { several: ExpType.INT, one: ExpType.INT }],
  [R.KEY, { several: ExpType.LIST, one: ELEMENT, mapOnly: true }],
  [R.VALUE, { several: ExpType.LIST, one: ELEMENT }],
  [R.KEY_VALUE, MAPS],
  [R.EXISTS, { several: ExpType.BOOL, one: ExpType.BOOL }],
  [R.UNORDERED_MAP, MAPS],
  [R.ORDERED_MAP, MAPS],
])

const VALUE_TYPES = new Set<number>(Object.values(ExpType))

/**
 * The value type of a read expression, from its return type: lists of
 * indexes, ranks, keys or values for ops that select several elements,
 * integers, booleans, maps, or `valueType` for the value (or key) of one
 * element. A `valueType` that contradicts the return type is refused.
 */
function readType(
  what: string,
  map: boolean,
  returnType: unknown,
  multi: boolean,
  valueType?: unknown,
): ExpTypeId {
  const rt = flagsArg(returnType, `${what}: returnType`)
  const shape = RETURN_SHAPES.get(rt & ~CDT_RETURN_INVERTED)
  if (!shape || (shape.mapOnly && !map)) throw invalidArg(`${what}: return type ${rt} gives no value`)
  const gives = multi ? shape.several : shape.one
  if (valueType === undefined) {
    if (gives === ELEMENT) throw invalidArg(`${what}: valueType is required for this return type`)
    return gives
  }
  if (typeof valueType !== 'number' || !VALUE_TYPES.has(valueType))
    throw invalidArg(`${what}: valueType must be one of the EXP_TYPE_* constants, got ${String(valueType)}`)
  const vt = valueType as ExpTypeId
  if (gives !== ELEMENT && vt !== gives)
    throw invalidArg(`${what}: this return type gives a ${typeName(gives)}, not a ${typeName(vt)}`)
  return vt
}

/** True when `e` may be of type `t`. */
export function mayBe(e: Expression, t: ExpTypeId): boolean {
  return e.valueType === ANY_TYPE || e.valueType === t
}
