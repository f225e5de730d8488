/** Builds the frames of a scan/query reply: record messages packed into frames of about 128 KiB, and the LAST message. */
import { PROTO_HEADER_SIZE, PROTO_VERSION, ProtoType } from '../../protocol/frame.js'
import { FieldType, Info1, Info3, MSG_HEADER_SIZE, OpType } from '../../protocol/message.js'
import type { ReplyOp } from '../msg/response.js'
import type { Particle } from '../particle.js'
import type { Bin, StoredRecord } from '../storage/record.js'

/**
 * A frame is sent once it holds more than this. The real server uses 1 MiB;
 * frame boundaries mean nothing to clients, and smaller frames let a client
 * decode while the next ones arrive.
 */
export const CHUNK_LIMIT = 128 * 1024
/** Room a frame buffer starts with. */
const FRAME_SIZE = CHUNK_LIMIT + 64 * 1024
/** Field header: u32 size + u8 type. */
const FIELD_HEADER = 5
/** Op header: u32 size, op, particle type, flags, name length. */
const OP_HEADER = 8

/** Copies `src` into `buf` at `p` (short arrays byte by byte: cheaper than a call into the runtime); returns the end. */
function put(buf: Buffer, p: number, src: Uint8Array): number {
  const n = src.length
  if (n <= 32) for (let i = 0; i < n; i++) buf[p + i] = src[i]!
  else buf.set(src, p)
  return p + n
}

/** Writes a big-endian u32 at `p`. */
function u32(buf: Buffer, p: number, v: number): void {
  buf[p] = v >>> 24
  buf[p + 1] = v >>> 16
  buf[p + 2] = v >>> 8
  buf[p + 3] = v
}

/** Writes the 22-byte message header at `p`. */
function writeHeader(
  buf: Buffer,
  p: number,
  info1: number,
  info3: number,
  resultCode: number,
  generation: number,
  voidTime: number,
  nFields: number,
  nOps: number,
): void {
  buf[p] = MSG_HEADER_SIZE
  buf[p + 1] = info1
  buf[p + 2] = 0
  buf[p + 3] = info3
  buf[p + 4] = 0
  buf[p + 5] = resultCode
  u32(buf, p + 6, generation)
  u32(buf, p + 10, voidTime)
  u32(buf, p + 14, 0)
  buf[p + 18] = nFields >>> 8
  buf[p + 19] = nFields
  buf[p + 20] = nOps >>> 8
  buf[p + 21] = nOps
}

function writeOp(
  buf: Buffer,
  p: number,
  op: number,
  name: string,
  type: number,
  data: Buffer | null,
): number {
  const valueLength = data === null ? 0 : data.length
  u32(buf, p, 4 + name.length + valueLength)
  buf[p + 4] = op
  buf[p + 5] = type
  buf[p + 6] = 0
  buf[p + 7] = name.length
  p += OP_HEADER
  for (let i = 0; i < name.length; i++) buf[p + i] = name.charCodeAt(i)
  p += name.length
  return data === null ? p : put(buf, p, data)
}

/** A single message frame with no fields or ops: LAST (end of stream) carrying `resultCode`. */
export function lastFrame(resultCode: number): Buffer {
  const buf = Buffer.allocUnsafe(PROTO_HEADER_SIZE + MSG_HEADER_SIZE)
  buf[0] = PROTO_VERSION
  buf[1] = ProtoType.MESSAGE
  buf.writeUIntBE(MSG_HEADER_SIZE, 2, 6)
  writeHeader(buf, PROTO_HEADER_SIZE, 0, Info3.LAST, resultCode, 0, 0, 0, 0)
  return buf
}

/** Record messages accumulated into one frame at a time. */
export class RecordFrames {
  private buf: Buffer
  private pos = PROTO_HEADER_SIZE
  /** NAMESPACE field bytes, written into every record message. */
  private readonly nsField: Buffer
  /** SET field bytes per set name. */
  private readonly setFields = new Map<string, Buffer>()

  constructor(nsName: string) {
    this.nsField = RecordFrames.field(FieldType.NAMESPACE, Buffer.from(nsName, 'latin1'))
    this.buf = Buffer.allocUnsafe(FRAME_SIZE)
  }

  private static field(type: number, data: Buffer): Buffer {
    const f = Buffer.allocUnsafe(FIELD_HEADER + data.length)
    f.writeUInt32BE(1 + data.length, 0)
    f[4] = type
    data.copy(f, FIELD_HEADER)
    return f
  }

  /** Whether the frame holds no message yet. */
  get empty(): boolean {
    return this.pos === PROTO_HEADER_SIZE
  }

  /** Whether the frame is big enough to send. */
  get full(): boolean {
    return this.pos > CHUNK_LIMIT
  }

  /** Bytes of messages in the frame so far. */
  get size(): number {
    return this.pos - PROTO_HEADER_SIZE
  }

  /** Makes room for `n` more bytes, growing the buffer (a frame may pass the limit by one record). */
  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(bigger, 0, 0, this.pos)
    this.buf = bigger
  }

  /** Adds a record message with every bin of `bins` (as READ ops). */
  addRecord(r: StoredRecord, bval: bigint | undefined, bins: readonly Bin[]): void {
    let size = 0
    for (let i = 0; i < bins.length; i++)
      size += OP_HEADER + bins[i]!.name.length + bins[i]!.value.data.length
    let p = this.addHead(r, bval, 0, bins.length, size)
    const buf = this.buf
    for (let i = 0; i < bins.length; i++) {
      const b = bins[i]!
      p = writeOp(buf, p, OpType.READ, b.name, b.value.type, b.value.data)
    }
    this.pos = p
  }

  /** Adds record messages already encoded: `wire[start..end)`. */
  addEncoded(wire: Buffer, start: number, end: number): void {
    this.reserve(end - start)
    this.pos += wire.copy(this.buf, this.pos, start, end)
  }

  /** Adds a record message carrying the replies of read ops. */
  addRecordOps(r: StoredRecord, bval: bigint | undefined, ops: readonly ReplyOp[]): void {
    let size = 0
    for (const o of ops) size += OP_HEADER + o.name.length + (o.value === null ? 0 : o.value.data.length)
    let p = this.addHead(r, bval, 0, ops.length, size)
    for (const o of ops)
      p = writeOp(this.buf, p, o.op, o.name, o.value === null ? 0 : o.value.type, o.value?.data ?? null)
    this.pos = p
  }

  /** Adds a message without fields holding one value as bin `bin` (an aggregation's SUCCESS output or FAILURE text); null is a nil particle. */
  addValue(bin: 'SUCCESS' | 'FAILURE', value: Particle | null): void {
    const size = MSG_HEADER_SIZE + OP_HEADER + bin.length + (value === null ? 0 : value.data.length)
    this.reserve(size)
    writeHeader(this.buf, this.pos, 0, 0, 0, 0, 0, 0, 1)
    this.pos = writeOp(
      this.buf,
      this.pos + MSG_HEADER_SIZE,
      OpType.READ,
      bin,
      value === null ? 0 : value.type,
      value === null ? null : value.data,
    )
  }

  /** Adds a record message without bins (metadata only: GET_NO_BINS). */
  addRecordHead(r: StoredRecord, bval: bigint | undefined): void {
    this.pos = this.addHead(r, bval, Info1.GET_NO_BINS, 0, 0)
  }

  /**
   * Writes a record message's header and fields: NAMESPACE, DIGEST, SET (if
   * any), KEY (if stored), BVAL_ARRAY (index queries); makes room for
   * `opsSize` more bytes and returns where the ops start.
   */
  private addHead(
    r: StoredRecord,
    bval: bigint | undefined,
    info1: number,
    nOps: number,
    opsSize: number,
  ): number {
    let setField: Buffer | undefined
    if (r.setName !== '') {
      setField = this.setFields.get(r.setName)
      if (setField === undefined) {
        setField = RecordFrames.field(FieldType.SET, Buffer.from(r.setName, 'latin1'))
        this.setFields.set(r.setName, setField)
      }
    }
    let size = MSG_HEADER_SIZE + this.nsField.length + FIELD_HEADER + 20 + opsSize
    let nFields = 2
    if (setField !== undefined) {
      size += setField.length
      nFields++
    }
    if (r.key !== undefined) {
      size += FIELD_HEADER + r.key.length
      nFields++
    }
    if (bval !== undefined) {
      size += FIELD_HEADER + 8
      nFields++
    }
    this.reserve(size)
    const buf = this.buf
    let p = this.pos
    writeHeader(buf, p, info1, 0, 0, r.generation, r.voidTime, nFields, nOps)
    p = put(buf, p + MSG_HEADER_SIZE, this.nsField)
    u32(buf, p, 21)
    buf[p + 4] = FieldType.DIGEST
    p = put(buf, p + FIELD_HEADER, r.digest)
    if (setField !== undefined) p = put(buf, p, setField)
    if (r.key !== undefined) {
      u32(buf, p, 1 + r.key.length)
      buf[p + 4] = FieldType.KEY
      p = put(buf, p + FIELD_HEADER, r.key)
    }
    if (bval !== undefined) {
      u32(buf, p, 9)
      buf[p + 4] = FieldType.BVAL_ARRAY
      buf.writeBigUInt64LE(BigInt.asUintN(64, bval), p + FIELD_HEADER)
      p += FIELD_HEADER + 8
    }
    return p
  }

  /** Adds the LAST message (short queries end their last frame with it). */
  addLast(resultCode: number): void {
    this.reserve(MSG_HEADER_SIZE)
    writeHeader(this.buf, this.pos, 0, Info3.LAST, resultCode, 0, 0, 0, 0)
    this.pos += MSG_HEADER_SIZE
  }

  /** The frame built so far (proto header filled in); the next messages start a new frame. */
  take(): Buffer {
    const buf = this.buf
    buf[0] = PROTO_VERSION
    buf[1] = ProtoType.MESSAGE
    buf.writeUIntBE(this.pos - PROTO_HEADER_SIZE, 2, 6)
    const frame = buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafe(FRAME_SIZE)
    this.pos = PROTO_HEADER_SIZE
    return frame
  }

  /** Drops the messages built so far (the buffer is kept for the next ones). */
  clear(): void {
    this.pos = PROTO_HEADER_SIZE
  }

  /** A copy of the messages built so far, without a proto header (to keep, not to send). */
  messages(): Buffer {
    return Buffer.from(this.buf.subarray(PROTO_HEADER_SIZE, this.pos))
  }
}
