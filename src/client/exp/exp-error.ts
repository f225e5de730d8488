/** The typed error the expression builders throw for arguments they can reject locally. */

/**
 * Thrown when an expression cannot be built: a wrong argument type, a type
 * mismatch the server would answer with PARAMETER (4), a bad bin or variable
 * name. Carries the client-side result code for invalid arguments (-2).
 */
export class InvalidExpressionError extends Error {
  override name = 'InvalidExpressionError'
  /** AEROSPIKE_ERR_INVALID_ARG. */
  readonly resultCode = -2
  /** The request was never sent. */
  readonly inDoubt = false
}
