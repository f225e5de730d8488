/** Whether a point lies in a GeoJSON region on the sphere: polygons with geodesic edges (holes excluded) and AeroCircles by great-circle distance. */
import type { GeoShape, Loop } from './geojson.js'

/** Earth radius the server turns circle radii into angles with (geo2dsphere-within.earth-radius-meters). */
export const EARTH_RADIUS_METERS = 6_371_000

type Vec3 = readonly [number, number, number]

function toVector(lng: number, lat: number): Vec3 {
  const phi = (lat * Math.PI) / 180
  const lambda = (lng * Math.PI) / 180
  const c = Math.cos(phi)
  return [c * Math.cos(lambda), c * Math.sin(lambda), Math.sin(phi)]
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/**
 * Whether `p` is inside `loop`: the loop's edges are great-circle arcs and its
 * inside is the smaller of the two areas it bounds (as the server normalizes
 * loops). The signed angles the edges subtend at `p` add up to ±2π inside
 * and to 0 outside.
 */
function inLoop(loop: Loop, p: Vec3): boolean {
  let total = 0
  const n = loop.length
  let a = toVector(loop[n - 1]![0], loop[n - 1]![1])
  for (let i = 0; i < n; i++) {
    const b = toVector(loop[i]![0], loop[i]![1])
    const cross: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    total += Math.atan2(dot(p, cross), dot(a, b) - dot(p, a) * dot(p, b))
    a = b
  }
  return Math.abs(total) > Math.PI
}

/** Great-circle distance in meters between two positions (haversine). */
export function distanceMeters(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const toRad = Math.PI / 180
  const dLat = (lat2 - lat1) * toRad
  const dLng = (lng2 - lng1) * toRad
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Whether the position lies in `region` (a point contains nothing). */
export function regionContains(region: GeoShape, lng: number, lat: number): boolean {
  switch (region.kind) {
    case 'point':
      return false
    case 'circle':
      return distanceMeters(region.lng, region.lat, lng, lat) <= region.radius
    case 'polygons': {
      const p = toVector(lng, lat)
      return region.polygons.some(
        (loops) =>
          loops.length > 0 && inLoop(loops[0]!, p) && !loops.slice(1).some((hole) => inLoop(hole, p)),
      )
    }
  }
}

/** A position that stands for a shape in index order: the point, the circle's center, the first vertex. */
export function shapeAnchor(shape: GeoShape): readonly [number, number] {
  if (shape.kind === 'polygons') return shape.polygons[0]?.[0]?.[0] ?? [0, 0]
  return [shape.lng, shape.lat]
}
