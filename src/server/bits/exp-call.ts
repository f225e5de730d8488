/** The bit system of the expression CALL instruction: a bit read or modify op applied to a blob value. */
import { ParticleType } from '../../protocol/particle-type.js'
import type { ExpCallHandler } from '../exp/types.js'
import { particleToSValue } from '../particle.js'
import { SBytes } from '../value.js'
import { bitsModify } from './bits-modify.js'
import { bitsRead } from './bits-read.js'

/** Largest blob an expression may build (the server's default max-record-size, 1 MiB). */
const MAX_EXP_BLOB = 1024 * 1024

/**
 * Runs a bit op inside an expression. A read returns its answer (a blob or
 * an integer); a modify (MODIFY_LOCAL) returns the changed blob, or nil
 * when it leaves a nil operand uncreated. Anything else (a nil operand for a
 * read, a non-bytes operand, a failing op) throws, which makes the CALL
 * unknown.
 */
export const bitsExpCall: ExpCallHandler = (payload, operand, modify) => {
  if (operand !== null && !(operand instanceof SBytes)) throw new TypeError('bit operand must be bytes')
  const bin = operand === null ? undefined : { type: operand.ptype, data: operand.bytes }
  if (!modify) {
    if (bin === undefined) throw new TypeError('bit read on nil')
    return particleToSValue(bitsRead(bin, payload))
  }
  const updated = bitsModify(bin, payload, { maxBytes: MAX_EXP_BLOB })
  if (updated !== undefined) return new SBytes(ParticleType.BLOB, updated)
  return operand
}
