/** A bounds-checked big-endian cursor over a Buffer; every overrun throws ParseError. */
import { ParseError } from './codec-errors.js'

/** Up to this many bytes, text is decoded in JavaScript: cheaper than a call into the runtime. */
const SHORT_TEXT = 16
/** Up to this many bytes, copies are made in JavaScript. */
const SHORT_COPY = 64

/**
 * Decodes `buf[start..end)` as UTF-8. Short ASCII text (bin names, most
 * string values) is decoded without calling into the runtime.
 */
export function decodeUtf8(buf: Buffer, start: number, end: number): string {
  if (end - start > SHORT_TEXT) return buf.toString('utf8', start, end)
  let out = ''
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c >= 0x80) return buf.toString('utf8', start, end)
    out += String.fromCharCode(c)
  }
  return out
}

/** A copy of `buf[start..end)` that does not keep `buf` (often a whole socket chunk) alive. */
export function copyBytes(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start)
  if (end - start <= SHORT_COPY) for (let i = start; i < end; i++) out[i - start] = buf[i]!
  else buf.copy(out, 0, start, end)
  return out
}

/** Reads fixed-width values front to back from `buf[pos..end)`. */
export class ByteReader {
  /** Current offset into `buf`. */
  pos: number
  /** Exclusive end offset; reads past it throw. */
  readonly end: number

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    if (start < 0 || end > buf.length || start > end) throw new ParseError('reader bounds outside buffer')
    this.pos = start
    this.end = end
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos
  }

  /** Throws ParseError unless `n` more bytes are available. */
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new ParseError(
        `truncated input: need ${n} bytes at offset ${this.pos}, have ${this.end - this.pos}`,
      )
    }
  }

  /** Unsigned 8-bit integer. */
  u8(): number {
    this.need(1)
    return this.buf[this.pos++]!
  }

  /** Unsigned 16-bit big-endian integer. */
  u16(): number {
    this.need(2)
    const buf = this.buf
    const v = (buf[this.pos]! << 8) | buf[this.pos + 1]!
    this.pos += 2
    return v
  }

  /** Unsigned 16-bit little-endian integer (partition ids of PID_ARRAY fields). */
  u16le(): number {
    this.need(2)
    const v = this.buf.readUInt16LE(this.pos)
    this.pos += 2
    return v
  }

  /** Unsigned 32-bit big-endian integer. */
  u32(): number {
    this.need(4)
    const buf = this.buf
    const p = this.pos
    const v = buf[p]! * 0x100_0000 + ((buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!)
    this.pos = p + 4
    return v
  }

  /** Signed 32-bit big-endian integer. */
  i32(): number {
    this.need(4)
    const v = this.buf.readInt32BE(this.pos)
    this.pos += 4
    return v
  }

  /** Unsigned 48-bit big-endian integer (the proto header's size field). */
  u48(): number {
    this.need(6)
    const v = this.buf.readUIntBE(this.pos, 6)
    this.pos += 6
    return v
  }

  /** Unsigned 64-bit big-endian integer. */
  u64(): bigint {
    this.need(8)
    const v = this.buf.readBigUInt64BE(this.pos)
    this.pos += 8
    return v
  }

  /** Signed 64-bit big-endian integer. */
  i64(): bigint {
    this.need(8)
    const v = this.buf.readBigInt64BE(this.pos)
    this.pos += 8
    return v
  }

  /** 32-bit big-endian IEEE-754 float. */
  f32(): number {
    this.need(4)
    const v = this.buf.readFloatBE(this.pos)
    this.pos += 4
    return v
  }

  /** 64-bit big-endian IEEE-754 float. */
  f64(): number {
    this.need(8)
    const v = this.buf.readDoubleBE(this.pos)
    this.pos += 8
    return v
  }

  /** A zero-copy view of the next `n` bytes. */
  bytes(n: number): Buffer {
    this.need(n)
    const v = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }

  /** The next `n` bytes decoded as UTF-8. */
  utf8(n: number): string {
    this.need(n)
    const v = decodeUtf8(this.buf, this.pos, this.pos + n)
    this.pos += n
    return v
  }

  /** Moves past the next `n` bytes. */
  skip(n: number): void {
    this.need(n)
    this.pos += n
  }
}
