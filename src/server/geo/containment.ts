/** Whether a point lies in a GeoJSON region on the sphere: polygons with geodesic edges (holes excluded) and AeroCircles by great-circle distance. */
import type { GeoShape, Loop } from './geojson.js'

/** Earth radius the server turns circle radii into angles with (geo2dsphere-within.earth-radius-meters). */
const EARTH_RADIUS_METERS = 6_371_000

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

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2])
  return [v[0] / n, v[1] / n, v[2] / n]
}

/** Whether `x` lies on the (shorter) arc from `a` to `b`, whose plane has normal `n`. */
function onArc(x: Vec3, a: Vec3, b: Vec3, n: Vec3): boolean {
  return dot(cross(a, x), n) >= 0 && dot(cross(x, b), n) >= 0
}

/** Whether the arcs a-b and c-d cross: their great circles meet at ±x; one of those must lie on both arcs. */
function arcsCross(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const n1 = cross(a, b)
  const n2 = cross(c, d)
  const x = cross(n1, n2)
  if (Math.hypot(x[0], x[1], x[2]) < 1e-15) return false
  const minusX: Vec3 = [-x[0], -x[1], -x[2]]
  return (onArc(x, a, b, n1) && onArc(x, c, d, n2)) || (onArc(minusX, a, b, n1) && onArc(minusX, c, d, n2))
}

/**
 * Whether `p` is inside `loop`, whose edges are great-circle arcs and whose
 * inside is the smaller of the two areas it bounds (as the server
 * normalizes loops): the arc from a point surely outside (opposite the
 * loop's centroid) to `p` crosses the loop an odd number of times.
 */
function inLoop(loop: Loop, p: Vec3): boolean {
  const vs = loop.map(([lng, lat]) => toVector(lng, lat))
  const sum = vs.reduce<Vec3>((acc, v) => [acc[0] + v[0], acc[1] + v[1], acc[2] + v[2]], [0, 0, 0])
  let outside = normalize([-sum[0], -sum[1], -sum[2]])
  // The arc to p is undefined when p is exactly opposite: lean the outside point a little.
  if (dot(outside, p) < -1 + 1e-9)
    outside = normalize([outside[0] + 1e-3, outside[1] - 2e-3, outside[2] + 3e-3])
  let crossings = 0
  for (let i = 0; i < vs.length; i++) if (arcsCross(outside, p, vs[i]!, vs[(i + 1) % vs.length]!)) crossings++
  return crossings % 2 === 1
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
