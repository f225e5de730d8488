/** Test helper: a raw-frame client for the embedded server, built only on src/protocol. */
import { connect, type Socket } from 'node:net'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { computeDigest, type UserKey } from '../../../src/protocol/digest.js'
import {
  type Frame,
  FrameReader,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeProtoHeader,
} from '../../../src/protocol/frame.js'
import { encodeInfoRequest, parseInfoResponse } from '../../../src/protocol/info.js'
import {
  decodeMessage,
  emptyHeader,
  FieldType,
  type Message,
  type MessageHeader,
  MSG_HEADER_SIZE,
  type OutgoingField,
  type OutgoingOp,
  writeField,
  writeMessageHeader,
} from '../../../src/protocol/message.js'
import {
  decodeParticle,
  particleSize,
  particleTypeOf,
  writeParticle,
} from '../../../src/protocol/particles.js'
import type { AerospikeValue } from '../../../src/protocol/values.js'

/** One socket to the server, reading whole frames in order. */
export class RawConnection {
  private readonly reader = new FrameReader()
  private readonly frames: Frame[] = []
  private waiters: Array<(f: Frame | undefined) => void> = []
  private ended = false
  readonly closed: Promise<void>

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk)
      for (let f = this.reader.next(); f !== undefined; f = this.reader.next()) {
        const w = this.waiters.shift()
        if (w) w(f)
        else this.frames.push(f)
      }
    })
    socket.on('error', () => {})
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true
        for (const w of this.waiters) w(undefined)
        this.waiters = []
        resolve()
      }),
    )
  }

  /** Connects to 127.0.0.1:`port`. */
  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawConnection(s)))
      s.once('error', reject)
    })
  }

  /** Sends raw bytes. */
  send(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** The next frame from the server; undefined if the connection closed first. */
  next(): Promise<Frame | undefined> {
    const f = this.frames.shift()
    if (f !== undefined) return Promise.resolve(f)
    if (this.ended) return Promise.resolve(undefined)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** The next frame, or 'timeout' when none arrives within `ms` (to show that nothing comes). */
  nextWithin(ms: number): Promise<Frame | undefined | 'timeout'> {
    const f = this.frames.shift()
    if (f !== undefined) return Promise.resolve(f)
    if (this.ended) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      const waiter = (frame: Frame | undefined): void => {
        clearTimeout(timer)
        resolve(frame)
      }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve('timeout')
      }, ms)
      this.waiters.push(waiter)
    })
  }

  /** Sends a frame and returns the frame that answers it (throws if the connection closes). */
  async request(frame: Buffer): Promise<Frame> {
    this.send(frame)
    const f = await this.next()
    if (f === undefined) throw new Error('connection closed before a reply')
    return f
  }

  /** Sends an AS_MSG and decodes its single-message reply. */
  async msg(frame: Buffer): Promise<Message> {
    const f = await this.request(frame)
    if (f.type !== ProtoType.MESSAGE) throw new Error(`reply of proto type ${f.type}`)
    return decodeMessage(f.body)
  }

  /** Runs info commands; returns command -> value. */
  async info(...commands: string[]): Promise<Map<string, string>> {
    const f = await this.request(encodeInfoRequest(commands))
    return parseInfoResponse(f.body)
  }

  /** Runs one info command and returns its value. */
  async info1(command: string): Promise<string> {
    return (await this.info(command)).get(command) ?? ''
  }

  close(): void {
    this.socket.destroy()
  }
}

/** Key fields (namespace, set, digest) for a user key, plus extra fields. */
export function keyFields(ns: string, set: string, key: UserKey, ...extra: OutgoingField[]): OutgoingField[] {
  const fields: OutgoingField[] = [{ type: FieldType.NAMESPACE, data: Buffer.from(ns) }]
  if (set !== '') fields.push({ type: FieldType.SET, data: Buffer.from(set) })
  fields.push({ type: FieldType.DIGEST, data: computeDigest(set, key) }, ...extra)
  return fields
}

/** A KEY field carrying a user key (for send-key writes). */
export function keyField(key: UserKey): OutgoingField {
  if (typeof key === 'string')
    return { type: FieldType.KEY, data: Buffer.concat([Buffer.from([3]), Buffer.from(key)]) }
  if (typeof key === 'number' || typeof key === 'bigint') {
    const w = ByteWriter.alloc(9)
    w.u8(1).i64(key)
    return { type: FieldType.KEY, data: w.buf }
  }
  return { type: FieldType.KEY, data: Buffer.concat([Buffer.from([4]), key]) }
}

/** An op whose value is a client value in wire form (undefined value: no value, particle type 0). */
export function op(type: number, name: string, value?: AerospikeValue): OutgoingOp {
  if (value === undefined) return { op: type, particleType: 0, name, value: Buffer.alloc(0) }
  const pt = particleTypeOf(value)
  const w = ByteWriter.alloc(particleSize(pt, value))
  writeParticle(w, pt, value)
  return { op: type, particleType: pt, name, value: w.buf }
}

/** An op with raw particle type and value bytes. */
export function rawOp(type: number, particleType: number, name: string, value: Buffer): OutgoingOp {
  return { op: type, particleType, name, value }
}

/**
 * Encodes a request with the given header overrides. Unlike the client codec it
 * accepts any bin name up to 255 bytes, so tests can send what clients refuse to.
 */
export function request(
  header: Partial<MessageHeader>,
  fields: readonly OutgoingField[],
  ops: readonly OutgoingOp[] = [],
): Buffer {
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE
  for (const f of fields) size += 5 + f.data.length
  for (const o of ops) size += 8 + Buffer.byteLength(o.name) + o.value.length
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  writeMessageHeader(w, { ...emptyHeader(), ...header }, fields.length, ops.length)
  for (const f of fields) writeField(w, f.type, f.data)
  for (const o of ops) {
    const name = Buffer.from(o.name)
    w.u32(4 + name.length + o.value.length)
      .u8(o.op)
      .u8(o.particleType)
      .u8(0)
      .u8(name.length)
    w.bytes(name).bytes(o.value)
  }
  return w.buf
}

/** A reply's ops as [name, value] pairs (client value model), in order. */
export function replyBins(m: Message): Array<[string, AerospikeValue]> {
  return m.ops.map((o) => [o.name, decodeParticle(o.particleType, o.value, 0, o.value.length)])
}

/** A reply's ops as an object (later duplicates win). */
export function binsOf(m: Message): Record<string, AerospikeValue> {
  return Object.fromEntries(replyBins(m))
}
