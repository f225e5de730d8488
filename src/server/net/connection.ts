/** One client connection: cuts the byte stream into frames, runs each, and writes replies in request order. */
import type { Socket } from 'node:net'
import { ParseError } from '../../protocol/codec-errors.js'
import { type Frame, FrameReader, ProtoType } from '../../protocol/frame.js'
import { FRAME_HANDLERS } from '../dispatch.js'
import type { ConnectionInfo, Reply, ReplyOrPromise, ReplyStream } from '../handler-types.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'

/** Result code for a request that failed inside the server. */
const UNKNOWN = 1

/** A reply slot, filled when its reply is ready; slots are written strictly in order. */
interface Slot {
  reply: Reply | undefined
  /** A stream reply is being written. */
  streaming: boolean
}

function isPromise(r: ReplyOrPromise): r is Promise<Reply> {
  return typeof (r as Promise<Reply>).then === 'function'
}

function isStream(r: Reply): r is ReplyStream {
  return typeof (r as ReplyStream)[Symbol.asyncIterator] === 'function'
}

/**
 * Serves one socket. Requests sent back to back are all read and answered in
 * the order they arrived. A frame with a bad version or type, or announcing
 * more than 128 MiB, closes the connection (after the replies already due),
 * as the server does. When the client stops reading replies, reading pauses,
 * so a client cannot make the server buffer without bound.
 */
export class Connection {
  private readonly reader = new FrameReader()
  private readonly info: ConnectionInfo = { userAgent: undefined }
  private readonly queue: Slot[] = []
  private readonly timers = new Set<NodeJS.Timeout>()
  private closing = false

  constructor(
    private readonly socket: Socket,
    private readonly state: ServerState,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('drain', () => socket.resume())
    // A reset by the peer is routine; 'close' follows and cleans up.
    socket.on('error', () => {})
    socket.on('close', () => this.onClose())
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return
    this.reader.push(chunk)
    this.socket.cork()
    try {
      for (let frame = this.reader.next(); frame !== undefined; frame = this.reader.next()) {
        this.run(frame)
        if (this.closing) return
      }
    } catch (err) {
      // A bad proto header (ParseError) closes the connection, as on the server; so does anything else.
      if (!(err instanceof ParseError)) process.emitWarning(`aerospike-ts server: ${String(err)}`)
      this.closeAfterReplies()
    } finally {
      this.socket.uncork()
    }
  }

  private run(frame: Frame): void {
    const faults = this.state.faults
    const faulty = frame.type !== ProtoType.INFO || faults.info
    if (faulty && faults.dropResponses) return
    let reply: ReplyOrPromise
    try {
      reply = FRAME_HANDLERS[frame.type]!(this.state, frame.body, this.info)
    } catch (err) {
      reply = this.internalError(frame, err)
    }
    const delay = faulty ? faults.delayMs : 0
    if (delay === 0 && this.queue.length === 0 && !isPromise(reply) && !isStream(reply)) {
      this.write(reply)
      return
    }
    const slot: Slot = { reply: undefined, streaming: false }
    this.queue.push(slot)
    const settle = (r: Reply): void => {
      if (delay === 0) {
        slot.reply = r
        this.flush()
        return
      }
      const t = setTimeout(() => {
        this.timers.delete(t)
        slot.reply = r
        this.flush()
      }, delay)
      this.timers.add(t)
    }
    if (isPromise(reply)) reply.then(settle, (err: unknown) => settle(this.internalError(frame, err)))
    else settle(reply)
  }

  /** A server bug must not take the process down: the request gets UNKNOWN (1), other frames close the connection. */
  private internalError(frame: Frame, err: unknown): Reply {
    process.emitWarning(`aerospike-ts server: request failed inside the server: ${String(err)}`)
    if (frame.type === ProtoType.MESSAGE || frame.type === ProtoType.COMPRESSED) return headerReply(UNKNOWN)
    this.closeAfterReplies()
    return []
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!
      if (head.reply === undefined || head.streaming) return
      if (isStream(head.reply)) {
        head.streaming = true
        void this.pump(head.reply)
        return
      }
      this.queue.shift()
      this.write(head.reply)
    }
  }

  /**
   * Writes a stream's frames as they come, waiting for the socket to drain
   * when it is full, then moves on to the next reply. A stream that fails
   * midway cannot be answered properly any more: the connection closes.
   */
  private async pump(stream: ReplyStream): Promise<void> {
    try {
      for await (const frame of stream) {
        if (this.socket.destroyed || this.closing) break
        if (!this.socket.write(frame)) {
          // Stop reading requests too until the client reads, as write() does.
          this.socket.pause()
          await this.drained()
        }
      }
    } catch (err) {
      process.emitWarning(`aerospike-ts server: a streamed reply failed inside the server: ${String(err)}`)
      this.socket.destroy()
      return
    }
    if (this.socket.destroyed) return
    this.queue.shift()
    this.flush()
  }

  /** Resolves once the socket drains or closes. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done)
        this.socket.off('close', done)
        resolve()
      }
      this.socket.on('drain', done)
      this.socket.on('close', done)
    })
  }

  private write(reply: Reply): void {
    if (this.socket.destroyed || this.closing) return
    let ok = true
    if (Buffer.isBuffer(reply)) ok = this.socket.write(reply)
    else for (const b of reply as Iterable<Buffer>) ok = this.socket.write(b)
    if (!ok) this.socket.pause()
  }

  /** Stops reading, sends what is already due, then closes. */
  private closeAfterReplies(): void {
    if (this.closing) return
    this.flush()
    this.closing = true
    this.reader.reset()
    this.socket.end(() => this.socket.destroy())
  }

  private onClose(): void {
    this.closing = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.queue.length = 0
    this.state.counters.connectionsClosed++
  }
}
