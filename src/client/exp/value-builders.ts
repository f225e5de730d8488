/** Literal value expressions: int, float, string, bool, blob, GeoJSON, list, map, nil, infinity, wildcard. */
import { EncodeError } from '../../protocol/codec-errors.js'
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { OrderedMap, type Packable, packToBuffer, RawMsgpack } from '../../protocol/msgpack.js'
import { type AerospikeValue, Double, GeoJSON, INFINITY, WILDCARD } from '../../protocol/values.js'
import { invalidArg } from '../errors.js'
import { describe, Expression, SPECIAL_TYPE } from './expression.js'

const INT64_MIN = -0x8000_0000_0000_0000n
const INT64_MAX = 0x7fff_ffff_ffff_ffffn
const KEY_ORDERED = 1

function encodeLiteral(v: Packable, what: string): RawMsgpack {
  try {
    return new RawMsgpack(packToBuffer(v))
  } catch (e) {
    if (e instanceof EncodeError) throw invalidArg(`${what}: ${e.message}`)
    throw e
  }
}

/** A 64-bit integer value: a safe-integer `number` or a `bigint` in the int64 range. */
export function intVal(value: number | bigint): Expression {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw invalidArg(`intVal expects an integer (use a bigint beyond 2^53), got ${value}`)
  } else if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) {
    throw invalidArg(`intVal expects a 64-bit integer, got ${describe(value)} ${String(value)}`)
  }
  return Expression.fromWire(value, ExpType.INT)
}

/** A 64-bit float value; always sent as a double, so `floatVal(2)` is the float 2.0. */
export function floatVal(value: number): Expression {
  if (typeof value !== 'number') throw invalidArg(`floatVal expects a number, got ${describe(value)}`)
  return Expression.fromWire(encodeLiteral(new Double(value), 'floatVal'), ExpType.FLOAT)
}

/** A string value. */
export function stringVal(value: string): Expression {
  if (typeof value !== 'string') throw invalidArg(`stringVal expects a string, got ${describe(value)}`)
  return Expression.fromWire(encodeLiteral(value, 'stringVal'), ExpType.STRING)
}

/** A boolean value. */
export function boolVal(value: boolean): Expression {
  if (typeof value !== 'boolean') throw invalidArg(`boolVal expects a boolean, got ${describe(value)}`)
  return Expression.fromWire(encodeLiteral(value, 'boolVal'), ExpType.BOOL)
}

/** A blob (bytes) value. */
export function blobVal(value: Uint8Array): Expression {
  if (!(value instanceof Uint8Array))
    throw invalidArg(`blobVal expects a Buffer or Uint8Array, got ${describe(value)}`)
  return Expression.fromWire(encodeLiteral(value, 'blobVal'), ExpType.BLOB)
}

/**
 * A GeoJSON value: JSON text, a GeoJSON object or a `GeoJSON` wrapper
 * (Point, Polygon, MultiPolygon or AeroCircle; the server validates the shape).
 */
export function geoVal(value: string | object): Expression {
  let text: string
  if (value instanceof GeoJSON) text = value.value
  else if (typeof value === 'string') text = value
  else if (typeof value === 'object' && value !== null) text = JSON.stringify(value)
  else throw invalidArg(`geoVal expects GeoJSON text or an object, got ${describe(value)}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalidArg('geoVal: the GeoJSON text is not valid JSON')
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { type?: unknown }).type !== 'string'
  )
    throw invalidArg('geoVal: GeoJSON must be an object with a "type"')
  return Expression.fromWire(encodeLiteral(new GeoJSON(text), 'geoVal'), ExpType.GEO)
}

/**
 * A list value. It is sent quoted (`[126, list]`) because a bare msgpack array
 * would be read as an instruction. Maps inside it are sent key-ordered (see mapVal).
 */
export function listVal(value: readonly AerospikeValue[]): Expression {
  if (!Array.isArray(value)) throw invalidArg(`listVal expects an array, got ${describe(value)}`)
  return Expression.fromWire([ExpOp.QUOTE, encodeLiteral(canonical(value, 0), 'listVal')], ExpType.LIST)
}

/**
 * A map value (plain object or `Map`). It is sent KEY_ORDERED with its keys in
 * the server's order (integers, then strings, then blobs), nested maps too: the
 * server refuses to compare unordered maps (the comparison is unknown).
 */
export function mapVal(
  value: Record<string, AerospikeValue> | Map<AerospikeValue, AerospikeValue>,
): Expression {
  if (!isMapLike(value)) throw invalidArg(`mapVal expects an object or a Map, got ${describe(value)}`)
  return Expression.fromWire(encodeLiteral(canonical(value, 0), 'mapVal'), ExpType.MAP)
}

/** The nil value. */
export function nil(): Expression {
  return Expression.fromWire(new RawMsgpack(Buffer.from([0xc0])), ExpType.NIL)
}

/** INFINITY, greater than every value: the open end of CDT value ranges. */
export function infinity(): Expression {
  return Expression.fromWire(encodeLiteral(INFINITY, 'infinity'), SPECIAL_TYPE)
}

/** WILDCARD, equal to every value in CDT value comparisons. */
export function wildcard(): Expression {
  return Expression.fromWire(encodeLiteral(WILDCARD, 'wildcard'), SPECIAL_TYPE)
}

function isMapLike(v: unknown): v is Record<string, AerospikeValue> | Map<AerospikeValue, AerospikeValue> {
  if (v instanceof Map) return true
  if (typeof v !== 'object' || v === null) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const MAX_DEPTH = 256

/** Rewrites every map (at any depth) as a key-ordered map with sorted keys. */
function canonical(v: unknown, depth: number): Packable {
  if (depth > MAX_DEPTH) throw invalidArg(`value nested deeper than ${MAX_DEPTH} levels`)
  if (Array.isArray(v)) return v.map((item) => canonical(item, depth + 1))
  if (!isMapLike(v)) return v as Packable
  const entries: Array<[Packable, Packable]> = []
  if (v instanceof Map) for (const [k, val] of v) entries.push([mapKey(k), canonical(val, depth + 1)])
  else for (const k of Object.keys(v)) entries.push([k, canonical(v[k], depth + 1)])
  entries.sort((a, b) => compareKeys(a[0], b[0]))
  for (let i = 1; i < entries.length; i++) {
    if (compareKeys(entries[i - 1]![0], entries[i]![0]) === 0)
      throw invalidArg(`map has the key ${String(entries[i]![0])} twice`)
  }
  return new OrderedMap(entries, KEY_ORDERED)
}

function mapKey(k: unknown): Packable {
  if (typeof k === 'string' || typeof k === 'bigint' || k instanceof Uint8Array) return k
  if (typeof k === 'number' && Number.isSafeInteger(k)) return k
  throw invalidArg(`map keys must be strings, integers or blobs, got ${describe(k)} ${String(k)}`)
}

function keyRank(k: Packable): number {
  return typeof k === 'number' || typeof k === 'bigint' ? 0 : typeof k === 'string' ? 1 : 2
}

/** The server's order of map keys: integers numerically, then strings, then blobs, both byte-wise. */
function compareKeys(a: Packable, b: Packable): number {
  const ra = keyRank(a)
  const rb = keyRank(b)
  if (ra !== rb) return ra - rb
  if (ra === 0) {
    const x = BigInt(a as number | bigint)
    const y = BigInt(b as number | bigint)
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (ra === 1) return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string))
  return Buffer.compare(a as Uint8Array, b as Uint8Array)
}
