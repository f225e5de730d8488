/** HLL read ops (op type 15): count, union, union/intersect counts, similarity, describe and mayContain on an HLL bin. */
import { HllWireCode } from '../../protocol/hll-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { type Particle, sValueToParticle } from '../particle.js'
import { SList } from '../value.js'
import { cardinality, intersectCardinality, similarity, unionCardinality } from './estimate.js'
import { binSketch } from './hll-bin.js'
import { hllNotApplicable } from './hll-error.js'
import { type HllOp, parseHllOp } from './hll-op.js'
import { type HllSketch, unionOf } from './sketch.js'

/** Computes a read op's answer from the bin's sketch. */
type Reader = (op: HllOp, from: HllSketch) => Particle

/** The op's HLLs followed by the bin's. */
function withBin(op: HllOp, from: HllSketch): HllSketch[] {
  return [...op.sketches, from]
}

/** More than 2 HLLs can only be intersected with a bin of the same non-zero min-hash bits. */
function intersectable(op: HllOp, from: HllSketch): HllSketch[] {
  if (op.sketches.length > 2 && (from.minhashBits === 0 || from.minhashBits !== op.sketches[0]!.minhashBits))
    throw hllNotApplicable(`${op.name}: more than 2 HLLs need the bin's min-hash bits`)
  return withBin(op, from)
}

const C = HllWireCode

/** Read op code -> its answer. */
const READERS: ReadonlyMap<number, Reader> = new Map<number, Reader>([
  [C.COUNT, (_op, from) => sValueToParticle(cardinality(from))],
  [C.GET_UNION, (op, from) => ({ type: ParticleType.HLL, data: unionOf(withBin(op, from)).encode() })],
  [C.UNION_COUNT, (op, from) => sValueToParticle(unionCardinality(withBin(op, from)))],
  [C.INTERSECT_COUNT, (op, from) => sValueToParticle(intersectCardinality(intersectable(op, from)))],
  [C.SIMILARITY, (op, from) => sValueToParticle(similarity(intersectable(op, from)))],
  [
    C.DESCRIBE,
    (_op, from) => sValueToParticle(new SList([BigInt(from.indexBits), BigInt(from.minhashBits)])),
  ],
  [C.MAY_CONTAIN, (op, from) => sValueToParticle(op.elements.every((e) => from.mayContain(e)) ? 1n : 0n)],
])

/**
 * Applies an HLL read op (the msgpack `payload` of op type 15) to an
 * existing bin and returns its answer. Throws HllError: BIN_TYPE (12) for
 * a bin that is not an HLL, PARAMETER (4) for a malformed op,
 * OP_NOT_APPLICABLE (26) for an intersection the bit counts do not allow.
 */
export function hllRead(bin: Particle, payload: Buffer): Particle {
  const from = binSketch(bin)
  const op = parseHllOp(payload, false)
  return READERS.get(op.code)!(op, from)
}
