/**
 * GeoJSON for expressions: the server's shared parser (src/server/geo/geojson.ts)
 * and its geodesic containment test (src/server/geo/containment.ts), so that
 * expressions and secondary-index queries agree on what lies in a region.
 */
import { regionContains } from '../geo/containment.js'
import { type GeoShape, parseGeoJSON } from '../geo/geojson.js'

export type { GeoShape }

/** Parses GeoJSON text as the server accepts it (Point, Polygon, MultiPolygon, AeroCircle, or a Feature of one). */
export function parseGeoJson(json: Buffer): GeoShape | undefined {
  return parseGeoJSON(json.toString('utf8'))
}

/**
 * The server's geo comparison: a point candidate matches a region query it
 * lies in; a region candidate matches a point query it contains; anything else is false.
 */
export function geoMatches(candidate: GeoShape, query: GeoShape): boolean {
  if (query.kind === 'point')
    return candidate.kind !== 'point' && regionContains(candidate, query.lng, query.lat)
  return candidate.kind === 'point' && regionContains(query, candidate.lng, candidate.lat)
}
