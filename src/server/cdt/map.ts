/** Map operations of the CDT evaluator: every map op code with the server's exact semantics. */
import { CDT_PERSIST_INDEX, CdtReturnType, MapOp, MapOrder, MapWriteFlag } from '../../protocol/cdt-codes.js'
import { compareValues, SList, SMap, type SValue } from '../value.js'
import { applyDelta, parseDelta } from './delta.js'
import {
  type OpEntry,
  type OpEnv,
  type OpHandler,
  type Outcome,
  WhenMissing,
  type WhenMissingValue,
} from './env.js'
import { CdtError, CdtResultCode, notApplicable, paramError } from './errors.js'
import { valueListRanks } from './list.js'
import { ascendingSelection, findInOrder, heapOrderSelection, heapSelect, sortedIndexes } from './order.js'
import { type Arg, ArgKind, type ArgKindValue, countOf, indexOf } from './params.js'
import { invertedRange, relativeRange, resolveRange } from './range.js'
import {
  complement,
  indexListResult,
  indexRankCountResult,
  intList,
  intRange,
  notFoundResult,
  ResultSpec,
  rangeResult,
  resultMapFlags,
} from './result.js'
import { isMapKey, toStorage } from './storage.js'

type MapOutcome = Outcome<SMap>
type Handler = OpHandler<SMap>

/** What a put may do: overwrite an existing key, create a missing one, swallow refusals, apply the rest. */
interface PutControl {
  readonly overwrite: boolean
  readonly create: boolean
  readonly noFail: boolean
  readonly partial: boolean
}

function control(flags: number): PutControl {
  return {
    overwrite: (flags & MapWriteFlag.CREATE_ONLY) === 0,
    create: (flags & MapWriteFlag.UPDATE_ONLY) === 0,
    noFail: (flags & MapWriteFlag.NO_FAIL) !== 0,
    partial: (flags & MapWriteFlag.PARTIAL) !== 0,
  }
}

const ADD_CONTROL: PutControl = { overwrite: false, create: true, noFail: false, partial: false }
const REPLACE_CONTROL: PutControl = { overwrite: true, create: false, noFail: false, partial: false }
const UPSERT_CONTROL: PutControl = { overwrite: true, create: true, noFail: false, partial: false }

function isKeyOrdered(map: SMap): boolean {
  return (map.flags & MapOrder.KEY_ORDERED) !== 0
}

/** Flags a map op may create a map with: invalid ones fall back to unordered, the persisted index is dropped. */
function createFlags(flags: bigint): number {
  if ((flags & ~BigInt(MapOrder.KEY_VALUE_ORDERED | CDT_PERSIST_INDEX)) !== 0n) return 0
  return Number(flags) & MapOrder.KEY_VALUE_ORDERED
}

/** The server's bisection for a key in a key-sorted map: the key's index, or where it would go. */
function findKey(map: SMap, key: SValue): { idx: number; found: boolean } {
  const keys = map.keys
  const n = keys.length
  if (n === 0) return { idx: 0, found: false }
  let lower = 0
  let upper = n
  let idx = Math.floor(n / 2)
  for (;;) {
    const c = compareValues(key, keys[idx]!)
    if (c === 0) return { idx, found: true }
    if (c > 0) {
      if (idx >= upper - 1) return { idx: idx + 1, found: false }
      lower = idx + 1
      idx = Math.floor((idx + upper) / 2)
    } else {
      if (idx === lower) return { idx, found: false }
      upper = idx
      idx = Math.floor((idx + lower) / 2)
    }
  }
}

/** Positions of every entry in value order (stable: equal values keep key order). */
function valueOrder(map: SMap): number[] {
  return sortedIndexes(map.size, (i, j) => compareValues(map.values[i]!, map.values[j]!))
}

/** Rank of each entry as its position in value order (what multi-element rank results report). */
function valuePositions(map: SMap): number[] {
  const pos = new Array<number>(map.size)
  valueOrder(map).forEach((idx, p) => {
    pos[idx] = p
  })
  return pos
}

/** Rank of one entry: the number of values strictly below it (what single-element rank results report). */
function rankOfEntry(map: SMap, idx: number): number {
  const v = map.values[idx]!
  let rank = 0
  for (const w of map.values) if (compareValues(w, v) < 0) rank++
  return rank
}

function entries(map: SMap, idxs: readonly number[], flags = map.flags): SMap {
  return new SMap(
    idxs.map((i) => map.keys[i]!),
    idxs.map((i) => map.values[i]!),
    flags,
  )
}

function range(start: number, count: number): number[] {
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = start + i
  return out
}

function withoutIndexes(map: SMap, remove: readonly number[]): SMap {
  const drop = new Set(remove)
  const keep: number[] = []
  for (let i = 0; i < map.size; i++) if (!drop.has(i)) keep.push(i)
  return entries(map, keep)
}

/** Elements of the selected entries, in the given order, shaped as the return type asks. */
function elementsResult(map: SMap, idxs: readonly number[], rs: ResultSpec): SValue | undefined {
  if (rs.isMap) return entries(map, idxs, resultMapFlags(rs.type))
  const pick = rs.type === CdtReturnType.KEY ? map.keys : map.values
  if (!rs.multi) return idxs.length ? pick[idxs[0]!] : undefined
  return new SList(idxs.map((i) => pick[i]!))
}

/** Rank results for the selected entries (single: values below; multi: positions in value order). */
function rankResult(map: SMap, idxs: readonly number[], rs: ResultSpec): SValue {
  const n = map.size
  const rev = rs.type === CdtReturnType.REVERSE_RANK
  if (!rs.multi) {
    const r = rankOfEntry(map, idxs[0]!)
    return BigInt(rev ? n - r - 1 : r)
  }
  const pos = valuePositions(map)
  return intList(idxs.map((i) => (rev ? n - pos[i]! - 1 : pos[i]!)))
}

/** Index results for selected entries given in result order. */
function indexesInOrder(map: SMap, idxs: readonly number[], rs: ResultSpec): SValue | undefined {
  if (idxs.length === 0) return notFoundResult(rs, 0)
  const n = map.size
  const rev = rs.type === CdtReturnType.REVERSE_INDEX
  if (!rs.multi) return BigInt(rev ? n - idxs[0]! - 1 : idxs[0]!)
  return intList(idxs.map((i) => (rev ? n - i - 1 : i)))
}

/** Index results for a selection mask (ascending positions). */
function indexesByMask(map: SMap, mask: readonly number[], rs: ResultSpec): SValue | undefined {
  if (mask.length === 0) return notFoundResult(rs, -1)
  return indexListResult(rs, mask, map.size)
}

function keyNotFound(rs: ResultSpec, index: number): SValue | undefined {
  if (rs.isRankRange) throw notApplicable(`return type ${rs.type} not supported`)
  return notFoundResult(rs, index)
}

function valueNotFound(rs: ResultSpec, rank: number): SValue | undefined {
  if (rs.isIndexRange) throw notApplicable(`return type ${rs.type} not supported`)
  return notFoundResult(rs, rank)
}

// ---------------------------------------------------------------------------
// Selection by index range (packed_map_get_remove_by_index_range).

function removeAll(env: OpEnv<SMap>, map: SMap, rs: ResultSpec): MapOutcome {
  const n = map.size
  const out: MapOutcome = {}
  if (env.modify) out.write = new SMap([], [], map.flags)
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      out.result = rs.multi ? intList(range(0, n)) : 0n
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(n)
      break
    case CdtReturnType.EXISTS:
      out.result = n !== 0
      break
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      out.result = elementsResult(map, range(0, n), rs)
      break
    case CdtReturnType.INDEX_RANGE:
    case CdtReturnType.REVERSE_INDEX_RANGE:
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      out.result = intList([0, n])
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

function trim(env: OpEnv<SMap>, map: SMap, index: number, count: number, rs: ResultSpec): MapOutcome {
  const n = map.size
  const end = index + count
  const outside = [...range(0, index), ...range(end, n - end)]
  const out: MapOutcome = {}
  if (env.modify) out.write = entries(map, range(index, count))
  const rev = rs.isReverse
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(n - count)
      break
    case CdtReturnType.EXISTS:
      out.result = n - count !== 0
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = intList([...intRange(0, index, n, rev), ...intRange(end, n - end, n, rev)])
      break
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      out.result = rankResult(map, outside, rs)
      break
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      out.result = elementsResult(map, outside, rs)
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

function byIndexRange(env: OpEnv<SMap>, map: SMap, index: number, count: number, rs: ResultSpec): MapOutcome {
  const n = map.size
  const r = resolveRange(index, count, n, rs.multi)
  if (!r) throw notApplicable(`index ${index} out of bounds for ${n} entries`)
  if (rs.isRankRange) throw notApplicable(`return type ${rs.type} not supported`)
  let span = r
  if (rs.inverted) {
    if (!rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
    rs.inverted = false
    const whole = invertedRange(r, n)
    if (!whole) return trim(env, map, r.index, r.count, rs)
    span = whole
  }
  const { index: start, count: cnt } = span
  if (cnt === 0) return { result: keyNotFound(rs, start) }
  if (cnt === n) return removeAll(env, map, rs)
  const selected = range(start, cnt)
  const out: MapOutcome = {}
  if (env.modify) out.write = entries(map, [...range(0, start), ...range(start + cnt, n - start - cnt)])
  if (rs.isElements) out.result = elementsResult(map, selected, rs)
  else if (rs.isRank) out.result = rankResult(map, selected, rs)
  else out.result = rangeResult(rs, start, cnt, n)
  return out
}

// ---------------------------------------------------------------------------
// Selection by key (packed_map_get_remove_by_key_interval).

function byKeyInterval(
  env: OpEnv<SMap>,
  map: SMap,
  start: SValue,
  end: SValue | undefined,
  single: boolean,
  rs: ResultSpec,
): MapOutcome {
  if (rs.isRankRange) throw notApplicable(`return type ${rs.type} not supported`)
  if (!isKeyOrdered(map) && rs.inverted && !rs.multi) {
    throw notApplicable('INVERTED is not supported for single element selections')
  }
  const n = map.size
  const first = findKey(map, start)
  let count: number
  if (single) count = first.found ? 1 : 0
  else if (end === undefined) count = n - first.idx
  else {
    const last = findKey(map, end)
    count = last.idx > first.idx ? last.idx - first.idx : 0
  }
  if (count === 0 && !rs.multi) return { result: keyNotFound(rs, -1) }
  return byIndexRange(env, map, first.idx, count, rs)
}

// ---------------------------------------------------------------------------
// Selection by value (packed_map_get_remove_by_value_interval).

function byValueInterval(
  env: OpEnv<SMap>,
  map: SMap,
  start: SValue,
  end: SValue | undefined,
  single: boolean,
  rs: ResultSpec,
): MapOutcome {
  if (rs.isIndexRange) throw notApplicable(`return type ${rs.type} not supported`)
  if (rs.inverted && !rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
  const n = map.size
  if (n === 0) return { result: valueNotFound(rs, -1) }
  let rank = 0
  let selected: number[] = []
  for (let i = 0; i < n; i++) {
    const v = map.values[i]!
    const cs = compareValues(v, start)
    if (cs < 0) rank++
    else if (!single) {
      if ((end === undefined ? -1 : compareValues(v, end)) < 0) selected.push(i)
    } else if (cs === 0 && (rs.multi || selected.length === 0)) selected.push(i)
  }
  const count = selected.length
  if (count === 0) {
    if (rs.inverted) {
      rs.inverted = false
      return removeAll(env, map, rs)
    }
    return { result: valueNotFound(rs, rank) }
  }
  if (rs.inverted) selected = complement(selected, n)
  const out: MapOutcome = {}
  if (env.modify) out.write = withoutIndexes(map, selected)
  if (rs.isElements) out.result = elementsResult(map, selected, rs)
  else if (rs.isIndex) out.result = indexesByMask(map, selected, rs)
  else out.result = rangeResult(rs, rank, count, n)
  return out
}

// ---------------------------------------------------------------------------
// Selection by rank (packed_map_get_remove_by_rank_range).

function byRankRange(env: OpEnv<SMap>, map: SMap, rank: number, count: number, rs: ResultSpec): MapOutcome {
  const n = map.size
  const r = resolveRange(rank, count, n, rs.multi)
  if (!r) throw notApplicable(`rank ${rank} out of bounds for ${n} entries`)
  if (rs.isIndexRange) throw notApplicable(`return type ${rs.type} not supported`)
  let span = r
  if (rs.inverted) {
    if (!rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
    rs.inverted = false
    const whole = invertedRange(r, n)
    if (whole) span = whole
    else rs.inverted = true
  }
  const { index: start, count: cnt } = span
  if (cnt === 0) return { result: valueNotFound(rs, start) }
  const inverted = rs.inverted
  const rmCount = inverted ? n - cnt : cnt
  const sel = heapSelect(n, start, cnt, (i, j) => compareValues(map.values[i]!, map.values[j]!))
  const chosen = heapOrderSelection(sel, cnt)
  let mask = [...chosen].sort((a, b) => a - b)
  if (inverted) mask = complement(mask, n)
  const byMask = inverted || rs.type === CdtReturnType.ORDERED_MAP
  const ascending = ascendingSelection(sel, cnt)
  const out: MapOutcome = {}
  if (env.modify) out.write = withoutIndexes(map, mask)
  switch (rs.type) {
    case CdtReturnType.NONE:
    case CdtReturnType.COUNT:
    case CdtReturnType.EXISTS:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      out.result = indexRankCountResult(rs, start, cnt, n)
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = inverted ? indexesByMask(map, mask, rs) : indexesInOrder(map, ascending, rs)
      break
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      out.result = elementsResult(map, byMask ? mask : ascending, rs)
      break
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      out.result = rangeResult(rs, start, rmCount, n)
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

// ---------------------------------------------------------------------------
// Selection by key list and value list.

function listParam(v: SValue): readonly SValue[] {
  if (!(v instanceof SList)) throw paramError('expected a list of keys or values')
  return v.items
}

function byKeyList(env: OpEnv<SMap>, map: SMap, list: SValue, rs: ResultSpec): MapOutcome {
  const keys = listParam(list)
  const n = map.size
  const inverted = rs.inverted
  if (keys.length === 0) {
    if (rs.isRank || rs.isIndexRange || rs.isRankRange)
      throw notApplicable(`return type ${rs.type} not supported`)
    if (!inverted) return { result: keyNotFound(rs, 0) }
    rs.inverted = false
    return removeAll(env, map, rs)
  }
  let mask: number[]
  let indexResult: () => SValue | undefined
  let rmCount: number
  if (isKeyOrdered(map)) {
    const runs = keys.map((k) => keyRun(map, k))
    const covered = new Set<number>()
    for (const { index, count } of runs) for (let i = index; i < index + count; i++) covered.add(i)
    mask = [...covered].sort((a, b) => a - b)
    if (inverted) mask = complement(mask, n)
    const needMask =
      env.modify ||
      rs.isElements ||
      rs.type === CdtReturnType.COUNT ||
      (inverted && rs.type !== CdtReturnType.NONE)
    rmCount = needMask ? mask.length : runs.reduce((s, r) => s + r.count, 0)
    const rev = rs.isReverse
    indexResult = () =>
      inverted
        ? indexListResult(rs, mask, n)
        : intList(runs.flatMap(({ index, count }) => intRange(index, count, n, rev)))
  } else {
    const found = matchItems(keys, map.keys, inverted, (item, k) => compareValues(k, item))
    mask = found.selected
    rmCount = mask.length
    indexResult = () =>
      intList(valueListRanks(found.order, found.ranks, found.counts, n, inverted, rs.isReverse))
  }
  const out: MapOutcome = {}
  if (env.modify && rmCount !== 0) out.write = withoutIndexes(map, mask)
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = indexResult()
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(rmCount)
      break
    case CdtReturnType.EXISTS:
      out.result = rmCount !== 0
      break
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      out.result = elementsResult(map, mask, rs)
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

/** The run of entries whose key equals `k` (a WILDCARD inside `k` may match several). */
function keyRun(map: SMap, k: SValue): { index: number; count: number } {
  const n = map.size
  const cmpAt = (i: number) => compareValues(k, map.keys[i]!)
  const lower = findInOrder(n, 0, n, 0, cmpAt)
  if (!lower.found) return { index: lower.result, count: 0 }
  const upper = findInOrder(n, lower.result, n - lower.result, n, cmpAt)
  return { index: lower.result, count: upper.result - lower.result }
}

/**
 * Matches container elements against a list of items (offset_index_find_items):
 * which elements equal an item (or none, inverted), and per item, in item
 * sort order, how many elements sit below it and how many equal it.
 */
function matchItems(
  items: readonly SValue[],
  elements: readonly SValue[],
  inverted: boolean,
  cmp: (item: SValue, element: SValue) => number,
): { selected: number[]; order: number[]; ranks: number[]; counts: number[] } {
  const order = sortedIndexes(items.length, (a, b) => compareValues(items[a]!, items[b]!))
  const sorted = order.map((i) => items[i]!)
  const ranks = new Array<number>(order.length).fill(0)
  const counts = new Array<number>(order.length).fill(0)
  const selected: number[] = []
  elements.forEach((e, i) => {
    const f = findInOrder(sorted.length, 0, sorted.length, sorted.length, (k) => cmp(sorted[k]!, e))
    if (f.found) counts[f.result - 1]!++
    if (f.result !== sorted.length) ranks[f.result]!++
    if (f.found !== inverted) selected.push(i)
  })
  for (let k = 1; k < ranks.length; k++) ranks[k] = ranks[k - 1]! + ranks[k]!
  return { selected, order, ranks, counts }
}

function byValueList(env: OpEnv<SMap>, map: SMap, list: SValue, rs: ResultSpec): MapOutcome {
  const values = listParam(list)
  const n = map.size
  const inverted = rs.inverted
  if (values.length === 0) {
    if (rs.isIndexRange || rs.isRankRange) throw notApplicable(`return type ${rs.type} not supported`)
    if (!inverted) return { result: notFoundResult(rs, 0) }
    rs.inverted = false
    return removeAll(env, map, rs)
  }
  const found = matchItems(values, map.values, inverted, (item, v) => compareValues(v, item))
  const mask = found.selected
  const out: MapOutcome = {}
  if (env.modify && mask.length !== 0) out.write = withoutIndexes(map, mask)
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = indexesByMask(map, mask, rs)
      break
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      out.result = intList(
        valueListRanks(
          found.order,
          found.ranks,
          found.counts,
          n,
          inverted,
          rs.type === CdtReturnType.REVERSE_RANK,
        ),
      )
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(mask.length)
      break
    case CdtReturnType.EXISTS:
      out.result = mask.length !== 0
      break
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      out.result = elementsResult(map, mask, rs)
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

function byRelIndexRange(
  env: OpEnv<SMap>,
  map: SMap,
  key: SValue,
  index: number,
  count: number,
  rs: ResultSpec,
) {
  const r = relativeRange(index, count, findKey(map, key).idx)
  return byIndexRange(env, map, r.index, r.count, rs)
}

function byRelRankRange(
  env: OpEnv<SMap>,
  map: SMap,
  value: SValue,
  rank: number,
  count: number,
  rs: ResultSpec,
) {
  let rel = 0
  for (const v of map.values) if (compareValues(v, value) < 0) rel++
  const r = relativeRange(rank, count, rel)
  return byRankRange(env, map, r.index, r.count, rs)
}

// ---------------------------------------------------------------------------
// Writes.

/** The map an op works on, and whether it is a fresh empty one that the op brings into existence. */
interface Target {
  readonly map: SMap
  readonly fresh: boolean
  /** A missing top-level bin becomes this map even if the op changes nothing. */
  readonly sticky: boolean
}

function creatingTarget(env: OpEnv<SMap>, flags: bigint): Target {
  if (env.container) return { map: env.container, fresh: false, sticky: false }
  return { map: new SMap([], [], createFlags(flags)), fresh: true, sticky: !env.created }
}

function finish(t: Target, out: MapOutcome): MapOutcome {
  if (out.write === undefined && t.sticky) out.write = t.map
  return out
}

function put(t: Target, rawKey: SValue, rawValue: SValue, ctl: PutControl, setResult: boolean): MapOutcome {
  if (!isMapKey(rawKey)) throw paramError('map key must be an integer, string or blob')
  const key = toStorage(rawKey)
  const value = toStorage(rawValue)
  const map = t.map
  const n = map.size
  const res = (v: number): MapOutcome => (setResult ? { result: BigInt(v) } : {})
  const { idx, found } = findKey(map, key)
  if (found && !ctl.overwrite) {
    if (ctl.noFail) return res(n)
    throw new CdtError(CdtResultCode.ELEMENT_EXISTS, 'map key exists (CREATE_ONLY)')
  }
  if (!found && !ctl.create) {
    if (ctl.noFail) return res(n)
    throw new CdtError(CdtResultCode.ELEMENT_NOT_FOUND, 'map key not found (UPDATE_ONLY)')
  }
  const keys = [...map.keys]
  const values = [...map.values]
  if (found) values[idx] = value
  else {
    keys.splice(idx, 0, key)
    values.splice(idx, 0, value)
  }
  return { ...res(keys.length), write: new SMap(keys, values, map.flags) }
}

function putItems(t: Target, rawItems: SValue, ctl: PutControl): MapOutcome {
  const items = toStorage(rawItems)
  if (!(items instanceof SMap)) throw paramError('items must be a map')
  const map = t.map
  const n = map.size
  if (items.size === 0) return { result: BigInt(n), write: t.fresh ? new SMap([], [], map.flags) : undefined }
  if (n === 0) {
    if (!ctl.create) {
      if (!ctl.noFail) throw new CdtError(CdtResultCode.ELEMENT_NOT_FOUND, 'map key not found (UPDATE_ONLY)')
      if (!ctl.partial) return { result: 0n }
    }
    return { result: BigInt(items.size), write: new SMap([...items.keys], [...items.values], map.flags) }
  }
  // Decide every item against the map as it was (items come sorted by key), then merge in one pass.
  const applied: Array<{ item: number; idx: number; found: boolean }> = []
  for (let i = 0; i < items.size; i++) {
    const { idx, found } = findKey(map, items.keys[i]!)
    if (found ? !ctl.overwrite : !ctl.create) {
      if (!ctl.noFail) {
        throw found
          ? new CdtError(CdtResultCode.ELEMENT_EXISTS, 'map key exists (CREATE_ONLY)')
          : new CdtError(CdtResultCode.ELEMENT_NOT_FOUND, 'map key not found (UPDATE_ONLY)')
      }
      if (ctl.partial) continue
      return { result: BigInt(n) }
    }
    applied.push({ item: i, idx, found })
  }
  const keys: SValue[] = []
  const values: SValue[] = []
  let from = 0
  for (const { item, idx, found } of applied) {
    for (; from < idx; from++) {
      keys.push(map.keys[from]!)
      values.push(map.values[from]!)
    }
    keys.push(items.keys[item]!)
    values.push(items.values[item]!)
    if (found) from = idx + 1
  }
  for (; from < n; from++) {
    keys.push(map.keys[from]!)
    values.push(map.values[from]!)
  }
  return { result: BigInt(keys.length), write: new SMap(keys, values, map.flags) }
}

function increment(t: Target, key: SValue, deltaArg: SValue | undefined, negate: boolean): MapOutcome {
  const map = t.map
  const { idx, found } = findKey(map, key)
  const value = applyDelta(found ? map.values[idx] : undefined, parseDelta(deltaArg, negate))
  return { ...put(t, key, value, UPSERT_CONTROL, false), result: value }
}

// ---------------------------------------------------------------------------
// The op table.

const I = ArgKind.INDEX
const C = ArgKind.COUNT
const P = ArgKind.PAYLOAD
const F = ArgKind.FLAGS
const S = ArgKind.STORAGE

function entry(
  modify: boolean,
  optional: number,
  args: ArgKindValue[],
  run: Handler,
  whenMissing: WhenMissingValue = WhenMissing.RUN,
): OpEntry<SMap> {
  return { modify, optional, args, run, whenMissing }
}

const big = (a: readonly Arg[], i: number, dflt: bigint): bigint => (i < a.length ? (a[i] as bigint) : dflt)
const num = (a: readonly Arg[], i: number): number => indexOf(a[i] as bigint)
const cnt = (a: readonly Arg[], i: number): number => (i < a.length ? countOf(a[i] as bigint) : 0xffff_ffff)
const val = (a: readonly Arg[], i: number): SValue => a[i] as SValue

type Select = (env: OpEnv<SMap>, map: SMap, a: readonly Arg[], rs: ResultSpec) => MapOutcome

/** A selection op (read, or remove on an existing map): the return type comes first. */
function selecting(multi: boolean, select: Select): Handler {
  return (env, a) => select(env, env.container!, a, ResultSpec.of(a[0] as bigint, multi))
}

const selectKey: Select = (env, m, a, rs) => byKeyInterval(env, m, val(a, 1), undefined, true, rs)
const selectKeyInterval: Select = (env, m, a, rs) =>
  byKeyInterval(env, m, val(a, 1), a.length > 2 ? val(a, 2) : undefined, false, rs)
const selectIndex: Select = (env, m, a, rs) => byIndexRange(env, m, num(a, 1), rs.multi ? cnt(a, 2) : 1, rs)
const selectRank: Select = (env, m, a, rs) => byRankRange(env, m, num(a, 1), rs.multi ? cnt(a, 2) : 1, rs)
const selectValue: Select = (env, m, a, rs) => byValueInterval(env, m, val(a, 1), undefined, true, rs)
const selectValueInterval: Select = (env, m, a, rs) =>
  byValueInterval(env, m, val(a, 1), a.length > 2 ? val(a, 2) : undefined, false, rs)
const selectKeyList: Select = (env, m, a, rs) => byKeyList(env, m, val(a, 1), rs)
const selectValueList: Select = (env, m, a, rs) => byValueList(env, m, val(a, 1), rs)
const selectRelIndex: Select = (env, m, a, rs) => byRelIndexRange(env, m, val(a, 1), num(a, 2), cnt(a, 3), rs)
const selectRelRank: Select = (env, m, a, rs) => byRelRankRange(env, m, val(a, 1), num(a, 2), cnt(a, 3), rs)

const setType: Handler = (env, a) => {
  const t = creatingTarget(env, 0n)
  const flags = a[0] as bigint
  if ((flags & ~BigInt(MapOrder.KEY_VALUE_ORDERED | CDT_PERSIST_INDEX)) !== 0n)
    throw notApplicable(`invalid map flags ${flags}`)
  const map = t.map
  return finish(t, { write: new SMap(map.keys, map.values, Number(flags) & MapOrder.KEY_VALUE_ORDERED) })
}

const clearOp: Handler = (env) => ({ write: new SMap([], [], env.container!.flags) })

function putOp(attrAt: number, flagsAt: number | undefined, fixed: PutControl | undefined): Handler {
  return (env, a) => {
    const t = creatingTarget(env, big(a, attrAt, 0n))
    const ctl = fixed ?? control(Number(big(a, flagsAt!, 0n)))
    return finish(t, put(t, val(a, 0), val(a, 1), ctl, true))
  }
}

function putItemsOp(flagsAt: number | undefined, fixed: PutControl | undefined): Handler {
  return (env, a) => {
    const t = creatingTarget(env, big(a, 1, 0n))
    const ctl = fixed ?? control(Number(big(a, flagsAt!, 0n)))
    return finish(t, putItems(t, val(a, 0), ctl))
  }
}

const replaceItems: Handler = (env, a) =>
  putItems({ map: env.container!, fresh: false, sticky: false }, val(a, 0), REPLACE_CONTROL)

function incrementOp(negate: boolean): Handler {
  return (env, a) => {
    const t = creatingTarget(env, big(a, 2, 0n))
    return finish(t, increment(t, val(a, 0), a.length > 1 ? val(a, 1) : undefined, negate))
  }
}

const NOOP = WhenMissing.NOOP

/** Every map op: argument kinds, whether it modifies, what happens without a map, and its handler. */
export const MAP_OPS: ReadonlyMap<number, OpEntry<SMap>> = new Map<number, OpEntry<SMap>>([
  [MapOp.SET_TYPE, entry(true, 0, [F], setType)],
  [MapOp.ADD, entry(true, 1, [S, S, F], putOp(2, undefined, ADD_CONTROL))],
  [MapOp.ADD_ITEMS, entry(true, 1, [S, F], putItemsOp(undefined, ADD_CONTROL))],
  [MapOp.PUT, entry(true, 2, [S, S, F, F], putOp(2, 3, undefined))],
  [MapOp.PUT_ITEMS, entry(true, 2, [S, F, F], putItemsOp(2, undefined))],
  [MapOp.REPLACE, entry(true, 0, [S, S], putOp(2, undefined, REPLACE_CONTROL))],
  [MapOp.REPLACE_ITEMS, entry(true, 0, [S], replaceItems, WhenMissing.NOT_FOUND)],
  [MapOp.INCREMENT, entry(true, 2, [P, P, F], incrementOp(false))],
  [MapOp.DECREMENT, entry(true, 2, [P, P, F], incrementOp(true))],
  [MapOp.CLEAR, entry(true, 0, [], clearOp, NOOP)],
  [MapOp.REMOVE_BY_KEY, entry(true, 0, [I, P], selecting(false, selectKey), NOOP)],
  [MapOp.REMOVE_BY_INDEX, entry(true, 0, [I, I], selecting(false, selectIndex), NOOP)],
  [MapOp.REMOVE_BY_VALUE, entry(true, 0, [I, P], selecting(false, selectValue), NOOP)],
  [MapOp.REMOVE_BY_RANK, entry(true, 0, [I, I], selecting(false, selectRank), NOOP)],
  [MapOp.REMOVE_BY_KEY_LIST, entry(true, 0, [I, P], selecting(true, selectKeyList), NOOP)],
  [MapOp.REMOVE_ALL_BY_VALUE, entry(true, 0, [I, P], selecting(true, selectValue), NOOP)],
  [MapOp.REMOVE_BY_VALUE_LIST, entry(true, 0, [I, P], selecting(true, selectValueList), NOOP)],
  [MapOp.REMOVE_BY_KEY_INTERVAL, entry(true, 1, [I, P, P], selecting(true, selectKeyInterval), NOOP)],
  [MapOp.REMOVE_BY_INDEX_RANGE, entry(true, 1, [I, I, C], selecting(true, selectIndex), NOOP)],
  [MapOp.REMOVE_BY_VALUE_INTERVAL, entry(true, 1, [I, P, P], selecting(true, selectValueInterval), NOOP)],
  [MapOp.REMOVE_BY_RANK_RANGE, entry(true, 1, [I, I, C], selecting(true, selectRank), NOOP)],
  [MapOp.REMOVE_BY_KEY_REL_INDEX_RANGE, entry(true, 1, [I, P, I, C], selecting(true, selectRelIndex), NOOP)],
  [MapOp.REMOVE_BY_VALUE_REL_RANK_RANGE, entry(true, 1, [I, P, I, C], selecting(true, selectRelRank), NOOP)],
  [MapOp.SIZE, entry(false, 0, [], (env) => ({ result: BigInt(env.container!.size) }))],
  [MapOp.GET_BY_KEY, entry(false, 0, [I, P], selecting(false, selectKey))],
  [MapOp.GET_BY_INDEX, entry(false, 0, [I, I], selecting(false, selectIndex))],
  [MapOp.GET_BY_VALUE, entry(false, 0, [I, P], selecting(false, selectValue))],
  [MapOp.GET_BY_RANK, entry(false, 0, [I, I], selecting(false, selectRank))],
  [MapOp.GET_ALL_BY_VALUE, entry(false, 0, [I, P], selecting(true, selectValue))],
  [MapOp.GET_BY_KEY_INTERVAL, entry(false, 1, [I, P, P], selecting(true, selectKeyInterval))],
  [MapOp.GET_BY_INDEX_RANGE, entry(false, 1, [I, I, C], selecting(true, selectIndex))],
  [MapOp.GET_BY_VALUE_INTERVAL, entry(false, 1, [I, P, P], selecting(true, selectValueInterval))],
  [MapOp.GET_BY_RANK_RANGE, entry(false, 1, [I, I, C], selecting(true, selectRank))],
  [MapOp.GET_BY_KEY_LIST, entry(false, 0, [I, P], selecting(true, selectKeyList))],
  [MapOp.GET_BY_VALUE_LIST, entry(false, 0, [I, P], selecting(true, selectValueList))],
  [MapOp.GET_BY_KEY_REL_INDEX_RANGE, entry(false, 1, [I, P, I, C], selecting(true, selectRelIndex))],
  [MapOp.GET_BY_VALUE_REL_RANK_RANGE, entry(false, 1, [I, P, I, C], selecting(true, selectRelRank))],
])
