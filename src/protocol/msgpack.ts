/** Aerospike-flavoured msgpack: particle-prefixed strings/blobs, order ext headers, CDT specials. */
import { ByteReader, copyBytes, decodeUtf8 } from './byte-reader.js'
import { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { ParticleType } from './particle-type.js'
import { type AerospikeValue, CdtSpecial, Double, GeoJSON, HLL } from './values.js'

/** An unprefixed msgpack string: bin names, variable names and regexes inside expressions. */
export class RawString {
  readonly byteLength: number
  constructor(readonly value: string) {
    this.byteLength = Buffer.byteLength(value)
  }
}

/** Bytes that are already msgpack and are copied into the output verbatim. */
export class RawMsgpack {
  constructor(readonly bytes: Buffer) {}
}

/** A msgpack ext item: `type` and `data` (order headers are `new MsgpackExt(flags, empty)`). */
export class MsgpackExt {
  constructor(
    readonly type: number,
    readonly data: Buffer = EMPTY,
  ) {}
}

/** A list written with an order header (`c7 00 <flags>` as first element). */
export class OrderedList {
  constructor(
    readonly items: readonly Packable[],
    readonly flags: number,
  ) {}
}

/** A map written with an order header pair (`c7 00 <flags>`, nil) and entries in the given order. */
export class OrderedMap {
  constructor(
    readonly entries: ReadonlyArray<readonly [Packable, Packable]>,
    readonly flags: number,
  ) {}
}

/** Anything the packer accepts: user values plus the wire-level helpers above. */
export type Packable =
  | AerospikeValue
  | RawString
  | RawMsgpack
  | MsgpackExt
  | OrderedList
  | OrderedMap
  | undefined
  | readonly Packable[]
  | { readonly [key: string]: Packable }

const EMPTY = Buffer.alloc(0)
/** Deepest nesting the decoder follows before it gives up (protects the stack). */
export const MAX_NESTING = 256

/**
 * Whether a number is written as an integer: integral and inside int64
 * (-2^63 <= v < 2^63). Other numbers (fractions, NaN, infinities, integral
 * values beyond int64) are written as float64.
 */
export function isInt64Number(v: number): boolean {
  return Number.isInteger(v) && v >= -0x8000_0000_0000_0000 && v < 0x8000_0000_0000_0000
}

/** Size in bytes of the smallest msgpack int encoding of `v`. */
export function intSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= 0n) {
      if (v < 128n) return 1
      if (v < 0x1_0000_0000n) return v < 256n ? 2 : v < 65536n ? 3 : 5
      if (v <= 0xffff_ffff_ffff_ffffn) return 9
    } else {
      if (v >= -32n) return 1
      if (v >= -0x8000_0000n) return v >= -128n ? 2 : v >= -32768n ? 3 : 5
      if (v >= -0x8000_0000_0000_0000n) return 9
    }
    throw new EncodeError(`integer ${v} does not fit in 64 bits`)
  }
  if (v >= 0) {
    if (v < 128) return 1
    if (v < 256) return 2
    if (v < 65536) return 3
    if (v < 0x1_0000_0000) return 5
    return 9
  }
  if (v >= -32) return 1
  if (v >= -128) return 2
  if (v >= -32768) return 3
  if (v >= -0x8000_0000) return 5
  return 9
}

/**
 * Writes `v` in the smallest msgpack int form ("compact", as the server
 * normalizes). A number must satisfy `isInt64Number`; a bigint may span
 * int64 and uint64.
 */
export function writeInt(w: ByteWriter, v: number | bigint): void {
  if (typeof v === 'bigint') {
    if (v >= -0x8000_0000n && v < 0x1_0000_0000n) {
      writeInt(w, Number(v))
      return
    }
    if (v >= 0n) {
      if (v > 0xffff_ffff_ffff_ffffn) throw new EncodeError(`integer ${v} does not fit in 64 bits`)
      w.u8(0xcf)
      w.buf.writeBigUInt64BE(v, w.pos)
    } else {
      if (v < -0x8000_0000_0000_0000n) throw new EncodeError(`integer ${v} does not fit in 64 bits`)
      w.u8(0xd3)
      w.buf.writeBigInt64BE(v, w.pos)
    }
    w.pos += 8
    return
  }
  if (v >= 0) {
    if (v < 128) w.u8(v)
    else if (v < 256) w.u8(0xcc).u8(v)
    else if (v < 65536) w.u8(0xcd).u16(v)
    else if (v < 0x1_0000_0000) w.u8(0xce).u32(v)
    else w.u8(0xcf).i64(v)
  } else if (v >= -32) w.u8(v & 0xff)
  else if (v >= -128) w.u8(0xd0).u8(v & 0xff)
  else if (v >= -32768) w.u8(0xd1).u16(v & 0xffff)
  else if (v >= -0x8000_0000) w.u8(0xd2).i32(v)
  else w.u8(0xd3).i64(v)
}

/** Size of a str-family header for a payload of `len` bytes. */
export function strHeaderSize(len: number): number {
  return len < 32 ? 1 : len < 256 ? 2 : len < 65536 ? 3 : 5
}

/** Writes a str-family header for a payload of `len` bytes. */
export function writeStrHeader(w: ByteWriter, len: number): void {
  if (len < 32) w.u8(0xa0 | len)
  else if (len < 256) w.u8(0xd9).u8(len)
  else if (len < 65536) w.u8(0xda).u16(len)
  else w.u8(0xdb).u32(len)
}

/** Size of an array header for `n` elements. */
export function arrayHeaderSize(n: number): number {
  return n < 16 ? 1 : n < 65536 ? 3 : 5
}

/** Writes an array header for `n` elements. */
export function writeArrayHeader(w: ByteWriter, n: number): void {
  if (n < 16) w.u8(0x90 | n)
  else if (n < 65536) w.u8(0xdc).u16(n)
  else w.u8(0xdd).u32(n)
}

/** Size of a map header for `n` pairs. */
export function mapHeaderSize(n: number): number {
  return n < 16 ? 1 : n < 65536 ? 3 : 5
}

/** Writes a map header for `n` pairs. */
export function writeMapHeader(w: ByteWriter, n: number): void {
  if (n < 16) w.u8(0x80 | n)
  else if (n < 65536) w.u8(0xde).u16(n)
  else w.u8(0xdf).u32(n)
}

/** Exact size of an ext item carrying `len` data bytes (fixext for 1, 2, 4, 8 and 16). */
export function extSize(len: number): number {
  if (len === 1 || len === 2 || len === 4 || len === 8 || len === 16) return 2 + len
  return (len < 256 ? 3 : len < 65536 ? 4 : 6) + len
}

/** Writes an ext item of `type` (0..255) in its smallest form. */
export function writeExt(w: ByteWriter, type: number, data: Buffer): void {
  const len = data.length
  const fixed =
    len === 1 ? 0xd4 : len === 2 ? 0xd5 : len === 4 ? 0xd6 : len === 8 ? 0xd7 : len === 16 ? 0xd8 : 0
  if (fixed) w.u8(fixed)
  else if (len < 256) w.u8(0xc7).u8(len)
  else if (len < 65536) w.u8(0xc8).u16(len)
  else w.u8(0xc9).u32(len)
  w.u8(type & 0xff).bytes(data)
}

/** Size of a particle-prefixed str item: the header, the particle type byte and `len` data bytes. */
export function prefixedSize(len: number): number {
  return strHeaderSize(len + 1) + len + 1
}

/** Writes `data` as a str item whose first byte is the particle type `type` (03 string, 04 blob, 12 HLL...). */
export function writePrefixed(w: ByteWriter, type: number, data: Uint8Array): void {
  writeStrHeader(w, data.length + 1)
  w.u8(type).bytes(data)
}

/** Size of a list's order header element `c7 00 <flags>`. */
export const LIST_ORDER_HEADER_SIZE = 3

/** Writes a list's order header element `c7 00 <flags>` (counted in the array header). */
export function writeListOrderHeader(w: ByteWriter, flags: number): void {
  w.u8(0xc7).u8(0).u8(flags)
}

/** Size of a map's order header pair `c7 00 <flags>`, nil. */
export const MAP_ORDER_HEADER_SIZE = 4

/** Writes a map's order header pair `c7 00 <flags>`, nil (counted in the map header). */
export function writeMapOrderHeader(w: ByteWriter, flags: number): void {
  w.u8(0xc7).u8(0).u8(flags).u8(0xc0)
}

function isPlainObject(v: object): v is { readonly [key: string]: Packable } {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined'
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'object'
  return typeof v
}

/** Exact number of bytes `pack` writes for `v`. Throws EncodeError for unsupported values. */
export function packedSize(v: Packable, depth = 0): number {
  if (depth > MAX_NESTING) throw new EncodeError(`value nested deeper than ${MAX_NESTING} levels`)
  switch (typeof v) {
    case 'number':
      return isInt64Number(v) ? intSize(v) : 9
    case 'string':
      return prefixedSize(Buffer.byteLength(v))
    case 'boolean':
      return 1
    case 'bigint':
      return intSize(v)
    case 'object': {
      if (v === null) return 1
      if (Array.isArray(v)) {
        let size = arrayHeaderSize(v.length)
        for (const item of v as readonly Packable[]) size += packedSize(item, depth + 1)
        return size
      }
      if (v instanceof Uint8Array) return prefixedSize(v.length)
      if (v instanceof Map) {
        let size = mapHeaderSize(v.size)
        for (const [k, val] of v) size += packedSize(k as Packable, depth + 1) + packedSize(val, depth + 1)
        return size
      }
      if (v instanceof Double) return 9
      if (v instanceof RawString) return strHeaderSize(v.byteLength) + v.byteLength
      if (v instanceof RawMsgpack) return v.bytes.length
      if (v instanceof GeoJSON) return prefixedSize(Buffer.byteLength(v.value))
      if (v instanceof HLL) return prefixedSize(v.value.length)
      if (v instanceof CdtSpecial) return 3
      if (v instanceof MsgpackExt) return extSize(v.data.length)
      if (v instanceof OrderedList) {
        let size = arrayHeaderSize(v.items.length + 1) + LIST_ORDER_HEADER_SIZE
        for (const item of v.items) size += packedSize(item, depth + 1)
        return size
      }
      if (v instanceof OrderedMap) {
        let size = mapHeaderSize(v.entries.length + 1) + MAP_ORDER_HEADER_SIZE
        for (const [k, val] of v.entries) size += packedSize(k, depth + 1) + packedSize(val, depth + 1)
        return size
      }
      if (isPlainObject(v)) {
        let size = 0
        let n = 0
        for (const k in v) {
          const len = Buffer.byteLength(k) + 1
          size += strHeaderSize(len) + len + packedSize(v[k], depth + 1)
          n++
        }
        return mapHeaderSize(n) + size
      }
      break
    }
  }
  throw new EncodeError(`cannot encode a value of type ${describe(v)}`)
}

/** Writes `v` as msgpack; `packedSize(v)` bytes must be available. */
export function pack(w: ByteWriter, v: Packable): void {
  switch (typeof v) {
    case 'number':
      if (isInt64Number(v)) writeInt(w, v)
      else w.u8(0xcb).f64(v)
      return
    case 'string': {
      const len = Buffer.byteLength(v)
      writeStrHeader(w, len + 1)
      w.u8(ParticleType.STRING).utf8(v, len)
      return
    }
    case 'boolean':
      w.u8(v ? 0xc3 : 0xc2)
      return
    case 'bigint':
      writeInt(w, v)
      return
    case 'object': {
      if (v === null) {
        w.u8(0xc0)
        return
      }
      if (Array.isArray(v)) {
        writeArrayHeader(w, v.length)
        for (const item of v as readonly Packable[]) pack(w, item)
        return
      }
      if (v instanceof Uint8Array) {
        writePrefixed(w, ParticleType.BLOB, v)
        return
      }
      if (v instanceof Map) {
        writeMapHeader(w, v.size)
        for (const [k, val] of v) {
          pack(w, k as Packable)
          pack(w, val)
        }
        return
      }
      if (v instanceof Double) {
        w.u8(0xcb).f64(v.value)
        return
      }
      if (v instanceof RawString) {
        writeStrHeader(w, v.byteLength)
        w.utf8(v.value, v.byteLength)
        return
      }
      if (v instanceof RawMsgpack) {
        w.bytes(v.bytes)
        return
      }
      if (v instanceof GeoJSON) {
        writePrefixed(w, ParticleType.GEOJSON, Buffer.from(v.value))
        return
      }
      if (v instanceof HLL) {
        writePrefixed(w, ParticleType.HLL, v.value)
        return
      }
      if (v instanceof CdtSpecial) {
        w.u8(0xd4).u8(0xff).u8(v.code)
        return
      }
      if (v instanceof MsgpackExt) {
        writeExt(w, v.type, v.data)
        return
      }
      if (v instanceof OrderedList) {
        writeArrayHeader(w, v.items.length + 1)
        writeListOrderHeader(w, v.flags)
        for (const item of v.items) pack(w, item)
        return
      }
      if (v instanceof OrderedMap) {
        writeMapHeader(w, v.entries.length + 1)
        writeMapOrderHeader(w, v.flags)
        for (const [k, val] of v.entries) {
          pack(w, k)
          pack(w, val)
        }
        return
      }
      if (isPlainObject(v)) {
        let n = 0
        for (const _ in v) n++
        writeMapHeader(w, n)
        for (const k in v) {
          pack(w, k)
          pack(w, v[k])
        }
        return
      }
      break
    }
  }
  throw new EncodeError(`cannot encode a value of type ${describe(v)}`)
}

/** Packs `v` into a new Buffer of exactly the right size. */
export function packToBuffer(v: Packable): Buffer {
  const w = ByteWriter.alloc(packedSize(v))
  pack(w, v)
  return w.buf
}

/** What the next msgpack item is, without consuming it. */
export const MsgpackKind = {
  Nil: 0,
  Bool: 1,
  Int: 2,
  Float: 3,
  Str: 4,
  Bin: 5,
  Array: 6,
  Map: 7,
  Ext: 8,
} as const
/** One of the MsgpackKind values. */
export type MsgpackKind = (typeof MsgpackKind)[keyof typeof MsgpackKind]

/** Kind of the item whose first byte is `b`; throws ParseError for the never-used 0xc1. */
export function kindOf(b: number): MsgpackKind {
  if (b < 0x80 || b >= 0xe0) return MsgpackKind.Int
  if (b < 0x90) return MsgpackKind.Map
  if (b < 0xa0) return MsgpackKind.Array
  if (b < 0xc0) return MsgpackKind.Str
  switch (b) {
    case 0xc0:
      return MsgpackKind.Nil
    case 0xc2:
    case 0xc3:
      return MsgpackKind.Bool
    case 0xc4:
    case 0xc5:
    case 0xc6:
      return MsgpackKind.Bin
    case 0xc7:
    case 0xc8:
    case 0xc9:
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      return MsgpackKind.Ext
    case 0xca:
    case 0xcb:
      return MsgpackKind.Float
    case 0xd9:
    case 0xda:
    case 0xdb:
      return MsgpackKind.Str
    case 0xdc:
    case 0xdd:
      return MsgpackKind.Array
    case 0xde:
    case 0xdf:
      return MsgpackKind.Map
    case 0xc1:
      throw new ParseError('msgpack byte 0xc1 is never used')
    default:
      return MsgpackKind.Int
  }
}

/**
 * A cursor over msgpack bytes. The primitive reads (`readInt`, `readArrayHeader`,
 * ...) serve callers with their own value model (the server's CDT engine); `readValue`
 * decodes to the client value model. Every malformed input throws ParseError.
 */
export class MsgpackReader extends ByteReader {
  /** First byte of the next item. */
  peek(): number {
    this.need(1)
    return this.buf[this.pos]!
  }

  /** Kind of the next item. */
  peekKind(): MsgpackKind {
    return kindOf(this.peek())
  }

  /** True when the next item is an ext of 0 data bytes (a list/map order header). */
  peekOrderHeader(): boolean {
    return this.pos + 2 < this.end && this.buf[this.pos] === 0xc7 && this.buf[this.pos + 1] === 0
  }

  /** Reads nil (`c0`). */
  readNil(): null {
    if (this.u8() !== 0xc0) throw this.unexpected('nil')
    return null
  }

  /** Reads a boolean (`c2` / `c3`). */
  readBool(): boolean {
    const b = this.u8()
    if (b === 0xc2) return false
    if (b === 0xc3) return true
    this.pos--
    throw this.unexpected('bool')
  }

  /** Reads any msgpack integer as a bigint (exact over the whole int64/uint64 range). */
  readBigInt(): bigint {
    const b = this.u8()
    if (b < 0x80) return BigInt(b)
    if (b >= 0xe0) return BigInt(b - 0x100)
    switch (b) {
      case 0xcc:
        return BigInt(this.u8())
      case 0xcd:
        return BigInt(this.u16())
      case 0xce:
        return BigInt(this.u32())
      case 0xcf:
        return this.u64()
      case 0xd0:
        return BigInt((this.u8() << 24) >> 24)
      case 0xd1:
        return BigInt((this.u16() << 16) >> 16)
      case 0xd2:
        return BigInt(this.i32())
      case 0xd3:
        return this.i64()
    }
    this.pos--
    throw this.unexpected('integer')
  }

  /** Reads any msgpack integer: a number when safe, else a bigint. */
  readInt(): number | bigint {
    const b = this.u8()
    if (b < 0x80) return b
    if (b >= 0xe0) return b - 0x100
    switch (b) {
      case 0xcc:
        return this.u8()
      case 0xcd:
        return this.u16()
      case 0xce:
        return this.u32()
      case 0xcf:
        return safeOrBig(this.u64())
      case 0xd0:
        return (this.u8() << 24) >> 24
      case 0xd1:
        return (this.u16() << 16) >> 16
      case 0xd2:
        return this.i32()
      case 0xd3:
        return safeOrBig(this.i64())
    }
    this.pos--
    throw this.unexpected('integer')
  }

  /** Reads a float32 or float64. */
  readFloat(): number {
    const b = this.u8()
    if (b === 0xcb) return this.f64()
    if (b === 0xca) return this.f32()
    this.pos--
    throw this.unexpected('float')
  }

  /** Byte length of a str- or bin-family item, consuming its header. */
  readBytesHeader(): number {
    const b = this.u8()
    if (b >= 0xa0 && b < 0xc0) return b & 0x1f
    switch (b) {
      case 0xd9:
      case 0xc4:
        return this.u8()
      case 0xda:
      case 0xc5:
        return this.u16()
      case 0xdb:
      case 0xc6:
        return this.u32()
    }
    this.pos--
    throw this.unexpected('string or bytes')
  }

  /** Reads a str/bin item's payload as a zero-copy view (particle prefix included). */
  readBytes(): Buffer {
    return this.bytes(this.readBytesHeader())
  }

  /** Reads an unprefixed string (bin names, variable names, regexes). */
  readRawString(): string {
    return this.utf8(this.readBytesHeader())
  }

  /** Element count of an array, consuming its header; bounded by the bytes left. */
  readArrayHeader(): number {
    const b = this.u8()
    let n: number
    if (b >= 0x90 && b < 0xa0) n = b & 0x0f
    else if (b === 0xdc) n = this.u16()
    else if (b === 0xdd) n = this.u32()
    else {
      this.pos--
      throw this.unexpected('array')
    }
    if (n > this.remaining) throw new ParseError(`array of ${n} elements in ${this.remaining} bytes`)
    return n
  }

  /** Pair count of a map, consuming its header; bounded by the bytes left. */
  readMapHeader(): number {
    const b = this.u8()
    let n: number
    if (b >= 0x80 && b < 0x90) n = b & 0x0f
    else if (b === 0xde) n = this.u16()
    else if (b === 0xdf) n = this.u32()
    else {
      this.pos--
      throw this.unexpected('map')
    }
    if (n * 2 > this.remaining) throw new ParseError(`map of ${n} pairs in ${this.remaining} bytes`)
    return n
  }

  /** Reads an ext item: its type byte (signed as stored, 0..255) and a view of its data. */
  readExt(): MsgpackExt {
    const b = this.u8()
    let len: number
    switch (b) {
      case 0xd4:
        len = 1
        break
      case 0xd5:
        len = 2
        break
      case 0xd6:
        len = 4
        break
      case 0xd7:
        len = 8
        break
      case 0xd8:
        len = 16
        break
      case 0xc7:
        len = this.u8()
        break
      case 0xc8:
        len = this.u16()
        break
      case 0xc9:
        len = this.u32()
        break
      default:
        this.pos--
        throw this.unexpected('ext')
    }
    const type = this.u8()
    return new MsgpackExt(type, this.bytes(len))
  }

  /** Skips one whole item (recursively), without decoding it. */
  skipValue(depth = 0): void {
    if (depth > MAX_NESTING) throw new ParseError(`msgpack nested deeper than ${MAX_NESTING} levels`)
    switch (this.peekKind()) {
      case MsgpackKind.Nil:
      case MsgpackKind.Bool:
        this.pos++
        return
      case MsgpackKind.Int:
        this.readBigInt()
        return
      case MsgpackKind.Float:
        this.readFloat()
        return
      case MsgpackKind.Str:
      case MsgpackKind.Bin:
        this.skip(this.readBytesHeader())
        return
      case MsgpackKind.Ext:
        this.readExt()
        return
      case MsgpackKind.Array: {
        const n = this.readArrayHeader()
        for (let i = 0; i < n; i++) this.skipValue(depth + 1)
        return
      }
      case MsgpackKind.Map: {
        const n = this.readMapHeader()
        for (let i = 0; i < n * 2; i++) this.skipValue(depth + 1)
        return
      }
    }
  }

  /** A zero-copy view of the next whole item's bytes. */
  readRaw(): Buffer {
    const start = this.pos
    this.skipValue()
    return this.buf.subarray(start, this.pos)
  }

  /** Decodes the next item to the client value model (see docs/values.md). */
  readValue(depth = 0): AerospikeValue {
    if (depth > MAX_NESTING) throw new ParseError(`msgpack nested deeper than ${MAX_NESTING} levels`)
    const b = this.peek()
    switch (kindOf(b)) {
      case MsgpackKind.Nil:
        this.pos++
        return null
      case MsgpackKind.Bool:
        this.pos++
        return b === 0xc3
      case MsgpackKind.Int:
        return this.readInt()
      case MsgpackKind.Float:
        return this.readFloat()
      case MsgpackKind.Str:
      case MsgpackKind.Bin: {
        const n = this.readBytesHeader()
        this.need(n)
        const start = this.pos
        this.pos += n
        return decodePrefixedAt(this.buf, start, this.pos)
      }
      case MsgpackKind.Ext: {
        const ext = this.readExt()
        if (ext.type === 0xff && ext.data.length === 1) {
          if (ext.data[0] === 0) return CdtSpecial.WILDCARD
          if (ext.data[0] === 1) return CdtSpecial.INFINITY
        }
        return null
      }
      case MsgpackKind.Array: {
        let n = this.readArrayHeader()
        if (n > 0 && this.peekOrderHeader()) {
          this.readExt()
          n--
        }
        const out: AerospikeValue[] = new Array(n)
        for (let i = 0; i < n; i++) out[i] = this.readValue(depth + 1)
        return out
      }
      case MsgpackKind.Map: {
        const n = this.readMapHeader()
        const keys: AerospikeValue[] = []
        const vals: AerospikeValue[] = []
        let allStrings = true
        for (let i = 0; i < n; i++) {
          if (this.peekKind() === MsgpackKind.Ext) {
            // An order header (or an unknown ext key): not user data.
            this.readExt()
            this.skipValue(depth + 1)
            continue
          }
          const k = this.readValue(depth + 1)
          if (typeof k !== 'string') allStrings = false
          keys.push(k)
          vals.push(this.readValue(depth + 1))
        }
        if (allStrings) {
          const obj: Record<string, AerospikeValue> = {}
          for (let i = 0; i < keys.length; i++) setOwn(obj, keys[i] as string, vals[i]!)
          return obj
        }
        const map = new Map<AerospikeValue, AerospikeValue>()
        for (let i = 0; i < keys.length; i++) map.set(keys[i]!, vals[i]!)
        return map
      }
    }
  }

  private unexpected(what: string): ParseError {
    const b = this.pos < this.end ? this.buf[this.pos]! : -1
    return new ParseError(`expected msgpack ${what} at offset ${this.pos}, found byte 0x${b.toString(16)}`)
  }
}

/** Sets `obj[key]` as an own data property, even for `__proto__`. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

function safeOrBig(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

/** Decodes a particle-prefixed str/bin payload (03 string, 04 blob, 17 GeoJSON, 12 HLL...). */
export function decodePrefixed(data: Buffer): AerospikeValue {
  return decodePrefixedAt(data, 0, data.length)
}

/**
 * Decodes the particle-prefixed payload `buf[start..end)`: 03 string, 17
 * GeoJSON, 12 HLL; any other type byte (04 blob, language blobs) gives a copy
 * of the bytes after it. An empty payload is the empty string.
 */
export function decodePrefixedAt(buf: Buffer, start: number, end: number): AerospikeValue {
  if (start === end) return ''
  switch (buf[start]) {
    case ParticleType.STRING:
      return decodeUtf8(buf, start + 1, end)
    case ParticleType.GEOJSON:
      return new GeoJSON(buf.toString('utf8', start + 1, end))
    case ParticleType.HLL:
      return new HLL(copyBytes(buf, start + 1, end))
    default:
      return copyBytes(buf, start + 1, end)
  }
}

/** Decodes one msgpack item that must fill `buf[start..end)` exactly. */
export function unpack(buf: Buffer, start = 0, end = buf.length): AerospikeValue {
  const r = new MsgpackReader(buf, start, end)
  const v = r.readValue()
  if (r.pos !== r.end) throw new ParseError(`${r.end - r.pos} trailing bytes after msgpack value`)
  return v
}
