/**
 * Map expressions (`exp.maps`): every map read op as a value inside a
 * filter or expression op, and the modify ops, which return the modified
 * map without writing the bin. `bin` is a map expression (`exp.mapBin`,
 * `exp.mapVal`, another map expression); keys and values are expressions;
 * indexes, ranks and counts are integer expressions or plain integers.
 */
import { MapOp as Op } from '../../protocol/cdt-codes.js'
import { EncodeError } from '../../protocol/codec-errors.js'
import { ExpType } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import type { Expression, WireNode } from '../exp/expression.js'
import type { CdtContext } from './cdt-context.js'
import { mapPolicyFlags } from './cdt-encoder.js'
import type { MapPolicy } from './cdt-operation.js'
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

const MAP = ExpType.MAP
const LIST = ExpType.LIST

function policyFlags(policy: MapPolicy, what: string): number {
  try {
    return mapPolicyFlags(policy)
  } catch (e) {
    if (e instanceof EncodeError) throw invalidArg(`${what}: ${e.message}`)
    throw e
  }
}

/** `[order, flags]` of a map policy (put, putItems), when one is given. */
function orderFlags(policy: MapPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.order ?? 0, `${what}: policy.order`), policyFlags(policy, what)]
}

/** `[order]` of a map policy (increment), when one is given. */
function order(policy: MapPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.order ?? 0, `${what}: policy.order`)]
}

// --- reads ---

/** The number of entries (integer). */
export function size(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return cdtCall('maps.size', MAP, ExpType.INT, false, Op.SIZE, [], bin, ctx)
}

/** The entry with `key`; `valueType` (EXP_TYPE_*) is the type of the value for a VALUE return. */
export function getByKey(
  bin: Expression,
  key: Expression,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByKey'
  return readOne(w, MAP, Op.GET_BY_KEY, returnType, valueType, [expArg(key, `${w}: key`)], bin, ctx)
}

/** The entries with keys in `[begin, end)`; `exp.infinity()` as `end`: no upper bound. */
export function getByKeyRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByKeyRange'
  return readMany(w, MAP, Op.GET_BY_KEY_INTERVAL, returnType, intervalArgs(w, begin, end), bin, ctx)
}

/** The entries whose key is in `keys` (a list expression). */
export function getByKeyList(
  bin: Expression,
  keys: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByKeyList'
  return readMany(w, MAP, Op.GET_BY_KEY_LIST, returnType, [expArg(keys, `${w}: keys`, LIST)], bin, ctx)
}

/** `count` entries (no count: to the end) from key index `index` relative to where `key` sits. */
export function getByKeyRelIndexRange(
  bin: Expression,
  key: Expression,
  index: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByKeyRelIndexRange'
  const args = relativeRangeArgs(w, 'key', key, 'index', index, count)
  return readMany(w, MAP, Op.GET_BY_KEY_REL_INDEX_RANGE, returnType, args, bin, ctx)
}

/** Every entry whose value equals `value`. */
export function getByValue(
  bin: Expression,
  value: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByValue'
  return readMany(w, MAP, Op.GET_ALL_BY_VALUE, returnType, [expArg(value, `${w}: value`)], bin, ctx)
}

/** The entries with values in `[begin, end)`; `exp.infinity()` as `end`: no upper bound. */
export function getByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByValueRange'
  return readMany(w, MAP, Op.GET_BY_VALUE_INTERVAL, returnType, intervalArgs(w, begin, end), bin, ctx)
}

/** The entries whose value is in `values` (a list expression). */
export function getByValueList(
  bin: Expression,
  values: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByValueList'
  return readMany(w, MAP, Op.GET_BY_VALUE_LIST, returnType, [expArg(values, `${w}: values`, LIST)], bin, ctx)
}

/** `count` entries (no count: to the largest) from rank `rank` relative to where `value` ranks. */
export function getByValueRelRankRange(
  bin: Expression,
  value: Expression,
  rank: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByValueRelRankRange'
  const args = relativeRangeArgs(w, 'value', value, 'rank', rank, count)
  return readMany(w, MAP, Op.GET_BY_VALUE_REL_RANK_RANGE, returnType, args, bin, ctx)
}

/** The entry at key index `index`; `valueType` as for getByKey (the key's type for a KEY return). */
export function getByIndex(
  bin: Expression,
  index: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByIndex'
  return readOne(w, MAP, Op.GET_BY_INDEX, returnType, valueType, [intArg(index, `${w}: index`)], bin, ctx)
}

/** `count` entries from key index `index` (no count: to the end). */
export function getByIndexRange(
  bin: Expression,
  index: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByIndexRange'
  return readMany(w, MAP, Op.GET_BY_INDEX_RANGE, returnType, rangeArgs(w, 'index', index, count), bin, ctx)
}

/** The entry whose value has rank `rank`; `valueType` as for getByKey. */
export function getByRank(
  bin: Expression,
  rank: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByRank'
  return readOne(w, MAP, Op.GET_BY_RANK, returnType, valueType, [intArg(rank, `${w}: rank`)], bin, ctx)
}

/** `count` entries from value rank `rank` (no count: to the largest). */
export function getByRankRange(
  bin: Expression,
  rank: Expression | number,
  returnType: number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.getByRankRange'
  return readMany(w, MAP, Op.GET_BY_RANK_RANGE, returnType, rangeArgs(w, 'rank', rank, count), bin, ctx)
}

// --- modifies (return the modified map) ---

/** Writes `key` = `value`. */
export function put(
  bin: Expression,
  key: Expression,
  value: Expression,
  policy?: MapPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.put'
  const args = [expArg(key, `${w}: key`), expArg(value, `${w}: value`), ...orderFlags(policy, w)]
  return modifyCall(w, MAP, Op.PUT, args, bin, ctx)
}

/** Writes every entry of `items` (a map expression). */
export function putItems(
  bin: Expression,
  items: Expression,
  policy?: MapPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.putItems'
  const args = [expArg(items, `${w}: items`, MAP), ...orderFlags(policy, w)]
  return modifyCall(w, MAP, Op.PUT_ITEMS, args, bin, ctx)
}

/** Adds `value` to the number at `key` (a missing key starts at 0). */
export function increment(
  bin: Expression,
  key: Expression,
  value: Expression,
  policy?: MapPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.increment'
  const args = [expArg(key, `${w}: key`), expArg(value, `${w}: value`), ...order(policy, w)]
  return modifyCall(w, MAP, Op.INCREMENT, args, bin, ctx)
}

/** Removes every entry. */
export function clear(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return modifyCall('maps.clear', MAP, Op.CLEAR, [], bin, ctx)
}

/** Removes the entry with `key`. */
export function removeByKey(bin: Expression, key: Expression, ctx?: readonly CdtContext[]): Expression {
  const w = 'maps.removeByKey'
  return removeCall(w, MAP, Op.REMOVE_BY_KEY, [expArg(key, `${w}: key`)], bin, ctx)
}

/** Removes the entries whose key is in `keys`. */
export function removeByKeyList(bin: Expression, keys: Expression, ctx?: readonly CdtContext[]): Expression {
  const w = 'maps.removeByKeyList'
  return removeCall(w, MAP, Op.REMOVE_BY_KEY_LIST, [expArg(keys, `${w}: keys`, LIST)], bin, ctx)
}

/** Removes the entries with keys in `[begin, end)`. */
export function removeByKeyRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByKeyRange'
  return removeCall(w, MAP, Op.REMOVE_BY_KEY_INTERVAL, intervalArgs(w, begin, end), bin, ctx)
}

/** Removes `count` entries (no count: to the end) from key index `index` relative to `key`. */
export function removeByKeyRelIndexRange(
  bin: Expression,
  key: Expression,
  index: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByKeyRelIndexRange'
  const args = relativeRangeArgs(w, 'key', key, 'index', index, count)
  return removeCall(w, MAP, Op.REMOVE_BY_KEY_REL_INDEX_RANGE, args, bin, ctx)
}

/** Removes every entry whose value equals `value`. */
export function removeByValue(bin: Expression, value: Expression, ctx?: readonly CdtContext[]): Expression {
  const w = 'maps.removeByValue'
  return removeCall(w, MAP, Op.REMOVE_ALL_BY_VALUE, [expArg(value, `${w}: value`)], bin, ctx)
}

/** Removes the entries whose value is in `values`. */
export function removeByValueList(
  bin: Expression,
  values: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByValueList'
  return removeCall(w, MAP, Op.REMOVE_BY_VALUE_LIST, [expArg(values, `${w}: values`, LIST)], bin, ctx)
}

/** Removes the entries with values in `[begin, end)`. */
export function removeByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByValueRange'
  return removeCall(w, MAP, Op.REMOVE_BY_VALUE_INTERVAL, intervalArgs(w, begin, end), bin, ctx)
}

/** Removes `count` entries (no count: to the largest) from rank `rank` relative to `value`. */
export function removeByValueRelRankRange(
  bin: Expression,
  value: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByValueRelRankRange'
  const args = relativeRangeArgs(w, 'value', value, 'rank', rank, count)
  return removeCall(w, MAP, Op.REMOVE_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** Removes the entry at key index `index`. */
export function removeByIndex(
  bin: Expression,
  index: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByIndex'
  return removeCall(w, MAP, Op.REMOVE_BY_INDEX, [intArg(index, `${w}: index`)], bin, ctx)
}

/** Removes `count` entries from key index `index` (no count: to the end). */
export function removeByIndexRange(
  bin: Expression,
  index: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByIndexRange'
  return removeCall(w, MAP, Op.REMOVE_BY_INDEX_RANGE, rangeArgs(w, 'index', index, count), bin, ctx)
}

/** Removes the entry whose value has rank `rank`. */
export function removeByRank(
  bin: Expression,
  rank: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByRank'
  return removeCall(w, MAP, Op.REMOVE_BY_RANK, [intArg(rank, `${w}: rank`)], bin, ctx)
}

/** Removes `count` entries from value rank `rank` (no count: to the largest). */
export function removeByRankRange(
  bin: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByRankRange'
  return removeCall(w, MAP, Op.REMOVE_BY_RANK_RANGE, rangeArgs(w, 'rank', rank, count), bin, ctx)
}
