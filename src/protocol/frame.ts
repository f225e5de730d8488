/** Proto framing: the 8-byte header before every message, and a reader that cuts a byte stream into frames. */
import type { ByteWriter } from './byte-writer.js'
import { ParseError } from './codec-errors.js'

/** The only protocol version in use. */
export const PROTO_VERSION = 2
/** Size of the proto header in bytes. */
export const PROTO_HEADER_SIZE = 8
/** Largest body the server accepts (and this codec reads): 128 MiB. */
export const MAX_FRAME_SIZE = 128 * 1024 * 1024

const EMPTY = Buffer.alloc(0)

/** Proto message types (header byte 1). */
export const ProtoType = {
  INFO: 1,
  ADMIN: 2,
  MESSAGE: 3,
  COMPRESSED: 4,
} as const

/** One whole proto message: its type and a view of its body (header excluded). */
export interface Frame {
  readonly type: number
  readonly body: Buffer
}

/** Writes a proto header announcing `bodySize` bytes of message `type`. */
export function writeProtoHeader(w: ByteWriter, type: number, bodySize: number): void {
  w.u8(PROTO_VERSION).u8(type).u48(bodySize)
}

/**
 * Validates the proto header at `buf[off..off+8)` and returns the body size.
 * Throws ParseError for a wrong version, an unknown type or a body over `maxSize`.
 */
export function readProtoHeader(
  buf: Buffer,
  off: number,
  maxSize = MAX_FRAME_SIZE,
): { type: number; size: number } {
  if (off + PROTO_HEADER_SIZE > buf.length) throw new ParseError('truncated proto header')
  const version = buf[off]!
  const type = buf[off + 1]!
  // The server accepts version 0 on admin messages; everything else must be version 2.
  if (version !== PROTO_VERSION && !(version === 0 && type === ProtoType.ADMIN)) {
    throw new ParseError(`unsupported proto version ${version}`)
  }
  if (type < ProtoType.INFO || type > ProtoType.COMPRESSED)
    throw new ParseError(`unsupported proto type ${type}`)
  const size = buf.readUIntBE(off + 2, 6)
  if (size > maxSize) throw new ParseError(`proto body of ${size} bytes exceeds the ${maxSize}-byte limit`)
  return { type, size }
}

/**
 * Accumulates socket chunks and yields whole frames. A frame that lies inside
 * one chunk is returned as a view of that chunk (no copy); a frame split over
 * chunks is assembled once, when its last byte arrives. Nothing is allocated
 * for a frame before its bytes have arrived, and a header announcing more than
 * `maxSize` bytes throws ParseError at once.
 */
export class FrameReader {
  private chunks: Buffer[] = []
  /** Bytes of `chunks[0]` already returned. */
  private offset = 0
  /** Bytes received and not yet returned. */
  private buffered = 0
  /** Header of the frame being assembled, once read. */
  private pendingType = -1
  private pendingSize = 0

  constructor(private readonly maxSize = MAX_FRAME_SIZE) {}

  /** Bytes received but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered
  }

  /** Adds received bytes. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.buffered += chunk.length
  }

  /** The next whole frame, or undefined until more bytes arrive. Throws ParseError on a bad header. */
  next(): Frame | undefined {
    if (this.pendingType < 0) {
      if (this.buffered < PROTO_HEADER_SIZE) return undefined
      const first = this.chunks[0]!
      // The header is validated in place when it lies in one chunk, and only then consumed.
      const { type, size } =
        first.length - this.offset >= PROTO_HEADER_SIZE
          ? readProtoHeader(first, this.offset, this.maxSize)
          : readProtoHeader(this.peekHeader(), 0, this.maxSize)
      this.consume(PROTO_HEADER_SIZE)
      this.pendingType = type
      this.pendingSize = size
    }
    if (this.buffered < this.pendingSize) return undefined
    const frame: Frame = { type: this.pendingType, body: this.take(this.pendingSize) }
    this.pendingType = -1
    return frame
  }

  /** Drops all buffered bytes (after an error, before reusing a connection). */
  reset(): void {
    this.chunks = []
    this.offset = 0
    this.buffered = 0
    this.pendingType = -1
  }

  /** A copy of the first 8 buffered bytes, which span several chunks. */
  private peekHeader(): Buffer {
    const out = Buffer.allocUnsafe(PROTO_HEADER_SIZE)
    let copied = 0
    let start = this.offset
    for (let i = 0; copied < PROTO_HEADER_SIZE; i++) {
      const c = this.chunks[i]!
      copied += c.copy(out, copied, start, Math.min(c.length, start + PROTO_HEADER_SIZE - copied))
      start = 0
    }
    return out
  }

  /** Drops the first `n` buffered bytes. */
  private consume(n: number): void {
    this.buffered -= n
    let left = n
    while (left > 0) {
      const avail = this.chunks[0]!.length - this.offset
      if (avail > left) {
        this.offset += left
        return
      }
      left -= avail
      this.chunks.shift()
      this.offset = 0
    }
  }

  /** Removes and returns the first `n` buffered bytes, as a view when they lie in one chunk. */
  private take(n: number): Buffer {
    if (n === 0) return EMPTY
    const first = this.chunks[0]!
    if (first.length - this.offset >= n) {
      const view = first.subarray(this.offset, this.offset + n)
      this.consume(n)
      return view
    }
    const out = Buffer.allocUnsafe(n)
    let copied = 0
    let start = this.offset
    for (let i = 0; copied < n; i++) {
      const c = this.chunks[i]!
      copied += c.copy(out, copied, start, Math.min(c.length, start + n - copied))
      start = 0
    }
    this.consume(n)
    return out
  }
}
