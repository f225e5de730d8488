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
import { cdtCall, countArgs, expArg, flagsArg, intArg, modifyType, RETURN_NONE, readType } from './exp-cdt.js'

const MAP = ExpType.MAP
const LIST = ExpType.LIST

function read(
  what: string,
  rtype: ReturnType<typeof readType>,
  op: number,
  args: WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return cdtCall(`maps.${what}`, MAP, rtype, false, op, args, bin, ctx)
}

function modify(
  what: string,
  op: number,
  args: WireNode[],
  bin: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  return cdtCall(`maps.${what}`, MAP, modifyType(MAP, ctx), true, op, args, bin, ctx)
}

function policyFlags(policy: MapPolicy, what: string): number {
  try {
    return mapPolicyFlags(policy)
  } catch (e) {
    if (e instanceof EncodeError) throw invalidArg(`maps.${what}: ${e.message}`)
    throw e
  }
}

/** `[order, flags]` of a map policy (put, putItems), when one is given. */
function orderFlags(policy: MapPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.order ?? 0, `maps.${what}: policy.order`), policyFlags(policy, what)]
}

/** `[order]` of a map policy (increment), when one is given. */
function order(policy: MapPolicy | undefined, what: string): WireNode[] {
  if (policy === undefined) return []
  return [flagsArg(policy.order ?? 0, `maps.${what}: policy.order`)]
}

// --- reads ---

/** The number of entries (integer). */
export function size(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return read('size', ExpType.INT, Op.SIZE, [], bin, ctx)
}

/** The entry with `key`; `valueType` (EXP_TYPE_*) is the type of the value for a VALUE return. */
export function getByKey(
  bin: Expression,
  key: Expression,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByKey', true, returnType, false, valueType)
  return read('getByKey', t, Op.GET_BY_KEY, [returnType, expArg(key, 'maps.getByKey: key')], bin, ctx)
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
  const t = readType(w, true, returnType, true)
  return read(
    'getByKeyRange',
    t,
    Op.GET_BY_KEY_INTERVAL,
    [returnType, expArg(begin, `${w}: begin`), expArg(end, `${w}: end`)],
    bin,
    ctx,
  )
}

/** The entries whose key is in `keys` (a list expression). */
export function getByKeyList(
  bin: Expression,
  keys: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByKeyList', true, returnType, true)
  return read(
    'getByKeyList',
    t,
    Op.GET_BY_KEY_LIST,
    [returnType, expArg(keys, 'maps.getByKeyList: keys', LIST)],
    bin,
    ctx,
  )
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
  const t = readType(w, true, returnType, true)
  const args = [
    returnType,
    expArg(key, `${w}: key`),
    intArg(index, `${w}: index`),
    ...countArgs(count, `${w}: count`),
  ]
  return read('getByKeyRelIndexRange', t, Op.GET_BY_KEY_REL_INDEX_RANGE, args, bin, ctx)
}

/** Every entry whose value equals `value`. */
export function getByValue(
  bin: Expression,
  value: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByValue', true, returnType, true)
  return read(
    'getByValue',
    t,
    Op.GET_ALL_BY_VALUE,
    [returnType, expArg(value, 'maps.getByValue: value')],
    bin,
    ctx,
  )
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
  const t = readType(w, true, returnType, true)
  return read(
    'getByValueRange',
    t,
    Op.GET_BY_VALUE_INTERVAL,
    [returnType, expArg(begin, `${w}: begin`), expArg(end, `${w}: end`)],
    bin,
    ctx,
  )
}

/** The entries whose value is in `values` (a list expression). */
export function getByValueList(
  bin: Expression,
  values: Expression,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByValueList', true, returnType, true)
  return read(
    'getByValueList',
    t,
    Op.GET_BY_VALUE_LIST,
    [returnType, expArg(values, 'maps.getByValueList: values', LIST)],
    bin,
    ctx,
  )
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
  const t = readType(w, true, returnType, true)
  const args = [
    returnType,
    expArg(value, `${w}: value`),
    intArg(rank, `${w}: rank`),
    ...countArgs(count, `${w}: count`),
  ]
  return read('getByValueRelRankRange', t, Op.GET_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** The entry at key index `index`; `valueType` as for getByKey (the key's type for a KEY return). */
export function getByIndex(
  bin: Expression,
  index: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByIndex', true, returnType, false, valueType)
  return read(
    'getByIndex',
    t,
    Op.GET_BY_INDEX,
    [returnType, intArg(index, 'maps.getByIndex: index')],
    bin,
    ctx,
  )
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
  const t = readType(w, true, returnType, true)
  const args = [returnType, intArg(index, `${w}: index`), ...countArgs(count, `${w}: count`)]
  return read('getByIndexRange', t, Op.GET_BY_INDEX_RANGE, args, bin, ctx)
}

/** The entry whose value has rank `rank`; `valueType` as for getByKey. */
export function getByRank(
  bin: Expression,
  rank: Expression | number,
  valueType: number,
  returnType: number,
  ctx?: readonly CdtContext[],
): Expression {
  const t = readType('maps.getByRank', true, returnType, false, valueType)
  return read('getByRank', t, Op.GET_BY_RANK, [returnType, intArg(rank, 'maps.getByRank: rank')], bin, ctx)
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
  const t = readType(w, true, returnType, true)
  const args = [returnType, intArg(rank, `${w}: rank`), ...countArgs(count, `${w}: count`)]
  return read('getByRankRange', t, Op.GET_BY_RANK_RANGE, args, bin, ctx)
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
  const args = [expArg(key, 'maps.put: key'), expArg(value, 'maps.put: value'), ...orderFlags(policy, 'put')]
  return modify('put', Op.PUT, args, bin, ctx)
}

/** Writes every entry of `items` (a map expression). */
export function putItems(
  bin: Expression,
  items: Expression,
  policy?: MapPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [expArg(items, 'maps.putItems: items', MAP), ...orderFlags(policy, 'putItems')]
  return modify('putItems', Op.PUT_ITEMS, args, bin, ctx)
}

/** Adds `value` to the number at `key` (a missing key starts at 0). */
export function increment(
  bin: Expression,
  key: Expression,
  value: Expression,
  policy?: MapPolicy,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [
    expArg(key, 'maps.increment: key'),
    expArg(value, 'maps.increment: value'),
    ...order(policy, 'increment'),
  ]
  return modify('increment', Op.INCREMENT, args, bin, ctx)
}

/** Removes every entry. */
export function clear(bin: Expression, ctx?: readonly CdtContext[]): Expression {
  return modify('clear', Op.CLEAR, [], bin, ctx)
}

/** Removes the entry with `key`. */
export function removeByKey(bin: Expression, key: Expression, ctx?: readonly CdtContext[]): Expression {
  return modify(
    'removeByKey',
    Op.REMOVE_BY_KEY,
    [RETURN_NONE, expArg(key, 'maps.removeByKey: key')],
    bin,
    ctx,
  )
}

/** Removes the entries whose key is in `keys`. */
export function removeByKeyList(bin: Expression, keys: Expression, ctx?: readonly CdtContext[]): Expression {
  const args = [RETURN_NONE, expArg(keys, 'maps.removeByKeyList: keys', LIST)]
  return modify('removeByKeyList', Op.REMOVE_BY_KEY_LIST, args, bin, ctx)
}

/** Removes the entries with keys in `[begin, end)`. */
export function removeByKeyRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByKeyRange'
  return modify(
    'removeByKeyRange',
    Op.REMOVE_BY_KEY_INTERVAL,
    [RETURN_NONE, expArg(begin, `${w}: begin`), expArg(end, `${w}: end`)],
    bin,
    ctx,
  )
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
  const args = [
    RETURN_NONE,
    expArg(key, `${w}: key`),
    intArg(index, `${w}: index`),
    ...countArgs(count, `${w}: count`),
  ]
  return modify('removeByKeyRelIndexRange', Op.REMOVE_BY_KEY_REL_INDEX_RANGE, args, bin, ctx)
}

/** Removes every entry whose value equals `value`. */
export function removeByValue(bin: Expression, value: Expression, ctx?: readonly CdtContext[]): Expression {
  return modify(
    'removeByValue',
    Op.REMOVE_ALL_BY_VALUE,
    [RETURN_NONE, expArg(value, 'maps.removeByValue: value')],
    bin,
    ctx,
  )
}

/** Removes the entries whose value is in `values`. */
export function removeByValueList(
  bin: Expression,
  values: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const args = [RETURN_NONE, expArg(values, 'maps.removeByValueList: values', LIST)]
  return modify('removeByValueList', Op.REMOVE_BY_VALUE_LIST, args, bin, ctx)
}

/** Removes the entries with values in `[begin, end)`. */
export function removeByValueRange(
  bin: Expression,
  begin: Expression,
  end: Expression,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByValueRange'
  return modify(
    'removeByValueRange',
    Op.REMOVE_BY_VALUE_INTERVAL,
    [RETURN_NONE, expArg(begin, `${w}: begin`), expArg(end, `${w}: end`)],
    bin,
    ctx,
  )
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
  const args = [
    RETURN_NONE,
    expArg(value, `${w}: value`),
    intArg(rank, `${w}: rank`),
    ...countArgs(count, `${w}: count`),
  ]
  return modify('removeByValueRelRankRange', Op.REMOVE_BY_VALUE_REL_RANK_RANGE, args, bin, ctx)
}

/** Removes the entry at key index `index`. */
export function removeByIndex(
  bin: Expression,
  index: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  return modify(
    'removeByIndex',
    Op.REMOVE_BY_INDEX,
    [RETURN_NONE, intArg(index, 'maps.removeByIndex: index')],
    bin,
    ctx,
  )
}

/** Removes `count` entries from key index `index` (no count: to the end). */
export function removeByIndexRange(
  bin: Expression,
  index: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByIndexRange'
  const args = [RETURN_NONE, intArg(index, `${w}: index`), ...countArgs(count, `${w}: count`)]
  return modify('removeByIndexRange', Op.REMOVE_BY_INDEX_RANGE, args, bin, ctx)
}

/** Removes the entry whose value has rank `rank`. */
export function removeByRank(
  bin: Expression,
  rank: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  return modify(
    'removeByRank',
    Op.REMOVE_BY_RANK,
    [RETURN_NONE, intArg(rank, 'maps.removeByRank: rank')],
    bin,
    ctx,
  )
}

/** Removes `count` entries from value rank `rank` (no count: to the largest). */
export function removeByRankRange(
  bin: Expression,
  rank: Expression | number,
  count?: Expression | number,
  ctx?: readonly CdtContext[],
): Expression {
  const w = 'maps.removeByRankRange'
  const args = [RETURN_NONE, intArg(rank, `${w}: rank`), ...countArgs(count, `${w}: count`)]
  return modify('removeByRankRange', Op.REMOVE_BY_RANK_RANGE, args, bin, ctx)
}
