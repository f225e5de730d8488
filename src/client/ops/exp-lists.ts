/**
 * List expressions (`exp.lists`): every list read op as a value inside a
 * filter or expression op, and the modify ops, which return the modified
 * list without writing the bin. `bin` is a list expression (`exp.listBin`,
 * `exp.listVal`, another list expression); values are expressions; indexes,
 * ranks and counts are integer expressions or plain integers.
 */
import { ListOp as Op } from '../../protocol/cdt-codes.js'
import { ExpType } from '../../protocol/exp-codes.js'
import type { Expression, WireNode } from '../exp/expression.js'
import type { CdtContext } from './cdt-context.js'
import type { ListPolicy } from './cdt-operation.js'
import { cdtCall, countArgs, expArg, flagsArg, intArg, modifyType, RETURN_NONE, readType } from './exp-cdt.js'

const LIST = ExpType.LIST

function read(
  what: string,
  rtype: ReturnType<typeof readType>,
  op: number,
  args: WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return cdtCall(`lists.${what}`, LIST, rtype, false, op, args, bin, ctx)
}

function modify(
  what: string,
  op: number,
  args: WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return cdtCall(`lists.${what}`, LIST, modifyType(LIST, ctx), true, op, args, bin, ctx)
}

/** `[order, flags]` of a list policy (append, appendItems, increment), when one is given. */
function orderFlags(policy: ListPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [
    flagsArg(policy.order ?? 0, `lists.${what}: policy.order`),
    flagsArg(policy.flags ?? 0, `lists.${what}: policy.flags`),
  ]
}

/** `[flags]` of a list policy (insert, insertItems, set), when one is given. */
function writeFlags(policy: ListPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.flags ?? 0, `lists.${what}: policy.flags`)]
}

const rt = (returnType: number): number => returnType

// --- reads ---

/** The number of elements (integer). */
export function size(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return read('size', ExpType.INT, Op.SIZE, [], bin, ctx)
}

/** Every element equal to `value`. */
export function getByValue(
  bin: Expression,
  value: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('lists.getByValue', false, returnType, true)
  return read(
    'getByValue',
    t,
    Op.GET_ALL_BY_VALUE,
    [rt(returnType), expArg(value, 'lists.getByValue: value')],
    bin,
    ctx,
  )
}

/** The elements in `[begin, end)`; `exp.infinity()` as `end`: no upper bound. */
export function getByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('lists.getByValueRange', false, returnType, true)
  const args = [
    rt(returnType),
    expArg(begin, 'lists.getByValueRange: begin'),
    expArg(end, 'lists.getByValueRange: end'),
  ]
  return read('getByValueRange', t, Op.GET_BY_VALUE_INTERVAL, args, bin, ctx)
}

/** Every element equal to one of `values` (a list expression). */
export function getByValueList(
  bin: Expression,
  values: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('lists.getByValueList', false, returnType, true)
  const args = [rt(returnType), expArg(values, 'lists.getByValueList: values', LIST)]
  return read('getByValueList', t, Op.GET_ALL_BY_VALUE_LIST, args, bin, ctx)
}

/** `count` elements (no count: to the largest) from rank `rank` relative to where `value` ranks. */
export function getByValueRelRankRange(
  bin: Expression,
  value: Expression,
  rank: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByValueRelRankRange'
  const t = readType(w, false, returnType, true)
  const args = [
    rt(returnType),
    expArg(value, `${w}: value`),
    intArg(rank, `${w}: rank`),
    ...countArgs(count, `${w}: count`),
  ]
  return read('getByValueRelRankRange', t, Op.GET_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** The element at `index`; `valueType` (EXP_TYPE_*) is the type of the element for a VALUE return. */
export function getByIndex(
  bin: Expression,
  index: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('lists.getByIndex', false, returnType, false, valueType)
  return read(
    'getByIndex',
    t,
    Op.GET_BY_INDEX,
    [rt(returnType), intArg(index, 'lists.getByIndex: index')],
    bin,
    ctx,
  )
}

/** `count` elements from `index` (no count: to the end). */
export function getByIndexRange(
  bin: Expression,
  index: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByIndexRange'
  const t = readType(w, false, returnType, true)
  const args = [rt(returnType), intArg(index, `${w}: index`), ...countArgs(count, `${w}: count`)]
  return read('getByIndexRange', t, Op.GET_BY_INDEX_RANGE, args, bin, ctx)
}

/** The element of rank `rank` (0 = smallest); `valueType` as for getByIndex. */
export function getByRank(
  bin: Expression,
  rank: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('lists.getByRank', false, returnType, false, valueType)
  return read(
    'getByRank',
    t,
    Op.GET_BY_RANK,
    [rt(returnType), intArg(rank, 'lists.getByRank: rank')],
    bin,
    ctx,
  )
}

/** `count` elements from rank `rank` (no count: to the largest). */
export function getByRankRange(
  bin: Expression,
  rank: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByRankRange'
  const t = readType(w, false, returnType, true)
  const args = [rt(returnType), intArg(rank, `${w}: rank`), ...countArgs(count, `${w}: count`)]
  return read('getByRankRange', t, Op.GET_BY_RANK_RANGE, args, bin, ctx)
}

// --- modifies (return the modified list) ---

/** Appends `value`. */
export function append(
  bin: Expression,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  return modify(
    'append',
    Op.APPEND,
    [expArg(value, 'lists.append: value'), ...orderFlags(policy, 'append')],
    bin,
    ctx,
  )
}

/** Appends every element of `values` (a list expression). */
export function appendItems(
  bin: Expression,
  values: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [expArg(values, 'lists.appendItems: values', LIST), ...orderFlags(policy, 'appendItems')]
  return modify('appendItems', Op.APPEND_ITEMS, args, bin, ctx)
}

/** Inserts `value` at `index`. */
export function insert(
  bin: Expression,
  index: Expression | number,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [
    intArg(index, 'lists.insert: index'),
    expArg(value, 'lists.insert: value'),
    ...writeFlags(policy, 'insert'),
  ]
  return modify('insert', Op.INSERT, args, bin, ctx)
}

/** Inserts every element of `values` at `index`. */
export function insertItems(
  bin: Expression,
  index: Expression | number,
  values: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.insertItems'
  const args = [
    intArg(index, `${w}: index`),
    expArg(values, `${w}: values`, LIST),
    ...writeFlags(policy, 'insertItems'),
  ]
  return modify('insertItems', Op.INSERT_ITEMS, args, bin, ctx)
}

/** Adds `value` to the number at `index`. */
export function increment(
  bin: Expression,
  index: Expression | number,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.increment'
  const args = [
    intArg(index, `${w}: index`),
    expArg(value, `${w}: value`),
    ...orderFlags(policy, 'increment'),
  ]
  return modify('increment', Op.INCREMENT, args, bin, ctx)
}

/** Sets the element at `index` to `value`. */
export function set(
  bin: Expression,
  index: Expression | number,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [
    intArg(index, 'lists.set: index'),
    expArg(value, 'lists.set: value'),
    ...writeFlags(policy, 'set'),
  ]
  return modify('set', Op.SET, args, bin, ctx)
}

/** Removes every element. */
export function clear(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return modify('clear', Op.CLEAR, [], bin, ctx)
}

/** Sorts the list (LIST_SORT_* flags). */
export function sort(bin: Expression, sortFlags = 0, ctx?: readonly CdtContext[]): Expression {
  return modify('sort', Op.SORT, [flagsArg(sortFlags, 'lists.sort: sortFlags')], bin, ctx)
}

/** Removes every element equal to `value`. */
export function removeByValue(bin: Expression, value: Expression, ctx?: readonly CdtContext[]): Expression {
  return modify(
    'removeByValue',
    Op.REMOVE_ALL_BY_VALUE,
    [RETURN_NONE, expArg(value, 'lists.removeByValue: value')],
    bin,
    ctx,
  )
}

/** Removes every element equal to one of `values`. */
export function removeByValueList(
  bin: Expression,
  values: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [RETURN_NONE, expArg(values, 'lists.removeByValueList: values', LIST)]
  return modify('removeByValueList', Op.REMOVE_ALL_BY_VALUE_LIST, args, bin, ctx)
}

/** Removes the elements in `[begin, end)`. */
export function removeByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByValueRange'
  const args = [RETURN_NONE, expArg(begin, `${w}: begin`), expArg(end, `${w}: end`)]
  return modify('removeByValueRange', Op.REMOVE_BY_VALUE_INTERVAL, args, bin, ctx)
}

/** Removes `count` elements (no count: to the largest) from rank `rank` relative to `value`. */
export function removeByValueRelRankRange(
  bin: Expression,
  value: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByValueRelRankRange'
  const args = [
    RETURN_NONE,
    expArg(value, `${w}: value`),
    intArg(rank, `${w}: rank`),
    ...countArgs(count, `${w}: count`),
  ]
  return modify('removeByValueRelRankRange', Op.REMOVE_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** Removes the element at `index`. */
export function removeByIndex(
  bin: Expression,
  index: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  return modify(
    'removeByIndex',
    Op.REMOVE_BY_INDEX,
    [RETURN_NONE, intArg(index, 'lists.removeByIndex: index')],
    bin,
    ctx,
  )
}

/** Removes `count` elements from `index` (no count: to the end). */
export function removeByIndexRange(
  bin: Expression,
  index: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByIndexRange'
  const args = [RETURN_NONE, intArg(index, `${w}: index`), ...countArgs(count, `${w}: count`)]
  return modify('removeByIndexRange', Op.REMOVE_BY_INDEX_RANGE, args, bin, ctx)
}

/** Removes the element of rank `rank`. */
export function removeByRank(
  bin: Expression,
  rank: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  return modify(
    'removeByRank',
    Op.REMOVE_BY_RANK,
    [RETURN_NONE, intArg(rank, 'lists.removeByRank: rank')],
    bin,
    ctx,
  )
}

/** Removes `count` elements from rank `rank` (no count: to the largest). */
export function removeByRankRange(
  bin: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByRankRange'
  const args = [RETURN_NONE, intArg(rank, `${w}: rank`), ...countArgs(count, `${w}: count`)]
  return modify('removeByRankRange', Op.REMOVE_BY_RANK_RANGE, args, bin, ctx)
}
