/** A running scan/query: one request per node, records streamed with back-pressure, retries of failed partitions, clean ends. */
import { randomBytes } from 'node:crypto'
import {
  decompressFrame,
  type Frame,
  ParseError,
  PROTO_HEADER_SIZE,
  ProtoType,
  ResultCode,
} from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure, type FrameSink, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { Record } from '../record.js'
import type { PartitionProgress } from './partition-filter.js'
import { encodeQueryRequest, type NodeShare, type QueryStatement } from './query-request.js'
import { type QueryFrameSink, readQueryFrame, type StreamEnd } from './query-response.js'

/** Above this many bytes of undelivered records the sockets stop reading; below LOW_WATER they read again. */
const HIGH_WATER = 4 * 1024 * 1024
const LOW_WATER = 1024 * 1024

/**
 * Records waiting for the consumer, each with what delivering it advances:
 * its partition's progress, its index value, its size on the wire and the
 * run it came from. Parallel arrays, so queueing allocates nothing per record.
 */
class RecordQueue {
  private records: Record[] = []
  private progress: PartitionProgress[] = []
  private bvals: Array<bigint | undefined> = []
  private sizes: number[] = []
  private runs: NodeRun[] = []
  private head = 0
  /** Wire bytes of the queued records. */
  bytes = 0

  get empty(): boolean {
    return this.head >= this.records.length
  }

  push(
    record: Record,
    progress: PartitionProgress,
    bval: bigint | undefined,
    size: number,
    run: NodeRun,
  ): void {
    this.records.push(record)
    this.progress.push(progress)
    this.bvals.push(bval)
    this.sizes.push(size)
    this.runs.push(run)
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
    if (this.head > 4096 && this.head * 2 > this.records.length) this.keep((j) => j >= this.head)
    return record
  }

  /** Drops the records of `run`; returns how many. */
  drop(run: NodeRun): number {
    const before = this.records.length - this.head
    this.keep((j) => j >= this.head && this.runs[j] !== run)
    return before - this.records.length
  }

  clear(): void {
    this.keep(() => false)
  }

  private keep(wanted: (i: number) => boolean): void {
    const records: Record[] = []
    const progress: PartitionProgress[] = []
    const bvals: Array<bigint | undefined> = []
    const sizes: number[] = []
    const runs: NodeRun[] = []
    let bytes = 0
    for (let i = this.head; i < this.records.length; i++) {
      if (!wanted(i)) continue
      records.push(this.records[i]!)
      progress.push(this.progress[i]!)
      bvals.push(this.bvals[i])
      sizes.push(this.sizes[i]!)
      runs.push(this.runs[i]!)
      bytes += this.sizes[i]!
    }
    this.records = records
    this.progress = progress
    this.bvals = bvals
    this.sizes = sizes
    this.runs = runs
    this.head = 0
    this.bytes = bytes
  }
}

/** Results a node's stream may end with that another attempt may fix (the partition or index is not ready there). */
const RETRYABLE_END: ReadonlySet<number> = new Set([
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.INDEX_NOT_READABLE,
])

/** One node's share of one attempt: its connection, its request and what it has sent so far. */
class NodeRun implements FrameSink, QueryFrameSink {
  private conn: NodeConnection | undefined
  private timer: NodeJS.Timeout | undefined
  private finished = false
  /** Records this node sent in this attempt (kept or not). */
  received = 0

  constructor(
    private readonly stream: RecordStream,
    readonly node: Node,
    readonly share: NodeShare,
    private readonly request: Buffer,
    private readonly socketTimeout: number,
  ) {}

  /** The partitions this run covers. */
  partitions(): PartitionProgress[] {
    return [...this.share.fresh, ...this.share.resumed]
  }

  /** Whether the node sent as many records as it was allowed (it may hold more). */
  get hitMax(): boolean {
    return this.share.recordMax > 0 && this.received >= this.share.recordMax
  }

  /** Borrows a connection (waiting until `deadline`) and sends the request. */
  async start(deadline: number): Promise<void> {
    let conn: NodeConnection
    try {
      conn = this.node.pool.tryAcquire() ?? (await this.node.pool.acquire(deadline))
    } catch (err) {
      this.end(err instanceof AerospikeError || err instanceof ConnectionFailure ? err : toError(err))
      return
    }
    if (this.finished) {
      this.node.pool.release(conn)
      return
    }
    this.conn = conn
    this.arm()
    conn.send(this.request, this)
  }

  onFrame(frame: Frame): boolean {
    if (this.finished) return true
    this.arm()
    let end: StreamEnd | undefined
    try {
      const body =
        frame.type === ProtoType.COMPRESSED
          ? decompressFrame(frame.body).subarray(PROTO_HEADER_SIZE)
          : frame.body
      if (frame.type !== ProtoType.MESSAGE && frame.type !== ProtoType.COMPRESSED)
        throw new ParseError(`query answer of proto type ${frame.type}`)
      end = readQueryFrame(body, this, Date.now())
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err)
      this.end(errorFromResultCode(ResultCode.PARSE_ERROR, this.context({ detail, cause: err })), true)
      return true
    }
    this.stream.afterFrame()
    if (end === undefined) return false
    if (end.resultCode === ResultCode.OK || end.resultCode === ResultCode.RECORD_NOT_FOUND)
      this.end(undefined)
    else this.end(errorFromResultCode(end.resultCode, this.context({})), false)
    return true
  }

  record(record: Record, pid: number, bval: bigint | undefined, size: number): void {
    this.received++
    this.stream.push(this, record, pid, bval, size)
  }

  partitionDone(pid: number, code: number): void {
    this.stream.partitionDone(this, pid, code)
  }

  onError(err: ConnectionFailure): void {
    if (this.finished) return
    this.conn = undefined
    this.end(err)
  }

  /** Stops reading while the consumer catches up (the idle timer stops too). */
  pause(): void {
    this.disarm()
    this.conn?.pause()
  }

  resume(): void {
    if (this.conn === undefined || this.finished) return
    this.conn.resume()
    this.arm()
  }

  /** Ends the run now, closing its connection (the query was stopped). */
  cancel(): void {
    if (this.finished) return
    this.finished = true
    this.disarm()
    const conn = this.conn
    this.conn = undefined
    if (conn !== undefined) this.node.pool.discard(conn)
  }

  /** The node, its address and the error detail, for error messages. */
  context(extra: { detail?: string; cause?: unknown }): {
    node: string
    address: string
    detail?: string
    cause?: unknown
  } {
    return { node: this.node.name, address: this.node.address, ...extra }
  }

  /**
   * Finishes the run: `outcome` undefined for success, else the failure. A
   * connection that saw the whole answer goes back to the pool; any other is
   * closed. Both happen after the connection is done delivering this frame.
   */
  private end(
    outcome: AerospikeError | ConnectionFailure | undefined,
    closeConnection = outcome !== undefined,
  ): void {
    if (this.finished) return
    this.finished = true
    this.disarm()
    const conn = this.conn
    this.conn = undefined
    if (conn !== undefined) {
      queueMicrotask(() => {
        if (closeConnection) {
          this.node.pool.discard(conn)
        } else {
          conn.resume()
          this.node.pool.release(conn)
        }
      })
    }
    this.stream.runEnded(this, outcome)
  }

  private arm(): void {
    this.disarm()
    if (this.socketTimeout <= 0 || this.stream.isPaused) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      const conn = this.conn
      const failure = new ConnectionFailure(`no answer from ${this.node.address} in time`, 'timeout', true)
      if (conn === undefined) this.end(failure)
      else conn.close(failure)
    }, this.socketTimeout)
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }
}

function toError(err: unknown): AerospikeError {
  return errorFromResultCode(ResultCode.CLIENT_ERROR, {
    detail: err instanceof Error ? err.message : String(err),
    cause: err,
  })
}

/** What a stream reports when it settles (ended, failed or stopped): the partitions' progress is final. */
export type SettledCallback = () => void

/**
 * The records of one query run, as an async iterator. Each attempt sends every
 * partition still to read to the node that holds it (at most
 * maxConcurrentNodes nodes at once); records are queued as frames arrive and
 * the sockets pause while more than 4 MiB of them wait for the consumer.
 * A partition's progress advances only when its record is delivered, so a
 * stop at any point leaves a resume point that skips nothing and repeats
 * nothing. Partitions a node could not serve, and every partition of a node
 * whose connection failed (its undelivered records dropped), go to the next
 * attempt, up to maxRetries. Breaking out, abort() and the policy's signal
 * close the connections in use.
 */
export class RecordStream implements AsyncIterableIterator<Record> {
  private readonly queue = new RecordQueue()
  private paused = false
  private readonly active = new Set<NodeRun>()
  private waiting: NodeRun[] = []
  private readonly completed: NodeRun[] = []
  /** Every partition sent to a node during this run. */
  private readonly touched = new Set<PartitionProgress>()
  private readonly failures: Array<AerospikeError | ConnectionFailure> = []
  private attempt = 0
  /** Records queued or delivered in this run (what maxRecords counts). */
  private accepted = 0
  /** Whether records beyond maxRecords are dropped here (fewer records than nodes were asked for). */
  private capped = false
  private exhausted = false
  private state: 'running' | 'ended' | 'failed' = 'running'
  private error: AerospikeError | undefined
  private wake: (() => void) | undefined
  private readonly deadline: number
  private deadlineTimer: NodeJS.Timeout | undefined
  private readonly onAbort: () => void

  constructor(
    private readonly cluster: Cluster,
    private readonly stmt: QueryStatement,
    private readonly policy: ResolvedQueryPolicy,
    private readonly progress: readonly PartitionProgress[],
    private readonly onSettled: SettledCallback,
  ) {
    this.deadline = policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : Number.POSITIVE_INFINITY
    this.onAbort = () =>
      this.fail(
        errorFromResultCode(ResultCode.CLIENT_ABORT, {
          detail: 'the query was aborted',
          cause: policy.signal?.reason,
        }),
      )
    const signal = policy.signal
    if (signal?.aborted) {
      this.onAbort()
      return
    }
    signal?.addEventListener('abort', this.onAbort, { once: true })
    if (policy.totalTimeout > 0) {
      this.deadlineTimer = setTimeout(() => {
        this.fail(
          errorFromResultCode(ResultCode.TIMEOUT, {
            detail: `client timeout: the query did not end within totalTimeout ${policy.totalTimeout} ms`,
          }),
        )
      }, policy.totalTimeout)
    }
    this.startAttempt()
  }

  /** Whether the sockets are paused for back-pressure. */
  get isPaused(): boolean {
    return this.paused
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<Record, undefined>> {
    for (;;) {
      const record = this.take()
      if (record !== undefined) return { value: record, done: false }
      if (this.state === 'failed') throw this.error
      if (this.state === 'ended') return { value: undefined, done: true }
      await this.available()
    }
  }

  /** Stops the query: connections in use close; records not yet delivered stay unread (resumable). */
  async return(): Promise<IteratorResult<Record, undefined>> {
    this.stop()
    return { value: undefined, done: true }
  }

  /** Every remaining record, in one array (fewer promises than iterating). */
  async collect(): Promise<Record[]> {
    const out: Record[] = []
    for (;;) {
      for (let r = this.take(); r !== undefined; r = this.take()) out.push(r)
      if (this.state === 'failed') throw this.error
      if (this.state === 'ended') return out
      await this.available()
    }
  }

  /**
   * Calls `callback` for each record in order, awaiting it when it returns a
   * Promise; a result of `false` stops the query (as `return()` does).
   */
  async forEach(callback: (record: Record) => unknown): Promise<void> {
    for (;;) {
      for (let r = this.take(); r !== undefined; r = this.take()) {
        let result = callback(r)
        if (result instanceof Promise) result = await result
        if (result === false) {
          this.stop()
          return
        }
      }
      if (this.state === 'failed') throw this.error
      if (this.state === 'ended') return
      await this.available()
    }
  }

  /** Stops early: connections close, unread records are dropped, every touched partition stays to be read. */
  stop(): void {
    if (this.state !== 'running') return
    this.state = 'ended'
    this.dropQueue()
    this.settle(false)
  }

  /** After a frame: pause the sockets when too much waits for the consumer. */
  afterFrame(): void {
    if (!this.paused && this.queue.bytes > HIGH_WATER) {
      this.paused = true
      for (const run of this.active) run.pause()
    }
    this.notify()
  }

  /** A node's run ended: success, a failure another attempt may fix, or an error that ends the query. */
  runEnded(run: NodeRun, outcome: AerospikeError | ConnectionFailure | undefined): void {
    this.active.delete(run)
    if (this.state !== 'running') return
    if (outcome === undefined) {
      this.completed.push(run)
    } else if (this.retryable(run, outcome)) {
      this.failures.push(outcome)
      this.purge(run)
      for (const p of run.partitions()) {
        p.retry = true
        p.sequence++
      }
    } else {
      this.fail(outcome instanceof AerospikeError ? outcome : this.connectionError(run, outcome))
      return
    }
    this.startWaiting()
    if (this.active.size === 0 && this.waiting.length === 0) this.attemptEnded()
  }

  private retryable(run: NodeRun, outcome: AerospikeError | ConnectionFailure): boolean {
    if (outcome instanceof ConnectionFailure) {
      if (outcome.kind !== 'closed') run.node.errorCount++
      return !this.cluster.closed
    }
    return (
      RETRYABLE_END.has(outcome.resultCode) ||
      outcome.resultCode === ResultCode.NO_MORE_CONNECTIONS ||
      outcome.resultCode === ResultCode.MAX_ERROR_RATE
    )
  }

  private connectionError(run: NodeRun, failure: ConnectionFailure): AerospikeError {
    if (this.cluster.closed)
      return errorFromResultCode(ResultCode.CLIENT_ERROR, { detail: 'the client was closed', cause: failure })
    const code = failure.kind === 'timeout' ? ResultCode.TIMEOUT : ResultCode.CONNECTION
    return errorFromResultCode(code, run.context({ detail: failure.message, cause: failure }))
  }

  /** Queues a record a node sent (dropped once the stream is over, or beyond maxRecords when capped here). */
  push(run: NodeRun, record: Record, pid: number, bval: bigint | undefined, size: number): void {
    if (this.state !== 'running') return
    const max = this.policy.maxRecords
    if (this.capped && this.accepted >= max) return
    const progress = this.progress[pid - this.progress[0]!.id]
    if (progress === undefined) return
    this.accepted++
    this.queue.push(record, progress, bval, size, run)
  }

  /** A node could not serve a partition: it goes to the next attempt, on the next replica. */
  partitionDone(run: NodeRun, pid: number, code: number): void {
    const progress = this.progress[pid - this.progress[0]!.id]
    if (progress === undefined || this.state !== 'running') return
    progress.retry = true
    progress.sequence++
    this.failures.push(errorFromResultCode(code, run.context({ detail: `partition ${pid}` })))
  }

  /** Drops the undelivered records of a failed run (its partitions are read again after the last delivered record). */
  private purge(run: NodeRun): void {
    this.accepted -= this.queue.drop(run)
  }

  /** The next queued record, delivered: its partition's resume point moves to it. */
  private take(): Record | undefined {
    if (this.queue.empty) return undefined
    const record = this.queue.take()
    if (this.paused && this.queue.bytes < LOW_WATER) {
      this.paused = false
      for (const run of this.active) run.resume()
    }
    if (this.queue.empty && this.exhausted && this.state === 'running') this.finish()
    return record
  }

  /** Resolves when a record is queued or the stream has ended. */
  private available(): Promise<void> {
    if (!this.queue.empty || this.state !== 'running') return Promise.resolve()
    return new Promise((resolve) => {
      this.wake = resolve
    })
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  /** Sends every partition still to read to the node holding it. */
  private startAttempt(): void {
    this.attempt++
    const shares = new Map<Node, { fresh: PartitionProgress[]; resumed: PartitionProgress[] }>()
    try {
      for (const p of this.progress) {
        if (!p.retry) continue
        const node = this.cluster.route(this.stmt.namespace, p.id, false, this.policy.replica, p.sequence)
        let share = shares.get(node)
        if (share === undefined) {
          share = { fresh: [], resumed: [] }
          shares.set(node, share)
        }
        if (p.digest === undefined) share.fresh.push(p)
        else share.resumed.push(p)
      }
    } catch (err) {
      this.fail(err instanceof AerospikeError ? err : toError(err))
      return
    }
    for (const share of shares.values()) {
      for (const p of share.fresh) this.touched.add(p)
      for (const p of share.resumed) this.touched.add(p)
      for (const p of [...share.fresh, ...share.resumed]) p.retry = false
    }
    const max = this.policy.maxRecords
    const left = max - this.accepted
    const nodes = [...shares.keys()]
    this.capped = max > 0 && left < nodes.length
    nodes.forEach((node, i) => {
      let recordMax = 0
      if (max > 0)
        recordMax = this.capped ? 1 : Math.floor(left / nodes.length) + (i < left % nodes.length ? 1 : 0)
      const share: NodeShare = { ...shares.get(node)!, recordMax }
      const request = encodeQueryRequest(this.stmt, this.policy, randomBytes(8), share)
      this.waiting.push(new NodeRun(this, node, share, request, this.policy.socketTimeout))
    })
    if (this.waiting.length === 0) {
      this.exhausted = true
      if (this.queue.empty) this.finish()
      return
    }
    this.startWaiting()
  }

  /** Starts waiting runs while fewer than maxConcurrentNodes are active. */
  private startWaiting(): void {
    const limit = this.policy.maxConcurrentNodes
    while (this.waiting.length > 0 && (limit === 0 || this.active.size < limit) && this.state === 'running') {
      const run = this.waiting.shift()!
      this.active.add(run)
      void run.start(this.deadline)
    }
  }

  /** Every run of the attempt ended: finished, or partitions to try again. */
  private attemptEnded(): void {
    const max = this.policy.maxRecords
    const full = max > 0 && this.accepted >= max
    if (this.failures.length === 0 || full) {
      // A node that sent its whole allowance may hold more: its partitions stay to be read.
      for (const run of this.completed) if (run.hitMax) for (const p of run.partitions()) p.retry = true
      this.exhausted = true
      if (this.queue.empty) this.finish()
      return
    }
    const last = this.failures[this.failures.length - 1]!
    const sleep = this.policy.sleepBetweenRetries
    if (this.attempt > this.policy.maxRetries || Date.now() + sleep >= this.deadline) {
      this.fail(this.finalError(last))
      return
    }
    this.failures.length = 0
    if (sleep > 0) void this.cluster.sleep(sleep).then(() => this.state === 'running' && this.startAttempt())
    else this.startAttempt()
  }

  private finalError(last: AerospikeError | ConnectionFailure): AerospikeError {
    const detail = `after ${this.attempt} attempt(s) (maxRetries ${this.policy.maxRetries})`
    if (last instanceof AerospikeError)
      return errorFromResultCode(last.resultCode, { node: last.node, detail, cause: last })
    const code = last.kind === 'timeout' ? ResultCode.TIMEOUT : ResultCode.CONNECTION
    return errorFromResultCode(code, { detail: `${last.message}; ${detail}`, cause: last })
  }

  /** Every record was delivered and no partition is left for this run. */
  private finish(): void {
    this.state = 'ended'
    this.settle(true)
    this.notify()
  }

  /** Ends the query with `error` (delivered to the consumer at its next read). */
  private fail(error: AerospikeError): void {
    if (this.state !== 'running') return
    this.state = 'failed'
    this.error = error
    this.dropQueue()
    this.settle(false)
    this.notify()
  }

  private dropQueue(): void {
    this.queue.clear()
  }

  /**
   * Closes what is open and leaves the partitions' progress final. After a
   * complete run the flags stand as the attempts left them; after a stop or
   * an error every partition the run touched stays to be read (from its last
   * delivered record).
   */
  private settle(complete: boolean): void {
    for (const run of this.active) run.cancel()
    for (const run of this.waiting) run.cancel()
    this.active.clear()
    this.waiting = []
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer)
    this.policy.signal?.removeEventListener('abort', this.onAbort)
    if (!complete) for (const p of this.touched) p.retry = true
    this.onSettled()
  }
}
