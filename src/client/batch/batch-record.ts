/** The shapes batch calls take and return: BatchRecord per key, and the per-record write entries, meta and policy. */
import type { Bins } from '../../protocol/index.js'
import type { KeyInput } from '../key.js'
import type { Operation } from '../operation.js'
import type { FilterExpression } from '../policies.js'
import type { Record } from '../record.js'

/**
 * The outcome of one key of a batch call. `key` is the very value the caller
 * passed; `result` is the record's result code (AEROSPIKE_OK, or
 * AEROSPIKE_ERR_RECORD_NOT_FOUND, AEROSPIKE_ERR_RECORD_GENERATION...);
 * `record` is null unless `result` is OK; `inDoubt` is true when a write that
 * failed may still have been applied.
 */
export interface BatchRecord<K = KeyInput> {
  key: K
  result: number
  record: Record | null
  inDoubt: boolean
}

/** What every batch call resolves to: one BatchRecord per input entry, in input order. */
export interface BatchRecords<K = KeyInput> {
  batchRecords: BatchRecord<K>[]
}

/**
 * Per-record write settings of batchWrite (`[key, bins, meta]`) and
 * batchRemove (`[key, meta]`); each overrides the batch policy's field for that
 * record. `gen` is the expected generation: giving it turns on the generation
 * check (POLICY_GEN_EQ, or POLICY_GEN_GT when the batch policy says so).
 */
export interface BatchRecordMeta {
  /** Expected generation. */
  gen?: number
  /** Record TTL in seconds, or a TTL_* constant (batchWrite only). */
  ttl?: number
  /** POLICY_KEY_DIGEST or POLICY_KEY_SEND (store the user key). */
  key?: number
  /** POLICY_EXISTS_* (batchWrite only). */
  exists?: number
  /** POLICY_COMMIT_LEVEL_*. */
  commitLevel?: number
  /** Leave a tombstone when deleting (Enterprise). */
  durableDelete?: boolean
}

/** Per-record policy of a batchWrite entry given as an object: write policy fields and a filter. */
export interface BatchRecordPolicy {
  /** POLICY_EXISTS_*. */
  exists?: number
  /** Generation check against `meta.gen`: POLICY_GEN_*. */
  gen?: number
  /** POLICY_KEY_DIGEST or POLICY_KEY_SEND. */
  key?: number
  /** POLICY_COMMIT_LEVEL_*. */
  commitLevel?: number
  /** Leave a tombstone when deleting (Enterprise). */
  durableDelete?: boolean
  /** Record TTL when `meta.ttl` is not given. */
  ttl?: number
  /** Only apply the ops when the record matches (else the row's result is AEROSPIKE_FILTERED_OUT). */
  filterExpression?: FilterExpression | null
}

/** A batchWrite entry with its own operations (reads included) and, optionally, meta and policy. */
export interface BatchWriteOperations<K = KeyInput> {
  key: K
  ops: readonly Operation[]
  meta?: BatchRecordMeta
  policy?: BatchRecordPolicy
}

/** A batchWrite entry: `[key, bins]`, `[key, bins, meta]`, or `{ key, ops, meta?, policy? }`. */
export type BatchWriteEntry<K = KeyInput> =
  | readonly [key: K, bins: Bins]
  | readonly [key: K, bins: Bins, meta: BatchRecordMeta | undefined]
  | BatchWriteOperations<K>

/** A batchRemove entry: a key, or `[key, meta]` (for example `[key, { gen: 3 }]` for a generation check). */
export type BatchRemoveEntry<K = KeyInput> = K | readonly [key: K, meta: BatchRecordMeta]
