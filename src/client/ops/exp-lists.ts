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
import {
  cdtCall,
  expArg,
  flagsArg,
  intArg,
  intervalArgs,
  modifyCall,
  rangeArgs,
  readMany,
  readOne,
  relativeRangeArgs,
  removeCall,
} from './exp-cdt.js'

const LIST = ExpType.LIST

/** `[order, flags]` of a list policy (append, appendItems, increment), when one is given. */
function orderFlags(policy: ListPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [
    flagsArg(policy.order ?? 0, `${what}: policy.order`),
    flagsArg(policy.flags ?? 0, `${what}: policy.flags`),
  ]
}

/** `[flags]` of a list policy (insert, insertItems, set), when one is given. */
function writeFlags(policy: ListPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.flags ?? 0, `${what}: policy.flags`)]
}

// --- reads ---

/** The number of elements (integer). */
export function size(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return cdtCall('lists.size', LIST, ExpType.INT, false, Op.SIZE, [], bin, ctx)
}

/** Every element equal to `value`. */
export function getByValue(
  bin: Expression,
  value: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByValue'
  return readMany(w, LIST, Op.GET_ALL_BY_VALUE, returnType, [expArg(value, `${w}: value`)], bin, ctx)
}

/** The elements in `[begin, end)`; `exp.infinity()` as `end`: no upper bound. */
export function getByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByValueRange'
  return readMany(w, LIST, Op.GET_BY_VALUE_INTERVAL, returnType, intervalArgs(w, begin, end), bin, ctx)
}

/** Every element equal to one of `values` (a list expression). */
export function getByValueList(
  bin: Expression,
  values: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByValueList'
  return readMany(
    w,
    LIST,
    Op.GET_ALL_BY_VALUE_LIST,
    returnType,
    [expArg(values, `${w}: values`, LIST)],
    bin,
    ctx,
  )
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
  const args = relativeRangeArgs(w, 'value', value, 'rank', rank, count)
  return readMany(w, LIST, Op.GET_BY_VALUE_REL_RANK_RANGE, returnType, args, bin, ctx)
}

/** The element at `index`; `valueType` (EXP_TYPE_*) is the type of the element for a VALUE return. */
export function getByIndex(
  bin: Expression,
  index: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByIndex'
  return readOne(w, LIST, Op.GET_BY_INDEX, returnType, valueType, [intArg(index, `${w}: index`)], bin, ctx)
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
  return readMany(w, LIST, Op.GET_BY_INDEX_RANGE, returnType, rangeArgs(w, 'index', index, count), bin, ctx)
}

/** The element of rank `rank` (0 = smallest); `valueType` as for getByIndex. */
export function getByRank(
  bin: Expression,
  rank: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.getByRank'
  return readOne(w, LIST, Op.GET_BY_RANK, returnType, valueType, [intArg(rank, `${w}: rank`)], bin, ctx)
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
  return readMany(w, LIST, Op.GET_BY_RANK_RANGE, returnType, rangeArgs(w, 'rank', rank, count), bin, ctx)
}

// --- modifies (return the modified list) ---

/** Appends `value`. */
export function append(
  bin: Expression,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.append'
  const args = [expArg(value, `${w}: value`), ...orderFlags(policy, w)]
  return modifyCall(w, LIST, Op.APPEND, args, bin, ctx)
}

/** Appends every element of `values` (a list expression). */
export function appendItems(
  bin: Expression,
  values: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.appendItems'
  const args = [expArg(values, `${w}: values`, LIST), ...orderFlags(policy, w)]
  return modifyCall(w, LIST, Op.APPEND_ITEMS, args, bin, ctx)
}

/** Inserts `value` at `index`. */
export function insert(
  bin: Expression,
  index: Expression | number,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.insert'
  const args = [intArg(index, `${w}: index`), expArg(value, `${w}: value`), ...writeFlags(policy, w)]
  return modifyCall(w, LIST, Op.INSERT, args, bin, ctx)
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
  const args = [intArg(index, `${w}: index`), expArg(values, `${w}: values`, LIST), ...writeFlags(policy, w)]
  return modifyCall(w, LIST, Op.INSERT_ITEMS, args, bin, ctx)
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
  const args = [intArg(index, `${w}: index`), expArg(value, `${w}: value`), ...orderFlags(policy, w)]
  return modifyCall(w, LIST, Op.INCREMENT, args, bin, ctx)
}

/** Sets the element at `index` to `value`. */
export function set(
  bin: Expression,
  index: Expression | number,
  value: Expression,
  policy?: ListPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.set'
  const args = [intArg(index, `${w}: index`), expArg(value, `${w}: value`), ...writeFlags(policy, w)]
  return modifyCall(w, LIST, Op.SET, args, bin, ctx)
}

/** Removes every element. */
export function clear(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return modifyCall('lists.clear', LIST, Op.CLEAR, [], bin, ctx)
}

/** Sorts the list (LIST_SORT_* flags). */
export function sort(bin: Expression, sortFlags = 0, ctx?: readonly CdtContext[]): Expression {
  return modifyCall('lists.sort', LIST, Op.SORT, [flagsArg(sortFlags, 'lists.sort: sortFlags')], bin, ctx)
}

/** Removes every element equal to `value`. */
export function removeByValue(bin: Expression, value: Expression, ctx?: readonly CdtContext[]): Expression {
  const w = 'lists.removeByValue'
  return removeCall(w, LIST, Op.REMOVE_ALL_BY_VALUE, [expArg(value, `${w}: value`)], bin, ctx)
}

/** Removes every element equal to one of `values`. */
export function removeByValueList(
  bin: Expression,
  values: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByValueList'
  return removeCall(w, LIST, Op.REMOVE_ALL_BY_VALUE_LIST, [expArg(values, `${w}: values`, LIST)], bin, ctx)
}

/** Removes the elements in `[begin, end)`. */
export function removeByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByValueRange'
  return removeCall(w, LIST, Op.REMOVE_BY_VALUE_INTERVAL, intervalArgs(w, begin, end), bin, ctx)
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
  const args = relativeRangeArgs(w, 'value', value, 'rank', rank, count)
  return removeCall(w, LIST, Op.REMOVE_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** Removes the element at `index`. */
export function removeByIndex(
  bin: Expression,
  index: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByIndex'
  return removeCall(w, LIST, Op.REMOVE_BY_INDEX, [intArg(index, `${w}: index`)], bin, ctx)
}

/** Removes `count` elements from `index` (no count: to the end). */
export function removeByIndexRange(
  bin: Expression,
  index: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByIndexRange'
  return removeCall(w, LIST, Op.REMOVE_BY_INDEX_RANGE, rangeArgs(w, 'index', index, count), bin, ctx)
}

/** Removes the element of rank `rank`. */
export function removeByRank(
  bin: Expression,
  rank: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByRank'
  return removeCall(w, LIST, Op.REMOVE_BY_RANK, [intArg(rank, `${w}: rank`)], bin, ctx)
}

/** Removes `count` elements from rank `rank` (no count: to the largest). */
export function removeByRankRange(
  bin: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'lists.removeByRankRange'
  return removeCall(w, LIST, Op.REMOVE_BY_RANK_RANGE, rangeArgs(w, 'rank', rank, count), bin, ctx)
}
