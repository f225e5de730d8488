/** Turns an op's particle type and value bytes into a stored particle, checking them as the server does. */
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackKind, MsgpackReader } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { CdtError } from '../cdt/errors.js'
import { geojsonFromWire } from '../geo/geojson.js'
import { type Particle, toStoredParticle } from '../particle.js'

/** A stored particle, or a result code saying why the value was refused. */
export type ParticleOrError = Particle | number

const PARAMETER = 4
const UNKNOWN = 1
const GEO_INVALID_GEOJSON = 160

/** HLL header: flags, index bits, min-hash bits, 8-byte cache. */
const HLL_HEADER_SIZE = 11

/** Particle types a bin may hold (NULL only means "delete the bin" and is handled before this). */
export function isStorableType(type: number): boolean {
  return (
    (type >= ParticleType.INTEGER && type <= ParticleType.BLOB) ||
    (type >= ParticleType.JAVA_BLOB && type <= ParticleType.ERLANG_BLOB) ||
    (type >= ParticleType.VECTOR && type <= ParticleType.LIST) ||
    type === ParticleType.GEOJSON
  )
}

/**
 * Reads an integer particle value of 1, 2, 4 or 8 bytes into 8 bytes. Shorter
 * values are zero-extended, as the server does. Returns undefined for other sizes.
 */
export function integerFromWire(value: Buffer): Buffer | undefined {
  const len = value.length
  if (len !== 8 && len !== 4 && len !== 2 && len !== 1) return undefined
  const data = Buffer.alloc(8)
  value.copy(data, 8 - len)
  return data
}

/** Whether `value` is a well-formed HLL: supported bit counts and exactly the matching size. */
function isValidHll(value: Buffer): boolean {
  if (value.length < HLL_HEADER_SIZE || value[0] !== 0) return false
  const indexBits = value[1]!
  const minhashBits = value[2]!
  if (indexBits < 4 || indexBits > 16) return false
  if (minhashBits !== 0 && (minhashBits < 4 || minhashBits > 51)) return false
  if (indexBits + minhashBits > 64) return false
  const registers = Math.floor(((6 + minhashBits) * (1 << indexBits) + 7) / 8)
  return value.length === HLL_HEADER_SIZE + registers
}

/** Whether `value` is exactly one msgpack item of the given kind (the top level of a list or map bin). */
function isWholeMsgpack(value: Buffer, kind: number): boolean {
  if (value.length === 0) return false
  const r = new MsgpackReader(value)
  try {
    if (r.peekKind() !== kind) return false
    r.skipValue()
  } catch (err) {
    if (err instanceof ParseError) return false
    throw err
  }
  return r.remaining === 0
}

/** A list/map bin in the form the server stores it (maps sorted by key...), or the code refusing it. */
function storedCdt(p: Particle): ParticleOrError {
  try {
    return toStoredParticle(p)
  } catch (err) {
    if (err instanceof CdtError) return err.resultCode
    throw err
  }
}

/** The stored particle for a bin write of `type` with wire value `value` (copied), or a result code. */
export function particleFromWire(type: number, value: Buffer): ParticleOrError {
  switch (type) {
    case ParticleType.INTEGER: {
      const data = integerFromWire(value)
      return data === undefined ? PARAMETER : { type, data }
    }
    case ParticleType.FLOAT:
      return value.length === 8 ? { type, data: Buffer.from(value) } : PARAMETER
    case ParticleType.BOOL:
      return value.length === 1 && value[0]! <= 1 ? { type, data: Buffer.from(value) } : PARAMETER
    case ParticleType.HLL:
      return isValidHll(value) ? { type, data: Buffer.from(value) } : PARAMETER
    case ParticleType.LIST:
      return isWholeMsgpack(value, MsgpackKind.Array) ? storedCdt({ type, data: value }) : UNKNOWN
    case ParticleType.MAP:
      return isWholeMsgpack(value, MsgpackKind.Map) ? storedCdt({ type, data: value }) : UNKNOWN
    case ParticleType.GEOJSON: {
      const data = geojsonFromWire(value)
      return data === undefined ? GEO_INVALID_GEOJSON : { type, data }
    }
  }
  return isStorableType(type) ? { type, data: Buffer.from(value) } : PARAMETER
}
