/** The embedded server's exact value model for msgpack data: decode, encode and the server's total order. */
import { ByteWriter } from '../protocol/byte-writer.js'
import { ParseError } from '../protocol/codec-errors.js'
import {
  arrayHeaderSize,
  extSize,
  intSize,
  LIST_ORDER_HEADER_SIZE,
  MAP_ORDER_HEADER_SIZE,
  MAX_NESTING,
  MsgpackKind,
  MsgpackReader,
  mapHeaderSize,
  prefixedSize,
  strHeaderSize,
  writeArrayHeader,
  writeExt,
  writeInt,
  writeListOrderHeader,
  writeMapHeader,
  writeMapOrderHeader,
  writePrefixed,
  writeStrHeader,
} from '../protocol/msgpack.js'
import { ParticleType } from '../protocol/particle-type.js'

/**
 * Bytes with a particle type: strings (3), blobs (4), GeoJSON (23) and the
 * other blob kinds. Kept as raw bytes so nothing is lost and comparisons are
 * byte-wise, as on the real server.
 */
export class SBytes {
  /** `ptype` of an empty msgpack string: no particle type byte at all (orders as a blob). */
  static readonly UNTYPED = -1
  constructor(
    readonly ptype: number,
    readonly bytes: Buffer,
  ) {}
  /** A string value from JS text. */
  static str(s: string): SBytes {
    return new SBytes(ParticleType.STRING, Buffer.from(s, 'utf8'))
  }
  /** The bytes as UTF-8 text. */
  text(): string {
    return this.bytes.toString('utf8')
  }
}

/** A list with its order flags (0 unordered, 1 ordered; 0x10 persisted index). */
export class SList {
  constructor(
    public items: SValue[],
    public flags = 0,
  ) {}
  get ordered(): boolean {
    return (this.flags & 1) !== 0
  }
}

/**
 * A map with its order flags (0 unordered, 1 key-ordered, 3 key-value-ordered,
 * 0x08 preserve-order result, 0x10 persisted index). Entries keep the order
 * they are stored in.
 */
export class SMap {
  constructor(
    public keys: SValue[],
    public values: SValue[],
    public flags = 0,
  ) {}
  get size(): number {
    return this.keys.length
  }
}

/** The CDT comparison specials: WILDCARD (`d4 ff 00`) and INFINITY (`d4 ff 01`). */
export class SSpecial {
  private constructor(readonly code: number) {}
  static readonly WILDCARD = new SSpecial(0)
  static readonly INFINITY = new SSpecial(1)
}

/** Any other msgpack ext item, preserved as read. */
export class SExt {
  constructor(
    readonly type: number,
    readonly data: Buffer,
  ) {}
}

/**
 * A server value: nil, bool, integer (always bigint, exact int64), float
 * (always a JS number: in this model a number is never an integer), bytes,
 * list, map, special or other ext.
 */
export type SValue = null | boolean | bigint | number | SBytes | SList | SMap | SSpecial | SExt

/**
 * Order classes of the server's total order across types, lowest first
 * (msgpack_cmp: nil < false < true < ints < strings < lists < maps < blobs <
 * floats < GeoJSON < other ext < WILDCARD < INFINITY).
 */
export const TypeRank = {
  NIL: 1,
  BOOL: 2,
  INT: 3,
  STRING: 4,
  LIST: 5,
  MAP: 6,
  BYTES: 7,
  FLOAT: 8,
  GEOJSON: 9,
  EXT: 10,
  WILDCARD: 11,
  INFINITY: 12,
} as const

/** Order class of `v` (see TypeRank). */
export function typeRank(v: SValue): number {
  switch (typeof v) {
    case 'boolean':
      return TypeRank.BOOL
    case 'bigint':
      return TypeRank.INT
    case 'number':
      return TypeRank.FLOAT
  }
  if (v === null) return TypeRank.NIL
  if (v instanceof SBytes) {
    if (v.ptype === ParticleType.STRING) return TypeRank.STRING
    if (v.ptype === ParticleType.GEOJSON) return TypeRank.GEOJSON
    return TypeRank.BYTES
  }
  if (v instanceof SList) return TypeRank.LIST
  if (v instanceof SMap) return TypeRank.MAP
  if (v instanceof SSpecial) return v === SSpecial.WILDCARD ? TypeRank.WILDCARD : TypeRank.INFINITY
  return TypeRank.EXT
}

/** Internal compare result meaning "a WILDCARD was met: the whole comparison is equal". */
const WILDCARD_HIT = 2

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0
}

function compareInner(a: SValue, b: SValue): number {
  if (a === SSpecial.WILDCARD || b === SSpecial.WILDCARD) return WILDCARD_HIT
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case TypeRank.BOOL:
      return (a ? 1 : 0) - (b ? 1 : 0)
    case TypeRank.INT:
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0
    case TypeRank.FLOAT:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    case TypeRank.STRING:
    case TypeRank.BYTES:
    case TypeRank.GEOJSON: {
      const x = a as SBytes
      const y = b as SBytes
      if (x.ptype !== y.ptype) return x.ptype < y.ptype ? -1 : 1
      return sign(Buffer.compare(x.bytes, y.bytes))
    }
    case TypeRank.LIST: {
      const x = (a as SList).items
      const y = (b as SList).items
      const n = Math.min(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const c = compareInner(x[i]!, y[i]!)
        if (c !== 0) return c
      }
      return sign(x.length - y.length)
    }
    case TypeRank.MAP: {
      const x = a as SMap
      const y = b as SMap
      if (x.size !== y.size) return x.size < y.size ? -1 : 1
      for (let i = 0; i < x.size; i++) {
        const ck = compareInner(x.keys[i]!, y.keys[i]!)
        if (ck !== 0) return ck
        const cv = compareInner(x.values[i]!, y.values[i]!)
        if (cv !== 0) return cv
      }
      return 0
    }
    case TypeRank.EXT:
      return sign(Buffer.compare((a as SExt).data, (b as SExt).data))
    default:
      return 0
  }
}

/**
 * The server's total order (msgpack_cmp): by order class first, then within
 * the class (ints and floats numerically, strings and blobs byte-wise with the
 * shorter prefix first, lists element-wise then by length, maps by size first
 * then entry by entry in stored order). Ints and floats never compare equal.
 * Meeting a WILDCARD anywhere, at any depth, ends the comparison as equal
 * (so `[1, WILDCARD]` matches every list that starts with 1); INFINITY is
 * greater than everything else. Returns -1, 0 or 1.
 */
export function compareValues(a: SValue, b: SValue): number {
  const c = compareInner(a, b)
  return c === WILDCARD_HIT ? 0 : c
}

/**
 * True when the next item is a list/map header element: any ext except the
 * 0xff comparison specials (a persisted index makes the ext non-empty).
 */
function peekHeader(r: MsgpackReader): boolean {
  if (r.peekKind() !== MsgpackKind.Ext) return false
  const start = r.pos
  const type = r.readExt().type
  r.pos = start
  return type !== 0xff
}

/** Decodes one msgpack item at the reader's position into the server model. */
export function readSValue(r: MsgpackReader, depth = 0): SValue {
  if (depth > MAX_NESTING) throw new ParseError(`msgpack nested deeper than ${MAX_NESTING} levels`)
  switch (r.peekKind()) {
    case MsgpackKind.Nil:
      r.pos++
      return null
    case MsgpackKind.Bool:
      return r.readBool()
    case MsgpackKind.Int:
      return r.readBigInt()
    case MsgpackKind.Float:
      return r.readFloat()
    case MsgpackKind.Str:
    case MsgpackKind.Bin: {
      const data = r.readBytes()
      if (data.length === 0) return new SBytes(SBytes.UNTYPED, Buffer.alloc(0))
      return new SBytes(data[0]!, Buffer.from(data.subarray(1)))
    }
    case MsgpackKind.Ext: {
      const ext = r.readExt()
      if (ext.type === 0xff && ext.data.length === 1 && ext.data[0]! <= 1) {
        return ext.data[0] === 0 ? SSpecial.WILDCARD : SSpecial.INFINITY
      }
      return new SExt(ext.type, Buffer.from(ext.data))
    }
    case MsgpackKind.Array: {
      let n = r.readArrayHeader()
      let flags = 0
      if (n > 0 && peekHeader(r)) {
        flags = r.readExt().type
        n--
      }
      const items: SValue[] = new Array(n)
      for (let i = 0; i < n; i++) items[i] = readSValue(r, depth + 1)
      return new SList(items, flags)
    }
    default: {
      let n = r.readMapHeader()
      let flags = 0
      if (n > 0 && peekHeader(r)) {
        flags = r.readExt().type
        r.skipValue(depth + 1)
        n--
      }
      const keys: SValue[] = new Array(n)
      const values: SValue[] = new Array(n)
      for (let i = 0; i < n; i++) {
        keys[i] = readSValue(r, depth + 1)
        values[i] = readSValue(r, depth + 1)
      }
      return new SMap(keys, values, flags)
    }
  }
}

/** Decodes msgpack bytes that must hold exactly one item. */
export function decodeSValue(buf: Buffer, start = 0, end = buf.length): SValue {
  const r = new MsgpackReader(buf, start, end)
  const v = readSValue(r)
  if (r.pos !== end) throw new ParseError(`${end - r.pos} trailing bytes after msgpack value`)
  return v
}

/** Exact encoded size of `v` (compact ints, float64 floats, order headers included). */
export function sValueSize(v: SValue): number {
  switch (typeof v) {
    case 'boolean':
      return 1
    case 'bigint':
      return intSize(v)
    case 'number':
      return 9
  }
  if (v === null) return 1
  if (v instanceof SBytes) return v.ptype === SBytes.UNTYPED ? strHeaderSize(0) : prefixedSize(v.bytes.length)
  if (v instanceof SList) {
    const header = v.flags ? LIST_ORDER_HEADER_SIZE : 0
    let size = arrayHeaderSize(v.items.length + (v.flags ? 1 : 0)) + header
    for (const item of v.items) size += sValueSize(item)
    return size
  }
  if (v instanceof SMap) {
    const header = v.flags ? MAP_ORDER_HEADER_SIZE : 0
    let size = mapHeaderSize(v.size + (v.flags ? 1 : 0)) + header
    for (let i = 0; i < v.size; i++) size += sValueSize(v.keys[i]!) + sValueSize(v.values[i]!)
    return size
  }
  if (v instanceof SSpecial) return 3
  return extSize(v.data.length)
}

/** Writes `v` as msgpack (lists/maps with nonzero flags get their order header). */
export function writeSValue(w: ByteWriter, v: SValue): void {
  switch (typeof v) {
    case 'boolean':
      w.u8(v ? 0xc3 : 0xc2)
      return
    case 'bigint':
      writeInt(w, v)
      return
    case 'number':
      w.u8(0xcb).f64(v)
      return
  }
  if (v === null) {
    w.u8(0xc0)
    return
  }
  if (v instanceof SBytes) {
    if (v.ptype === SBytes.UNTYPED) {
      writeStrHeader(w, 0)
      return
    }
    writePrefixed(w, v.ptype, v.bytes)
    return
  }
  if (v instanceof SList) {
    writeArrayHeader(w, v.items.length + (v.flags ? 1 : 0))
    if (v.flags) writeListOrderHeader(w, v.flags)
    for (const item of v.items) writeSValue(w, item)
    return
  }
  if (v instanceof SMap) {
    writeMapHeader(w, v.size + (v.flags ? 1 : 0))
    if (v.flags) writeMapOrderHeader(w, v.flags)
    for (let i = 0; i < v.size; i++) {
      writeSValue(w, v.keys[i]!)
      writeSValue(w, v.values[i]!)
    }
    return
  }
  if (v instanceof SSpecial) {
    w.u8(0xd4).u8(0xff).u8(v.code)
    return
  }
  writeExt(w, v.type, v.data)
}

/** Encodes `v` into a new Buffer of exactly the right size. */
export function encodeSValue(v: SValue): Buffer {
  const w = ByteWriter.alloc(sValueSize(v))
  writeSValue(w, v)
  return w.buf
}
