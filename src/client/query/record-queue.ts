/** The records a query has received and the consumer has not taken yet, with what taking each one advances. */
import type { Record } from '../record.js'
import type { PartitionProgress } from './partition-filter.js'

/**
 * Records waiting for the consumer, each with what delivering it advances:
 * its partition's progress, its index value, its size on the wire and the
 * source (node run) it came from. Parallel arrays, so queueing allocates
 * nothing per record.
 */
export class RecordQueue<Source> {
  private records: Record[] = []
  private progress: PartitionProgress[] = []
  private bvals: Array<bigint | undefined> = []
  private sizes: number[] = []
  private sources: Source[] = []
  private head = 0
  /** Wire bytes of the queued records. */
  bytes = 0

  /** Whether no record waits. */
  get empty(): boolean {
    return this.head >= this.records.length
  }

  /** Queues a record. */
  push(
    record: Record,
    progress: PartitionProgress,
    bval: bigint | undefined,
    size: number,
    source: Source,
  ): void {
    this.records.push(record)
    this.progress.push(progress)
    this.bvals.push(bval)
    this.sizes.push(size)
    this.sources.push(source)
    this.bytes += size
  }

  /** Removes the first record (the queue must not be empty); its partition's resume point moves to it. */
  take(): Record {
    const i = this.head++
    const record = this.records[i]!
    const progress = this.progress[i]!
    progress.digest = record.key.digest
    progress.bval = this.bvals[i]
    this.bytes -= this.sizes[i]!
    // Let delivered records go; drop the consumed front now and then.
    this.records[i] = undefined as unknown as Record
    if (this.head > 4096 && this.head * 2 > this.records.length) this.keep(() => true)
    return record
  }

  /** Drops the records that came from `source`; returns how many. */
  drop(source: Source): number {
    const before = this.records.length - this.head
    this.keep((j) => this.sources[j] !== source)
    return before - this.records.length
  }

  /** Drops every record. */
  clear(): void {
    this.keep(() => false)
  }

  /** Keeps the waiting records at positions `wanted` accepts, moved to the front of fresh arrays. */
  private keep(wanted: (i: number) => boolean): void {
    const records: Record[] = []
    const progress: PartitionProgress[] = []
    const bvals: Array<bigint | undefined> = []
    const sizes: number[] = []
    const sources: Source[] = []
    let bytes = 0
    for (let i = this.head; i < this.records.length; i++) {
      if (!wanted(i)) continue
      records.push(this.records[i]!)
      progress.push(this.progress[i]!)
      bvals.push(this.bvals[i])
      sizes.push(this.sizes[i]!)
      sources.push(this.sources[i]!)
      bytes += this.sizes[i]!
    }
    this.records = records
    this.progress = progress
    this.bvals = bvals
    this.sizes = sizes
    this.sources = sources
    this.head = 0
    this.bytes = bytes
  }
}
