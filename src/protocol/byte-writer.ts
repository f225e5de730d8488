/** A front-to-back big-endian writer into one pre-sized Buffer. */

/** Up to this many bytes, ASCII text and byte arrays are copied in JavaScript. */
const SHORT_TEXT = 32

/**
 * Encoders compute the exact size first, allocate one Buffer, then write
 * through this writer so that the calls read like the byte layout.
 */
export class ByteWriter {
  /** Offset of the next byte to write. */
  pos: number

  constructor(
    readonly buf: Buffer,
    start = 0,
  ) {
    this.pos = start
  }

  /** A writer over a fresh (uninitialised, fully overwritten) buffer of `size` bytes. */
  static alloc(size: number): ByteWriter {
    return new ByteWriter(Buffer.allocUnsafe(size))
  }

  /** Unsigned 8-bit integer. */
  u8(v: number): this {
    this.buf[this.pos++] = v
    return this
  }

  /** Unsigned 16-bit big-endian integer. */
  u16(v: number): this {
    const buf = this.buf
    buf[this.pos] = v >>> 8
    buf[this.pos + 1] = v
    this.pos += 2
    return this
  }

  /** Unsigned 16-bit little-endian integer (partition ids of PID_ARRAY fields). */
  u16le(v: number): this {
    this.buf.writeUInt16LE(v, this.pos)
    this.pos += 2
    return this
  }

  /** Unsigned 32-bit big-endian integer (a negative value is written as its two’s complement). */
  u32(v: number): this {
    const buf = this.buf
    const pos = this.pos
    buf[pos] = v >>> 24
    buf[pos + 1] = v >>> 16
    buf[pos + 2] = v >>> 8
    buf[pos + 3] = v
    this.pos = pos + 4
    return this
  }

  /** Signed 32-bit big-endian integer. */
  i32(v: number): this {
    this.buf.writeInt32BE(v, this.pos)
    this.pos += 4
    return this
  }

  /** Unsigned 48-bit big-endian integer (the proto header’s size field). */
  u48(v: number): this {
    this.buf.writeUIntBE(v, this.pos, 6)
    this.pos += 6
    return this
  }

  /** 64-bit big-endian two's complement; accepts a safe integer or any int64/uint64 bigint. */
  i64(v: number | bigint): this {
    if (typeof v === 'number') {
      // Split a safe integer into two 32-bit halves without going through BigInt.
      const hi = Math.floor(v / 0x1_0000_0000)
      this.buf.writeInt32BE(hi, this.pos)
      this.buf.writeUInt32BE(v - hi * 0x1_0000_0000, this.pos + 4)
    } else if (v < 0n) {
      this.buf.writeBigInt64BE(v, this.pos)
    } else {
      this.buf.writeBigUInt64BE(v, this.pos)
    }
    this.pos += 8
    return this
  }

  /** 32-bit big-endian IEEE-754 float. */
  f32(v: number): this {
    this.buf.writeFloatBE(v, this.pos)
    this.pos += 4
    return this
  }

  /** 64-bit big-endian IEEE-754 float. */
  f64(v: number): this {
    this.buf.writeDoubleBE(v, this.pos)
    this.pos += 8
    return this
  }

  /** Copies `v`; small arrays are copied in JavaScript. */
  bytes(v: Uint8Array): this {
    const n = v.length
    if (n <= SHORT_TEXT) {
      const buf = this.buf
      const pos = this.pos
      for (let i = 0; i < n; i++) buf[pos + i] = v[i]!
    } else {
      this.buf.set(v, this.pos)
    }
    this.pos += n
    return this
  }

  /**
   * Writes `s` as UTF-8; `byteLength` must be `Buffer.byteLength(s)`. Short
   * ASCII text (byte length equal to string length) is copied in JavaScript,
   * which is cheaper than a call into the runtime.
   */
  utf8(s: string, byteLength: number): this {
    if (byteLength === s.length && byteLength <= SHORT_TEXT) {
      const buf = this.buf
      const pos = this.pos
      for (let i = 0; i < byteLength; i++) buf[pos + i] = s.charCodeAt(i)
    } else if (byteLength > 0) {
      this.buf.write(s, this.pos, byteLength, 'utf8')
    }
    this.pos += byteLength
    return this
  }

  /** Writes ASCII/latin1 text whose byte length equals its string length. */
  ascii(s: string): this {
    this.pos += this.buf.write(s, this.pos, 'latin1')
    return this
  }
}
