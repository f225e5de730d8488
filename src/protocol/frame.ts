/** Proto framing: the 8-byte header before every message, and a reader that cuts a byte stream into frames. */
import type { ByteWriter } from './byte-writer.js'
import { ParseError } from './codec-errors.js'

/** The only protocol version in use. */
export const PROTO_VERSION = 2
/** Size of the proto header in bytes. */
export const PROTO_HEADER_SIZE = 8
/** Largest body the server accepts (and this codec reads): 128 MiB. */
export const MAX_FRAME_SIZE = 128 * 1024 * 1024

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
      const head = this.take(PROTO_HEADER_SIZE)
      const { type, size } = readProtoHeader(head, 0, this.maxSize)
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
    this.buffered = 0
    this.pendingType = -1
  }

  /** Removes and returns the first `n` buffered bytes, as a view when they lie in one chunk. */
  private take(n: number): Buffer {
    this.buffered -= n
    const first = this.chunks[0]
    if (n === 0) return Buffer.alloc(0)
    if (first!.length >= n) {
      if (first!.length === n) this.chunks.shift()
      else this.chunks[0] = first!.subarray(n)
      return first!.subarray(0, n)
    }
    const out = Buffer.allocUnsafe(n)
    let off = 0
    while (off < n) {
      const c = this.chunks[0]!
      const want = n - off
      if (c.length <= want) {
        c.copy(out, off)
        off += c.length
        this.chunks.shift()
      } else {
        c.copy(out, off, 0, want)
        this.chunks[0] = c.subarray(want)
        off += want
      }
    }
    return out
  }
}
