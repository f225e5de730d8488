/** Secondary-index predicates for Query.where(): equality, integer ranges, collection membership and GeoJSON (`aerospike.predicates`). */
import { ByteWriter, GeoJSON, MAX_BIN_NAME_LENGTH, ParticleType } from '../../protocol/index.js'
import { invalidArg } from '../errors.js'
import {
  INDEX_BLOB,
  INDEX_GEO2DSPHERE,
  INDEX_NUMERIC,
  INDEX_STRING,
  INDEX_TYPE_DEFAULT,
  INDEX_TYPE_MAPVALUES,
} from './query-constants.js'

/** Longest string or blob an equality predicate may carry (the server's limit), bytes. */
const MAX_KEY_BYTES = 2047
const MIN_I64 = -(1n << 63n)
const MAX_I64 = (1n << 63n) - 1n

/** A value an equality or membership predicate compares with. */
export type PredicateValue = number | bigint | string | Uint8Array

/** GeoJSON as a predicate takes it: text, an object, or a GeoJSON value. */
export type GeoJSONInput = string | object | GeoJSON

/**
 * A secondary-index filter. Build one with the functions of
 * `aerospike.predicates`; the server answers it from the index on `bin`
 * whose value type and collection type match.
 */
export class Predicate {
  constructor(
    /** The indexed bin. */
    readonly bin: string,
    /** INDEX_NUMERIC, INDEX_STRING, INDEX_BLOB or INDEX_GEO2DSPHERE. */
    readonly valueType: number,
    /** INDEX_TYPE_DEFAULT, _LIST, _MAPKEYS or _MAPVALUES. */
    readonly collectionType: number,
    /** The INDEX_RANGE field the query sends (one range: bin, particle type, begin, end). */
    readonly range: Buffer,
  ) {}
}

/** Particle type sent for each value type. */
const PARTICLE_OF: Readonly<Record<number, number>> = {
  [INDEX_NUMERIC]: ParticleType.INTEGER,
  [INDEX_STRING]: ParticleType.STRING,
  [INDEX_BLOB]: ParticleType.BLOB,
  [INDEX_GEO2DSPHERE]: ParticleType.GEOJSON,
}

function checkBin(bin: unknown): string {
  if (typeof bin !== 'string' || bin === '')
    throw invalidArg('a predicate needs a bin name (a non-empty string)')
  if (Buffer.byteLength(bin) > MAX_BIN_NAME_LENGTH)
    throw invalidArg(`bin name '${bin}' is longer than ${MAX_BIN_NAME_LENGTH} bytes`)
  return bin
}

function checkCollectionType(t: unknown): number {
  if (typeof t !== 'number' || !Number.isInteger(t) || t < INDEX_TYPE_DEFAULT || t > INDEX_TYPE_MAPVALUES)
    throw invalidArg('the collection type must be one of the INDEX_TYPE_* constants')
  return t
}

function toInt64(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'bigint' && v >= MIN_I64 && v <= MAX_I64) return v
  throw invalidArg(`${what} must be an integer (a safe integer number or a 64-bit bigint)`)
}

/** Encodes INDEX_RANGE: u8 1, u8 bin length, bin, u8 particle type, then u32 length + bytes of begin and of end. */
function encodeRange(bin: string, particleType: number, begin: Buffer, end: Buffer): Buffer {
  const binBytes = Buffer.from(bin)
  const w = ByteWriter.alloc(3 + binBytes.length + 8 + begin.length + end.length)
  w.u8(1).u8(binBytes.length).bytes(binBytes).u8(particleType)
  w.u32(begin.length).bytes(begin).u32(end.length).bytes(end)
  return w.buf
}

function int64Bytes(v: bigint): Buffer {
  const b = Buffer.allocUnsafe(8)
  b.writeBigInt64BE(v)
  return b
}

function integerRange(bin: unknown, collectionType: number, min: unknown, max: unknown): Predicate {
  const name = checkBin(bin)
  const lo = toInt64(min, 'the range minimum')
  const hi = toInt64(max, 'the range maximum')
  if (lo > hi) throw invalidArg(`the range minimum ${lo} is greater than its maximum ${hi}`)
  const range = encodeRange(name, ParticleType.INTEGER, int64Bytes(lo), int64Bytes(hi))
  return new Predicate(name, INDEX_NUMERIC, collectionType, range)
}

function valuePredicate(bin: unknown, collectionType: number, value: unknown): Predicate {
  if (typeof value === 'number' || typeof value === 'bigint')
    return integerRange(bin, collectionType, value, value)
  const name = checkBin(bin)
  let valueType: number
  let bytes: Buffer
  if (typeof value === 'string') {
    valueType = INDEX_STRING
    bytes = Buffer.from(value)
  } else if (value instanceof Uint8Array) {
    valueType = INDEX_BLOB
    bytes = Buffer.from(value)
  } else {
    throw invalidArg('a predicate value must be an integer, a string or bytes')
  }
  if (bytes.length > MAX_KEY_BYTES)
    throw invalidArg(
      `a predicate value may have at most ${MAX_KEY_BYTES} bytes, this one has ${bytes.length}`,
    )
  return new Predicate(
    name,
    valueType,
    collectionType,
    encodeRange(name, PARTICLE_OF[valueType]!, bytes, bytes),
  )
}

/** GeoJSON text from any accepted form; InvalidArgError unless it is a JSON object with a `type`. */
function geojsonText(input: unknown, what: string): string {
  let text: string
  if (input instanceof GeoJSON) text = input.value
  else if (typeof input === 'string') text = input
  else if (typeof input === 'object' && input !== null) text = JSON.stringify(input)
  else throw invalidArg(`${what} must be GeoJSON (text, an object or a GeoJSON value)`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw invalidArg(`${what} is not valid JSON`)
  }
  if (typeof doc !== 'object' || doc === null || typeof (doc as { type?: unknown }).type !== 'string')
    throw invalidArg(`${what} must be a GeoJSON object with a type`)
  return text
}

function geoPredicate(bin: unknown, collectionType: unknown, text: string): Predicate {
  const name = checkBin(bin)
  const bytes = Buffer.from(text)
  const range = encodeRange(name, ParticleType.GEOJSON, bytes, bytes)
  return new Predicate(name, INDEX_GEO2DSPHERE, checkCollectionType(collectionType), range)
}

function checkCoordinate(v: unknown, what: string, limit: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > limit)
    throw invalidArg(`${what} must be a number from -${limit} to ${limit}`)
  return v
}

/** Records whose `bin` equals `value` (an integer, a string or bytes; index of that type). */
export function equals(bin: string, value: PredicateValue): Predicate {
  return valuePredicate(bin, INDEX_TYPE_DEFAULT, value)
}

/** Records whose integer `bin` is from `min` to `max`, both included. */
export function between(bin: string, min: number | bigint, max: number | bigint): Predicate {
  return integerRange(bin, INDEX_TYPE_DEFAULT, min, max)
}

/**
 * Records whose list (INDEX_TYPE_LIST), map keys (INDEX_TYPE_MAPKEYS) or map
 * values (INDEX_TYPE_MAPVALUES) in `bin` contain `value`.
 */
export function contains(bin: string, collectionType: number, value: PredicateValue): Predicate {
  return valuePredicate(bin, checkCollectionType(collectionType), value)
}

/** Records whose list, map keys or map values in `bin` contain an integer from `min` to `max`. */
export function range(
  bin: string,
  collectionType: number,
  min: number | bigint,
  max: number | bigint,
): Predicate {
  return integerRange(bin, checkCollectionType(collectionType), min, max)
}

/** Records whose GeoJSON point in `bin` lies within `region` (a Polygon, MultiPolygon or AeroCircle). */
export function geoWithinGeoJSONRegion(
  bin: string,
  region: GeoJSONInput,
  collectionType: number = INDEX_TYPE_DEFAULT,
): Predicate {
  return geoPredicate(bin, collectionType, geojsonText(region, 'the region'))
}

/** Records whose GeoJSON point in `bin` is within `radiusMeters` of (lng, lat), by great-circle distance. */
export function geoWithinRadius(
  bin: string,
  lng: number,
  lat: number,
  radiusMeters: number,
  collectionType: number = INDEX_TYPE_DEFAULT,
): Predicate {
  checkCoordinate(lng, 'the longitude', 180)
  checkCoordinate(lat, 'the latitude', 90)
  if (typeof radiusMeters !== 'number' || !Number.isFinite(radiusMeters) || radiusMeters < 0)
    throw invalidArg('the radius must be a non-negative number of meters')
  const circle = JSON.stringify({ type: 'AeroCircle', coordinates: [[lng, lat], radiusMeters] })
  return geoPredicate(bin, collectionType, circle)
}

/** Records whose GeoJSON region in `bin` contains `point` (a GeoJSON Point). */
export function geoContainsGeoJSONPoint(
  bin: string,
  point: GeoJSONInput,
  collectionType: number = INDEX_TYPE_DEFAULT,
): Predicate {
  return geoPredicate(bin, collectionType, geojsonText(point, 'the point'))
}
