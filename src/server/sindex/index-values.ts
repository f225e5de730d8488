/** The values an index takes from a record (bin value, list elements, map keys or values, optionally under a context) and their index keys. */
import { ParticleType } from '../../protocol/particle-type.js'
import { shapeAnchor } from '../geo/containment.js'
import { type GeoShape, parseGeoJSON } from '../geo/geojson.js'
import { s2CellIdFromLatLng } from '../geo/s2-cell.js'
import { type Particle, particleToSValue } from '../particle.js'
import type { Bin } from '../storage/record.js'
import { findBin } from '../storage/record.js'
import { SBytes, SList, SMap, type SValue } from '../value.js'
import { contextPairs, resolveContext } from './context.js'
import { IndexType } from './definition.js'
import { hashBval } from './wyhash.js'

/** A value an index holds: an integer, string or blob bytes, or a GeoJSON shape. */
export type IndexedValue = bigint | Buffer | GeoShape

/** What an index needs to know to pick values out of a record. */
export interface ValueSource {
  readonly bin: string
  readonly keyType: number
  readonly indexType: number
  readonly context: Buffer | undefined
}

/** A simple (non-collection) value of the index's key type, from a particle. */
function fromParticle(keyType: number, p: Particle): IndexedValue | undefined {
  if (p.type !== keyType) return undefined
  switch (keyType) {
    case ParticleType.INTEGER:
      return p.data.readBigInt64BE(0)
    case ParticleType.STRING:
    case ParticleType.BLOB:
      return p.data
    case ParticleType.GEOJSON: {
      const start = 3 + p.data.readUInt16BE(1) * 8
      return parseGeoJSON(p.data.toString('utf8', start))
    }
  }
  return undefined
}

/** A simple value of the index's key type, from a value inside a list or map. */
function fromSValue(keyType: number, v: SValue): IndexedValue | undefined {
  if (keyType === ParticleType.INTEGER) return typeof v === 'bigint' ? v : undefined
  if (!(v instanceof SBytes) || v.ptype !== keyType) return undefined
  return keyType === ParticleType.GEOJSON ? parseGeoJSON(v.text()) : v.bytes
}

/** The elements a collection index looks at: list items, map keys or map values. */
function elements(indexType: number, v: SValue): readonly SValue[] {
  if (indexType === IndexType.LIST) return v instanceof SList ? v.items : []
  if (indexType === IndexType.MAPKEYS) return v instanceof SMap ? v.keys : []
  if (indexType === IndexType.MAPVALUES) return v instanceof SMap ? v.values : []
  return []
}

/** Every value of the record the index covers (duplicates included). */
export function indexedValues(src: ValueSource, bins: readonly Bin[]): IndexedValue[] {
  const i = findBin(bins, src.bin)
  if (i < 0) return []
  const p = bins[i]!.value
  const out: IndexedValue[] = []
  const add = (v: IndexedValue | undefined): void => {
    if (v !== undefined) out.push(v)
  }
  if (src.context === undefined && src.indexType === IndexType.DEFAULT) {
    add(fromParticle(src.keyType, p))
    return out
  }
  if (p.type !== ParticleType.LIST && p.type !== ParticleType.MAP) return out
  let v: SValue | undefined
  try {
    v = particleToSValue(p)
    if (src.context !== undefined) v = resolveContext(v, contextPairs(src.context))
  } catch {
    return out
  }
  if (v === undefined) return out
  if (src.indexType === IndexType.DEFAULT) add(fromSValue(src.keyType, v))
  else for (const e of elements(src.indexType, v)) add(fromSValue(src.keyType, e))
  return out
}

/**
 * The index key of a value, in the index's order: integers as themselves,
 * strings and blobs by their hash, shapes by the S2 cell of their anchor
 * (cells order as unsigned numbers).
 */
export function indexKey(v: IndexedValue): bigint {
  if (typeof v === 'bigint') return v
  if (Buffer.isBuffer(v)) return hashBval(v)
  const [lng, lat] = shapeAnchor(v)
  return s2CellIdFromLatLng(lat, lng)
}
