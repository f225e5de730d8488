/** Map operation builders (aerospike-py's `map_operations` in camelCase), each returning a plain op object. */
import type { AerospikeValue } from '../../protocol/values.js'
import type { CdtContext } from './cdt-context.js'
import { buildOp, type CdtOperation, MapOpCode, type MapPolicy } from './cdt-operation.js'

/** Sets the map order (aerospike-py's set_order / the Node client's setPolicy); creates an empty map on a missing bin. */
export function mapSetOrder(bin: string, mapOrder: number, ctx?: CdtContext[]): CdtOperation {
  return buildOp(MapOpCode.SET_ORDER, bin, { val: mapOrder, ctx })
}

/**
 * Creates a map with `mapOrder` where it is missing: at the bin, or at the
 * end of `ctx` (the last step gets the create flag).
 */
export function mapCreate(
  bin: string,
  mapOrder: number,
  persistIndex = false,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.CREATE, bin, { val: mapOrder, persistIndex, ctx })
}

/** Puts `key` -> `val`; returns the new size. */
export function mapPut(
  bin: string,
  key: AerospikeValue,
  val: AerospikeValue,
  policy?: MapPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.PUT, bin, { mapKey: key, val, mapPolicy: policy, ctx })
}

/** Puts every entry of `items` (a plain object or a Map); returns the new size. */
export function mapPutItems(
  bin: string,
  items: AerospikeValue,
  policy?: MapPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.PUT_ITEMS, bin, { val: items, mapPolicy: policy, ctx })
}

/** Adds `incr` to the value of `key` (missing: from 0); returns the new value. */
export function mapIncrement(
  bin: string,
  key: AerospikeValue,
  incr: AerospikeValue,
  policy?: MapPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.INCREMENT, bin, { mapKey: key, val: incr, mapPolicy: policy, ctx })
}

/** Subtracts `decr` from the value of `key` (missing: from 0); returns the new value. */
export function mapDecrement(
  bin: string,
  key: AerospikeValue,
  decr: AerospikeValue,
  policy?: MapPolicy,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.DECREMENT, bin, { mapKey: key, val: decr, mapPolicy: policy, ctx })
}

/** Removes every entry (the bin stays, as an empty map). */
export function mapClear(bin: string, ctx?: CdtContext[]): CdtOperation {
  return buildOp(MapOpCode.CLEAR, bin, { ctx })
}

/** Returns the number of entries. */
export function mapSize(bin: string, ctx?: CdtContext[]): CdtOperation {
  return buildOp(MapOpCode.SIZE, bin, { ctx })
}

/** Removes the entry with `key`. */
export function mapRemoveByKey(
  bin: string,
  key: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_KEY, bin, { mapKey: key, returnType, ctx })
}

/** Removes the entries whose key is one of `keys`. */
export function mapRemoveByKeyList(
  bin: string,
  keys: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_KEY_LIST, bin, { val: keys, returnType, ctx })
}

/** Removes the entries with a key in `[begin, end)` (end null: no upper bound). */
export function mapRemoveByKeyRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_KEY_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Removes `count` entries from key index `index` relative to where `key` sorts (no count: to the end). */
export function mapRemoveByKeyRelIndexRange(
  bin: string,
  key: AerospikeValue,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_KEY_REL_INDEX_RANGE, bin, { mapKey: key, index, returnType, count, ctx })
}

/** Removes every entry whose value equals `val`. */
export function mapRemoveByValue(
  bin: string,
  val: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_VALUE, bin, { val, returnType, ctx })
}

/** Removes every entry whose value is one of `values`. */
export function mapRemoveByValueList(
  bin: string,
  values: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_VALUE_LIST, bin, { val: values, returnType, ctx })
}

/** Removes the entries with a value in `[begin, end)` (end null: no upper bound). */
export function mapRemoveByValueRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_VALUE_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Removes `count` entries from value rank `rank` relative to where `val` ranks (no count: to the largest). */
export function mapRemoveByValueRelRankRange(
  bin: string,
  val: AerospikeValue,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_VALUE_REL_RANK_RANGE, bin, { val, rank, returnType, count, ctx })
}

/** Removes the entry at key index `index`. */
export function mapRemoveByIndex(
  bin: string,
  index: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_INDEX, bin, { index, returnType, ctx })
}

/** Removes `count` entries from key index `index` (no count: to the end). */
export function mapRemoveByIndexRange(
  bin: string,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_INDEX_RANGE, bin, { index, returnType, count, ctx })
}

/** Removes the entry whose value has rank `rank`. */
export function mapRemoveByRank(
  bin: string,
  rank: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_RANK, bin, { rank, returnType, ctx })
}

/** Removes `count` entries from value rank `rank` (no count: to the largest). */
export function mapRemoveByRankRange(
  bin: string,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.REMOVE_BY_RANK_RANGE, bin, { rank, returnType, count, ctx })
}

/** Selects the entry with `key`. */
export function mapGetByKey(
  bin: string,
  key: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_KEY, bin, { mapKey: key, returnType, ctx })
}

/** Selects the entries with a key in `[begin, end)` (end null: no upper bound). */
export function mapGetByKeyRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_KEY_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Selects `count` entries from key index `index` relative to where `key` sorts (no count: to the end). */
export function mapGetByKeyRelIndexRange(
  bin: string,
  key: AerospikeValue,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_KEY_REL_INDEX_RANGE, bin, { mapKey: key, index, returnType, count, ctx })
}

/** Selects every entry whose value equals `val`. */
export function mapGetByValue(
  bin: string,
  val: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_VALUE, bin, { val, returnType, ctx })
}

/** Selects the entries with a value in `[begin, end)` (end null: no upper bound). */
export function mapGetByValueRange(
  bin: string,
  begin: AerospikeValue,
  end: AerospikeValue,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_VALUE_RANGE, bin, { val: begin, valEnd: end, returnType, ctx })
}

/** Selects `count` entries from value rank `rank` relative to where `val` ranks (no count: to the largest). */
export function mapGetByValueRelRankRange(
  bin: string,
  val: AerospikeValue,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_VALUE_REL_RANK_RANGE, bin, { val, rank, returnType, count, ctx })
}

/** Selects the entry at key index `index`. */
export function mapGetByIndex(
  bin: string,
  index: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_INDEX, bin, { index, returnType, ctx })
}

/** Selects `count` entries from key index `index` (no count: to the end). */
export function mapGetByIndexRange(
  bin: string,
  index: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_INDEX_RANGE, bin, { index, returnType, count, ctx })
}

/** Selects the entry whose value has rank `rank`. */
export function mapGetByRank(
  bin: string,
  rank: number,
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_RANK, bin, { rank, returnType, ctx })
}

/** Selects `count` entries from value rank `rank` (no count: to the largest). */
export function mapGetByRankRange(
  bin: string,
  rank: number,
  returnType: number,
  count?: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_RANK_RANGE, bin, { rank, returnType, count, ctx })
}

/** Selects the entries whose key is one of `keys`. */
export function mapGetByKeyList(
  bin: string,
  keys: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_KEY_LIST, bin, { val: keys, returnType, ctx })
}

/** Selects the entries whose value is one of `values`. */
export function mapGetByValueList(
  bin: string,
  values: AerospikeValue[],
  returnType: number,
  ctx?: CdtContext[],
): CdtOperation {
  return buildOp(MapOpCode.GET_BY_VALUE_LIST, bin, { val: values, returnType, ctx })
}
