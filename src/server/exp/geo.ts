/** GeoJSON for expressions: parse points and regions (Polygon, MultiPolygon, AeroCircle) and test containment. */

/** Mean Earth radius the server uses to turn an AeroCircle radius into an angle. */
const EARTH_RADIUS_M = 6_371_000

/** A parsed GeoJSON value: a point, or a region that can contain points. */
export type GeoShape =
  | { readonly kind: 'point'; readonly lng: number; readonly lat: number }
  | { readonly kind: 'region'; contains(lng: number, lat: number): boolean }

type Ring = ReadonlyArray<readonly [number, number]>

class Invalid extends Error {}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function point(v: unknown): [number, number] {
  if (!Array.isArray(v) || !isNumber(v[0]) || !isNumber(v[1])) throw new Invalid('bad position')
  const [lng, lat] = v as [number, number]
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new Invalid('invalid latitude-longitude')
  return [lng, lat]
}

function ring(v: unknown): Ring {
  if (!Array.isArray(v)) throw new Invalid('vertices are not an array')
  const pts: Array<[number, number]> = []
  for (const p of v) {
    const q = point(p)
    const last = pts[pts.length - 1]
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q)
  }
  if (pts.length < 4) throw new Invalid('loop has fewer than 4 points')
  const first = pts[0]!
  const last = pts[pts.length - 1]!
  if (first[0] !== last[0] || first[1] !== last[1]) throw new Invalid('loop not closed')
  return pts.slice(0, -1)
}

function polygon(v: unknown): Ring[] {
  if (!Array.isArray(v)) throw new Invalid('polygon body is not an array')
  return v.map(ring)
}

/** Even-odd ray casting in longitude/latitude: inside when a ray to the east crosses the rings an odd number of times. */
function inRings(rings: readonly Ring[], lng: number, lat: number): boolean {
  let inside = false
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i]!
      const [xj, yj] = r[j]!
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

function unitVector(lng: number, lat: number): [number, number, number] {
  const phi = (lat * Math.PI) / 180
  const theta = (lng * Math.PI) / 180
  return [Math.cos(phi) * Math.cos(theta), Math.cos(phi) * Math.sin(theta), Math.sin(phi)]
}

function angleBetween(a: [number, number, number], b: [number, number, number]): number {
  const cross = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
  return Math.atan2(Math.hypot(cross[0]!, cross[1]!, cross[2]!), dot)
}

function geometry(o: unknown, allowFeature: boolean): GeoShape {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Invalid('not an object')
  const {
    type,
    coordinates,
    geometry: inner,
  } = o as { type?: unknown; coordinates?: unknown; geometry?: unknown }
  switch (type) {
    case 'Feature':
      if (!allowFeature) break
      return geometry(inner, false)
    case 'Point': {
      const [lng, lat] = point(coordinates)
      return { kind: 'point', lng, lat }
    }
    case 'Polygon': {
      const rings = polygon(coordinates)
      return { kind: 'region', contains: (lng, lat) => inRings(rings, lng, lat) }
    }
    case 'MultiPolygon': {
      if (!Array.isArray(coordinates)) throw new Invalid('coordinates are not an array')
      const polygons = coordinates.map(polygon)
      return { kind: 'region', contains: (lng, lat) => polygons.some((p) => inRings(p, lng, lat)) }
    }
    case 'AeroCircle': {
      if (!Array.isArray(coordinates) || coordinates.length !== 2) throw new Invalid('malformed circle')
      const center = point(coordinates[0])
      const radius = coordinates[1]
      if (!isNumber(radius)) throw new Invalid('radius not numeric')
      const c = unitVector(center[0], center[1])
      const angle = radius / EARTH_RADIUS_M
      return { kind: 'region', contains: (lng, lat) => angleBetween(c, unitVector(lng, lat)) <= angle }
    }
  }
  throw new Invalid(`unknown geometry type ${String(type)}`)
}

/** Parses GeoJSON text as the server accepts it (Point, Polygon, MultiPolygon, AeroCircle, or a Feature of one). */
export function parseGeoJson(json: Buffer): GeoShape | undefined {
  try {
    return geometry(JSON.parse(json.toString('utf8')), true)
  } catch (e) {
    if (e instanceof Invalid || e instanceof SyntaxError) return undefined
    throw e
  }
}

/**
 * The server's geo comparison: a point candidate matches a region query it
 * lies in; a region candidate matches a point query it contains; anything else is false.
 */
export function geoMatches(candidate: GeoShape, query: GeoShape): boolean {
  if (query.kind === 'point') return candidate.kind === 'region' && candidate.contains(query.lng, query.lat)
  return candidate.kind === 'point' && query.contains(candidate.lng, candidate.lat)
}
