/** One node's streamed answer to a query-based request: the connection it borrows, the idle timer, and how the connection goes back when the stream ends. */

import type { Frame } from '../../protocol/index.js'
import { ConnectionFailure, type FrameSink, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'

/**
 * The connection side of a request one node answers with a stream of
 * frames. A subclass reads the frames, calls `arm` on each (the idle timer:
 * a node silent for `socketTimeout` ms fails with a timeout), and ends with
 * `release` or `discard`.
 */
export abstract class NodeRequest implements FrameSink {
  protected conn: NodeConnection | undefined
  protected finished = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    readonly node: Node,
    private readonly request: Buffer,
    private readonly socketTimeout: number,
  ) {}

  abstract onFrame(frame: Frame): boolean
  abstract onError(err: ConnectionFailure): void

  /** Whether the idle timer is off for now (the reader paused the socket). */
  protected get idleTimerOff(): boolean {
    return false
  }

  /** Sends the request on `conn`, or gives `conn` straight back when the request has already ended. */
  protected send(conn: NodeConnection): void {
    if (this.finished) {
      this.node.pool.release(conn)
      return
    }
    this.conn = conn
    this.arm()
    conn.send(this.request, this)
  }

  /** (Re)starts the idle timer; on expiry the connection closes with a timeout failure (or `onError` gets it without one). */
  protected arm(): void {
    this.disarm()
    if (this.socketTimeout <= 0 || this.idleTimerOff) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      const failure = new ConnectionFailure(`no answer from ${this.node.address} in time`, 'timeout', true)
      if (this.conn === undefined) this.onError(failure)
      else this.conn.close(failure)
    }, this.socketTimeout)
  }

  protected disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  /**
   * Ends the request: a connection that saw the whole answer goes back to
   * the pool, any other is closed; both once the connection is done
   * delivering the current frame. False when it had already ended.
   */
  protected release(closeConnection: boolean): boolean {
    if (this.finished) return false
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
    return true
  }

  /** Ends the request now (it was stopped), closing its connection. False when it had already ended. */
  protected discard(): boolean {
    if (this.finished) return false
    this.finished = true
    this.disarm()
    const conn = this.conn
    this.conn = undefined
    if (conn !== undefined) this.node.pool.discard(conn)
    return true
  }
}
