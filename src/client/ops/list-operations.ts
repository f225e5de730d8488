/** List operation builders (aerospike-py's `list_operations` in camelCase), each returning a plain op object. */
import type { AerospikeValue } from '../../protocol/values.js'
import type { CdtContext } from './cdt-context.js'
import { buildOp, type CdtOperation, ListOpCode, type ListPolicy } from './cdt-operation.js'

/** Appends `val`; returns the new size. An ordered list puts it in sort position. */
export function listAppend(
  bin: string,
  val: AerospikeValue,
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.APPEND, bin, { val, listPolicy: policy, ctx })
}

/** Appends every item of `values`; returns the new size. */
export function listAppendItems(
  bin: string,
  values: AerospikeValue[],
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.APPEND_ITEMS, bin, { val: values, listPolicy: policy, ctx })
}

/** Inserts `val` at `index` (past the end: padded with nils); returns the new size. */
export function listInsert(
  bin: string,
  index: number,
  val: AerospikeValue,
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.INSERT, bin, { index, val, listPolicy: policy, ctx })
}

/** Inserts every item of `values` at `index`; returns the new size. */
export function listInsertItems(
  bin: string,
  index: number,
  values: AerospikeValue[],
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.INSERT_ITEMS, bin, { index, val: values, listPolicy: policy, ctx })
}

/** Removes and returns the element at `index`. */
export function listPop(bin: string, index: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.POP, bin, { index, ctx })
}

/** Removes and returns `count` elements from `index` (no count: to the end). */
export function listPopRange(bin: string, index: number, count?: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.POP_RANGE, bin, { index, count, ctx })
}

/** Removes the element at `index`; returns 1. */
export function listRemove(bin: string, index: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.REMOVE, bin, { index, ctx })
}

/** Removes `count` elements from `index` (no count: to the end); returns how many. */
export function listRemoveRange(
  bin: string,
  index: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_RANGE, bin, { index, count, ctx })
}

/** Sets the element at `index` (past the end: padded with nils). Unordered lists only. */
export function listSet(
  bin: string,
  index: number,
  val: AerospikeValue,
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.SET, bin, { index, val, listPolicy: policy, ctx })
}

/** Keeps only `count` elements from `index`; returns how many were removed. */
export function listTrim(bin: string, index: number, count: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.TRIM, bin, { index, count, ctx })
}

/** Removes every element (the bin stays, as an empty list). */
export function listClear(bin: string, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.CLEAR, bin, { ctx })
}

/** Returns the number of elements. */
export function listSize(bin: string, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.SIZE, bin, { ctx })
}

/** Returns the element at `index`. */
export function listGet(bin: string, index: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.GET, bin, { index, ctx })
}

/** Returns `count` elements from `index` (no count: to the end). */
export function listGetRange(bin: string, index: number, count?: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.GET_RANGE, bin, { index, count, ctx })
}

/** Selects every element equal to `val`. */
export function listGetByValue(
  bin: string,
  val: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_VALUE, bin, { val, returnType, ctx })
}

/** Selects the element at `index`. */
export function listGetByIndex(
  bin: string,
  index: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_INDEX, bin, { index, returnType, ctx })
}

/** Selects `count` elements from `index` (no count: to the end). */
export function listGetByIndexRange(
  bin: string,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_INDEX_RANGE, bin, { index, returnType, count, ctx })
}

/** Selects the element of rank `rank` (0 = smallest). */
export function listGetByRank(
  bin: string,
  rank: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_RANK, bin, { rank, returnType, ctx })
}

/** Selects `count` elements from rank `rank` (no count: to the largest). */
export function listGetByRankRange(
  bin: string,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_RANK_RANGE, bin, { rank, returnType, count, ctx })
}

/** Selects every element equal to one of `values`. */
export function listGetByValueList(
  bin: string,
  values: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_VALUE_LIST, bin, { val: values, returnType, ctx })
}

/** Selects the elements in `[begin, end)` (end null: no upper bound). */
export function listGetByValueRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_VALUE_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Selects `count` elements from rank `rank` relative to where `val` ranks (no count: to the largest). */
export function listGetByValueRelRankRange(
  bin: string,
  val: AerospikeValue,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.GET_BY_VALUE_REL_RANK_RANGE, bin, { val, rank, returnType, count, ctx })
}

/** Removes every element equal to `val`. */
export function listRemoveByValue(
  bin: string,
  val: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_VALUE, bin, { val, returnType, ctx })
}

/** Removes every element equal to one of `values`. */
export function listRemoveByValueList(
  bin: string,
  values: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_VALUE_LIST, bin, { val: values, returnType, ctx })
}

/** Removes the elements in `[begin, end)` (end null: no upper bound). */
export function listRemoveByValueRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_VALUE_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Removes `count` elements from rank `rank` relative to where `val` ranks (no count: to the largest). */
export function listRemoveByValueRelRankRange(
  bin: string,
  val: AerospikeValue,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, { val, rank, returnType, count, ctx })
}

/** Removes the element at `index`. */
export function listRemoveByIndex(
  bin: string,
  index: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_INDEX, bin, { index, returnType, ctx })
}

/** Removes `count` elements from `index` (no count: to the end). */
export function listRemoveByIndexRange(
  bin: string,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_INDEX_RANGE, bin, { index, returnType, count, ctx })
}

/** Removes the element of rank `rank`. */
export function listRemoveByRank(
  bin: string,
  rank: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_RANK, bin, { rank, returnType, ctx })
}

/** Removes `count` elements from rank `rank` (no count: to the largest). */
export function listRemoveByRankRange(
  bin: string,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.REMOVE_BY_RANK_RANGE, bin, { rank, returnType, count, ctx })
}

/**
 * Adds `val` (an int or a float) to the element at `index` and returns the
 * new value (past the end: the element is created from 0).
 */
export function listIncrement(
  bin: string,
  index: number,
  val: AerospikeValue,
  policy?: ListPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.INCREMENT, bin, { index, val, listPolicy: policy, ctx })
}

/** Sorts the list (LIST_SORT_* flags). */
export function listSort(bin: string, sortFlags = 0, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.SORT, bin, { val: sortFlags, ctx })
}

/** Sets the list order (LIST_ORDERED sorts the list); creates an empty list on a missing bin. */
export function listSetOrder(bin: string, listOrder = 0, ctx?: CdtContext[]): CdtOperation {
  return buildOp(ListOpCode.SET_ORDER, bin, { val: listOrder, ctx })
}

/**
 * Creates a list with `order` where it is missing: at the bin, or at the
 * end of `ctx` (the last step gets the create flag; `pad` fills a list index
 * step with nils).
 */
export function listCreate(
  bin: string,
  order = 0,
  pad = false,
  persistIndex = false,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(ListOpCode.CREATE, bin, { val: order, pad, persistIndex, ctx })
}
