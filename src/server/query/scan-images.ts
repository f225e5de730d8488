/**
 * Wire images of partitions for plain scans: every record of a partition encoded once as the
 * message a scan sends (all bins), in digest order, reused until a record of the partition changes.
 */
import { PARTITIONS, partitionId } from '../../protocol/digest.js'
import type { Namespace, RecordObserver } from '../storage/namespace.js'
import type { StoredRecord } from '../storage/record.js'
import { RecordFrames } from './record-frames.js'

/** Most bytes of images kept at once, over all namespaces; past it, scans encode record by record. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024

/** One partition's records as scan messages, with what a scan checks per record. */
export interface PartitionImage {
  /** Digest keys (latin1), in ascending order. */
  readonly keys: readonly string[]
  /** Where each record's message starts in `wire`; one more entry marks the end. */
  readonly offsets: Uint32Array
  /** Each record's void time (0 = never expires). */
  readonly voidTimes: Uint32Array
  /** Each record's set name ('' for none). */
  readonly setNames: readonly string[]
  readonly wire: Buffer
}

/**
 * Images of the partitions scans have read, per namespace. A change to any
 * record of a partition drops its image; the next scan of the partition
 * builds it again.
 */
export class ScanImages implements RecordObserver {
  private readonly images = new Map<Namespace, Array<PartitionImage | undefined>>()
  private cachedBytes = 0
  /** Where images are encoded before they are copied out (one builder per namespace). */
  private readonly builders = new Map<Namespace, RecordFrames>()

  recordChanged(ns: Namespace, prev: StoredRecord | undefined, next: StoredRecord | undefined): void {
    const images = this.images.get(ns)
    if (images === undefined) return
    const pid = partitionId((prev ?? next)!.digest)
    const image = images[pid]
    if (image === undefined) return
    images[pid] = undefined
    this.cachedBytes -= image.wire.length
  }

  /**
   * The image of partition `pid` of `ns`, built now if it is missing or out
   * of date; undefined when the images already hold their limit of bytes
   * (the scan then encodes record by record).
   */
  image(ns: Namespace, pid: number): PartitionImage | undefined {
    let images = this.images.get(ns)
    if (images === undefined) {
      images = new Array(PARTITIONS).fill(undefined)
      this.images.set(ns, images)
    }
    const cached = images[pid]
    if (cached !== undefined) return cached
    if (this.cachedBytes >= MAX_CACHED_BYTES) return undefined
    let builder = this.builders.get(ns)
    if (builder === undefined) {
      builder = new RecordFrames(ns.name)
      this.builders.set(ns, builder)
    }
    const image = build(ns, pid, builder)
    images[pid] = image
    this.cachedBytes += image.wire.length
    return image
  }
}

/** Encodes every record of a partition, in digest order, with `frames` (left empty afterwards). */
function build(ns: Namespace, pid: number, frames: RecordFrames): PartitionImage {
  const records = ns.partition(pid)
  const keys = [...records.keys()].sort()
  const offsets = new Uint32Array(keys.length + 1)
  const voidTimes = new Uint32Array(keys.length)
  const setNames: string[] = new Array(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const r = records.get(keys[i]!)!
    offsets[i] = frames.size
    voidTimes[i] = r.voidTime
    setNames[i] = r.setName
    frames.addRecord(r, undefined, r.bins)
  }
  offsets[keys.length] = frames.size
  const wire = frames.messages()
  frames.clear()
  return { keys, offsets, voidTimes, setNames, wire }
}
