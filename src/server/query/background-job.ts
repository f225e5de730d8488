/** A background query job (ops or record UDF): applies its writes to every matching record after the client got its answer, tracked for `query-show`. */
import { PARTITIONS } from '../../protocol/digest.js'
import { FieldType, Info2, Info3 } from '../../protocol/message.js'
import { clepochSeconds } from '../clock.js'
import { writeResultCode } from '../commands/write.js'
import type { Request, RequestOp } from '../msg/request.js'
import { REPLY_RESULT_CODE_OFFSET } from '../msg/response.js'
import type { StoredRecord } from '../storage/record.js'
import type { LuaEngine } from '../udf/lua-engine.js'
import { runUdf, type UdfCall } from '../udf/udf-handler.js'
import type { JobRegistry, TrackedJob } from './job-registry.js'
import type { QuerySpec } from './query-request.js'
import { indexCandidates, inScope, matchesIndexFilter, paceWait, sortedDigests } from './record-selection.js'

const OK = 0
const NOT_FOUND = 2
const FILTERED_OUT = 27
/** The abort code a user-aborted job keeps. */
const QUERY_ABORTED = 210
/** Longest stretch of work before other connections get a turn, ms. */
const SLICE_MS = 10
/** The header size of a message, reported as the job's network bytes (its single answer). */
const FIN_BYTES = 30
/** The socket timeout background jobs report (the server's fixed one), ms. */
const SOCKET_TIMEOUT_MS = 10_000

/** What the job writes to each record: write ops, or a record UDF run through the Lua engine. */
export type BackgroundWork =
  | { readonly kind: 'ops'; readonly ops: readonly RequestOp[] }
  | { readonly kind: 'udf'; readonly engine: LuaEngine; readonly call: UdfCall }

/** Copies the fields a record's write needs out of the request frame (the job outlives it). */
function keptFields(req: Request): Array<Buffer | undefined> {
  const fields: Array<Buffer | undefined> = []
  for (const id of [
    FieldType.FILTER_EXP,
    FieldType.UDF_PACKAGE_NAME,
    FieldType.UDF_FUNCTION,
    FieldType.UDF_ARGLIST,
  ]) {
    const f = req.fields[id]
    if (f !== undefined) fields[id] = Buffer.from(f)
  }
  return fields
}

/**
 * One background job. It walks the requested partitions in ascending order
 * (index entries for a query, records for a scan), and writes each live
 * record of the set that matches the index filter as its own update (with
 * the request's filter expression, TTL and durable-delete flag; ops update
 * only existing records). Work runs in short slices so other connections
 * are served meanwhile; records per second pace it.
 */
export class BackgroundJob implements TrackedJob {
  /** Next index into `spec.partitions`. */
  private nextPartition = 0
  private pid = -1
  private candidates: readonly string[] = []
  private at = 0
  /** Digests already written in the current partition (collection-index ranges visit a record once). */
  private seen: Set<string> | undefined
  /** Records handed to a write (they count against records per second). */
  private started = 0
  private succeeded = 0
  private failed = 0
  private filtered = 0
  private abandoned = OK
  private readonly startMs = Date.now()
  private finishMs = 0
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  private readonly fields: Array<Buffer | undefined>
  private readonly work: BackgroundWork

  constructor(
    readonly trid: bigint,
    private readonly spec: QuerySpec,
    req: Request,
    work: BackgroundWork,
    private readonly from: string,
    private readonly registry: JobRegistry,
  ) {
    this.fields = keptFields(req)
    this.fields[FieldType.NAMESPACE] = Buffer.from(spec.ns.name, 'latin1')
    this.work =
      work.kind === 'ops'
        ? { kind: 'ops', ops: work.ops.map((op) => ({ ...op, value: Buffer.from(op.value) })) }
        : work
    this.info2 = Info2.WRITE | (req.info2 & Info2.DURABLE_DELETE)
    this.info3 = work.kind === 'ops' ? Info3.UPDATE_ONLY | (req.info3 & Info3.REPLACE_ONLY) : 0
    this.recordTtl = req.recordTtl
  }

  private readonly info2: number
  private readonly info3: number
  private readonly recordTtl: number

  get finished(): boolean {
    return this.finishMs !== 0
  }

  /** Registers the job and schedules its first slice. */
  start(): void {
    this.registry.add(this)
    this.timer = setImmediate(() => this.run())
  }

  abort(): boolean {
    if (this.finished) return false
    this.abandoned = QUERY_ABORTED
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.end()
    return true
  }

  info(nowMs: number): string {
    const done = this.finished
    const runMs = (done ? this.finishMs : nowMs) - this.startMs
    const spec = this.spec
    const parts = [`trid=${this.trid}`, `ns=${spec.ns.name}`]
    if (spec.setName !== '') parts.push(`set=${spec.setName}`)
    if (spec.index !== undefined) parts.push(`sindex-name=${spec.index.index.definition.name}`)
    parts.push(
      `rps=${spec.rps}`,
      `active-threads=${done ? 0 : 1}`,
      `status=${done ? 'done' : 'active'}(${this.abandoned === OK ? 'ok' : 'user-aborted'})`,
      `job-progress=${this.progress().toFixed(2)}`,
      `run-time=${runMs}`,
      `time-since-done=${done ? nowMs - this.finishMs : 0}`,
      'recs-throttled=0',
      'recs-filtered-meta=0',
      `recs-filtered-bins=${this.filtered}`,
      `recs-succeeded=${this.succeeded}`,
      `recs-failed=${this.failed}`,
      `from=${this.from.replaceAll(':', '+')}`,
      `job-type=${this.work.kind === 'ops' ? 'background-ops' : 'background-udf'}`,
      `net-io-bytes=${FIN_BYTES}`,
      `socket-timeout=${SOCKET_TIMEOUT_MS}`,
    )
    if (this.work.kind === 'ops') parts.push('ops-active=0')
    else
      parts.push(`udf-filename=${this.work.call.module}`, `udf-function=${this.work.call.fn}`, 'udf-active=0')
    return parts.join(':')
  }

  /** Percent of the partitions walked, as the server counts it (by partition id). */
  private progress(): number {
    if (this.finished && this.abandoned === OK) return 100
    return (Math.min(this.pid + 1, PARTITIONS) * 100) / PARTITIONS
  }

  /** Runs one slice: records until the slice ends, the pace asks for a wait, or the job is done. */
  private run(): void {
    this.timer = undefined
    const sliceEnd = Date.now() + SLICE_MS
    const nowSeconds = clepochSeconds()
    for (;;) {
      const wait = paceWait(this.spec.rps, this.startMs, this.started)
      if (wait > 0) {
        this.timer = setTimeout(() => this.run(), wait)
        return
      }
      if (Date.now() > sliceEnd) {
        this.timer = setImmediate(() => this.run())
        return
      }
      if (!this.step(nowSeconds)) {
        this.end()
        return
      }
    }
  }

  private end(): void {
    this.finishMs = Date.now()
    this.registry.finish(this)
  }

  /** Handles the next candidate; false when none is left. */
  private step(nowSeconds: number): boolean {
    while (this.at >= this.candidates.length) {
      if (this.nextPartition >= this.spec.partitions.length) return false
      this.load(this.spec.partitions[this.nextPartition++]!.pid)
    }
    const i = this.at++
    const digest = this.candidates[i]!
    const r = this.spec.ns.partition(this.pid).get(digest)
    if (r === undefined || !this.wanted(r, digest, nowSeconds)) return true
    this.seen?.add(digest)
    this.started++
    this.count(this.apply(r))
    return true
  }

  /** Takes a partition's candidates: its index entries in range (a query) or its records (a scan). */
  private load(pid: number): void {
    this.pid = pid
    this.at = 0
    const index = this.spec.index
    if (index === undefined) {
      this.candidates = sortedDigests(this.spec, pid)
      this.seen = undefined
      return
    }
    const { entries, seen } = indexCandidates(index, pid)
    this.candidates = entries.map((e) => e.digest)
    this.seen = seen
  }

  /** Whether a record is one the job writes: alive, in the set, matching the index filter. */
  private wanted(r: StoredRecord, digest: string, nowSeconds: number): boolean {
    if (!inScope(this.spec, r, nowSeconds)) return false
    return !this.seen?.has(digest) && matchesIndexFilter(this.spec, r)
  }

  /** Writes one record as its own update request; returns the result code. */
  private apply(r: StoredRecord): number {
    const fields = [...this.fields]
    if (r.setName !== '') fields[FieldType.SET] = Buffer.from(r.setName, 'latin1')
    const req: Request = {
      info1: 0,
      info2: this.info2,
      info3: this.info3,
      info4: 0,
      generation: 0,
      recordTtl: this.recordTtl,
      transactionTtl: 0,
      fields,
      ops: this.work.kind === 'ops' ? this.work.ops : [],
    }
    if (this.work.kind === 'ops') return writeResultCode(req, this.spec.ns, r.digest)
    const reply = runUdf(this.work.engine, req, this.spec.ns, r.digest, this.work.call)
    return reply[REPLY_RESULT_CODE_OFFSET]!
  }

  /** Counts a record's outcome as the server does (a record gone meanwhile counts as nothing). */
  private count(code: number): void {
    if (code === OK) this.succeeded++
    else if (code === FILTERED_OUT) this.filtered++
    else if (code !== NOT_FOUND) this.failed++
  }
}
