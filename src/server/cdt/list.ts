/** List operations of the CDT evaluator: every list op code with the server's exact semantics. */
import {
  CDT_PERSIST_INDEX,
  CdtReturnType,
  ListOp,
  ListOrder,
  ListSortFlag,
  ListWriteFlag,
} from '../../protocol/cdt-codes.js'
import { compareValues, SList, type SValue } from '../value.js'
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
import { findInOrder, heapOrderSelection, heapSelect, sortedIndexes } from './order.js'
import { type Arg, ArgKind, type ArgKindValue, countOf, indexOf } from './params.js'
import { fromEnd, invertedRange, relativeRange, resolveRange } from './range.js'
import {
  complement,
  indexListResult,
  indexRankCountResult,
  intList,
  intRange,
  notFoundResult,
  ResultSpec,
  rangeResult,
} from './result.js'
import { nils, toStorage } from './storage.js'

type ListOutcome = Outcome<SList>

const INT32_MAX = 0x7fff_ffff

/** A list whose elements are compared with the server's order. */
function cmpItems(items: readonly SValue[]): (i: number, j: number) => number {
  return (i, j) => compareValues(items[i]!, items[j]!)
}

function isOrdered(list: SList): boolean {
  return (list.flags & ListOrder.ORDERED) !== 0
}

/** Flags a list op may create a list with: invalid ones fall back to unordered, the persisted index is dropped. */
function createFlags(flags: bigint): number {
  if ((flags & ~BigInt(ListOrder.ORDERED | CDT_PERSIST_INDEX)) !== 0n) return 0
  return Number(flags) & ListOrder.ORDERED
}

/** Number of elements strictly below `v`: the rank an unordered list gives a value. */
function rankOf(items: readonly SValue[], v: SValue): number {
  let rank = 0
  for (const e of items) if (compareValues(e, v) < 0) rank++
  return rank
}

/** Ranks of many stored elements in O(log n) each, after one sort. */
function ranker(items: readonly SValue[]): (v: SValue) => number {
  const sorted = [...items].sort(compareValues)
  return (v) => findInOrder(sorted.length, 0, sorted.length, 0, (i) => compareValues(v, sorted[i]!)).result
}

/** Membership of stored values in a list, in O(log n) each after one sort. */
function membership(items: readonly SValue[]): (v: SValue) => boolean {
  const sorted = [...items].sort(compareValues)
  return (v) => findInOrder(sorted.length, 0, sorted.length, 0, (i) => compareValues(v, sorted[i]!)).found
}

/** For each value, whether an earlier value equals it (one stable sort). */
function repeatsEarlier(values: readonly SValue[]): boolean[] {
  const out = new Array<boolean>(values.length).fill(false)
  const order = sortedIndexes(values.length, (a, b) => compareValues(values[a]!, values[b]!))
  for (let k = 1; k < order.length; k++) {
    if (compareValues(values[order[k - 1]!]!, values[order[k]!]!) === 0) out[order[k]!] = true
  }
  return out
}

/** Appends `src` to `out` without spreading it into call arguments (lists can be huge). */
function appendAll<T>(out: T[], src: readonly T[]): void {
  for (const v of src) out.push(v)
}

/** The list an op works on, and whether it is a fresh empty one that the op brings into existence. */
interface Target {
  readonly list: SList
  /** The namespace's largest record (bounds nil padding). */
  readonly maxBytes: number
  /** True when the list does not exist yet (missing bin or create context). */
  readonly fresh: boolean
  /** True when a missing top-level bin becomes this list even if the op changes nothing. */
  readonly sticky: boolean
}

/** The target of a creating op (append, insert, set, increment, set-type). */
function creatingTarget(env: OpEnv<SList>, flags: bigint): Target {
  if (env.container) return { list: env.container, fresh: false, sticky: false, maxBytes: env.maxBytes }
  return {
    list: new SList([], createFlags(flags)),
    fresh: true,
    sticky: !env.created,
    maxBytes: env.maxBytes,
  }
}

/** The write that brings a fresh list into existence when the op itself changed nothing. */
function materialize(t: Target): SList | undefined {
  return t.fresh ? new SList([], t.list.flags) : undefined
}

/** Finishes a creating op: a sticky target is written even when the op did nothing. */
function finish(t: Target, out: ListOutcome): ListOutcome {
  if (out.write === undefined && t.sticky) out.write = t.list
  return out
}

/** Ordered lookup of the first element equal to `v` and the count of equal ones (ranked, sorted list). */
function orderedRange(
  items: readonly SValue[],
  start: SValue,
  end: SValue | undefined,
  single: boolean,
  multi: boolean,
): { rank: number; count: number } {
  const n = items.length
  const lower = findInOrder(n, 0, n, 0, (i) => compareValues(start, items[i]!))
  const rank = lower.result
  if (single) {
    if (!lower.found) return { rank, count: 0 }
    if (!multi) return { rank, count: 1 }
    const upper = findInOrder(n, rank + 1, n - rank - 1, n, (i) => compareValues(start, items[i]!))
    return { rank, count: upper.found ? upper.result - rank : 1 }
  }
  if (end === undefined) return { rank, count: n - rank }
  if (compareValues(start, end) >= 0) return { rank, count: 0 }
  const e = findInOrder(n, rank, n - rank, 0, (i) => compareValues(end, items[i]!))
  return { rank, count: e.result - rank }
}

/** Where `v` goes in an ordered list (any position among equal elements). */
function orderedInsertAt(items: readonly SValue[], v: SValue): { at: number; found: boolean } {
  const f = findInOrder(items.length, 0, items.length, items.length + 1, (i) => compareValues(v, items[i]!))
  return { at: f.result, found: f.found }
}

/** The empty list an op leaves behind when it removes everything (order flag kept). */
function emptied(ordered: boolean): SList {
  return new SList([], ordered ? ListOrder.ORDERED : 0)
}

function withoutIndexes(list: SList, remove: readonly number[]): SList {
  const drop = new Set(remove)
  return new SList(
    list.items.filter((_, i) => !drop.has(i)),
    list.flags,
  )
}

// ---------------------------------------------------------------------------
// Selection by index range (packed_list_get_remove_by_index_range).

function trim(env: OpEnv<SList>, list: SList, index: number, count: number, rs: ResultSpec): ListOutcome {
  const n = list.items.length
  const items = list.items
  const rmCount = n - count
  const end = index + count
  const out: ListOutcome = {}
  if (env.modify) out.write = new SList(items.slice(index, end), list.flags)
  const rev = rs.isReverse
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(rmCount)
      break
    case CdtReturnType.EXISTS:
      out.result = rmCount !== 0
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = intList([...intRange(0, index, n, rev), ...intRange(end, n - end, n, rev)])
      break
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK: {
      if (isOrdered(list)) {
        out.result = intList([...intRange(0, index, n, rev), ...intRange(end, rmCount - index, n, rev)])
        break
      }
      const outside = [...items.slice(0, index), ...items.slice(end)]
      const rankIn = ranker(items)
      out.result = intList(
        outside.map((v) => {
          const r = rankIn(v)
          return rev ? n - r - 1 : r
        }),
      )
      break
    }
    case CdtReturnType.VALUE:
      out.result = new SList([...items.slice(0, index), ...items.slice(end)])
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported by trim`)
  }
  return out
}

function byIndexRange(
  env: OpEnv<SList>,
  list: SList,
  index: number,
  count: number,
  rs: ResultSpec,
): ListOutcome {
  const n = list.items.length
  const r = resolveRange(index, count, n, rs.multi)
  if (!r) throw notApplicable(`index ${index} out of bounds for ${n} elements`)
  let span = r
  if (rs.inverted) {
    if (!rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
    if (rs.isIndexRange || rs.isRankRange)
      throw notApplicable(`return type ${rs.type} not supported with INVERTED`)
    rs.inverted = false
    const whole = invertedRange(r, n)
    if (!whole) return trim(env, list, r.index, r.count, rs)
    span = whole
  }
  const { index: start, count: cnt } = span
  if (cnt === 0) return { result: listNotFound(rs, start) }
  const items = list.items
  const removed = items.slice(start, start + cnt)
  const remaining = n - cnt
  const out: ListOutcome = {}
  if (env.modify) {
    out.write =
      remaining === 0
        ? emptied(isOrdered(list))
        : new SList([...items.slice(0, start), ...items.slice(start + cnt)], list.flags)
  }
  const rev = rs.isReverse
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = indexRankCountResult(rs, start, cnt, n)
      break
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK: {
      if (remaining === 0) {
        out.result = indexRankCountResult(rs, 0, cnt, n)
        break
      }
      if (!rs.multi) {
        const rank = isOrdered(list) ? start : rankOf(items, removed[0]!)
        out.result = BigInt(rev ? n - rank - 1 : rank)
        break
      }
      const rankIn = isOrdered(list) ? undefined : ranker(items)
      out.result = rankIn
        ? intList(
            removed.map((v) => {
              const rank = rankIn(v)
              return rev ? n - rank - 1 : rank
            }),
          )
        : intList(intRange(start, cnt, n, rev))
      break
    }
    case CdtReturnType.COUNT:
      out.result = BigInt(cnt)
      break
    case CdtReturnType.EXISTS:
      out.result = cnt !== 0
      break
    case CdtReturnType.VALUE:
      out.result = rs.multi ? new SList(removed) : removed[0]
      break
    case CdtReturnType.INDEX_RANGE:
    case CdtReturnType.REVERSE_INDEX_RANGE:
      out.result = intList([rs.type === CdtReturnType.REVERSE_INDEX_RANGE ? n - start - cnt : start, cnt])
      break
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      if (isOrdered(list)) {
        out.result = rangeResult(rs, start, cnt, n)
        break
      }
      throw notApplicable(`return type ${rs.type} not supported on unordered lists`)
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

/** Not-found result of a list selection: map-only return types are refused. */
function listNotFound(rs: ResultSpec, index: number): SValue | undefined {
  switch (rs.type) {
    case CdtReturnType.KEY:
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
      throw notApplicable(`return type ${rs.type} is for maps`)
    default:
      return notFoundResult(rs, index)
  }
}

// ---------------------------------------------------------------------------
// Selection by value interval (packed_list_get_remove_by_value_interval).

function byValueInterval(
  env: OpEnv<SList>,
  list: SList,
  start: SValue,
  end: SValue | undefined,
  single: boolean,
  rs: ResultSpec,
): ListOutcome {
  const inverted = rs.inverted
  if (inverted && !rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
  const items = list.items
  const n = items.length
  if (isOrdered(list)) {
    const { rank, count } = orderedRange(items, start, end, single, rs.multi)
    if (count === 0 && !rs.multi) return { result: listNotFound(rs, 0) }
    return byIndexRange(env, list, rank, count, rs)
  }
  let rank = 0
  const selected: number[] = []
  let first = -1
  for (let i = 0; i < n; i++) {
    const cs = compareValues(items[i]!, start)
    if (cs < 0) {
      rank++
      if (inverted) selected.push(i)
    } else if (!single) {
      const ce = end === undefined ? -1 : compareValues(items[i]!, end)
      if ((ce < 0 && !inverted) || (ce >= 0 && inverted)) selected.push(i)
    } else if (cs === 0) {
      if (rs.multi) {
        if (!inverted) selected.push(i)
      } else if (first < 0) first = i
    } else if (inverted && rs.multi) selected.push(i)
  }
  if (!rs.multi && first >= 0) selected.push(first)
  const rmCount = selected.length
  const out: ListOutcome = {}
  if (env.modify && rmCount !== 0) out.write = rmCount === n ? emptied(false) : withoutIndexes(list, selected)
  switch (rs.type) {
    case CdtReturnType.NONE:
    case CdtReturnType.COUNT:
    case CdtReturnType.EXISTS:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      out.result = rangeResult(rs, rank, inverted ? n - rmCount : rmCount, n)
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = rs.multi
        ? indexListResult(rs, selected, n)
        : indexRankCountResult(rs, selected[0] ?? 0, rmCount, n)
      break
    case CdtReturnType.VALUE:
      out.result = rs.multi
        ? new SList(selected.map((i) => items[i]!))
        : rmCount
          ? items[selected[0]!]
          : undefined
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

// ---------------------------------------------------------------------------
// Selection by rank range (packed_list_get_remove_by_rank_range).

function byRankRange(
  env: OpEnv<SList>,
  list: SList,
  rank: number,
  count: number,
  rs: ResultSpec,
): ListOutcome {
  const inverted = rs.inverted
  if (inverted && !rs.multi) throw notApplicable('INVERTED is not supported for single element selections')
  if (isOrdered(list)) return byIndexRange(env, list, rank, count, rs)
  const items = list.items
  const n = items.length
  const r = resolveRange(rank, count, n, rs.multi)
  if (!r) throw notApplicable(`rank ${rank} out of bounds for ${n} elements`)
  const sel = heapSelect(n, r.index, r.count, cmpItems(items))
  const rmCount = inverted ? n - r.count : r.count
  if (rmCount === 0) return { result: listNotFound(rs, r.index) }
  if (inverted && rs.isRankRange) throw notApplicable(`return type ${rs.type} not supported with INVERTED`)
  const chosen = heapOrderSelection(sel, r.count)
  const ascending = [...chosen].sort((a, b) => a - b)
  const mask = inverted ? complement(ascending, n) : ascending
  const out: ListOutcome = {}
  if (env.modify) out.write = withoutIndexes(list, mask)
  switch (rs.type) {
    case CdtReturnType.NONE:
    case CdtReturnType.COUNT:
    case CdtReturnType.EXISTS:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      out.result = rangeResult(rs, r.index, r.count, n)
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = indexListResult(rs, mask, n)
      break
    case CdtReturnType.VALUE: {
      const order = inverted ? mask : chosen
      out.result = rs.multi ? new SList(order.map((i) => items[i]!)) : items[order[0]!]
      break
    }
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

// ---------------------------------------------------------------------------
// Selection by a list of values (packed_list_get_remove_all_by_value_list).

function byValueList(env: OpEnv<SList>, list: SList, valueList: SValue, rs: ResultSpec): ListOutcome {
  if (rs.isRankRange || rs.isIndexRange) throw notApplicable(`return type ${rs.type} not supported`)
  if (!(valueList instanceof SList)) throw paramError('value list must be a list')
  const values = valueList.items
  const items = list.items
  const n = items.length
  const inverted = rs.inverted
  if (values.length === 0) {
    if (!inverted) return { result: listNotFound(rs, 0) }
    rs.inverted = false
    return byIndexRange(env, list, 0, n, rs)
  }
  const rev = rs.isReverse
  if (isOrdered(list)) {
    const ranges = values.map((v) => orderedRange(items, v, v, true, true))
    const covered = new Set<number>()
    for (const { rank, count } of ranges) for (let i = rank; i < rank + count; i++) covered.add(i)
    let mask = [...covered].sort((a, b) => a - b)
    if (inverted) mask = complement(mask, n)
    const needMask =
      env.modify || rs.type === CdtReturnType.COUNT || (inverted && rs.type !== CdtReturnType.NONE)
    const rmCount = needMask ? mask.length : ranges.reduce((s, r) => s + r.count, 0)
    const out: ListOutcome = {}
    if (env.modify && rmCount !== 0) out.write = rmCount === n ? emptied(true) : withoutIndexes(list, mask)
    switch (rs.type) {
      case CdtReturnType.NONE:
        break
      case CdtReturnType.COUNT:
        out.result = BigInt(rmCount)
        break
      case CdtReturnType.EXISTS:
        out.result = rmCount !== 0
        break
      case CdtReturnType.INDEX:
      case CdtReturnType.REVERSE_INDEX:
      case CdtReturnType.RANK:
      case CdtReturnType.REVERSE_RANK:
        out.result = inverted
          ? indexListResult(rs, mask, n)
          : intList(ranges.flatMap(({ rank, count }) => intRange(rank, count, n, rev)))
        break
      case CdtReturnType.VALUE:
        out.result = inverted
          ? new SList(mask.map((i) => items[i]!))
          : new SList(ranges.flatMap(({ rank, count }) => items.slice(rank, rank + count)))
        break
      default:
        throw notApplicable(`return type ${rs.type} not supported`)
    }
    return out
  }
  const order = sortedIndexes(values.length, cmpItems(values))
  const sortedValues = order.map((i) => values[i]!)
  const selected: number[] = []
  // Per value-list entry (by position in `order`): rank of the value and how many elements equal it.
  const ranks = new Array<number>(order.length).fill(0)
  const counts = new Array<number>(order.length).fill(0)
  for (let i = 0; i < n; i++) {
    const f = findInOrder(order.length, 0, order.length, order.length, (k) =>
      compareValues(items[i]!, sortedValues[k]!),
    )
    if (f.found) counts[f.result - 1]!++
    if (f.result !== order.length) ranks[f.result]!++
    if (f.found !== inverted) selected.push(i)
  }
  for (let k = 1; k < order.length; k++) ranks[k] = ranks[k - 1]! + ranks[k]!
  const rmCount = selected.length
  const out: ListOutcome = {}
  if (env.modify && rmCount !== 0) out.write = rmCount === n ? emptied(false) : withoutIndexes(list, selected)
  switch (rs.type) {
    case CdtReturnType.NONE:
      break
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
      out.result = indexListResult(rs, selected, n)
      break
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      out.result = intList(valueListRanks(order, ranks, counts, n, inverted, rev))
      break
    case CdtReturnType.COUNT:
      out.result = BigInt(rmCount)
      break
    case CdtReturnType.EXISTS:
      out.result = rmCount !== 0
      break
    case CdtReturnType.VALUE:
      out.result = new SList(selected.map((i) => items[i]!))
      break
    default:
      throw notApplicable(`return type ${rs.type} not supported`)
  }
  return out
}

/**
 * Ranks selected by a value list (result_data_set_by_itemlist_irc): per value
 * in request order the ranks of its equal elements; inverted, the ranks that
 * fall between the matched runs.
 */
export function valueListRanks(
  order: readonly number[],
  ranks: readonly number[],
  counts: readonly number[],
  n: number,
  inverted: boolean,
  rev: boolean,
): number[] {
  const out: number[] = []
  if (!inverted) {
    const posOf = new Array<number>(order.length)
    order.forEach((itemIdx, pos) => {
      posOf[itemIdx] = pos
    })
    for (let item = 0; item < order.length; item++) {
      const pos = posOf[item]!
      for (let j = 0; j < counts[pos]!; j++) appendAll(out, intRange(ranks[pos]! + j, 1, n, rev))
    }
    return out
  }
  let prev = 0
  for (let pos = 0; pos < order.length; pos++) {
    if (counts[pos] === 0) continue
    appendAll(out, intRange(prev, ranks[pos]! - prev, n, rev))
    prev = ranks[pos]! + counts[pos]!
  }
  appendAll(out, intRange(prev, n - prev, n, rev))
  return out
}

function byRelRankRange(
  env: OpEnv<SList>,
  list: SList,
  value: SValue,
  rank: number,
  count: number,
  rs: ResultSpec,
): ListOutcome {
  const items = list.items
  const rel = isOrdered(list) ? orderedRange(items, value, value, true, rs.multi).rank : rankOf(items, value)
  const r = relativeRange(rank, count, rel)
  return isOrdered(list)
    ? byIndexRange(env, list, r.index, r.count, rs)
    : byRankRange(env, list, r.index, r.count, rs)
}

// ---------------------------------------------------------------------------
// Writes.

function exists(flags: number, size: number): ListOutcome {
  if (flags & ListWriteFlag.NO_FAIL) return { result: BigInt(size) }
  throw new CdtError(CdtResultCode.ELEMENT_EXISTS, 'element already exists (ADD_UNIQUE)')
}

function doPartial(flags: number): boolean {
  return (
    (flags & (ListWriteFlag.NO_FAIL | ListWriteFlag.PARTIAL)) ===
    (ListWriteFlag.NO_FAIL | ListWriteFlag.PARTIAL)
  )
}

/** Insert (packed_list_insert): items go in at `index`, past the end padded with nils. */
function insertItems(
  t: Target,
  index: number,
  values: readonly SValue[],
  fromList: boolean,
  flags: number,
  setResult: boolean,
): ListOutcome {
  const list = t.list
  const items = list.items
  const n = items.length
  const res = (v: number): ListOutcome => (setResult ? { result: BigInt(v) } : {})
  if (fromList && values.length === 0) return { ...res(n), write: materialize(t) }
  const at = fromEnd(index, n)
  if (index > INT32_MAX || at < 0) throw notApplicable(`index ${index} out of bounds for ${n} elements`)
  if (flags & ListWriteFlag.INSERT_BOUNDED && at > n) {
    if (flags & ListWriteFlag.NO_FAIL) return res(n)
    throw notApplicable(`index ${index} is past the end of ${n} elements (INSERT_BOUNDED)`)
  }
  let toAdd = values
  if (flags & ListWriteFlag.ADD_UNIQUE) {
    const inList = membership(items)
    if (fromList) {
      const keep: SValue[] = []
      const repeats = repeatsEarlier(values)
      let dropped = 0
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!
        if (!inList(v)) {
          if (repeats[i]) {
            if (!(flags & ListWriteFlag.NO_FAIL)) throw notApplicable('ADD_UNIQUE items repeat a value')
            if (!doPartial(flags)) return res(n)
            dropped++
          } else keep.push(v)
        } else if (doPartial(flags)) dropped++
        else return setResult ? exists(flags, n) : existsNoResult(flags)
      }
      if (dropped === values.length) return setResult ? exists(flags, n) : existsNoResult(flags)
      toAdd = keep
    } else if (inList(values[0]!)) {
      return setResult ? exists(flags, n) : existsNoResult(flags)
    }
  }
  const pad = at > n ? nils(t.maxBytes, at - n) : []
  const next = [...items.slice(0, at), ...pad, ...toAdd, ...items.slice(at)]
  return { ...res(next.length), write: new SList(next, list.flags) }
}

function existsNoResult(flags: number): ListOutcome {
  exists(flags, 0)
  return {}
}

function addOrdered(t: Target, value: SValue, flags: number): ListOutcome {
  const items = t.list.items
  const { at, found } = orderedInsertAt(items, value)
  if (found && flags & ListWriteFlag.ADD_UNIQUE) return exists(flags, items.length)
  return insertItems(t, at, [value], false, 0, true)
}

function addItemsOrdered(t: Target, values: readonly SValue[], flags: number): ListOutcome {
  const list = t.list
  const items = list.items
  const n = items.length
  if (values.length === 0) return { result: BigInt(n), write: materialize(t) }
  const unique = (flags & ListWriteFlag.ADD_UNIQUE) !== 0
  let sorted = sortedIndexes(values.length, cmpItems(values)).map((i) => values[i]!)
  if (unique) {
    const dedup = sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1]!, v) !== 0)
    if (dedup.length !== sorted.length) {
      if (!(flags & ListWriteFlag.NO_FAIL)) throw notApplicable('ADD_UNIQUE items repeat a value')
      if (!doPartial(flags)) return { result: BigInt(n) }
    }
    sorted = dedup
  }
  const inserts: Array<{ at: number; v: SValue }> = []
  for (const v of sorted) {
    const { at, found } = orderedInsertAt(items, v)
    if (unique && found) {
      if (doPartial(flags)) continue
      return exists(flags, n)
    }
    inserts.push({ at, v })
  }
  const next: SValue[] = []
  let from = 0
  for (const { at, v } of inserts) {
    if (at > from) {
      appendAll(next, items.slice(from, at))
      from = at
    }
    next.push(v)
  }
  appendAll(next, items.slice(from))
  return { result: BigInt(next.length), write: new SList(next, list.flags) }
}

function replaceOrdered(t: Target, index: number, value: SValue, flags: number): ListOutcome {
  const items = t.list.items
  const n = items.length
  const { rank, count } = orderedRange(items, value, value, true, false)
  if (index > n) throw notApplicable(`index ${index} is past the end of an ordered list`)
  if (flags & ListWriteFlag.ADD_UNIQUE && count !== 0) {
    if (rank === index) return {}
    return existsNoResult(flags)
  }
  const rest = [...items.slice(0, index), ...items.slice(index + 1)]
  const at = rank <= index ? rank : rank - 1
  rest.splice(at, 0, value)
  return { write: new SList(rest, t.list.flags) }
}

function setAt(t: Target, index: number, value: SValue, flags: number): ListOutcome {
  const list = t.list
  if (isOrdered(list)) throw notApplicable('set is not allowed on an ordered list')
  const items = list.items
  const n = items.length
  if (index >= n) return insertItems(t, index, [value], false, flags, false)
  const at = fromEnd(index, n)
  if (at < 0) throw notApplicable(`index ${index} out of bounds for ${n} elements`)
  if (flags & ListWriteFlag.ADD_UNIQUE) {
    const first = items.findIndex((e) => compareValues(e, value) === 0)
    if (first >= 0) {
      if (first !== at) return existsNoResult(flags)
      if (items.filter((e) => compareValues(e, value) === 0).length > 1) return existsNoResult(flags)
    }
  }
  const next = [...items]
  next[at] = value
  return { write: new SList(next, list.flags) }
}

// ---------------------------------------------------------------------------
// The op table.

type Handler = OpHandler<SList>
type ListOpEntry = OpEntry<SList>

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
): ListOpEntry {
  return { modify, optional, args, run, whenMissing }
}

const big = (a: readonly Arg[], i: number, dflt: bigint): bigint => (i < a.length ? (a[i] as bigint) : dflt)
const num = (a: readonly Arg[], i: number): number => indexOf(a[i] as bigint)
const cnt = (a: readonly Arg[], i: number): number => (i < a.length ? countOf(a[i] as bigint) : 0xffff_ffff)
const val = (a: readonly Arg[], i: number): SValue => a[i] as SValue

/** pop/remove (single or range): a fixed return type, a no-op on a missing list. */
function removeOp(single: boolean, type: number): Handler {
  return (env, a) =>
    byIndexRange(env, env.container!, num(a, 0), single ? 1 : cnt(a, 1), new ResultSpec(type, false, !single))
}

type Select = (env: OpEnv<SList>, list: SList, a: readonly Arg[], rs: ResultSpec) => ListOutcome

/** A selection op (read, or remove on an existing list): the return type comes first. */
function selecting(multi: boolean, select: Select): Handler {
  return (env, a) => select(env, env.container!, a, ResultSpec.of(a[0] as bigint, multi))
}

const selectIndex: Select = (env, l, a, rs) => byIndexRange(env, l, num(a, 1), rs.multi ? cnt(a, 2) : 1, rs)
const selectRank: Select = (env, l, a, rs) => byRankRange(env, l, num(a, 1), rs.multi ? cnt(a, 2) : 1, rs)
const selectValue: Select = (env, l, a, rs) => byValueInterval(env, l, val(a, 1), undefined, true, rs)
const selectInterval: Select = (env, l, a, rs) =>
  byValueInterval(env, l, val(a, 1), a.length > 2 ? val(a, 2) : undefined, false, rs)
const selectValueList: Select = (env, l, a, rs) => byValueList(env, l, val(a, 1), rs)
const selectRelRank: Select = (env, l, a, rs) => byRelRankRange(env, l, val(a, 1), num(a, 2), cnt(a, 3), rs)

function storageValue(v: SValue, asList: boolean): SValue {
  const s = toStorage(v)
  if (asList && !(s instanceof SList)) throw paramError('items must be a list')
  return s
}

function appendOp(asList: boolean): Handler {
  return (env, a) => {
    const value = storageValue(val(a, 0), asList)
    const t = creatingTarget(env, big(a, 1, 0n))
    const flags = Number(big(a, 2, 0n))
    if (isOrdered(t.list)) {
      return finish(
        t,
        asList ? addItemsOrdered(t, (value as SList).items, flags) : addOrdered(t, value, flags),
      )
    }
    const values = asList ? (value as SList).items : [value]
    return finish(t, insertItems(t, t.list.items.length, values, asList, flags, true))
  }
}

function insertOp(asList: boolean): Handler {
  return (env, a) => {
    const value = storageValue(val(a, 1), asList)
    const t = creatingTarget(env, 0n)
    if (isOrdered(t.list)) throw notApplicable('insert is not allowed on an ordered list')
    const values = asList ? (value as SList).items : [value]
    return finish(t, insertItems(t, num(a, 0), values, asList, Number(big(a, 2, 0n)), true))
  }
}

const setType: Handler = (env, a) => {
  const t = creatingTarget(env, 0n)
  const flags = a[0] as bigint
  if ((flags & ~BigInt(ListOrder.ORDERED | CDT_PERSIST_INDEX)) !== 0n)
    throw notApplicable(`invalid list flags ${flags}`)
  const next = Number(flags) & ListOrder.ORDERED
  const list = t.list
  if (next === list.flags) return finish(t, { write: materialize(t) })
  const reorder = next & ListOrder.ORDERED && !isOrdered(list) && list.items.length > 1
  const items = reorder
    ? sortedIndexes(list.items.length, cmpItems(list.items)).map((i) => list.items[i]!)
    : list.items
  return finish(t, { write: new SList(items, next) })
}

const setOp: Handler = (env, a) => {
  const value = toStorage(val(a, 1))
  const t = creatingTarget(env, 0n)
  return finish(t, setAt(t, num(a, 0), value, Number(big(a, 2, 0n))))
}

const incrementOp: Handler = (env, a) => {
  const t = creatingTarget(env, big(a, 2, 0n))
  const flags = Number(big(a, 3, 0n))
  const items = t.list.items
  const n = items.length
  const index = num(a, 0)
  const at = fromEnd(index, n)
  if (index > INT32_MAX || at < 0) throw notApplicable(`index ${index} out of bounds for ${n} elements`)
  const delta = parseDelta(a.length > 1 ? val(a, 1) : undefined, false)
  const value = applyDelta(at < n ? items[at] : undefined, delta)
  const out = isOrdered(t.list) ? replaceOrdered(t, at, value, flags) : setAt(t, at, value, flags)
  return finish(t, { ...out, result: value })
}

const sortOp: Handler = (env, a) => {
  const list = env.container
  if (!list) return {}
  const items = list.items
  const n = items.length
  if (n <= 1) return {}
  const flags = Number(big(a, 0, 0n))
  const order = isOrdered(list)
    ? items.map((_, i) => i)
    : sortedIndexes(n, cmpItems(items), (flags & ListSortFlag.DESCENDING) !== 0)
  let sorted: SValue[] = order.map((i) => items[i] as SValue)
  if (flags & ListSortFlag.DROP_DUPLICATES) {
    const kept: SValue[] = [sorted[0]!]
    for (let i = 1; i < n; i++) {
      const c = compareValues(sorted[i - 1]!, sorted[i]!)
      if (c > 0) throw paramError('cannot drop duplicates of a list sorted descending')
      if (c < 0) kept.push(sorted[i]!)
    }
    sorted = kept
  }
  return { write: new SList(sorted, list.flags) }
}

const clearOp: Handler = (env) => ({ write: emptied(isOrdered(env.container!)) })

const trimOp: Handler = (env, a) =>
  byIndexRange(env, env.container!, num(a, 0), cnt(a, 1), new ResultSpec(CdtReturnType.COUNT, true, true))

const NOOP = WhenMissing.NOOP

/** Every list op: argument kinds, whether it modifies, what happens without a list, and its handler. */
export const LIST_OPS: ReadonlyMap<number, ListOpEntry> = new Map<number, ListOpEntry>([
  [ListOp.SET_TYPE, entry(true, 0, [F], setType)],
  [ListOp.APPEND, entry(true, 2, [S, F, F], appendOp(false))],
  [ListOp.APPEND_ITEMS, entry(true, 2, [S, F, F], appendOp(true))],
  [ListOp.INSERT, entry(true, 1, [I, S, F], insertOp(false))],
  [ListOp.INSERT_ITEMS, entry(true, 1, [I, S, F], insertOp(true))],
  [ListOp.POP, entry(true, 0, [I], removeOp(true, CdtReturnType.VALUE), NOOP)],
  [ListOp.POP_RANGE, entry(true, 1, [I, C], removeOp(false, CdtReturnType.VALUE), NOOP)],
  [ListOp.REMOVE, entry(true, 0, [I], removeOp(true, CdtReturnType.COUNT), NOOP)],
  [ListOp.REMOVE_RANGE, entry(true, 1, [I, C], removeOp(false, CdtReturnType.COUNT), NOOP)],
  [ListOp.SET, entry(true, 1, [I, S, F], setOp)],
  [ListOp.TRIM, entry(true, 0, [I, C], trimOp, NOOP)],
  [ListOp.CLEAR, entry(true, 0, [], clearOp, NOOP)],
  [ListOp.INCREMENT, entry(true, 3, [I, P, F, F], incrementOp)],
  [ListOp.SORT, entry(true, 1, [F], sortOp, WhenMissing.NEED_BIN)],
  [ListOp.SIZE, entry(false, 0, [], (env) => ({ result: BigInt(env.container!.items.length) }))],
  [
    ListOp.GET,
    entry(false, 0, [I], (env, a) =>
      byIndexRange(env, env.container!, num(a, 0), 1, new ResultSpec(CdtReturnType.VALUE, false, false)),
    ),
  ],
  [
    ListOp.GET_RANGE,
    entry(false, 1, [I, C], (env, a) =>
      byIndexRange(
        env,
        env.container!,
        num(a, 0),
        cnt(a, 1),
        new ResultSpec(CdtReturnType.VALUE, false, true),
      ),
    ),
  ],
  [ListOp.GET_BY_INDEX, entry(false, 0, [F, I], selecting(false, selectIndex))],
  [ListOp.GET_BY_VALUE, entry(false, 0, [F, P], selecting(false, selectValue))],
  [ListOp.GET_BY_RANK, entry(false, 0, [F, I], selecting(false, selectRank))],
  [ListOp.GET_ALL_BY_VALUE, entry(false, 0, [F, P], selecting(true, selectValue))],
  [ListOp.GET_ALL_BY_VALUE_LIST, entry(false, 0, [F, P], selecting(true, selectValueList))],
  [ListOp.GET_BY_INDEX_RANGE, entry(false, 1, [F, I, C], selecting(true, selectIndex))],
  [ListOp.GET_BY_VALUE_INTERVAL, entry(false, 1, [F, P, P], selecting(true, selectInterval))],
  [ListOp.GET_BY_RANK_RANGE, entry(false, 1, [F, I, C], selecting(true, selectRank))],
  [ListOp.GET_BY_VALUE_REL_RANK_RANGE, entry(false, 1, [F, P, I, C], selecting(true, selectRelRank))],
  [ListOp.REMOVE_BY_INDEX, entry(true, 0, [F, I], selecting(false, selectIndex), NOOP)],
  [ListOp.REMOVE_BY_VALUE, entry(true, 0, [F, P], selecting(false, selectValue), NOOP)],
  [ListOp.REMOVE_BY_RANK, entry(true, 0, [F, I], selecting(false, selectRank), NOOP)],
  [ListOp.REMOVE_ALL_BY_VALUE, entry(true, 0, [F, P], selecting(true, selectValue), NOOP)],
  [ListOp.REMOVE_ALL_BY_VALUE_LIST, entry(true, 0, [F, P], selecting(true, selectValueList), NOOP)],
  [ListOp.REMOVE_BY_INDEX_RANGE, entry(true, 1, [F, I, C], selecting(true, selectIndex), NOOP)],
  [ListOp.REMOVE_BY_VALUE_INTERVAL, entry(true, 1, [F, P, P], selecting(true, selectInterval), NOOP)],
  [ListOp.REMOVE_BY_RANK_RANGE, entry(true, 1, [F, I, C], selecting(true, selectRank), NOOP)],
  [ListOp.REMOVE_BY_VALUE_REL_RANK_RANGE, entry(true, 1, [F, P, I, C], selecting(true, selectRelRank), NOOP)],
])
