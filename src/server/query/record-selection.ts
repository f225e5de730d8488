/** Which records a query-based job visits: a partition's candidates, the records in its scope and the index filter's test, and records-per-second pacing. */
import type { IndexEntry } from '../sindex/secondary-index.js'
import { Namespace } from '../storage/namespace.js'
import type { StoredRecord } from '../storage/record.js'
import { recordMatches } from './index-filter.js'
import type { QuerySpec } from './query-request.js'

/** Whether `r` is alive and of the job's set (any set when the job names none). */
export function inScope(spec: QuerySpec, r: StoredRecord, nowSeconds: number): boolean {
  if (Namespace.isExpired(r, nowSeconds)) return false
  return spec.setName === '' || r.setName === spec.setName
}

/** Whether `r` still matches the job's index filter (always, for a scan). */
export function matchesIndexFilter(spec: QuerySpec, r: StoredRecord): boolean {
  const index = spec.index
  return index === undefined || recordMatches(index.filter, index.index.definition, r)
}

/** A partition's digest keys in ascending order (what a scan walks). */
export function sortedDigests(spec: QuerySpec, pid: number): string[] {
  return [...spec.ns.partition(pid).keys()].sort()
}

/**
 * An index query's entries of partition `pid` in (key, digest) order, from
 * after `after` when resuming, with a set for the digests already visited
 * when the filter visits each record once (collection-index ranges).
 */
export function indexCandidates(
  index: NonNullable<QuerySpec['index']>,
  pid: number,
  after?: IndexEntry,
): { entries: IndexEntry[]; seen: Set<string> | undefined } {
  const { filter } = index
  return {
    entries: index.index.range(pid, filter.from, filter.to, after),
    seen: filter.dedupe ? new Set() : undefined,
  }
}

/** How long to wait before the next record under `rps` records per second (0 = no limit), having handled `records` since `startMs`; 0 = go on. */
export function paceWait(rps: number, startMs: number, records: number): number {
  if (rps === 0) return 0
  const due = startMs + (records * 1000) / rps
  return Math.max(0, Math.ceil(due - Date.now()))
}
