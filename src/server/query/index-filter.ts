/** A query's secondary-index filter: INDEX_RANGE/INDEX_TYPE/INDEX_CONTEXT as the server reads them, and whether a record matches it. */
import { FieldType } from '../../protocol/message.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { isValidBinName } from '../commands/write-policy.js'
import { regionContains } from '../geo/containment.js'
import { type GeoShape, parseGeoJSON } from '../geo/geojson.js'
import type { Request } from '../msg/request.js'
import { contextProblem, IndexType } from '../sindex/definition.js'
import { type IndexedValue, indexedValues } from '../sindex/index-values.js'
import { hashBval } from '../sindex/wyhash.js'
import type { StoredRecord } from '../storage/record.js'

/** Longest string or blob an equality filter may carry (bytes, exclusive). */
const MAX_KEY_SIZE = 2048
/** Longest GeoJSON a filter may carry (bytes, exclusive). */
const MAX_GEOJSON_SIZE = 1024 * 1024
const MAX_U64 = (1n << 64n) - 1n

/** What a filter selects: index keys in [from, to] whose values then pass `matches`. */
export interface IndexFilter {
  /** Bin the filter names ('' when the request names the index instead). */
  readonly bin: string
  readonly keyType: number
  readonly indexType: number
  readonly context: Buffer | undefined
  /** The expression of an expression index (INDEX_EXPRESSION), when the request names one. */
  readonly expression: Buffer | undefined
  /** Lowest and highest index key to visit (inclusive). */
  readonly from: bigint
  readonly to: bigint
  /** A record matching through several values is sent once (collection indexes). */
  readonly dedupe: boolean
  /** Whether one value of the record satisfies the filter. */
  readonly matches: (v: IndexedValue) => boolean
}

function integerFilter(data: Buffer, p: number): Pick<IndexFilter, 'from' | 'to' | 'matches'> | undefined {
  if (data.length - p < 24 || data.readUInt32BE(p) !== 8 || data.readUInt32BE(p + 12) !== 8) return undefined
  const from = data.readBigInt64BE(p + 4)
  const to = data.readBigInt64BE(p + 16)
  if (from > to) return undefined
  return { from, to, matches: (v) => typeof v === 'bigint' && v >= from && v <= to }
}

function bytesFilter(data: Buffer, p: number): Pick<IndexFilter, 'from' | 'to' | 'matches'> | undefined {
  if (data.length - p < 4) return undefined
  const len = data.readUInt32BE(p)
  if (len >= MAX_KEY_SIZE || data.length - p - 4 < len) return undefined
  // Clients repeat the value as the range's end; the server reads the start only.
  const value = Buffer.from(data.subarray(p + 4, p + 4 + len))
  const key = hashBval(value)
  return { from: key, to: key, matches: (v) => Buffer.isBuffer(v) && v.equals(value) }
}

function geoFilter(data: Buffer, p: number): Pick<IndexFilter, 'from' | 'to' | 'matches'> | undefined {
  if (data.length - p < 4) return undefined
  const len = data.readUInt32BE(p)
  if (len === 0 || len >= MAX_GEOJSON_SIZE || data.length - p - 4 < len) return undefined
  const shape = parseGeoJSON(data.toString('utf8', p + 4, p + 4 + len))
  if (shape === undefined) return undefined
  const isShape = (v: IndexedValue): v is GeoShape => typeof v !== 'bigint' && !Buffer.isBuffer(v)
  // A point asks for the regions containing it; a region for the points inside it.
  const matches =
    shape.kind === 'point'
      ? (v: IndexedValue) => isShape(v) && v.kind !== 'point' && regionContains(v, shape.lng, shape.lat)
      : (v: IndexedValue) => isShape(v) && v.kind === 'point' && regionContains(shape, v.lng, v.lat)
  return { from: 0n, to: MAX_U64, matches }
}

const RANGE_READERS: Readonly<
  Record<number, (data: Buffer, p: number) => Pick<IndexFilter, 'from' | 'to' | 'matches'> | undefined>
> = {
  [ParticleType.INTEGER]: integerFilter,
  [ParticleType.STRING]: bytesFilter,
  [ParticleType.BLOB]: bytesFilter,
  [ParticleType.GEOJSON]: geoFilter,
}

/**
 * Reads the filter of a request that has INDEX_RANGE: one range, a bin name
 * (or none when INDEX_NAME names the index), the value type and its bounds,
 * then INDEX_TYPE and INDEX_CONTEXT. Undefined when the server would refuse
 * it (PARAMETER).
 */
export function readIndexFilter(req: Request): IndexFilter | undefined {
  const data = req.fields[FieldType.INDEX_RANGE]!
  if (data.length < 2 || data[0] !== 1) return undefined
  const binLength = data[1]!
  const named = req.fields[FieldType.INDEX_NAME] !== undefined
  const byExpression = req.fields[FieldType.INDEX_EXPRESSION] !== undefined
  if (binLength === 0 ? !named && !byExpression : named || byExpression) return undefined
  if (2 + binLength + 1 > data.length) return undefined
  const bin = data.toString('latin1', 2, 2 + binLength)
  if (!isValidBinName(bin)) return undefined
  const keyType = data[2 + binLength]!
  const reader = RANGE_READERS[keyType]
  const range = reader?.(data, 3 + binLength)
  if (range === undefined) return undefined
  const typeField = req.fields[FieldType.INDEX_TYPE]
  if (typeField !== undefined && typeField.length === 0) return undefined
  const indexType = typeField === undefined ? IndexType.DEFAULT : typeField[0]!
  let context: Buffer | undefined
  const ctxField = req.fields[FieldType.INDEX_CONTEXT]
  if (ctxField !== undefined) {
    if (named || byExpression) return undefined
    if (contextProblem(ctxField) !== undefined) return undefined
    context = Buffer.from(ctxField)
  }
  const isRange =
    keyType === ParticleType.GEOJSON || (keyType === ParticleType.INTEGER && range.from !== range.to)
  return {
    bin,
    keyType,
    indexType,
    context,
    expression: byExpression ? req.fields[FieldType.INDEX_EXPRESSION] : undefined,
    from: range.from,
    to: range.to,
    dedupe: isRange && indexType !== IndexType.DEFAULT,
    matches: range.matches,
  }
}

/** Whether `r` holds, where the index looks, a value the filter selects (the server re-checks every candidate). */
export function recordMatches(
  filter: IndexFilter,
  source: { bin: string; indexType: number; context: Buffer | undefined },
  r: StoredRecord,
): boolean {
  const values = indexedValues(
    { bin: source.bin, keyType: filter.keyType, indexType: source.indexType, context: source.context },
    r.bins,
  )
  return values.some(filter.matches)
}
