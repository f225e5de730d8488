/** One TCP connection to a node: frames requests out, cuts responses into frames and hands them to the waiting command. */
import { Socket } from 'node:net'
import {
  encodeInfoRequest,
  type Frame,
  FrameReader,
  type HostPort,
  ParseError,
  ProtoType,
  parseInfoResponse,
} from '../../protocol/index.js'

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

/** What the cluster needs from a connection; the real one is Connection, tests script their own. */
export interface NodeConnection {
  /** True once the connection can no longer be used. */
  readonly closed: boolean
  /** When the connection last returned to its pool (ms since epoch). */
  lastUsed: number
  /** Sends info commands; resolves to command -> value. Rejects with ConnectionFailure. */
  info(commands: readonly string[], timeoutMs: number): Promise<Map<string, string>>
  /** Sends `request` and resolves to the single response frame. Rejects with ConnectionFailure. */
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

/** Opens a connection to a node, within `timeoutMs`. Rejects with ConnectionFailure. */
export type Connector = (host: HostPort, timeoutMs: number) => Promise<NodeConnection>

/** A TCP connection (no-delay, keep-alive) carrying one request at a time. */
export class Connection implements NodeConnection {
  lastUsed = Date.now()
  private sink: FrameSink | null = null
  private readonly reader = new FrameReader()
  private isClosed = false
  /** The pending `exchange`, if any. */
  private resolveExchange: ((frame: Frame) => void) | null = null
  private rejectExchange: ((err: ConnectionFailure) => void) | null = null
  private timer: NodeJS.Timeout | undefined
  private readonly exchangeSink: FrameSink
  private readonly onTimeout: () => void

  private constructor(
    private readonly socket: Socket,
    /** `host:port`, for messages. */
    readonly address: string,
  ) {
    this.exchangeSink = {
      onFrame: (frame) => {
        const resolve = this.resolveExchange!
        this.clearExchange()
        resolve(frame)
        return true
      },
      onError: (err) => {
        const reject = this.rejectExchange!
        this.clearExchange()
        reject(err)
      },
    }
    this.onTimeout = () => {
      this.timer = undefined
      this.close(new ConnectionFailure(`no response from ${this.address} in time`, FailureKind.TIMEOUT, true))
    }
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.fail(err))
    socket.on('close', () => this.fail(new Error('connection closed by the server')))
  }

  /** Connects to `host` within `timeoutMs` (TCP no-delay and keep-alive on). */
  static connect(host: HostPort, timeoutMs: number): Promise<Connection> {
    const address = `${host.host}:${host.port}`
    return new Promise((resolve, reject) => {
      const socket = new Socket()
      socket.setNoDelay(true)
      socket.setKeepAlive(true, KEEP_ALIVE_DELAY)
      const timer = setTimeout(() => {
        socket.destroy()
        reject(
          new ConnectionFailure(`connect to ${address} timed out after ${timeoutMs} ms`, 'network', false),
        )
      }, timeoutMs)
      const onError = (err: Error): void => {
        clearTimeout(timer)
        socket.destroy()
        reject(
          new ConnectionFailure(`connect to ${address} failed: ${err.message}`, 'network', false, {
            cause: err,
          }),
        )
      }
      socket.once('error', onError)
      socket.connect(host.port, host.host, () => {
        clearTimeout(timer)
        socket.off('error', onError)
        resolve(new Connection(socket, address))
      })
    })
  }

  get closed(): boolean {
    return this.isClosed
  }

  exchange(request: Buffer, timeoutMs: number): Promise<Frame> {
    return new Promise<Frame>((resolve, reject) => {
      this.resolveExchange = resolve
      this.rejectExchange = reject
      if (timeoutMs > 0) this.timer = setTimeout(this.onTimeout, timeoutMs)
      this.send(request, this.exchangeSink)
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
    this.sink = sink
    this.socket.write(request)
  }

  pause(): void {
    this.socket.pause()
  }

  resume(): void {
    this.socket.resume()
  }

  close(reason?: ConnectionFailure): void {
    if (this.isClosed) return
    this.isClosed = true
    this.socket.destroy()
    this.reader.reset()
    const sink = this.sink
    this.sink = null
    if (sink !== null)
      sink.onError(reason ?? new ConnectionFailure(`connection to ${this.address} closed`, 'closed', true))
  }

  private clearExchange(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    this.resolveExchange = null
    this.rejectExchange = null
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk)
    try {
      for (let frame = this.reader.next(); frame !== undefined; frame = this.reader.next()) {
        const sink = this.sink
        if (sink === null) throw new ParseError('unexpected frame with no request pending')
        if (sink.onFrame(frame)) this.sink = null
        if (this.isClosed) return
      }
    } catch (err) {
      this.fail(err as Error)
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
