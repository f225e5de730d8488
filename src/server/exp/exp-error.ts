/** The typed error for an expression the server refuses to build (answered with its result code). */
import { ResultCode } from '../../protocol/result-codes.js'

/**
 * Thrown while compiling a malformed or ill-typed expression. The command
 * handler answers with `resultCode`: PARAMETER (4) as the real server does,
 * or UNSUPPORTED_FEATURE (16) for what this server cannot evaluate.
 */
export class ExpBuildError extends Error {
  override name = 'ExpBuildError'
  constructor(
    message: string,
    readonly resultCode: number = ResultCode.PARAMETER,
  ) {
    super(message)
  }
}
