/** Stored bin values (particle type + wire bytes) and their conversion to and from the server value model. */
import { ByteWriter } from '../protocol/byte-writer.js'
import { ParseError } from '../protocol/codec-errors.js'
import { ParticleType } from '../protocol/particle-type.js'
import { CdtError, CdtResultCode } from './cdt/errors.js'
import { toStorage } from './cdt/storage.js'
import { decodeSValue, encodeSValue, SBytes, SList, SMap, type SValue } from './value.js'

/** A bin value as stored and as sent on the wire: its particle type and value bytes. */
export interface Particle {
  readonly type: number
  readonly data: Buffer
}

/** Converts a stored particle to a server value (GeoJSON keeps its text only). */
export function particleToSValue(p: Particle): SValue {
  switch (p.type) {
    case ParticleType.NULL:
      return null
    case ParticleType.INTEGER:
      if (p.data.length !== 8) throw new ParseError(`integer particle of ${p.data.length} bytes`)
      return p.data.readBigInt64BE(0)
    case ParticleType.FLOAT:
      if (p.data.length !== 8) throw new ParseError(`float particle of ${p.data.length} bytes`)
      return p.data.readDoubleBE(0)
    case ParticleType.BOOL:
      return p.data[0] === 1
    case ParticleType.LIST:
    case ParticleType.MAP:
      return decodeSValue(p.data)
    case ParticleType.GEOJSON: {
      if (p.data.length < 3) throw new ParseError('truncated GeoJSON particle')
      const start = 3 + p.data.readUInt16BE(1) * 8
      if (start > p.data.length) throw new ParseError('truncated GeoJSON particle')
      return new SBytes(ParticleType.GEOJSON, p.data.subarray(start))
    }
    default:
      return new SBytes(p.type, p.data)
  }
}

/** Converts a server value to a stored particle (lists and maps as msgpack). */
export function sValueToParticle(v: SValue): Particle {
  switch (typeof v) {
    case 'boolean':
      return { type: ParticleType.BOOL, data: Buffer.from([v ? 1 : 0]) }
    case 'bigint': {
      const data = Buffer.allocUnsafe(8)
      data.writeBigInt64BE(BigInt.asIntN(64, v))
      return { type: ParticleType.INTEGER, data }
    }
    case 'number': {
      const data = Buffer.allocUnsafe(8)
      data.writeDoubleBE(v)
      return { type: ParticleType.FLOAT, data }
    }
  }
  if (v === null) return { type: ParticleType.NULL, data: Buffer.alloc(0) }
  if (v instanceof SList) return { type: ParticleType.LIST, data: encodeSValue(v) }
  if (v instanceof SMap) return { type: ParticleType.MAP, data: encodeSValue(v) }
  if (v instanceof SBytes) {
    if (v.ptype !== ParticleType.GEOJSON) return { type: v.ptype, data: v.bytes }
    const w = ByteWriter.alloc(3 + v.bytes.length)
    w.u8(0).u16(0).bytes(v.bytes)
    return { type: ParticleType.GEOJSON, data: w.buf }
  }
  throw new ParseError('value cannot be stored in a bin')
}

/**
 * The form a written bin value is stored in. List and map particles are
 * rewritten as the server does on write: every map sorted by key (an
 * unordered map is never stored unsorted), list/map flags reduced to their
 * order bits, and anything the server refuses (duplicate or invalid map
 * keys, an "ordered" list or map that is not in order, WILDCARD/INFINITY, a
 * LIST particle holding a map) throws CdtError with result code 1. Other
 * particles are returned as they are.
 */
export function toStoredParticle(p: Particle): Particle {
  if (p.type !== ParticleType.LIST && p.type !== ParticleType.MAP) return p
  try {
    const v = decodeSValue(p.data)
    if (p.type === ParticleType.LIST ? !(v instanceof SList) : !(v instanceof SMap)) {
      throw new CdtError(CdtResultCode.UNKNOWN, 'particle type does not match its msgpack')
    }
    return { type: p.type, data: encodeSValue(toStorage(v)) }
  } catch (e) {
    if (e instanceof CdtError || e instanceof ParseError) {
      throw new CdtError(
        CdtResultCode.UNKNOWN,
        `invalid ${p.type === ParticleType.LIST ? 'list' : 'map'} bin: ${e.message}`,
      )
    }
    throw e
  }
}
