/**
 * A node's connection pool: lazy, LIFO, bounded; commands wait for a connection up to their
 * deadline. Single-record commands may share a connection (pipelining, up to `pipelineDepth` in
 * flight); streams, batches, info and admin calls always have one to themselves.
 */
import { ResultCode } from '../../protocol/index.js'
import { errorFromResultCode } from '../errors.js'
import { ConnectionFailure, type Connector, type NodeAddress, type NodeConnection } from './connection.js'

/** Pool limits. */
export interface PoolOptions {
  /** Most connections open at once (in use, idle or being opened). */
  max: number
  /** Connections kept open even when idle. */
  min: number
  /** Idle connections older than this are closed by `reap`, ms; 0 = never. */
  idleTimeout: number
  /** Connect timeout, ms. */
  connectTimeout: number
  /** Most exchanges (single-record commands) one connection carries at once; 1 = no pipelining. */
  pipelineDepth: number
}

interface Waiter {
  resolve: (conn: NodeConnection) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout | undefined
}

/** Connections to one node. */
export class ConnectionPool {
  /** Idle connections, most recently used last (LIFO). */
  private readonly idle: NodeConnection[] = []
  private readonly waiters: Waiter[] = []
  /** Connections lent to exchanges (pipelined single-record commands), filled in order. */
  private readonly sharing: NodeConnection[] = []
  /** A connection being opened for exchanges, and how many exchanges wait for it. */
  private openingToShare: { joined: number; conn: Promise<NodeConnection> } | undefined
  /** Every open connection, idle or in use. */
  private readonly live = new Set<NodeConnection>()
  private connecting = 0
  private filling: Promise<void> | undefined
  private isClosed = false

  constructor(
    readonly host: NodeAddress,
    private readonly options: PoolOptions,
    private readonly connector: Connector,
    /** Name of the node, for error messages. */
    private readonly nodeName: string,
  ) {}

  /** Connections open or being opened. */
  get total(): number {
    return this.live.size + this.connecting
  }

  /** An idle connection, or undefined (no waiting, no connecting). */
  tryAcquire(): NodeConnection | undefined {
    while (this.idle.length > 0) {
      const conn = this.idle.pop()!
      if (!conn.closed) return conn
      this.live.delete(conn)
    }
    return undefined
  }

  /**
   * A connection for one exchange, without waiting: the first one carrying exchanges that has room
   * for another (so the requests of one tick leave together), else an idle one.
   */
  tryAcquireForExchange(): NodeConnection | undefined {
    const depth = this.options.pipelineDepth
    if (depth <= 1) return this.tryAcquire()
    for (const conn of this.sharing) if (conn.inFlight < depth && !conn.closed) return conn
    const conn = this.tryAcquire()
    if (conn !== undefined) this.sharing.push(conn)
    return conn
  }

  /**
   * `acquire` for one exchange, when tryAcquireForExchange found nothing. The connection is lent
   * out for sharing; exchanges arriving while it is being opened join it (up to pipelineDepth)
   * instead of each opening its own.
   */
  acquireForExchange(deadline: number): Promise<NodeConnection> {
    const depth = this.options.pipelineDepth
    if (depth <= 1) return this.acquire(deadline)
    const opening = this.openingToShare
    if (opening !== undefined && opening.joined < depth) {
      opening.joined++
      return opening.conn
    }
    if (this.isClosed || this.total >= this.options.max || this.idle.length > 0) {
      return this.acquire(deadline).then((conn) => {
        if (!this.sharing.includes(conn)) this.sharing.push(conn)
        return conn
      })
    }
    const entry = {
      joined: 1,
      conn: this.open(deadline).then((conn) => {
        this.sharing.push(conn)
        return conn
      }),
    }
    const done = (): void => {
      if (this.openingToShare === entry) this.openingToShare = undefined
    }
    entry.conn.then(done, done)
    this.openingToShare = entry
    return entry.conn
  }

  /**
   * Returns a connection after one of its exchanges completed; it goes back to the pool once none
   * is in flight (only once: several exchanges answered together each call this).
   */
  releaseExchange(conn: NodeConnection): void {
    if (this.options.pipelineDepth <= 1) {
      this.release(conn)
      return
    }
    if (conn.inFlight > 0 && !conn.closed) return
    if (this.stopSharing(conn)) this.release(conn)
  }

  /** Closes a connection whose exchange failed (every exchange in flight on it fails too). */
  discardExchange(conn: NodeConnection): void {
    this.stopSharing(conn)
    this.discard(conn)
  }

  /** Takes `conn` off the shared list; false if it was not on it. */
  private stopSharing(conn: NodeConnection): boolean {
    const i = this.sharing.indexOf(conn)
    if (i < 0) return false
    this.sharing.splice(i, 1)
    return true
  }

  /**
   * A connection: an idle one, a new one while under `max`, else the next one
   * released, waiting until `deadline` (ms since epoch; Infinity = no limit).
   * `priority` waiters (cluster tending) are served before commands.
   * Rejects with ConnectionFailure when connecting fails, ClientError (-7) when
   * the wait runs out, ClientError when the pool closes.
   */
  acquire(deadline: number, priority = false): Promise<NodeConnection> {
    if (this.isClosed) return Promise.reject(this.closedError())
    const idle = this.tryAcquire()
    if (idle !== undefined) return Promise.resolve(idle)
    if (this.total < this.options.max) return this.open(deadline)
    return new Promise<NodeConnection>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined }
      const wait = deadline - Date.now()
      if (deadline !== Number.POSITIVE_INFINITY) {
        waiter.timer = setTimeout(
          () => {
            const i = this.waiters.indexOf(waiter)
            if (i >= 0) this.waiters.splice(i, 1)
            reject(
              errorFromResultCode(ResultCode.NO_MORE_CONNECTIONS, {
                node: this.nodeName,
                address: `${this.host.host}:${this.host.port}`,
                detail: `all ${this.options.max} connections stayed busy`,
              }),
            )
          },
          Math.max(0, wait),
        )
      }
      if (priority) this.waiters.unshift(waiter)
      else this.waiters.push(waiter)
    })
  }

  /** Returns a connection after a complete response; a closed one is discarded. */
  release(conn: NodeConnection): void {
    if (conn.closed || this.isClosed) {
      this.discard(conn)
      return
    }
    conn.lastUsed = Date.now()
    const waiter = this.waiters.shift()
    if (waiter !== undefined) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer)
      waiter.resolve(conn)
    } else {
      this.idle.push(conn)
    }
  }

  /** Closes a connection that failed (or is no longer wanted) and frees its slot for a waiter. */
  discard(conn: NodeConnection): void {
    conn.close()
    if (!this.live.delete(conn)) return
    if (this.waiters.length > 0 && !this.isClosed && this.total < this.options.max) {
      const waiter = this.waiters.shift()!
      if (waiter.timer !== undefined) clearTimeout(waiter.timer)
      this.open(Number.POSITIVE_INFINITY).then(waiter.resolve, waiter.reject)
    }
  }

  /** Adds an already open connection (a validated seed's) as idle. */
  adopt(conn: NodeConnection): void {
    this.live.add(conn)
    this.release(conn)
  }

  /** Closes idle connections unused for longer than idleTimeout, keeping `min` open. */
  reap(now: number): void {
    const { idleTimeout, min } = this.options
    // Oldest idle connections are at the front.
    while (this.idle.length > 0) {
      const conn = this.idle[0]!
      const expired = idleTimeout > 0 && now - conn.lastUsed > idleTimeout && this.total > min
      if (!conn.closed && !expired) break
      this.idle.shift()
      this.discard(conn)
    }
  }

  /** Opens connections until `min` are open; failures are left for the next call. Concurrent calls share one fill. */
  fill(): Promise<void> {
    this.filling ??= this.openMissing().finally(() => {
      this.filling = undefined
    })
    return this.filling
  }

  private async openMissing(): Promise<void> {
    const wanted = this.options.min - this.total
    const opening: Promise<void>[] = []
    for (let i = 0; i < wanted; i++) {
      opening.push(
        this.open(Number.POSITIVE_INFINITY).then(
          (conn) => this.release(conn),
          () => undefined,
        ),
      )
    }
    await Promise.all(opening)
  }

  /** Closes every connection (in-flight responses fail) and rejects every waiter; later acquires fail. */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    for (const w of this.waiters.splice(0)) {
      if (w.timer !== undefined) clearTimeout(w.timer)
      w.reject(this.closedError())
    }
    this.idle.length = 0
    this.sharing.length = 0
    for (const conn of [...this.live]) conn.close()
    this.live.clear()
  }

  private async open(deadline: number): Promise<NodeConnection> {
    this.connecting++
    const timeout = Math.max(1, Math.min(this.options.connectTimeout, deadline - Date.now()))
    let conn: NodeConnection
    try {
      conn = await this.connector(this.host, timeout)
    } finally {
      this.connecting--
    }
    if (this.isClosed) {
      conn.close()
      throw this.closedError()
    }
    this.live.add(conn)
    return conn
  }

  private closedError(): ConnectionFailure {
    return new ConnectionFailure(`connection pool of node ${this.nodeName} is closed`, 'closed', false)
  }
}
