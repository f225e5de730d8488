/** HLL modify ops (op type 16): init, add, setUnion, refreshCount and fold on an HLL bin. */
import { HllWireCode, HllWriteFlag } from '../../protocol/hll-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import { type Particle, sValueToParticle } from '../particle.js'
import { cardinality } from './estimate.js'
import { binSketch } from './hll-bin.js'
import { HllError, hllNotApplicable } from './hll-error.js'
import { type HllOp, parseHllOp, UNSET_BITS } from './hll-op.js'
import { HllSketch, unionOf, unionTemplate, validBitPair } from './sketch.js'

/** What a modify op produced: the op's answer (add, refreshCount) and the bin's new value. */
export interface HllModifyOutcome {
  /** The op's answer; absent for init, setUnion and fold. */
  readonly result?: Particle
  /** The bin's new HLL; absent when the bin is left as it is. */
  readonly updated?: Particle
}

/** The new sketch and, for add and refreshCount, the op's integer answer. */
interface Change {
  readonly sketch: HllSketch
  readonly answer?: bigint
}

/** Computes the bin's new sketch from the current one (undefined: the bin is missing). */
type Modifier = (op: HllOp, from: HllSketch | undefined) => Change

function binNotFound(op: HllOp): HllError {
  return new HllError(ResultCode.BIN_NOT_FOUND, `${op.name}: the bin does not exist`)
}

/** Bit counts for a new sketch: index bits are required, min-hash bits default to 0. */
function newBits(op: HllOp): readonly [number, number] {
  if (op.indexBits === UNSET_BITS)
    throw hllNotApplicable(`${op.name}: index bits are needed to create an HLL`)
  return [op.indexBits, op.minhashBits === UNSET_BITS ? 0 : op.minhashBits]
}

const init: Modifier = (op, from) => {
  if (from === undefined) return { sketch: HllSketch.empty(...newBits(op)) }
  const indexBits = op.indexBits === UNSET_BITS ? from.indexBits : op.indexBits
  const minhashBits = op.minhashBits === UNSET_BITS ? from.minhashBits : op.minhashBits
  if (!validBitPair(indexBits, minhashBits))
    throw hllNotApplicable(`${op.name}: index bits ${indexBits} with min-hash bits ${minhashBits}`)
  return { sketch: HllSketch.empty(indexBits, minhashBits) }
}

const add: Modifier = (op, from) => {
  const sketch = from === undefined ? HllSketch.empty(...newBits(op)) : from.clone()
  let added = 0n
  for (const e of op.elements) if (sketch.add(e)) added++
  return { sketch, answer: added }
}

const setUnion: Modifier = (op, from) => {
  if (from === undefined) return { sketch: unionOf(op.sketches) }
  if (!(op.flags & HllWriteFlag.ALLOW_FOLD)) {
    const t = unionTemplate(op.sketches)
    if (from.indexBits > t.indexBits)
      throw hllNotApplicable(`${op.name}: would reduce index bits without ALLOW_FOLD`)
    if (from.minhashBits !== 0 && from.minhashBits !== t.minhashBits)
      throw hllNotApplicable(`${op.name}: would drop min-hash bits without ALLOW_FOLD`)
  }
  return { sketch: unionOf([...op.sketches, from]) }
}

const refreshCount: Modifier = (op, from) => {
  if (from === undefined) throw binNotFound(op)
  const sketch = from.clone()
  sketch.cache = cardinality(sketch)
  return { sketch, answer: sketch.cache }
}

const fold: Modifier = (op, from) => {
  if (from === undefined) throw binNotFound(op)
  if (from.minhashBits > 0) throw hllNotApplicable(`${op.name}: cannot fold an HLL with min-hash bits`)
  if (from.indexBits < op.indexBits)
    throw hllNotApplicable(`${op.name}: the HLL has fewer than ${op.indexBits} index bits`)
  if (from.indexBits === op.indexBits) return { sketch: from.clone() }
  const sketch = HllSketch.empty(op.indexBits, 0)
  sketch.union(from)
  return { sketch }
}

const C = HllWireCode

/** Modify op code -> how it changes the sketch. */
const MODIFIERS: ReadonlyMap<number, Modifier> = new Map([
  [C.INIT, init],
  [C.ADD, add],
  [C.SET_UNION, setUnion],
  [C.REFRESH_COUNT, refreshCount],
  [C.FOLD, fold],
])

/**
 * Applies an HLL modify op (the msgpack `payload` of op type 16) to a bin
 * (`bin` undefined: missing). Throws HllError with the server's result
 * code: BIN_TYPE (12) for a bin that is not an HLL, PARAMETER (4) for a
 * malformed op, BIN_EXISTS (6) for CREATE_ONLY on an existing bin,
 * BIN_NOT_FOUND (17) for UPDATE_ONLY (or refreshCount, fold) on a missing
 * bin, OP_NOT_APPLICABLE (26) for bit counts the op cannot use.
 */
export function hllModify(bin: Particle | undefined, payload: Buffer): HllModifyOutcome {
  const from = bin === undefined ? undefined : binSketch(bin)
  const op = parseHllOp(payload, true)
  const noFail = (op.flags & HllWriteFlag.NO_FAIL) !== 0
  if (from !== undefined && op.flags & HllWriteFlag.CREATE_ONLY) {
    if (noFail) return {}
    throw new HllError(ResultCode.BIN_EXISTS, `${op.name}: the bin exists (CREATE_ONLY)`)
  }
  if (from === undefined && op.flags & HllWriteFlag.UPDATE_ONLY) {
    if (noFail) return {}
    throw binNotFound(op)
  }
  const change = MODIFIERS.get(op.code)!(op, from)
  const updated: Particle = { type: ParticleType.HLL, data: change.sketch.encode() }
  return change.answer === undefined ? { updated } : { updated, result: sValueToParticle(change.answer) }
}
