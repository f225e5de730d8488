/** Record shapes returned by the client (aerospike-py's Record, ExistsResult, OperateOrderedResult) and write meta. */
import type { AerospikeValue, Bins } from '../protocol/index.js'
import type { Key } from './key.js'

/** A record's metadata. */
export interface RecordMetadata {
  /** Generation: 1 on create, +1 per write. */
  gen: number
  /** Seconds until the record expires; 4294967295 (0xFFFFFFFF) when it never expires. */
  ttl: number
}

/** What get, select and operate return. */
export interface Record {
  key: Key
  meta: RecordMetadata
  bins: Bins
}

/** What exists returns: `meta` is null when the record does not exist. */
export interface ExistsResult {
  key: Key
  meta: RecordMetadata | null
}

/** A bin name and value, in the order operateOrdered returns them. */
export type BinTuple = [name: string, value: AerospikeValue]

/** What operateOrdered returns: one entry per result the server sent, in op order. */
export interface OperateOrderedResult {
  key: Key
  meta: RecordMetadata
  orderedBins: BinTuple[]
}

/** Per-call record metadata of writes. */
export interface WriteMeta {
  /** Expected generation, checked when the policy's `gen` is POLICY_GEN_EQ or POLICY_GEN_GT. */
  gen?: number
  /** TTL in seconds, or TTL_NAMESPACE_DEFAULT / TTL_NEVER_EXPIRE / TTL_DONT_UPDATE / TTL_CLIENT_DEFAULT. */
  ttl?: number
}

/** Seconds from the Unix epoch to the Citrusleaf epoch (2010-01-01T00:00:00Z) that void times count from. */
export const CITRUSLEAF_EPOCH = 1_262_304_000
/** The TTL reported for a record that never expires (aerospike-py reports u32::MAX). */
export const TTL_NEVER_EXPIRES_REPORTED = 0xffff_ffff

/** Seconds left before `voidTime` (seconds since 2010), at least 1; TTL_NEVER_EXPIRES_REPORTED for 0. */
export function ttlFromVoidTime(voidTime: number, nowMs: number): number {
  if (voidTime === 0) return TTL_NEVER_EXPIRES_REPORTED
  const ttl = voidTime + CITRUSLEAF_EPOCH - Math.floor(nowMs / 1000)
  return ttl > 0 ? ttl : 1
}
