/** A running scan/query: one request per node, records streamed with back-pressure, retries of failed partitions, clean ends. */
import { randomBytes } from 'node:crypto'
import { ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { Record } from '../record.js'
import { NodeRun, type RunOwner, toError } from './node-run.js'
import type { PartitionProgress } from './partition-filter.js'
import { encodeQueryRequest, type NodeShare, type QueryStatement } from './query-request.js'
import { RecordQueue } from './record-queue.js'

/** Results a node's stream may end with that another attempt may fix (the partition or index is not ready there). */
const RETRYABLE_END: ReadonlySet<number> = new Set([
  ResultCode.PARTITION_UNAVAILABLE,
  ResultCode.INDEX_NOT_READABLE,
])

/** Above this many bytes of undelivered records the sockets stop reading; below LOW_WATER they read again. */
const HIGH_WATER = 4 * 1024 * 1024
const LOW_WATER = 1024 * 1024

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
export class RecordStream implements AsyncIterableIterator<Record>, RunOwner {
  private readonly queue = new RecordQueue<NodeRun>()
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
  /** Readers waiting for a record or the end (several when next() is called before the last one resolved). */
  private waiters: Array<() => void> = []
  private started = false
  private deadline = Number.POSITIVE_INFINITY
  private deadlineTimer: NodeJS.Timeout | undefined
  private readonly onAbort = (): void =>
    this.fail(
      errorFromResultCode(ResultCode.CLIENT_ABORT, {
        detail: 'the query was aborted',
        cause: this.policy.signal?.reason,
      }),
    )

  /** Nothing is sent until the first record is asked for. */
  constructor(
    private readonly cluster: Cluster,
    private readonly stmt: QueryStatement,
    private readonly policy: ResolvedQueryPolicy,
    private readonly progress: readonly PartitionProgress[],
    private readonly onSettled: SettledCallback,
  ) {}

  /** Sends the first attempt and arms the signal and totalTimeout (once, at the first read). */
  private start(): void {
    if (this.started) return
    this.started = true
    if (this.state !== 'running') return
    const { signal, totalTimeout } = this.policy
    if (signal?.aborted) {
      this.onAbort()
      return
    }
    signal?.addEventListener('abort', this.onAbort, { once: true })
    if (totalTimeout > 0) {
      this.deadline = Date.now() + totalTimeout
      this.deadlineTimer = setTimeout(() => {
        this.fail(
          errorFromResultCode(ResultCode.TIMEOUT, {
            detail: `client timeout: the query did not end within totalTimeout ${totalTimeout} ms`,
          }),
        )
      }, totalTimeout)
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
    this.start()
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
    this.start()
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
    this.start()
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
      this.waiters.push(resolve)
    })
  }

  private notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
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
