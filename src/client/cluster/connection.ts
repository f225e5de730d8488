/** One TCP or TLS connection to a node: frames requests out, cuts responses into frames and hands them to the waiting command. */
import { Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import {
  encodeInfoRequest,
  type Frame,
  FrameReader,
  type HostPort,
  ParseError,
  ProtoType,
  parseInfoResponse,
  ResultCode,
} from '../../protocol/index.js'
import { errorFromResultCode } from '../errors.js'
import { type TlsConfig, tlsConnectOptions } from '../security/tls-config.js'

/** Keep-alive probe delay for idle sockets, ms. */
const KEEP_ALIVE_DELAY = 30_000

/** Receives the frames of one response (one frame, or a stream ended by the receiver). */
export interface FrameSink {
  /** Called per frame; returns true when the response is complete and the connection is free again. */
  onFrame(frame: Frame): boolean
  /** Called once if the connection fails or times out before the response completes. */
  onError(err: ConnectionFailure): void
}

/** Why a connection could not carry a request to its end. */
export const FailureKind = {
  /** The response did not arrive in time. */
  TIMEOUT: 'timeout',
  /** Connect failed, the socket errored or closed, or the peer sent bytes that are not frames. */
  NETWORK: 'network',
  /** The connection was closed on purpose (pool or client closing). */
  CLOSED: 'closed',
} as const

/**
 * A connection failure (not a server result). `sent` says whether the request
 * may have reached the server, which makes a write's outcome uncertain.
 */
export class ConnectionFailure extends Error {
  override name = 'ConnectionFailure'
  constructor(
    message: string,
    readonly kind: (typeof FailureKind)[keyof typeof FailureKind],
    readonly sent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * Whether `err` came from the TLS layer (an alert from the peer, a failed
 * handshake) rather than from the socket: with TLS 1.3 a server refusing the
 * client's certificate says so only after the client's handshake completed.
 */
export function isTlsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('ERR_SSL_')
}

/** What the cluster needs from a connection; the real one is Connection, tests script their own. */
export interface NodeConnection {
  /** True once the connection can no longer be used. */
  readonly closed: boolean
  /** When the connection last returned to its pool (ms since epoch). */
  lastUsed: number
  /** Requests sent whose responses are not complete yet (more than one only when pipelining). */
  readonly inFlight: number
  /** Sends info commands; resolves to command -> value. Rejects with ConnectionFailure. */
  info(commands: readonly string[], timeoutMs: number): Promise<Map<string, string>>
  /**
   * Sends `request` and resolves to the single response frame. Several exchanges may be in flight
   * on one connection (pipelining): responses come back in request order. Rejects with
   * ConnectionFailure; a timeout closes the connection, failing the exchanges behind it too.
   */
  exchange(request: Buffer, timeoutMs: number): Promise<Frame>
  /** Sends `request` and streams the response frames to `sink` (the caller owns timeouts). */
  send(request: Buffer, sink: FrameSink): void
  /** Stops reading from the socket: the back-pressure of a stream whose consumer is slow. */
  pause(): void
  /** Reads from the socket again. */
  resume(): void
  /** Closes the connection; a response in progress fails with `reason` (or a CLOSED failure). */
  close(reason?: ConnectionFailure): void
}

/** A node's address, with the name its TLS certificate must carry (TLS only). */
export interface NodeAddress extends HostPort {
  tlsName?: string
}

/** Opens a connection to a node, within `timeoutMs`. Rejects with ConnectionFailure (or ClientError for TLS failures). */
export type Connector = (host: NodeAddress, timeoutMs: number) => Promise<NodeConnection>

/** One exchange waiting for its response frame: the sink of a request sent with `exchange`. */
class PendingExchange implements FrameSink {
  timer: NodeJS.Timeout | undefined = undefined

  constructor(
    readonly resolve: (frame: Frame) => void,
    readonly reject: (err: ConnectionFailure) => void,
  ) {}

  onFrame(frame: Frame): boolean {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.resolve(frame)
    return true
  }

  onError(err: ConnectionFailure): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.reject(err)
  }
}

/** Uncorks a socket corked for the writes of one tick. */
function flushWrites(conn: Connection): void {
  conn.flush()
}

/** Timer callback of an exchange that ran out of time. */
function exchangeTimedOut(conn: Connection, pending: PendingExchange): void {
  pending.timer = undefined
  conn.close(new ConnectionFailure(`no response from ${conn.address} in time`, FailureKind.TIMEOUT, true))
}

/**
 * A TCP (or TLS) connection (no-delay, keep-alive). It carries one stream at a time, or several
 * exchanges whose responses come back in order (pipelining). The writes of one tick leave in one
 * system call.
 */
export class Connection implements NodeConnection {
  lastUsed = Date.now()
  /** Sinks of the requests in flight, oldest first, from index `head`. */
  private sinks: FrameSink[] = []
  private head = 0
  private readonly reader = new FrameReader()
  private isClosed = false
  private corked = false

  private constructor(
    private readonly socket: Socket,
    /** `host:port`, for messages. */
    readonly address: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.fail(err))
    socket.on('close', () => this.fail(new Error('connection closed by the server')))
  }

  /**
   * Connects to `host` within `timeoutMs` (TCP no-delay and keep-alive on),
   * over TLS when `tls` is given. Rejects with ConnectionFailure, or with
   * ClientError AEROSPIKE_ERR_TLS_ERROR (-9) when the TLS handshake fails
   * (certificate not trusted, name mismatch, peer not speaking TLS...).
   */
  static connect(host: NodeAddress, timeoutMs: number, tls?: TlsConfig): Promise<Connection> {
    const address = `${host.host}:${host.port}`
    return new Promise((resolve, reject) => {
      const socket =
        tls === undefined
          ? new Socket()
          : tlsConnect(tlsConnectOptions(tls, host.host, host.port, host.tlsName))
      socket.setNoDelay(true)
      socket.setKeepAlive(true, KEEP_ALIVE_DELAY)
      /** Whether TCP is connected (a later failure, before the connection is secure, is a TLS failure). */
      let tcpConnected = false
      const timer = setTimeout(() => {
        socket.destroy()
        reject(
          new ConnectionFailure(`connect to ${address} timed out after ${timeoutMs} ms`, 'network', false),
        )
      }, timeoutMs)
      const onError = (err: Error): void => {
        clearTimeout(timer)
        socket.destroy()
        if (tls !== undefined && tcpConnected) {
          reject(
            errorFromResultCode(ResultCode.TLS_ERROR, {
              address,
              detail: `TLS handshake with ${address}${host.tlsName ? ` (TLS name '${host.tlsName}')` : ''} failed: ${err.message}`,
              cause: err,
            }),
          )
          return
        }
        reject(
          new ConnectionFailure(`connect to ${address} failed: ${err.message}`, 'network', false, {
            cause: err,
          }),
        )
      }
      const onReady = (): void => {
        clearTimeout(timer)
        socket.off('error', onError)
        resolve(new Connection(socket, address))
      }
      socket.once('error', onError)
      if (tls === undefined) {
        socket.connect(host.port, host.host, onReady)
        return
      }
      socket.once('connect', () => {
        tcpConnected = true
      })
      socket.once('secureConnect', onReady)
    })
  }

  get closed(): boolean {
    return this.isClosed
  }

  get inFlight(): number {
    return this.sinks.length - this.head
  }

  exchange(request: Buffer, timeoutMs: number): Promise<Frame> {
    return new Promise<Frame>((resolve, reject) => {
      const pending = new PendingExchange(resolve, reject)
      if (timeoutMs > 0) pending.timer = setTimeout(exchangeTimedOut, timeoutMs, this, pending)
      this.send(request, pending)
    })
  }

  async info(commands: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    const frame = await this.exchange(encodeInfoRequest(commands), timeoutMs)
    if (frame.type !== ProtoType.INFO) {
      const err = new ConnectionFailure(
        `info answer of proto type ${frame.type} from ${this.address}`,
        'network',
        true,
      )
      this.close(err)
      throw err
    }
    return parseInfoResponse(frame.body)
  }

  send(request: Buffer, sink: FrameSink): void {
    if (this.isClosed) {
      sink.onError(new ConnectionFailure(`connection to ${this.address} is closed`, 'network', false))
      return
    }
    this.sinks.push(sink)
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(flushWrites, this)
    }
    this.socket.write(request)
  }

  /** Sends the writes corked in this tick. */
  flush(): void {
    this.corked = false
    this.socket.uncork()
  }

  pause(): void {
    this.socket.pause()
  }

  resume(): void {
    this.socket.resume()
  }

  /** Closes the connection; every request in flight fails with `reason` (after a timeout: the timed-out one and those sent after it). */
  close(reason?: ConnectionFailure): void {
    if (this.isClosed) return
    this.isClosed = true
    this.socket.destroy()
    this.reader.reset()
    const waiting = this.sinks.slice(this.head)
    this.sinks = []
    this.head = 0
    const failure = reason ?? new ConnectionFailure(`connection to ${this.address} closed`, 'closed', true)
    for (const sink of waiting) sink.onError(failure)
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk)
    try {
      for (let frame = this.reader.next(); frame !== undefined; frame = this.reader.next()) {
        if (this.head === this.sinks.length) throw new ParseError('unexpected frame with no request pending')
        if (this.sinks[this.head]!.onFrame(frame)) this.completeHead()
        if (this.isClosed) return
      }
    } catch (err) {
      this.fail(err as Error)
    }
  }

  /** Forgets the oldest request, now answered; compacts the queue once it is drained. */
  private completeHead(): void {
    this.head++
    if (this.head === this.sinks.length) {
      this.sinks.length = 0
      this.head = 0
    }
  }

  private fail(err: Error): void {
    if (this.isClosed) return
    this.close(
      new ConnectionFailure(`connection to ${this.address} failed: ${err.message}`, 'network', true, {
        cause: err,
      }),
    )
  }
}
