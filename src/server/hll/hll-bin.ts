/** The HLL bin an op works on: type and structure checks as the server makes them before any HLL op. */
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import type { Particle } from '../particle.js'
import { HllError } from './hll-error.js'
import { HllSketch, isValidSketch } from './sketch.js'

/**
 * The sketch a bin holds. A bin of another type answers BIN_TYPE (12); a
 * stored HLL with a bad header or size answers the server's generic
 * failure (1).
 */
export function binSketch(bin: Particle): HllSketch {
  if (bin.type !== ParticleType.HLL)
    throw new HllError(ResultCode.BIN_TYPE, `the bin holds particle type ${bin.type}, not an HLL`)
  if (!isValidSketch(bin.data)) throw new HllError(ResultCode.SERVER_ERROR, 'the bin holds a corrupt HLL')
  return HllSketch.decode(bin.data)
}
