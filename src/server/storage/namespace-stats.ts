/** Per-namespace counters the server reports in `namespace/<ns>` (the subset this server keeps live). */

/** Names of the counters kept live; every other statistic reports its idle value. */
export const COUNTER_NAMES = [
  'client_tsvc_error',
  'client_read_success',
  'client_read_error',
  'client_read_not_found',
  'client_read_filtered_out',
  'client_write_success',
  'client_write_error',
  'client_write_filtered_out',
  'client_delete_success',
  'client_delete_error',
  'client_delete_not_found',
  'client_delete_filtered_out',
  'read_touch_success',
  'read_touch_skip',
  'fail_key_busy',
  'fail_generation',
  'fail_record_too_big',
  'deleted_last_bin',
  'expired_objects',
  'ttl_reductions_applied',
] as const

/** One of the live counters. */
export type CounterName = (typeof COUNTER_NAMES)[number]

/** The live counters of one namespace, all starting at 0. */
export type NamespaceCounters = Record<CounterName, number>

/** A fresh set of counters. */
export function newCounters(): NamespaceCounters {
  const c = {} as NamespaceCounters
  for (const n of COUNTER_NAMES) c[n] = 0
  return c
}

/** Result codes as the stats count them. */
const OK = 0
const NOT_FOUND = 2
const FILTERED_OUT = 27

/** Counts a read's outcome. */
export function countRead(c: NamespaceCounters, result: number): void {
  if (result === OK) c.client_read_success++
  else if (result === NOT_FOUND) c.client_read_not_found++
  else if (result === FILTERED_OUT) c.client_read_filtered_out++
  else c.client_read_error++
}

/** Counts a write's outcome. */
export function countWrite(c: NamespaceCounters, result: number): void {
  if (result === OK) c.client_write_success++
  else if (result === FILTERED_OUT) c.client_write_filtered_out++
  else c.client_write_error++
}

/** Counts a delete's outcome. */
export function countDelete(c: NamespaceCounters, result: number): void {
  if (result === OK) c.client_delete_success++
  else if (result === NOT_FOUND) c.client_delete_not_found++
  else if (result === FILTERED_OUT) c.client_delete_filtered_out++
  else c.client_delete_error++
}
