/** The HLL system of the expression CALL instruction: an HLL read or modify op applied to an HLL value. */
import { ParticleType } from '../../protocol/particle-type.js'
import type { ExpCallHandler } from '../exp/types.js'
import { particleToSValue } from '../particle.js'
import { SBytes } from '../value.js'
import { hllModify } from './hll-modify.js'
import { hllRead } from './hll-read.js'

/**
 * Runs an HLL op inside an expression. A read returns its answer (count,
 * union HLL, similarity, describe list, mayContain 0/1); a modify
 * (MODIFY_LOCAL) returns the changed HLL, or the operand when the op left it
 * as it was. Anything else (a nil operand for a read, a non-bytes operand,
 * a failing op) throws, which makes the CALL unknown.
 */
export const hllExpCall: ExpCallHandler = (payload, operand, modify) => {
  if (operand !== null && !(operand instanceof SBytes)) throw new TypeError('HLL operand must be bytes')
  const bin = operand === null ? undefined : { type: operand.ptype, data: operand.bytes }
  if (!modify) {
    if (bin === undefined) throw new TypeError('HLL read on nil')
    return particleToSValue(hllRead(bin, payload))
  }
  const out = hllModify(bin, payload)
  return out.updated === undefined ? operand : new SBytes(ParticleType.HLL, out.updated.data)
}
