/**
 * The server's HLL estimators: cardinality (Ertl 2017, "New cardinality
 * estimation algorithms for HyperLogLog sketches", algorithm 6), union,
 * intersection and similarity (HyperMinHash, Yu & Weber 2017, when every
 * sketch has the same min-hash bits; inclusion-exclusion otherwise).
 * Counts are unsigned 64-bit, as the server computes them.
 */
import { HLL_BITS, HllSketch, unionOf, unionTemplate } from './sketch.js'

/** Largest HLL value a register can count (2^HLL_BITS). */
const MAX_VALUE = 2 ** HLL_BITS
const UINT64_MAX = (1n << 64n) - 1n
/** What x86's llround gives for a value outside the int64 range. */
const OUT_OF_RANGE = 1n << 63n

function tau(x: number): number {
  if (x === 0 || x === 1) return 0
  let y = 1
  let z = 1 - x
  let previous: number
  do {
    x = Math.sqrt(x)
    previous = z
    y *= 0.5
    const d = 1 - x
    z -= d * d * y
  } while (previous !== z)
  return z / 3
}

function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY
  let y = 1
  let z = x
  let previous: number
  do {
    x *= x
    previous = z
    z += x * y
    y += y
  } while (previous !== z)
  return z
}

function alpha(indexBits: number): number {
  if (indexBits === 4) return 0.673
  if (indexBits === 5) return 0.697
  if (indexBits === 6) return 0.709
  return 0.7213 / (1.0 + 1.079 / 2 ** indexBits)
}

/** Rounds half away from zero to an unsigned 64-bit count (llround, then read as uint64). */
function roundCount(x: number): bigint {
  const r = Math.sign(x) * Math.round(Math.abs(x))
  if (!Number.isFinite(r) || r >= 2 ** 63 || r < -(2 ** 63)) return OUT_OF_RANGE
  return BigInt.asUintN(64, BigInt(r))
}

/** Estimated number of distinct elements added (the cache when it is set). */
export function cardinality(s: HllSketch): bigint {
  if (s.cache !== 0n) return s.cache
  const m = s.registers
  const counts = new Array<number>(MAX_VALUE + 1).fill(0)
  for (let r = 0; r < m; r++) counts[s.hll[r]!]!++
  let z = m * tau(counts[MAX_VALUE]! / m)
  for (let k = MAX_VALUE; k > 0; k--) z = 0.5 * (z + counts[k]!)
  z += m * sigma(counts[0]! / m)
  return roundCount((alpha(s.indexBits) * m * m) / z)
}

/** Estimated size of the union of the sketches. */
export function unionCardinality(sketches: readonly HllSketch[]): bigint {
  return cardinality(unionOf(sketches))
}

/** Inclusion-exclusion intersection of 2 or 3 sketches without (common) min-hash bits. */
function hllIntersectCardinality(sketches: readonly HllSketch[]): bigint {
  const union = unionCardinality(sketches)
  let sum = 0n
  for (const s of sketches) {
    const c = cardinality(s)
    if (sum + c > UINT64_MAX) {
      sum = UINT64_MAX
      break
    }
    sum += c
  }
  if (sketches.length === 2) return sum > union ? sum - union : 0n
  const [a, b, c] = sketches as readonly [HllSketch, HllSketch, HllSketch]
  const pairs = intersectCardinality([a, b]) + intersectCardinality([b, c]) + intersectCardinality([a, c])
  const result =
    BigInt.asIntN(64, union) - BigInt.asIntN(64, BigInt.asIntN(64, sum) - BigInt.asIntN(64, pairs))
  const wrapped = BigInt.asIntN(64, result)
  return wrapped < 0n ? 0n : wrapped
}

/** Expected register collisions of two sets of these sizes (HyperMinHash's correction for 2 sketches). */
function expectedCollisions(indexBits: number, minhashBits: number, size0: bigint, size1: bigint): number {
  const m = 2 ** indexBits
  const c0 = Number(size0)
  const c1 = Number(size1)
  let collisions = 0
  for (let i = 1; i <= MAX_VALUE; i++) {
    let b1 = i !== MAX_VALUE ? 2 ** -i : 0
    let b2 = 2 ** (-i + 1)
    b1 /= m
    b2 /= m
    const px = (1 - b1) ** c0 - (1 - b2) ** c0
    const py = (1 - b1) ** c1 - (1 - b2) ** c1
    collisions += px * py
  }
  return (collisions * m) / 2 ** minhashBits
}

/** Estimated Jaccard similarity of the sketches (NaN when every sketch is empty). */
export function similarity(sketches: readonly HllSketch[]): number {
  const t = unionTemplate(sketches)
  if (t.minhashBits === 0)
    return Number(hllIntersectCardinality(sketches)) / Number(unionCardinality(sketches))
  let someData = false
  let someEmpty = false
  for (const s of sketches) {
    if (s.hasData()) someData = true
    else someEmpty = true
  }
  if (someEmpty) return someData ? 0 : Number.NaN
  const unionCount = unionOf(sketches).usedRegisters()
  const agg = HllSketch.empty(t.indexBits, t.minhashBits)
  agg.union(sketches[0]!)
  for (const s of sketches.slice(1)) agg.intersect(s)
  const intersectCount = agg.usedRegisters()
  const collisions =
    sketches.length === 2
      ? expectedCollisions(t.indexBits, t.minhashBits, cardinality(sketches[0]!), cardinality(sketches[1]!))
      : 0
  const result = (intersectCount - collisions) / unionCount
  return Math.max(result, 0)
}

/** Estimated size of the intersection of the sketches. */
export function intersectCardinality(sketches: readonly HllSketch[]): bigint {
  if (unionTemplate(sketches).minhashBits === 0) return hllIntersectCardinality(sketches)
  const j = similarity(sketches)
  if (Number.isNaN(j)) return 0n
  return roundCount(Number(unionCardinality(sketches)) * j)
}
