/** Policies: their shapes, defaults, validation and the merge of a per-call policy over the client's defaults. */
import {
  POLICY_COMMIT_LEVEL_ALL,
  POLICY_EXISTS_IGNORE,
  POLICY_GEN_IGNORE,
  POLICY_KEY_DIGEST,
  POLICY_READ_MODE_AP_ONE,
  POLICY_REPLICA_SEQUENCE,
} from './constants.js'
import { invalidArg } from './errors.js'
import { Expression } from './exp/expression.js'
import type { PartitionFilter } from './query/partition-filter.js'

/** A filter expression, built with `exp` (sent as field 43). */
export type FilterExpression = Expression

/** Fields every command policy has. */
export interface BasePolicy {
  /** Idle time allowed on the socket per attempt, ms; 0 = no limit. Default 30000. */
  socketTimeout?: number
  /** Time allowed for the whole command, retries included, ms; 0 = no limit. Default 1000. */
  totalTimeout?: number
  /** Retries after the first attempt. Default 2 for reads, 0 for writes. */
  maxRetries?: number
  /** Pause before each retry, ms. Default 0. */
  sleepBetweenRetries?: number
  /** Only apply the command to records the expression selects (else FilteredOut). */
  filterExpression?: FilterExpression | null
}

/** Policy of get, select and exists. */
export interface ReadPolicy extends BasePolicy {
  /** Which copy to read: POLICY_REPLICA_*. Default SEQUENCE. */
  replica?: number
  /** AP read mode: POLICY_READ_MODE_AP_*. Default ONE. */
  readModeAP?: number
  /** Reset the TTL when a read finds less than this percent left (1..100); 0 = server setting, -1 = never. */
  readTouchTtlPercent?: number
}

/** Policy of put, remove, touch, append, prepend, increment and removeBin. */
export interface WritePolicy extends BasePolicy {
  /** What to do with an existing or missing record: POLICY_EXISTS_*. Default IGNORE (upsert). */
  exists?: number
  /** Generation check against `meta.gen`: POLICY_GEN_*. Default IGNORE. */
  gen?: number
  /** POLICY_KEY_DIGEST (default) or POLICY_KEY_SEND (store the user key). */
  key?: number
  /** POLICY_COMMIT_LEVEL_*. Default ALL. */
  commitLevel?: number
  /** Leave a tombstone when deleting (Enterprise). Default false. */
  durableDelete?: boolean
  /** Record TTL when `meta.ttl` is not given: seconds, or TTL_* . Default 0 (namespace default). */
  ttl?: number
}

/** Policy of operate and operateOrdered: a write policy plus the read fields for read-only calls. */
export interface OperatePolicy extends WritePolicy {
  /** Which copy a read-only operate reads: POLICY_REPLICA_*. Default SEQUENCE. */
  replica?: number
  /** AP read mode for the reads: POLICY_READ_MODE_AP_*. */
  readModeAP?: number
  /** Read-touch TTL percent of a read-only operate. */
  readTouchTtlPercent?: number
}

/**
 * Policy of batch calls: the transport fields (timeouts cover the whole call,
 * retries re-send the rows a failed node did not answer), read fields for read
 * rows and write fields every write row starts from. `filterExpression`
 * applies to every row without a filter of its own.
 */
export interface BatchPolicy extends BasePolicy {
  /** Which copy read rows read: POLICY_REPLICA_*. Default SEQUENCE. */
  replica?: number
  /** AP read mode of read rows: POLICY_READ_MODE_AP_*. */
  readModeAP?: number
  /** Read-touch TTL percent of read rows. */
  readTouchTtlPercent?: number
  /** Nodes sent to at once; 0 (the default) = all. */
  maxConcurrentNodes?: number
  /** Let the server run rows in its network thread when the data is in memory. Default true. */
  allowInline?: boolean
  /** Let the server run rows in its network thread when the data is on SSD. Default false. */
  allowInlineSSD?: boolean
  /** Every key gets its own result (default true); false stops a node's rows at the first error and fails the call. */
  respondAllKeys?: boolean
  /** POLICY_EXISTS_* for write rows. */
  exists?: number
  /** POLICY_GEN_* for write and delete rows (with a per-record `gen`). */
  gen?: number
  /** POLICY_KEY_DIGEST or POLICY_KEY_SEND for write and delete rows. */
  key?: number
  /** POLICY_COMMIT_LEVEL_* for write and delete rows. */
  commitLevel?: number
  /** Durable deletes (Enterprise). */
  durableDelete?: boolean
  /** TTL of written records when the entry gives none. */
  ttl?: number
}

/** Policy of queries and scans. */
export interface QueryPolicy extends BasePolicy {
  /** Which copy of each partition to read: POLICY_REPLICA_*. Default SEQUENCE (the master, then replicas on retries). */
  replica?: number
  readModeAP?: number
  /** Most records to return; 0 = all. With a partitionFilter, the page size. Default 0. */
  maxRecords?: number
  /** Records per second each node may send; 0 = no limit. Default 0. */
  recordsPerSecond?: number
  /** false: metadata only (records come back without bins). Default true. */
  includeBinData?: boolean
  /** QUERY_DURATION_LONG (default), QUERY_DURATION_SHORT or QUERY_DURATION_LONG_RELAX_AP. */
  expectedDuration?: number
  /** Nodes queried at once; 0 = all. Default 0. */
  maxConcurrentNodes?: number
  /**
   * The partitions to query and where each resumes (per call only): from
   * partitionFilterAll/ById/ByRange, or a saved partitionStatus(). The
   * query updates it in place, so passing it again reads the next page.
   */
  partitionFilter?: PartitionFilter
  /** Aborting it stops the query (per call only): sockets close and the call rejects with ClientError. */
  signal?: AbortSignal
}

/** Policy of info calls. */
export interface InfoPolicy {
  /** Time allowed for the request, ms. Default 1000. */
  timeout?: number
}

/** The defaults of each policy kind, as `config.policies` sets them. */
export interface PolicyDefaults {
  read?: ReadPolicy
  write?: WritePolicy
  operate?: OperatePolicy
  batch?: BatchPolicy
  query?: Omit<QueryPolicy, 'partitionFilter' | 'signal'>
  info?: InfoPolicy
}

/** A read policy with every field set (what commands run with). */
export type ResolvedReadPolicy = Required<Omit<ReadPolicy, 'filterExpression'>> & {
  filterExpression: FilterExpression | null
}
/** A write policy with every field set. */
export type ResolvedWritePolicy = Required<Omit<WritePolicy, 'filterExpression'>> & {
  filterExpression: FilterExpression | null
}
/** An operate policy with every field set. */
export type ResolvedOperatePolicy = Required<Omit<OperatePolicy, 'filterExpression'>> & {
  filterExpression: FilterExpression | null
}
/** A query policy with every field set (the per-call partition filter and signal stay optional). */
export type ResolvedQueryPolicy = Required<
  Omit<QueryPolicy, 'filterExpression' | 'partitionFilter' | 'signal'>
> & {
  filterExpression: FilterExpression | null
  partitionFilter?: PartitionFilter
  signal?: AbortSignal
}
/** The transport fields every resolved policy has (what the execute loop reads). */
export interface ResolvedBasePolicy {
  socketTimeout: number
  totalTimeout: number
  maxRetries: number
  sleepBetweenRetries: number
}

/** Checks one field's value; returns an error text, or undefined when the value is fine. */
type FieldCheck = (v: unknown) => string | undefined

const U31 = 0x7fff_ffff

function intIn(min: number, max: number): FieldCheck {
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `must be an integer from ${min} to ${max}`
}

function oneOf(...values: number[]): FieldCheck {
  return (v) =>
    typeof v === 'number' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`
}

const bool: FieldCheck = (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean')
const ms = intIn(0, U31)
const filter: FieldCheck = (v) =>
  v === null || v === undefined || v instanceof Expression
    ? undefined
    : 'must be an expression built with exp.*'
const ttl: FieldCheck = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= -2 && v <= 0xffff_ffff
    ? undefined
    : 'must be seconds (0..4294967295), TTL_NEVER_EXPIRE (-1) or TTL_DONT_UPDATE (-2)'

const BASE_FIELDS: Record<string, FieldCheck> = {
  socketTimeout: ms,
  totalTimeout: ms,
  maxRetries: intIn(0, 1000),
  sleepBetweenRetries: ms,
  filterExpression: filter,
}
const READ_FIELDS: Record<string, FieldCheck> = {
  replica: oneOf(0, 1, 2),
  readModeAP: oneOf(0, 1),
  readTouchTtlPercent: intIn(-1, 100),
}
const WRITE_FIELDS: Record<string, FieldCheck> = {
  exists: oneOf(0, 1, 2, 3, 4),
  gen: oneOf(0, 1, 2),
  key: oneOf(0, 1),
  commitLevel: oneOf(0, 1),
  durableDelete: bool,
  ttl,
}

/** The policy kinds and the fields each accepts. */
export type PolicyKind = keyof PolicyDefaults

const FIELDS: Record<PolicyKind, Record<string, FieldCheck>> = {
  read: { ...BASE_FIELDS, ...READ_FIELDS },
  write: { ...BASE_FIELDS, ...WRITE_FIELDS },
  operate: { ...BASE_FIELDS, ...WRITE_FIELDS, ...READ_FIELDS },
  batch: {
    ...BASE_FIELDS,
    ...READ_FIELDS,
    ...WRITE_FIELDS,
    maxConcurrentNodes: intIn(0, U31),
    allowInline: bool,
    allowInlineSSD: bool,
    respondAllKeys: bool,
  },
  query: {
    ...BASE_FIELDS,
    replica: READ_FIELDS.replica!,
    readModeAP: READ_FIELDS.readModeAP!,
    maxRecords: intIn(0, Number.MAX_SAFE_INTEGER),
    recordsPerSecond: intIn(0, U31),
    includeBinData: bool,
    expectedDuration: oneOf(0, 1, 2),
    maxConcurrentNodes: intIn(0, U31),
    partitionFilter: (v) => (typeof v === 'object' && v !== null ? undefined : 'must be a partition filter'),
    signal: (v) => (v instanceof AbortSignal ? undefined : 'must be an AbortSignal'),
  },
  info: { timeout: ms },
}

const BASE_DEFAULTS = {
  socketTimeout: 30_000,
  totalTimeout: 1000,
  sleepBetweenRetries: 0,
  filterExpression: null,
}
const READ_DEFAULTS = {
  replica: POLICY_REPLICA_SEQUENCE,
  readModeAP: POLICY_READ_MODE_AP_ONE,
  readTouchTtlPercent: 0,
}
const WRITE_DEFAULTS = {
  exists: POLICY_EXISTS_IGNORE,
  gen: POLICY_GEN_IGNORE,
  key: POLICY_KEY_DIGEST,
  commitLevel: POLICY_COMMIT_LEVEL_ALL,
  durableDelete: false,
  ttl: 0,
}

/** The built-in defaults of every policy kind. */
export const DEFAULT_POLICIES = {
  read: { ...BASE_DEFAULTS, maxRetries: 2, ...READ_DEFAULTS } satisfies ResolvedReadPolicy,
  write: { ...BASE_DEFAULTS, maxRetries: 0, ...WRITE_DEFAULTS } satisfies ResolvedWritePolicy,
  operate: {
    ...BASE_DEFAULTS,
    maxRetries: 0,
    ...WRITE_DEFAULTS,
    ...READ_DEFAULTS,
  } satisfies ResolvedOperatePolicy,
  batch: {
    ...BASE_DEFAULTS,
    maxRetries: 2,
    ...READ_DEFAULTS,
    ...WRITE_DEFAULTS,
    maxConcurrentNodes: 0,
    allowInline: true,
    allowInlineSSD: false,
    respondAllKeys: true,
  } satisfies Required<Omit<BatchPolicy, 'filterExpression'>>,
  query: {
    ...BASE_DEFAULTS,
    totalTimeout: 0,
    maxRetries: 5,
    replica: POLICY_REPLICA_SEQUENCE,
    readModeAP: POLICY_READ_MODE_AP_ONE,
    maxRecords: 0,
    recordsPerSecond: 0,
    includeBinData: true,
    expectedDuration: 0,
    maxConcurrentNodes: 0,
  } satisfies Required<Omit<QueryPolicy, 'filterExpression' | 'partitionFilter' | 'signal'>>,
  info: { timeout: 1000 } satisfies Required<InfoPolicy>,
} as const

/**
 * Throws InvalidArgError unless `policy` is a plain object whose keys are
 * fields of `kind` with values of the right type. `where` names the argument.
 */
export function validatePolicy(kind: PolicyKind, policy: unknown, where = `${kind} policy`): void {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy))
    throw invalidArg(`${where} must be an object`)
  const fields = FIELDS[kind]
  for (const name of Object.keys(policy)) {
    const check = fields[name]
    if (check === undefined) throw invalidArg(`${where} has an unknown field '${name}'`)
    const value = (policy as Record<string, unknown>)[name]
    if (value === undefined) continue
    const problem = check(value)
    if (problem !== undefined) throw invalidArg(`${where} field '${name}' ${problem}`)
  }
}

/**
 * Merges a per-call policy over resolved defaults: undefined keeps the
 * defaults (no copy), anything else is validated first.
 */
export function resolvePolicy<T extends object>(kind: PolicyKind, defaults: T, given: object | undefined): T {
  if (given === undefined || given === null) return defaults
  validatePolicy(kind, given)
  const out = { ...defaults }
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
