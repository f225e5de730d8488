/** The HLL evaluator's typed failure: the server result code an HLL op answers with, and why. */
import { ResultCode } from '../../protocol/result-codes.js'

/**
 * Thrown when an HLL op fails. The operate handler answers the whole
 * request with `resultCode` and stores none of its ops.
 */
export class HllError extends Error {
  override name = 'HllError'
  constructor(
    readonly resultCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** A PARAMETER (4) failure: a malformed payload or argument. */
export function hllParamError(message: string): HllError {
  return new HllError(ResultCode.PARAMETER, message)
}

/** An OP_NOT_APPLICABLE (26) failure: bit counts the op cannot work with. */
export function hllNotApplicable(message: string): HllError {
  return new HllError(ResultCode.OP_NOT_APPLICABLE, message)
}
