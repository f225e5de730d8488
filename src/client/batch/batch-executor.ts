/** The batch execute loop: rows by node, one streamed request per node, bounded parallelism, per-node re-split and retry. */
import { messageBody, ParseError, ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure, FailureKind, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import type { ResolvedBatchPolicy } from './batch-policy.js'
import { encodeBatchRequest } from './batch-request.js'
import { type BatchOutcome, NO_TRAILER, readBatchBody } from './batch-response.js'

/** One request to one node: its id (rows answered by it are matched against it), the rows, the attempt it belongs to. */
interface NodeRequest {
  readonly id: number
  readonly node: Node
  readonly rows: readonly number[]
  readonly attempt: number
}

/** Result codes of failures that a retry on the current partition map may cure. */
const RETRYABLE = new Set<number>([
  ResultCode.INVALID_NODE,
  ResultCode.CLUSTER,
  ResultCode.MAX_ERROR_RATE,
  ResultCode.NO_MORE_CONNECTIONS,
])

/**
 * Runs every row of `outcome` under `policy`, filling `outcome.records`.
 * Resolves once every row has its result; rejects with the typed error of a
 * whole-call failure (timeout or network failure once retries are spent, a
 * malformed response, the server stopping the batch, the client closing).
 */
export function executeBatch(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  outcome: BatchOutcome,
): Promise<void> {
  return new BatchRun(cluster, policy, outcome).run()
}

class BatchRun {
  private readonly deadline: number
  private readonly queue: NodeRequest[] = []
  /** Rows whose write reached a node in an attempt that then failed. */
  private readonly sentWrites: Uint8Array
  private anySentWrite = false
  private nextId = 1
  private running = 0
  private sleeping = 0
  private settled = false
  private resolve: () => void = () => {}
  private reject: (err: Error) => void = () => {}

  constructor(
    private readonly cluster: Cluster,
    private readonly policy: ResolvedBatchPolicy,
    private readonly outcome: BatchOutcome,
  ) {
    this.deadline = policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : Number.POSITIVE_INFINITY
    this.sentWrites = new Uint8Array(outcome.rows.keys.length)
  }

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
      const all = new Array<number>(this.outcome.rows.keys.length)
      for (let i = 0; i < all.length; i++) all[i] = i
      this.dispatch(all, 0)
      this.pump()
    })
  }

  /** Groups `rows` by the node serving each at `attempt` and queues one request per node. */
  private dispatch(rows: readonly number[], attempt: number): void {
    const { keys, specs } = this.outcome.rows
    const byNode = new Map<Node, number[]>()
    let unroutable: number[] | undefined
    let routeError: AerospikeError | undefined
    for (const i of rows) {
      const key = keys[i]!
      let node: Node
      try {
        node = this.cluster.route(
          key.namespace,
          key.partitionId,
          specs[i]!.isWrite,
          this.policy.replica,
          attempt,
        )
      } catch (err) {
        if (!(err instanceof AerospikeError) || !RETRYABLE.has(err.resultCode)) {
          this.fail(err as Error)
          return
        }
        unroutable ??= []
        unroutable.push(i)
        routeError = err
        continue
      }
      const list = byNode.get(node)
      if (list === undefined) byNode.set(node, [i])
      else list.push(i)
    }
    for (const [node, list] of byNode) this.queue.push({ id: this.nextId++, node, rows: list, attempt })
    if (unroutable !== undefined) this.retry(unroutable, attempt, routeError!, false)
  }

  /** Starts queued requests while under maxConcurrentNodes; settles the call once nothing is left to do. */
  private pump(): void {
    if (this.settled) return
    const limit =
      this.policy.maxConcurrentNodes > 0 ? this.policy.maxConcurrentNodes : Number.POSITIVE_INFINITY
    while (this.queue.length > 0 && this.running < limit) {
      const request = this.queue.shift()!
      this.running++
      void this.send(request).then(() => {
        this.running--
        this.pump()
      })
    }
    if (this.running === 0 && this.sleeping === 0 && this.queue.length === 0) this.finish()
  }

  /** Sends one node's rows and reads its stream; never rejects (failures go to onFailure). */
  private async send(request: NodeRequest): Promise<void> {
    const { node } = request
    let conn: NodeConnection | undefined
    try {
      if (this.cluster.closed) throw closedError(this.anySentWrite)
      if (node.errorRateExceeded(this.cluster.maxErrorRate)) {
        throw errorFromResultCode(ResultCode.MAX_ERROR_RATE, { node: node.name, address: node.address })
      }
      conn = node.pool.tryAcquire() ?? (await node.pool.acquire(this.deadline))
      if (this.settled) {
        node.pool.release(conn)
        return
      }
      if (this.deadline - Date.now() <= 0) {
        node.pool.release(conn)
        conn = undefined
        throw errorFromResultCode(ResultCode.TIMEOUT, {
          node: node.name,
          address: node.address,
          detail: `client timeout: totalTimeout ${this.policy.totalTimeout} ms elapsed before the batch was sent`,
        })
      }
      const bytes = encodeBatchRequest(this.outcome.rows, request.rows, this.policy)
      const waiting = this.outcome.waiting
      for (const i of request.rows) waiting[i] = request.id
      const trailer = await this.exchange(conn, request, bytes)
      node.pool.release(conn)
      conn = undefined
      if (trailer !== ResultCode.OK) {
        throw errorFromResultCode(trailer, {
          node: node.name,
          address: node.address,
          inDoubt: this.hasWrites(request.rows),
          detail: 'the server stopped the batch',
        })
      }
      for (const i of request.rows) {
        if (waiting[i] === request.id) throw new ParseError(`batch response ended without row ${i}`)
      }
    } catch (err) {
      if (conn !== undefined) node.pool.discard(conn)
      this.onFailure(request, err)
    }
  }

  /**
   * Sends `bytes` and feeds the response frames to the decoder until the
   * trailer; resolves to the trailer's result code. The socket may stay idle
   * at most socketTimeout (and never past the deadline) between frames.
   */
  private exchange(conn: NodeConnection, request: NodeRequest, bytes: Buffer): Promise<number> {
    const { node } = request
    return new Promise<number>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      let parseError: unknown
      const onTimeout = (): void => {
        timer = undefined
        conn.close(
          new ConnectionFailure(`no response from ${node.address} in time`, FailureKind.TIMEOUT, true),
        )
      }
      const arm = (): void => {
        const left = this.deadline - Date.now()
        const socketTimeout = this.policy.socketTimeout
        const ms = socketTimeout > 0 && socketTimeout < left ? socketTimeout : left
        if (ms !== Number.POSITIVE_INFINITY) timer = setTimeout(onTimeout, Math.max(1, ms))
      }
      arm()
      conn.send(bytes, {
        onFrame: (frame) => {
          clearTimeout(timer)
          let trailer: number
          try {
            trailer = readBatchBody(messageBody(frame, 'batch response'), request.id, this.outcome)
          } catch (err) {
            parseError = err
            conn.close()
            return false
          }
          if (trailer === NO_TRAILER) {
            arm()
            return false
          }
          resolve(trailer)
          return true
        },
        onError: (err) => {
          clearTimeout(timer)
          reject(parseError ?? err)
        },
      })
    })
  }

  /** Sorts a failed request: its unanswered rows are retried, or the whole call fails. */
  private onFailure(request: NodeRequest, err: unknown): void {
    if (this.settled) return
    const { node } = request
    if (this.cluster.closed) {
      this.fail(closedError(this.anySentWrite || (isSent(err) && this.hasWrites(request.rows))))
      return
    }
    if (err instanceof ConnectionFailure) {
      if (err.kind !== FailureKind.CLOSED) node.errorCount++
      const waiting = this.outcome.waiting
      const unanswered = request.rows.filter((i) => waiting[i] === request.id)
      if (err.sent) this.markSent(unanswered)
      const timedOut = err.kind === FailureKind.TIMEOUT
      const error = errorFromResultCode(timedOut ? ResultCode.TIMEOUT : ResultCode.CONNECTION, {
        node: node.name,
        address: node.address,
        detail: err.message,
        cause: err,
      })
      this.retry(unanswered, request.attempt, error, timedOut)
      return
    }
    if (err instanceof ParseError) {
      this.fail(
        errorFromResultCode(ResultCode.PARSE_ERROR, {
          node: node.name,
          address: node.address,
          inDoubt: this.anySentWrite || this.hasWrites(request.rows),
          detail: err.message,
          cause: err,
        }),
      )
      return
    }
    if (err instanceof AerospikeError && RETRYABLE.has(err.resultCode)) {
      this.retry(request.rows, request.attempt, err, err.resultCode === ResultCode.NO_MORE_CONNECTIONS)
      return
    }
    this.fail(err as Error)
  }

  /** Re-splits `rows` for the next attempt after sleepBetweenRetries, or fails the call when no attempt is left. */
  private retry(rows: readonly number[], attempt: number, error: AerospikeError, timedOut: boolean): void {
    const next = attempt + 1
    const now = Date.now()
    const sleep = this.policy.sleepBetweenRetries
    if (next > this.policy.maxRetries || now + sleep >= this.deadline) {
      this.fail(this.finalError(error, timedOut || now + sleep >= this.deadline, next))
      return
    }
    if (sleep <= 0) {
      this.dispatch(rows, next)
      return
    }
    this.sleeping++
    void this.cluster.sleep(sleep).then(() => {
      this.sleeping--
      if (this.settled) return
      this.dispatch(rows, next)
      this.pump()
    })
  }

  /** The error the call ends with once no attempt is left. */
  private finalError(last: AerospikeError, timedOut: boolean, attempts: number): AerospikeError {
    if (timedOut && !(last.resultCode === ResultCode.NO_MORE_CONNECTIONS && !this.anySentWrite)) {
      return errorFromResultCode(ResultCode.TIMEOUT, {
        node: last.node,
        inDoubt: this.anySentWrite,
        detail: `client timeout after ${attempts} attempt(s) (totalTimeout ${this.policy.totalTimeout} ms, socketTimeout ${this.policy.socketTimeout} ms)`,
        cause: last,
      })
    }
    if (this.anySentWrite && !last.inDoubt) {
      return errorFromResultCode(last.resultCode, {
        node: last.node,
        inDoubt: true,
        detail: last.message,
        cause: last,
      })
    }
    return last
  }

  private hasWrites(rows: readonly number[]): boolean {
    const specs = this.outcome.rows.specs
    for (const i of rows) if (specs[i]!.isWrite) return true
    return false
  }

  private markSent(rows: readonly number[]): void {
    const specs = this.outcome.rows.specs
    for (const i of rows) {
      if (!specs[i]!.isWrite) continue
      this.sentWrites[i] = 1
      this.anySentWrite = true
    }
  }

  private fail(err: Error): void {
    if (this.settled) return
    this.settled = true
    this.reject(err)
  }

  /** Every row answered: a failed write row is in doubt when an earlier attempt may have applied it, or it timed out. */
  private finish(): void {
    if (this.settled) return
    this.settled = true
    const { records, rows } = this.outcome
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!
      if (r.result === ResultCode.OK || !rows.specs[i]!.isWrite) continue
      if (this.sentWrites[i] === 1 || r.result === ResultCode.TIMEOUT) r.inDoubt = true
    }
    this.resolve()
  }
}

function isSent(err: unknown): boolean {
  return err instanceof ConnectionFailure && err.sent
}

function closedError(inDoubt: boolean): AerospikeError {
  return errorFromResultCode(ResultCode.CLIENT_ERROR, { inDoubt, detail: 'the client was closed' })
}
