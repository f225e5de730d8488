/** Bin values on the wire: the particle type byte plus the value bytes of an op. */
import { copyBytes, decodeUtf8 } from './byte-reader.js'
import type { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { isInt64Number, pack, packedSize, unpack } from './msgpack.js'
import { ParticleType } from './particle-type.js'
import { type AerospikeValue, Double, GeoJSON, HLL } from './values.js'

const INT64_MIN = -0x8000_0000_0000_0000n
const INT64_MAX = 0x7fff_ffff_ffff_ffffn

/** Particle type a value is written as (see docs/values.md for the rules). */
export function particleTypeOf(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return isInt64Number(v) ? ParticleType.INTEGER : ParticleType.FLOAT
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) throw new EncodeError(`integer ${v} does not fit in int64`)
      return ParticleType.INTEGER
    case 'string':
      return ParticleType.STRING
    case 'boolean':
      return ParticleType.BOOL
    case 'object':
      if (v === null) return ParticleType.NULL
      if (Array.isArray(v)) return ParticleType.LIST
      if (v instanceof Uint8Array) return ParticleType.BLOB
      if (v instanceof Double) return ParticleType.FLOAT
      if (v instanceof GeoJSON) return ParticleType.GEOJSON
      if (v instanceof HLL) return ParticleType.HLL
      if (v instanceof Map) return ParticleType.MAP
      if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
        return ParticleType.MAP
      break
  }
  throw new EncodeError(
    `unsupported bin value type ${v === undefined ? 'undefined' : typeof v === 'object' ? (v as object).constructor?.name : typeof v}`,
  )
}

/** Number of value bytes `writeParticle` writes for `v` of type `type`. */
export function particleSize(type: number, v: unknown): number {
  switch (type) {
    case ParticleType.NULL:
      return 0
    case ParticleType.INTEGER:
    case ParticleType.FLOAT:
      return 8
    case ParticleType.STRING:
      return Buffer.byteLength(v as string)
    case ParticleType.BOOL:
      return 1
    case ParticleType.BLOB:
      return (v as Uint8Array).length
    case ParticleType.HLL:
      return (v as HLL).value.length
    case ParticleType.GEOJSON:
      return 3 + Buffer.byteLength((v as GeoJSON).value)
    case ParticleType.LIST:
    case ParticleType.MAP:
      return packedSize(v as AerospikeValue)
  }
  throw new EncodeError(`cannot size particle type ${type}`)
}

/** Writes the value bytes of `v` as particle `type` (as chosen by `particleTypeOf`). */
export function writeParticle(w: ByteWriter, type: number, v: unknown): void {
  switch (type) {
    case ParticleType.NULL:
      return
    case ParticleType.INTEGER:
      w.i64(v as number | bigint)
      return
    case ParticleType.FLOAT:
      w.f64(v instanceof Double ? v.value : (v as number))
      return
    case ParticleType.STRING:
      w.utf8(v as string, Buffer.byteLength(v as string))
      return
    case ParticleType.BOOL:
      w.u8(v ? 1 : 0)
      return
    case ParticleType.BLOB:
      w.bytes(v as Uint8Array)
      return
    case ParticleType.HLL:
      w.bytes((v as HLL).value)
      return
    case ParticleType.GEOJSON: {
      const text = (v as GeoJSON).value
      w.u8(0).u16(0).utf8(text, Buffer.byteLength(text))
      return
    }
    case ParticleType.LIST:
    case ParticleType.MAP:
      pack(w, v as AerospikeValue)
      return
  }
  throw new EncodeError(`cannot write particle type ${type}`)
}

/** Reads a big-endian integer particle of 1, 2, 4 or 8 bytes: a number when safe, else a bigint. */
export function readIntegerParticle(buf: Buffer, start: number, len: number): number | bigint {
  switch (len) {
    case 8: {
      const hi = buf.readInt32BE(start)
      const lo = buf.readUInt32BE(start + 4)
      // Beyond ±(2^53 - 1) the double rounds to a value that is no longer safe.
      const n = hi * 0x1_0000_0000 + lo
      return Number.isSafeInteger(n) ? n : buf.readBigInt64BE(start)
    }
    case 4:
      return buf.readInt32BE(start)
    case 2:
      return buf.readInt16BE(start)
    case 1:
      return buf.readInt8(start)
  }
  throw new ParseError(`integer particle of ${len} bytes`)
}

/**
 * Decodes the value bytes `buf[start..end)` of particle `type` to the client
 * value model. Blobs are copied so the caller may keep them.
 */
export function decodeParticle(type: number, buf: Buffer, start: number, end: number): AerospikeValue {
  const len = end - start
  switch (type) {
    case ParticleType.NULL:
      return null
    case ParticleType.INTEGER:
      return readIntegerParticle(buf, start, len)
    case ParticleType.FLOAT:
      if (len !== 8) throw new ParseError(`float particle of ${len} bytes`)
      return buf.readDoubleBE(start)
    case ParticleType.STRING:
      return decodeUtf8(buf, start, end)
    case ParticleType.BOOL:
      if (len !== 1) throw new ParseError(`bool particle of ${len} bytes`)
      return buf[start] !== 0
    case ParticleType.HLL:
      return new HLL(copyBytes(buf, start, end))
    case ParticleType.LIST:
    case ParticleType.MAP:
      return unpack(buf, start, end)
    case ParticleType.GEOJSON: {
      if (len < 3) throw new ParseError('truncated GeoJSON particle')
      const cells = buf.readUInt16BE(start + 1)
      const textStart = start + 3 + cells * 8
      if (textStart > end) throw new ParseError('truncated GeoJSON particle')
      return new GeoJSON(buf.toString('utf8', textStart, end))
    }
    default:
      // BLOB and the language-specific blob types.
      if (type === ParticleType.BLOB || (type >= 7 && type <= 12)) return copyBytes(buf, start, end)
      throw new ParseError(`unknown particle type ${type}`)
  }
}
