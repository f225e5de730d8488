/** One node's part of a query attempt: it borrows a connection, sends the request, decodes the frames and times the node out. */
import { type Frame, messageBody, ResultCode } from '../../protocol/index.js'
import { ConnectionFailure, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import type { Record } from '../record.js'
import { NodeRequest } from './node-request.js'
import type { PartitionProgress } from './partition-filter.js'
import type { NodeShare } from './query-request.js'
import { type QueryFrameSink, readQueryFrame, type StreamEnd } from './query-response.js'

/** What a run reports to (and asks of) the query it belongs to. */
export interface RunOwner {
  /** Whether the sockets are paused for back-pressure (the idle timer stops meanwhile). */
  readonly isPaused: boolean
  /** A record the node sent, with its partition, index value and wire size. */
  push(run: NodeRun, record: Record, pid: number, bval: bigint | undefined, size: number): void
  /** The node could not serve partition `pid`. */
  partitionDone(run: NodeRun, pid: number, code: number): void
  /** A frame was handled (the time to pause the sockets if too much is waiting). */
  afterFrame(): void
  /** The run ended: `outcome` undefined for success, else why it failed. */
  runEnded(run: NodeRun, outcome: AerospikeError | ConnectionFailure | undefined): void
}

/** One node's share of one attempt: its connection, its request and what it has sent so far. */
export class NodeRun extends NodeRequest implements QueryFrameSink {
  /** Records this node sent in this attempt (kept or not). */
  received = 0

  constructor(
    private readonly stream: RunOwner,
    node: Node,
    readonly share: NodeShare,
    request: Buffer,
    socketTimeout: number,
  ) {
    super(node, request, socketTimeout)
  }

  protected override get idleTimerOff(): boolean {
    return this.stream.isPaused
  }

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
    this.send(conn)
  }

  onFrame(frame: Frame): boolean {
    if (this.finished) return true
    this.arm()
    let end: StreamEnd | undefined
    try {
      end = readQueryFrame(messageBody(frame, 'query answer'), this, Date.now())
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
    this.discard()
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
    if (this.release(closeConnection)) this.stream.runEnded(this, outcome)
  }
}

/** Any error as a ClientError with it as the cause. */
export function toError(err: unknown): AerospikeError {
  return errorFromResultCode(ResultCode.CLIENT_ERROR, {
    detail: err instanceof Error ? err.message : String(err),
    cause: err,
  })
}
