/** The CDT evaluator's typed failure: a server result code and a reason. */

/** Result codes a CDT operation can fail with (the server's numbering). */
export const CdtResultCode = {
  /** A written list or map bin that is not valid stored msgpack (the server's generic failure). */
  UNKNOWN: 1,
  /** A malformed payload, a bad argument type or a value the op cannot use. */
  PARAMETER: 4,
  /** The bin (or the element a context lands on) is not the op's list/map type. */
  INCOMPATIBLE_TYPE: 12,
  /** Padding a list with more nils than the namespace's largest record could hold. */
  RECORD_TOO_BIG: 13,
  /** UPDATE_ONLY on a missing map key. */
  ELEMENT_NOT_FOUND: 23,
  /** ADD_UNIQUE duplicate or CREATE_ONLY on an existing key. */
  ELEMENT_EXISTS: 24,
  /** Out-of-range position, INVERTED on a single element, unsupported return type, missing context element. */
  OP_NOT_APPLICABLE: 26,
} as const

/** A result code from CdtResultCode. */
export type CdtResultCodeValue = (typeof CdtResultCode)[keyof typeof CdtResultCode]

/**
 * Thrown by the CDT evaluator when an operation fails. The operate handler
 * answers the whole request with `resultCode` and applies none of its ops.
 */
export class CdtError extends Error {
  override name = 'CdtError'
  constructor(
    readonly resultCode: CdtResultCodeValue,
    message: string,
  ) {
    super(message)
  }
}

/** A PARAMETER (4) failure. */
export function paramError(message: string): CdtError {
  return new CdtError(CdtResultCode.PARAMETER, message)
}

/** An OP_NOT_APPLICABLE (26) failure. */
export function notApplicable(message: string): CdtError {
  return new CdtError(CdtResultCode.OP_NOT_APPLICABLE, message)
}

/** An INCOMPATIBLE_TYPE (12) failure. */
export function typeError(message: string): CdtError {
  return new CdtError(CdtResultCode.INCOMPATIBLE_TYPE, message)
}
