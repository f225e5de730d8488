/** Comparison of expression values: scalar compares and the server's msgpack order with its unordered-map rule. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { SBytes, type SExt, SList, SMap, SSpecial, type SValue } from '../value.js'
import { GeoValue, REMOVE, type RtValue, UNKNOWN } from './types.js'

/** The result of a comparison instruction (EQ..LE) given the sign of left - right. */
export function comparisonHolds(code: number, sign: number): boolean {
  switch (code) {
    case ExpOp.EQ:
      return sign === 0
    case ExpOp.NE:
      return sign !== 0
    case ExpOp.GT:
      return sign > 0
    case ExpOp.GE:
      return sign >= 0
    case ExpOp.LT:
      return sign < 0
    default:
      return sign <= 0
  }
}

/** Float comparison with C semantics: every comparison with NaN is false except !=. */
function floatHolds(code: number, a: number, b: number): boolean {
  switch (code) {
    case ExpOp.EQ:
      return a === b
    case ExpOp.NE:
      return a !== b
    case ExpOp.GT:
      return a > b
    case ExpOp.GE:
      return a >= b
    case ExpOp.LT:
      return a < b
    default:
      return a <= b
  }
}

/** Msgpack type classes in the server's order (msgpack_type). */
const Rank = {
  NIL: 1,
  FALSE: 2,
  TRUE: 3,
  NEGINT: 4,
  INT: 5,
  STRING: 6,
  LIST: 7,
  MAP: 8,
  BYTES: 9,
  DOUBLE: 10,
  GEOJSON: 11,
  EXT: 12,
  WILDCARD: 13,
  INFINITY: 14,
} as const

function rank(v: SValue): number {
  switch (typeof v) {
    case 'boolean':
      return v ? Rank.TRUE : Rank.FALSE
    case 'bigint':
      return v < 0n ? Rank.NEGINT : Rank.INT
    case 'number':
      return Rank.DOUBLE
  }
  if (v === null) return Rank.NIL
  if (v instanceof SBytes)
    return v.ptype === ParticleType.STRING
      ? Rank.STRING
      : v.ptype === ParticleType.GEOJSON
        ? Rank.GEOJSON
        : Rank.BYTES
  if (v instanceof SList) return Rank.LIST
  if (v instanceof SMap) return Rank.MAP
  if (v instanceof SSpecial) return v === SSpecial.WILDCARD ? Rank.WILDCARD : Rank.INFINITY
  return Rank.EXT
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0)

/** Result of a walk: a sign, or "a wildcard was reached", which ends the comparison as equal. */
const WILD = 2

interface WalkState {
  unorderedMap: boolean
}

function markContainer(v: SValue, st: WalkState): void {
  if (v instanceof SMap && v.size > 0 && (v.flags & 1) === 0) st.unorderedMap = true
}

function bytesCompare(a: SBytes, b: SBytes): number {
  if (a.ptype !== b.ptype) return sign(a.ptype - b.ptype)
  return Buffer.compare(a.bytes, b.bytes)
}

/**
 * Walks two values in the server's msgpack order (msgpack_cmp): lists element
 * by element then by length, maps by size then entry by entry in stored order,
 * a WILDCARD anywhere ends the comparison as equal, NaN equals any double.
 */
function walk(a: SValue, b: SValue, st: WalkState): number {
  markContainer(a, st)
  markContainer(b, st)
  if (a === SSpecial.WILDCARD || b === SSpecial.WILDCARD) return WILD
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return sign(ra - rb)
  switch (ra) {
    case Rank.NEGINT:
    case Rank.INT:
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0
    case Rank.DOUBLE:
      return (a as number) > (b as number) ? 1 : (a as number) < (b as number) ? -1 : 0
    case Rank.STRING:
    case Rank.BYTES:
    case Rank.GEOJSON:
      return bytesCompare(a as SBytes, b as SBytes)
    case Rank.LIST: {
      const x = (a as SList).items
      const y = (b as SList).items
      const n = Math.min(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const c = walk(x[i]!, y[i]!, st)
        if (c !== 0) return c
      }
      return sign(x.length - y.length)
    }
    case Rank.MAP: {
      const x = a as SMap
      const y = b as SMap
      if (x.size !== y.size) return sign(x.size - y.size)
      for (let i = 0; i < x.size; i++) {
        const ck = walk(x.keys[i]!, y.keys[i]!, st)
        if (ck !== 0) return ck
        const cv = walk(x.values[i]!, y.values[i]!, st)
        if (cv !== 0) return cv
      }
      return 0
    }
    case Rank.EXT: {
      const x = a as SExt
      const y = b as SExt
      return x.type !== y.type ? sign(x.type - y.type) : Buffer.compare(x.data, y.data)
    }
    default:
      return 0
  }
}

/** The msgpack form of a run-time value (undefined for unknown and the remove marker). */
export function toSValue(v: RtValue): SValue | undefined {
  if (v === UNKNOWN || v === REMOVE) return undefined
  if (v instanceof GeoValue) return new SBytes(ParticleType.GEOJSON, v.json)
  return v
}

/** True when `a` equals `b` in the server's msgpack order (a wildcard equals anything). */
export function msgpackEquals(a: SValue, b: SValue): boolean {
  const c = walk(a, b, { unorderedMap: false })
  return c === 0 || c === WILD
}

/**
 * Evaluates comparison `code` (EQ..LE) on two known values of the same static
 * type. Lists and maps compare in msgpack order, and a comparison that meets a
 * map without key order is unknown, as on the server.
 */
export function compareValues(code: number, a: RtValue, b: RtValue): boolean | typeof UNKNOWN {
  if (a === null && b === null) return code === ExpOp.EQ || code === ExpOp.GE || code === ExpOp.LE
  if (typeof a === 'boolean' && typeof b === 'boolean')
    return comparisonHolds(code, sign(Number(a) - Number(b)))
  if (typeof a === 'bigint' && typeof b === 'bigint') return comparisonHolds(code, a < b ? -1 : a > b ? 1 : 0)
  if (typeof a === 'number' && typeof b === 'number') return floatHolds(code, a, b)
  if (a instanceof SBytes && b instanceof SBytes && a.ptype === b.ptype)
    return comparisonHolds(code, Buffer.compare(a.bytes, b.bytes))
  const x = toSValue(a)
  const y = toSValue(b)
  if (x === undefined || y === undefined) return UNKNOWN
  const st: WalkState = { unorderedMap: false }
  const c = walk(x, y, st)
  if (st.unorderedMap) return UNKNOWN
  return comparisonHolds(code, c === WILD ? 0 : c)
}
