/** GeoJSON values: parsing and validation as the server does them, and the stored form (flags, S2 cells, JSON text). */
import { s2CellIdFromLatLng } from './s2-cell.js'

/** Stored-form flag: the value is a region (Polygon, MultiPolygon, AeroCircle), not a point. */
const GEOJSON_IS_REGION = 0x1

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** A position: longitude and latitude in degrees. */
export type LngLat = readonly [lng: number, lat: number]

/** A closed loop of positions, the repeated closing position dropped. */
export type Loop = readonly LngLat[]

/**
 * A parsed GeoJSON value: a point, polygons (each an outer loop followed by
 * its holes; a Polygon is one, a MultiPolygon several), or an AeroCircle
 * (center and radius in meters).
 */
export type GeoShape =
  | { readonly kind: 'point'; readonly lng: number; readonly lat: number }
  | { readonly kind: 'polygons'; readonly polygons: readonly (readonly Loop[])[] }
  | { readonly kind: 'circle'; readonly lng: number; readonly lat: number; readonly radius: number }

class GeoError extends Error {}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function coordinates(v: Json | undefined): Json[] {
  if (v === undefined) throw new GeoError('missing coordinates')
  if (!Array.isArray(v)) throw new GeoError('coordinates are not array')
  return v
}

/** [lng, lat] in degrees, checked as S2 checks a latitude/longitude. */
function point(v: Json | undefined): [number, number] {
  const c = coordinates(v)
  if (c.length !== 2) throw new GeoError(`expected 2 coordinates, saw ${c.length}`)
  const [lng, lat] = c
  if (typeof lng !== 'number') throw new GeoError('longitude not numeric value')
  if (typeof lat !== 'number') throw new GeoError('latitude not numeric value')
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new GeoError('invalid latitude-longitude')
  return [lng, lat]
}

/** A polygon body: loops of at least 4 points (after dropping repeats), each closed. */
function polygon(v: Json | undefined): Loop[] {
  if (v === undefined) throw new GeoError('missing polygon body')
  if (!Array.isArray(v)) throw new GeoError('polygon body is not array')
  return v.map((loop) => {
    if (loop === undefined || loop === null) throw new GeoError('missing vertices')
    if (!Array.isArray(loop)) throw new GeoError('vertices are not array')
    const pts = loop.map((p) => point(p))
    const kept = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1]![0] || p[1] !== pts[i - 1]![1])
    if (kept.length < 4) throw new GeoError('loop contains less than 4 points')
    const first = kept[0]!
    const last = kept[kept.length - 1]!
    if (first[0] !== last[0] || first[1] !== last[1]) throw new GeoError('loop not closed')
    return kept.slice(0, -1)
  })
}

function geometry(type: Json | undefined, coords: Json | undefined): GeoShape {
  if (type === undefined) throw new GeoError('missing geometry type')
  if (typeof type !== 'string') throw new GeoError('geometry type is not string')
  switch (type) {
    case 'Point': {
      const [lng, lat] = point(coords)
      return { kind: 'point', lng, lat }
    }
    case 'Polygon':
      return { kind: 'polygons', polygons: [polygon(coordinates(coords))] }
    case 'MultiPolygon':
      return { kind: 'polygons', polygons: coordinates(coords).map((p) => polygon(p)) }
    case 'AeroCircle': {
      const c = coordinates(coords)
      if (c.length !== 2) throw new GeoError('malformed circle coordinate array')
      const [lng, lat] = point(c[0])
      if (typeof c[1] !== 'number') throw new GeoError('radius not numeric value')
      return { kind: 'circle', lng, lat, radius: c[1] }
    }
  }
  throw new GeoError(`unknown geometry type: ${type}`)
}

function parseGeometry(text: string): GeoShape {
  let doc: Json
  try {
    doc = JSON.parse(text) as Json
  } catch {
    throw new GeoError('failed to parse geojson')
  }
  if (!isObject(doc)) throw new GeoError('top level geojson element not object')
  const type = doc.type
  if (type === undefined) throw new GeoError('missing top-level type in geojson element')
  if (type === 'Feature') {
    const g = doc.geometry
    if (g === undefined) throw new GeoError('missing geometry element')
    if (!isObject(g)) throw new GeoError('geometry is not object')
    return geometry(g.type, g.coordinates)
  }
  return geometry(type, doc.coordinates)
}

/** Parses GeoJSON text as the server does (a geometry or a Feature); undefined for text it rejects. */
export function parseGeoJSON(text: string): GeoShape | undefined {
  try {
    return parseGeometry(text)
  } catch (err) {
    if (err instanceof GeoError) return undefined
    throw err
  }
}

/**
 * Converts a GeoJSON particle value from the wire (flags, cell count, cells,
 * JSON) into its stored form: incoming cells are ignored, a point gets its S2
 * leaf cell, a region gets the region flag and no cells (this server does not
 * compute region coverings). Returns undefined for text the server rejects
 * (which it answers with 160).
 */
export function geojsonFromWire(value: Buffer): Buffer | undefined {
  if (value.length < 3) return undefined
  const textStart = 3 + value.readUInt16BE(1) * 8
  if (textStart > value.length) return undefined
  const json = value.subarray(textStart)
  const g = parseGeoJSON(json.toString('utf8'))
  if (g === undefined) return undefined
  const nCells = g.kind === 'point' ? 1 : 0
  const out = Buffer.allocUnsafe(3 + nCells * 8 + json.length)
  out[0] = g.kind === 'point' ? 0 : GEOJSON_IS_REGION
  out.writeUInt16BE(nCells, 1)
  if (g.kind === 'point') out.writeBigUInt64BE(s2CellIdFromLatLng(g.lat, g.lng), 3)
  json.copy(out, 3 + nCells * 8)
  return out
}
