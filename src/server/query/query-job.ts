/** A running basic scan/query: walks the requested partitions in order and streams matching records, one frame at a time. */
import { ParticleType } from '../../protocol/particle-type.js'
import { clepochSeconds } from '../clock.js'
import { applyFilter } from '../commands/record-checks.js'
import type { Request } from '../msg/request.js'
import { OpContext } from '../ops/op-context.js'
import { READ_PATH_OPS } from '../ops/op-table.js'
import type { IndexEntry } from '../sindex/secondary-index.js'
import type { Bin, StoredRecord } from '../storage/record.js'
import { findBin } from '../storage/record.js'
import { FrameJob } from './frame-job.js'
import type { PartitionRequest, QuerySpec } from './query-request.js'
import { indexCandidates, inScope, matchesIndexFilter, paceWait, sortedDigests } from './record-selection.js'
import type { PartitionImage, ScanImages } from './scan-images.js'

const OK = 0
const TIMEOUT = 9
/** Longest stretch of work before a frame is sent or other connections get a turn, ms. */
const SLICE_MS = 20
/** Candidates handled between two looks at the clock. */
const CLOCK_EVERY = 256

/** First position in sorted `keys` after `key`. */
function upperBound(keys: readonly string[], key: string): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keys[mid]! <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * A query job as a stream of frames. Partitions are visited in ascending id
 * order; in each, records in digest order (a scan) or index entries in
 * (key, digest) order (an index query), starting strictly after a resume
 * point. A candidate list is a snapshot taken when its partition starts;
 * every record is re-read when its turn comes, so records changed meanwhile
 * are sent as they are now and records gone are skipped — except in a plain
 * scan, which sends the partition's scan image, a snapshot of its records as
 * they were when the partition started. A long query ends with a separate
 * LAST frame; a short one ends its last frame with LAST.
 * The connection iterates it as its reply stream; ending the iteration early
 * (the client went away) stops the job.
 */
export class QueryJob extends FrameJob {
  /** Next index into `spec.partitions`. */
  private nextPartition = 0
  /** Digest keys of the current partition's candidates, in order. */
  private candidates: string[] = []
  /** Their index entries (index queries only). */
  private entries: IndexEntry[] | undefined
  /** The current partition's wire image (plain scans of every bin without a filter expression). */
  private image: PartitionImage | undefined
  private at = 0
  /** The partition `candidates` belong to. */
  private pid = 0
  /** Digests already sent from the current partition (collection-index range queries send a record once). */
  private sent: Set<string> | undefined
  /** Records sent (they count against sample max). */
  private count = 0

  /** `images`: the server's scan images, used when the job sends every bin of every record it visits. */
  constructor(
    spec: QuerySpec,
    private readonly req: Request,
    private readonly images: ScanImages | undefined,
  ) {
    super(spec)
  }

  /** Runs the job until a frame is ready, the job ends, or it must wait (rate limit, turn-taking). */
  protected fill(): Buffer | undefined | Promise<Buffer | undefined> {
    const sliceEnd = Date.now() + SLICE_MS
    const nowSeconds = clepochSeconds()
    let ended = false
    let tick = 0
    while (!this.frames.full) {
      if (this.spec.rps > 0) {
        const wait = paceWait(this.spec.rps, this.startMs, this.count)
        if (wait > 0) {
          if (!this.frames.empty) return this.frames.take()
          return this.pause(wait)
        }
      }
      if (++tick === CLOCK_EVERY) {
        tick = 0
        const now = Date.now()
        if (now > sliceEnd) {
          if (!this.frames.empty) return this.frames.take()
          return this.pause(0)
        }
        if (this.spec.isShort && now > this.spec.deadline) {
          this.resultCode = TIMEOUT
          ended = true
          break
        }
      }
      if (!this.step(nowSeconds)) {
        ended = true
        break
      }
    }
    if (!ended) return this.frames.take()
    if (this.spec.isShort) {
      this.frames.addLast(this.resultCode)
      this.state = 'done'
      return this.frames.take()
    }
    return this.finish()
  }

  /** Handles one candidate; false when the job has nothing left to do. */
  private step(nowSeconds: number): boolean {
    if (this.spec.sampleMax !== 0 && this.count >= this.spec.sampleMax) return false
    while (this.at >= this.candidates.length) {
      if (this.nextPartition >= this.spec.partitions.length) return false
      this.load(this.spec.partitions[this.nextPartition++]!)
    }
    const i = this.at++
    const image = this.image
    if (image !== undefined) {
      if (this.spec.setName !== '' && image.setNames[i] !== this.spec.setName) return true
      const voidTime = image.voidTimes[i]!
      if (voidTime !== 0 && voidTime < nowSeconds) return true
      this.count++
      this.frames.addEncoded(image.wire, image.offsets[i]!, image.offsets[i + 1]!)
      return true
    }
    const digest = this.candidates[i]!
    const r = this.spec.ns.partition(this.pid).get(digest)
    if (r === undefined) return true
    if (this.wanted(r, digest, nowSeconds)) this.send(r, digest, this.entries?.[i])
    return true
  }

  /** Takes the candidate list of a partition, positioned after its resume point. */
  private load(p: PartitionRequest): void {
    this.pid = p.pid
    this.at = 0
    this.image = this.images?.image(this.spec.ns, p.pid)
    if (this.image !== undefined) {
      this.candidates = this.image.keys as string[]
      this.at = p.resume === undefined ? 0 : upperBound(this.candidates, p.resume.key)
      return
    }
    const index = this.spec.index
    if (index === undefined) {
      const keys = sortedDigests(this.spec, p.pid)
      this.at = p.resume === undefined ? 0 : upperBound(keys, p.resume.key)
      this.candidates = keys
      this.entries = undefined
      this.sent = undefined
      return
    }
    // Geo index keys (S2 cells) order as unsigned numbers, the others as signed.
    const unsigned = index.index.definition.keyType === ParticleType.GEOJSON
    const after =
      p.resume === undefined
        ? undefined
        : { key: unsigned ? p.resume.bval : BigInt.asIntN(64, p.resume.bval), digest: p.resume.key }
    const { entries, seen } = indexCandidates(index, p.pid, after)
    this.entries = entries
    this.candidates = entries.map((e) => e.digest)
    this.sent = seen
  }

  /** Whether a live record of the current partition goes out: alive, in the set, matching index filter and filter expression. */
  private wanted(r: StoredRecord, digest: string, nowSeconds: number): boolean {
    if (!inScope(this.spec, r, nowSeconds)) return false
    if (this.sent?.has(digest) || !matchesIndexFilter(this.spec, r)) return false
    // Filtered out (27) or failing to evaluate: not sent.
    return applyFilter(this.req, this.spec.ns, r) === OK
  }

  /** Adds the record's message (unless a projection leaves it empty, which the server does not send). */
  private send(r: StoredRecord, digest: string, entry: IndexEntry | undefined): void {
    this.count++
    this.sent?.add(digest)
    const bval = entry?.key
    const projection = this.spec.projection
    switch (projection.kind) {
      case 'none':
        this.frames.addRecordHead(r, bval)
        return
      case 'all':
        this.frames.addRecord(r, bval, r.bins)
        return
      case 'names': {
        const picked: Bin[] = []
        for (const name of projection.names) {
          const i = findBin(r.bins, name)
          if (i >= 0) picked.push(r.bins[i]!)
        }
        if (picked.length > 0) this.frames.addRecord(r, bval, picked)
        return
      }
      case 'ops': {
        const ctx = new OpContext(this.spec.ns, r, r.bins, projection.respondAllOps, false, false)
        for (const op of projection.ops) {
          const handler = READ_PATH_OPS[op.op]
          if (handler === undefined || handler(ctx, op) !== OK) return
        }
        if (ctx.replies.length > 0) this.frames.addRecordOps(r, bval, ctx.replies)
      }
    }
  }
}
