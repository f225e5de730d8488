/** The S2 geometry leaf cell id (level 30) of a latitude/longitude, as the server stores for a GeoJSON point. */

/** Bits of i or j handled per lookup-table step. */
const LOOKUP_BITS = 4
/** Cells per face side at the leaf level (2^30). */
const MAX_SIZE = 1 << 30
const SWAP = 1
const INVERT = 2

/** Sub-cell (i, j) bits for each Hilbert position, per orientation. */
const POS_TO_IJ = [
  [0, 1, 3, 2],
  [0, 2, 3, 1],
  [3, 2, 0, 1],
  [3, 1, 0, 2],
]
/** Orientation change when descending into each Hilbert position. */
const POS_TO_ORIENTATION = [SWAP, 0, 0, INVERT | SWAP]

/** (i, j, orientation) of a 4-bit block -> (Hilbert position, new orientation). */
const LOOKUP_POS = buildLookup()

function buildLookup(): Uint16Array {
  const table = new Uint16Array(1 << (2 * LOOKUP_BITS + 2))
  const fill = (
    level: number,
    i: number,
    j: number,
    origOrientation: number,
    pos: number,
    orientation: number,
  ): void => {
    if (level === LOOKUP_BITS) {
      const ij = (i << LOOKUP_BITS) + j
      table[(ij << 2) + origOrientation] = (pos << 2) + orientation
      return
    }
    const r = POS_TO_IJ[orientation]!
    for (let index = 0; index < 4; index++) {
      fill(
        level + 1,
        (i << 1) + (r[index]! >> 1),
        (j << 1) + (r[index]! & 1),
        origOrientation,
        (pos << 2) + index,
        orientation ^ POS_TO_ORIENTATION[index]!,
      )
    }
  }
  for (let o = 0; o < 4; o++) fill(0, 0, 0, o, 0, o)
  return table
}

/** The quadratic projection S2 uses from face coordinate u to s in [0, 1]. */
function uvToSt(u: number): number {
  return u >= 0 ? 0.5 * Math.sqrt(1 + 3 * u) : 1 - 0.5 * Math.sqrt(1 - 3 * u)
}

function stToIj(s: number): number {
  return Math.max(0, Math.min(MAX_SIZE - 1, Math.floor(MAX_SIZE * s)))
}

/** Face (0..5) and face coordinates (u, v) of a unit vector. */
function faceUv(x: number, y: number, z: number): [number, number, number] {
  const ax = Math.abs(x)
  const ay = Math.abs(y)
  const az = Math.abs(z)
  let face = ax > ay ? (ax > az ? 0 : 2) : ay > az ? 1 : 2
  const major = face === 0 ? x : face === 1 ? y : z
  if (major < 0) face += 3
  switch (face) {
    case 0:
      return [0, y / x, z / x]
    case 1:
      return [1, -x / y, z / y]
    case 2:
      return [2, -x / z, -y / z]
    case 3:
      return [3, z / x, y / x]
    case 4:
      return [4, z / y, -x / y]
    default:
      return [5, -y / z, -x / z]
  }
}

/** The leaf cell id of a point given in degrees, as an unsigned 64-bit bigint. */
export function s2CellIdFromLatLng(latDegrees: number, lngDegrees: number): bigint {
  const lat = (latDegrees * Math.PI) / 180
  const lng = (lngDegrees * Math.PI) / 180
  const cosLat = Math.cos(lat)
  const [face, u, v] = faceUv(cosLat * Math.cos(lng), cosLat * Math.sin(lng), Math.sin(lat))
  const i = stToIj(uvToSt(u))
  const j = stToIj(uvToSt(v))
  // Walk i and j 4 bits at a time from the top, following the Hilbert curve.
  let bits = face & SWAP
  let pos = 0n
  const mask = (1 << LOOKUP_BITS) - 1
  for (let k = 7; k >= 0; k--) {
    bits += ((i >> (k * LOOKUP_BITS)) & mask) << (LOOKUP_BITS + 2)
    bits += ((j >> (k * LOOKUP_BITS)) & mask) << 2
    bits = LOOKUP_POS[bits]!
    pos = (pos << 8n) | BigInt(bits >> 2)
    bits &= SWAP | INVERT
  }
  return (((BigInt(face) << 60n) | pos) << 1n) | 1n
}
