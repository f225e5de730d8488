/** One namespace's storage: 4096 partitions of records keyed by digest, its sets, counters and truncation. */
import { PARTITIONS, partitionId } from '../../protocol/digest.js'
import { clepochMs } from '../clock.js'
import type { ResolvedNamespaceConfig } from '../options.js'
import { type NamespaceCounters, newCounters } from './namespace-stats.js'
import type { StoredRecord } from './record.js'

/** Longest set name plus one (set names are 1..63 bytes). */
const SET_NAME_MAX_SIZE = 64
/** Most sets one namespace can hold (set id 0 means "no set"). */
const MAX_SETS = 4095

/** What the server tracks per set. */
export interface SetState {
  /** Set name as a byte string. */
  readonly name: string
  objects: number
  dataUsedBytes: number
  /** Last truncation threshold (ms since the Citrusleaf epoch), 0 if never truncated. */
  truncateLut: number
}

/** Result of looking up or creating a set: the set, or a result code (4 bad name or too many sets). */
export type SetLookup = SetState | number

/** Told of every change to a namespace's records: the one hook secondary indexes keep in step through. */
export interface RecordObserver {
  /** `prev` was replaced by `next`; `prev` undefined: a new record; `next` undefined: the record is gone. */
  recordChanged(ns: Namespace, prev: StoredRecord | undefined, next: StoredRecord | undefined): void
}

/** Storage of one namespace. Every method is synchronous, so each command is atomic. */
export class Namespace {
  /** Records per partition, keyed by the digest as a latin1 string. */
  private readonly partitions: Map<string, StoredRecord>[]
  /** Sets in creation order; a set stays listed once created, as on the real server. */
  readonly sets = new Map<string, SetState>()
  /** Records in the index, expired-but-not-yet-swept ones included. */
  objects = 0
  /** Sum of the records' storage sizes. */
  dataUsedBytes = 0
  /** Last namespace-wide truncation threshold (ms since the Citrusleaf epoch), 0 if never. */
  truncateLut = 0
  /** Live counters for `namespace/<ns>`. */
  readonly counters: NamespaceCounters = newCounters()
  /** Told of every record stored, replaced or removed (writes, deletes, expiry, truncation). */
  observer: RecordObserver | undefined

  constructor(readonly config: ResolvedNamespaceConfig) {
    this.partitions = new Array(PARTITIONS)
    for (let i = 0; i < PARTITIONS; i++) this.partitions[i] = new Map()
  }

  /** Namespace name (byte string). */
  get name(): string {
    return this.config.name
  }

  /** The stored record with this digest, expired or not, or undefined. */
  get(digest: Buffer): StoredRecord | undefined {
    return this.partitions[partitionId(digest)]!.get(digest.toString('latin1'))
  }

  /** The records of partition `pid`, keyed by digest as a latin1 string (insertion order). */
  partition(pid: number): ReadonlyMap<string, StoredRecord> {
    return this.partitions[pid]!
  }

  /** Whether a stored record has expired by `nowSeconds` (Citrusleaf epoch). */
  static isExpired(r: StoredRecord, nowSeconds: number): boolean {
    return r.voidTime !== 0 && r.voidTime < nowSeconds
  }

  /** The set called `name` (a non-empty byte string), created if needed. */
  ensureSet(name: string): SetLookup {
    const found = this.sets.get(name)
    if (found !== undefined) return found
    if (name.length >= SET_NAME_MAX_SIZE || this.sets.size >= MAX_SETS || name.includes('\0')) return 4
    const set: SetState = { name, objects: 0, dataUsedBytes: 0, truncateLut: 0 }
    this.sets.set(name, set)
    return set
  }

  /** Stores `next`, replacing `prev` (the record currently stored under the same digest, if any). */
  put(next: StoredRecord, prev: StoredRecord | undefined): void {
    if (prev !== undefined) this.count(prev, -1)
    this.count(next, 1)
    this.partitions[partitionId(next.digest)]!.set(next.digest.toString('latin1'), next)
    this.observer?.recordChanged(this, prev, next)
  }

  /** Removes a stored record. */
  remove(r: StoredRecord): void {
    this.partitions[partitionId(r.digest)]!.delete(r.digest.toString('latin1'))
    this.count(r, -1)
    this.observer?.recordChanged(this, r, undefined)
  }

  /** Adds (sign 1) or removes (sign -1) a record from the object and byte counts of the namespace and its set. */
  private count(r: StoredRecord, sign: 1 | -1): void {
    this.objects += sign
    this.dataUsedBytes += sign * r.storageSize
    if (r.setName === '') return
    const set = this.sets.get(r.setName)!
    set.objects += sign
    set.dataUsedBytes += sign * r.storageSize
  }

  /**
   * Deletes the records of the set (or of the whole namespace when `setName`
   * is undefined) last updated before `lutMs` (ms since the Citrusleaf epoch).
   * Without `lutMs` every record in scope goes: all of them were written before
   * this command ran, even within the same millisecond. A set that does not
   * exist is left alone.
   */
  truncate(setName: string | undefined, lutMs?: number): void {
    const threshold = lutMs ?? clepochMs()
    let set: SetState | undefined
    if (setName !== undefined) {
      set = this.sets.get(setName)
      // An explicit threshold not newer than the last one changes nothing, as on the server.
      if (set === undefined || (lutMs !== undefined && lutMs <= set.truncateLut)) return
      set.truncateLut = Math.max(set.truncateLut, threshold)
    } else {
      if (lutMs !== undefined && lutMs <= this.truncateLut) return
      this.truncateLut = Math.max(this.truncateLut, threshold)
    }
    for (const map of this.partitions) {
      for (const r of map.values()) {
        if (lutMs !== undefined && r.lastUpdateMs >= lutMs) continue
        if (set !== undefined && r.setName !== set.name) continue
        this.remove(r)
      }
    }
  }

  /** Reclaims records expired by `nowSeconds`; returns how many. */
  sweep(nowSeconds: number): number {
    let n = 0
    for (const map of this.partitions) {
      for (const r of map.values()) {
        if (Namespace.isExpired(r, nowSeconds)) {
          this.remove(r)
          n++
        }
      }
    }
    this.counters.expired_objects += n
    return n
  }

  /** Records never expiring (void time 0). */
  nonExpirableObjects(): number {
    let n = 0
    for (const map of this.partitions) for (const r of map.values()) if (r.voidTime === 0) n++
    return n
  }
}
