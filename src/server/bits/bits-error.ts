/** The bit evaluator's typed failure: the server result code a bit op answers with, and why. */
import { ResultCode } from '../../protocol/result-codes.js'

/**
 * Thrown when a bit (blob) op fails. The operate handler answers the whole
 * request with `resultCode` and stores none of its ops.
 */
export class BitsError extends Error {
  override name = 'BitsError'
  constructor(
    readonly resultCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** A PARAMETER (4) failure: a malformed payload or argument. */
export function bitsParamError(message: string): BitsError {
  return new BitsError(ResultCode.PARAMETER, message)
}

/** An OP_NOT_APPLICABLE (26) failure: a region outside the blob, an integer overflow. */
export function bitsNotApplicable(message: string): BitsError {
  return new BitsError(ResultCode.OP_NOT_APPLICABLE, message)
}
