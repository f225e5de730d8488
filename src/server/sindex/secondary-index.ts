/** One secondary index: per partition, its entries (index key, record digest) kept sorted, as the server's per-partition trees are. */
import { PARTITIONS } from '../../protocol/digest.js'
import type { IndexDefinition } from './definition.js'

/** One entry: the index key of a value and the digest (latin1 key) of the record holding it. */
export interface IndexEntry {
  readonly key: bigint
  readonly digest: string
}

/** Bytes of one tree node the server reports per node in `used_bytes`. */
const NODE_SIZE = 4096
/** Entries one tree node holds, for the `used_bytes` estimate. */
const ENTRIES_PER_NODE = 170

function compare(key: bigint, digest: string, e: IndexEntry): number {
  if (key !== e.key) return key < e.key ? -1 : 1
  return digest < e.digest ? -1 : digest > e.digest ? 1 : 0
}

/** First position in `entries` whose entry is not before (key, digest). */
function lowerBound(entries: readonly IndexEntry[], key: bigint, digest: string): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(key, digest, entries[mid]!) > 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A secondary index's entries and its load state. */
export class SecondaryIndex {
  private readonly trees: IndexEntry[][] = Array.from({ length: PARTITIONS }, () => [])
  /** Entries in all partitions. */
  entries = 0
  /** Partitions whose existing records have been indexed (population progress). */
  populated = 0
  /** Whether queries may use the index (population finished). */
  readable = false
  /** How long population took, ms. */
  loadTimeMs = 0

  constructor(public definition: IndexDefinition) {}

  /** Population progress, percent. */
  get loadPct(): number {
    return this.readable ? 100 : Math.floor((this.populated * 100) / PARTITIONS)
  }

  /** Adds an entry (nothing when it is already there). */
  add(pid: number, key: bigint, digest: string): void {
    const tree = this.trees[pid]!
    const at = lowerBound(tree, key, digest)
    const e = tree[at]
    if (e !== undefined && e.key === key && e.digest === digest) return
    tree.splice(at, 0, { key, digest })
    this.entries++
  }

  /** Removes an entry (nothing when it is not there). */
  remove(pid: number, key: bigint, digest: string): void {
    const tree = this.trees[pid]!
    const at = lowerBound(tree, key, digest)
    const e = tree[at]
    if (e === undefined || e.key !== key || e.digest !== digest) return
    tree.splice(at, 1)
    this.entries--
  }

  /**
   * The entries of partition `pid` with `from <= key <= to`, in order,
   * starting strictly after `after` when given (a resume point). A copy: the
   * index may change while the caller works through it.
   */
  range(pid: number, from: bigint, to: bigint, after: IndexEntry | undefined): IndexEntry[] {
    const tree = this.trees[pid]!
    let at: number
    if (after !== undefined && after.key >= from) {
      at = lowerBound(tree, after.key, after.digest)
      const e = tree[at]
      if (e !== undefined && e.key === after.key && e.digest === after.digest) at++
    } else {
      at = lowerBound(tree, from, '')
    }
    let end = at
    while (end < tree.length && tree[end]!.key <= to) end++
    return tree.slice(at, end)
  }

  /** `entries=..;used_bytes=..;...` as `sindex-stat` reports it. */
  stats(): string {
    let nodes = 0
    let perKey = 0
    let perRecord = 0
    if (this.readable && this.entries > 0) {
      const keys = new Set<bigint>()
      const records = new Set<string>()
      for (const tree of this.trees) {
        for (const e of tree) {
          keys.add(e.key)
          records.add(e.digest)
        }
      }
      perKey = Math.floor((this.entries + keys.size / 2) / keys.size)
      perRecord = Math.floor((this.entries + records.size / 2) / records.size)
    }
    for (const tree of this.trees) nodes += Math.max(1, Math.ceil(tree.length / ENTRIES_PER_NODE))
    return (
      `entries=${this.entries};used_bytes=${nodes * NODE_SIZE};entries_per_bval=${perKey}` +
      `;entries_per_rec=${perRecord};load_pct=${this.loadPct};load_time=${this.loadTimeMs};stat_gc_recs=0`
    )
  }
}
