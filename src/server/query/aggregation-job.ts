/** A running aggregation (stream UDF query): runs the node's ops of the stream function once per partition over its matching records and streams the output values. */
import { ParticleType } from '../../protocol/particle-type.js'
import { clepochSeconds } from '../clock.js'
import { sValueToParticle } from '../particle.js'
import type { LuaEngine, StreamHost } from '../udf/lua-engine.js'
import { fromTagged, UNSUPPORTED } from '../udf/lua-values.js'
import type { UdfCall } from '../udf/udf-handler.js'
import { UdfRecord } from '../udf/udf-record.js'
import { FrameJob } from './frame-job.js'
import type { QuerySpec } from './query-request.js'
import type { RecordFrames } from './record-frames.js'
import { indexCandidates, inScope, matchesIndexFilter, paceWait } from './record-selection.js'

const OK = 0
/** What the LAST message carries after a failed run (the server abandons the job with AS_ERR_UNKNOWN). */
const UNKNOWN = 1
/** Longest stretch of partitions run before a frame is sent or other connections get a turn, ms. */
const SLICE_MS = 20
/** A record in an aggregation cannot be written (create/update/remove fail with this status). */
const WRITE_REFUSED = 1

/**
 * The input and output of one partition's run: it moves through the
 * partition's candidates (skipping records gone, expired, out of the set or
 * no longer matching the index filter) and adds each output value to the
 * frames as a SUCCESS message.
 */
class PartitionRun implements StreamHost {
  private at = 0
  private record: UdfRecord | undefined
  /** Records handed to the stream function. */
  read = 0

  constructor(
    private readonly spec: QuerySpec,
    private readonly pid: number,
    private readonly candidates: readonly string[],
    private readonly frames: RecordFrames,
    private readonly nowSeconds: number,
  ) {}

  nextRecord(): boolean {
    while (this.at < this.candidates.length) {
      const r = this.spec.ns.partition(this.pid).get(this.candidates[this.at++]!)
      if (r === undefined || !inScope(this.spec, r, this.nowSeconds) || !matchesIndexFilter(this.spec, r))
        continue
      this.record = new UdfRecord(r.digest, r, 0, r.key, () => WRITE_REFUSED)
      this.read++
      return true
    }
    this.record = undefined
    return false
  }

  emit(value: string): void {
    const v = fromTagged(value)
    this.frames.addValue('SUCCESS', v === UNSUPPORTED || v === null ? null : sValueToParticle(v))
  }

  get(name: string): string | undefined {
    return this.record?.get(name)
  }

  getText(what: string): string | undefined {
    return this.record?.getText(what)
  }

  meta(what: string): number {
    if (this.record !== undefined) return this.record.meta(what)
    return what === 'clock' ? performance.now() : what === 'now' ? Date.now() : 0
  }

  setTtl(): void {}

  dropKey(): void {}

  write(): number {
    return WRITE_REFUSED
  }

  exists(): boolean {
    return this.record !== undefined
  }
}

/**
 * An aggregation job as a stream of frames. Partitions are visited in
 * ascending order; a partition with at least one candidate (a live record of
 * the set, or an index entry in range) runs the stream function once, as a
 * real node does, so a node sends one value per such partition for a
 * function ending in reduce. A failing run adds a FAILURE message
 * (`UDF: Execution Error <n>[ : <Lua message>]`) and ends the job: LAST then
 * carries result 1. The job paces itself by records per second (0 = no
 * limit); the connection stops it by ending the iteration.
 */
export class AggregationJob extends FrameJob {
  private nextPartition = 0
  private read = 0

  constructor(
    spec: QuerySpec,
    private readonly engine: LuaEngine,
    private readonly call: UdfCall,
  ) {
    super(spec)
  }

  /** Runs partitions until a frame is ready, the job ends, or it must wait. */
  protected fill(): Buffer | undefined | Promise<Buffer | undefined> {
    const sliceEnd = Date.now() + SLICE_MS
    while (!this.frames.full) {
      const wait = paceWait(this.spec.rps, this.startMs, this.read)
      if (wait > 0 || Date.now() > sliceEnd) {
        if (!this.frames.empty) return this.frames.take()
        return this.pause(wait)
      }
      if (!this.runNextPartition()) return this.finish()
    }
    return this.frames.take()
  }

  /** Runs the stream function over the next partition holding candidates; false once the job is over. */
  private runNextPartition(): boolean {
    if (this.resultCode !== OK) return false
    const nowSeconds = clepochSeconds()
    while (this.nextPartition < this.spec.partitions.length) {
      const pid = this.spec.partitions[this.nextPartition++]!.pid
      const candidates = this.candidates(pid, nowSeconds)
      if (candidates.length === 0) continue
      const run = new PartitionRun(this.spec, pid, candidates, this.frames, nowSeconds)
      const outcome = this.engine.runStream(run, this.call.module, this.call.fn, this.call.args)
      this.read += run.read
      if (!outcome.ok) {
        const text = `UDF: Execution Error ${outcome.errorNumber}${outcome.message === undefined ? '' : ` : ${outcome.message}`}`
        this.frames.addValue('FAILURE', { type: ParticleType.STRING, data: Buffer.from(text, 'utf8') })
        this.resultCode = UNKNOWN
      }
      return true
    }
    return false
  }

  /** A partition's candidates in order: index entries in range (each record once), or its live records of the set. */
  private candidates(pid: number, nowSeconds: number): string[] {
    const index = this.spec.index
    if (index !== undefined) {
      const { entries, seen } = indexCandidates(index, pid)
      const digests = entries.map((e) => e.digest)
      return seen === undefined ? digests : [...new Set(digests)]
    }
    const out: string[] = []
    for (const [digest, r] of this.spec.ns.partition(pid))
      if (inScope(this.spec, r, nowSeconds)) out.push(digest)
    return out.sort()
  }
}
