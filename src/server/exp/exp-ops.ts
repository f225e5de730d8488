/** The expression operations of operate: EXP_READ (op 7) and EXP_MODIFY (op 8), with their flags. */

import { ParseError } from '../../protocol/codec-errors.js'
import {
  EXP_READ_FLAGS_ALLOWED,
  EXP_WRITE_FLAGS_ALLOWED,
  ExpReadFlags,
  ExpWriteFlags,
} from '../../protocol/exp-codes.js'
import { MsgpackKind, MsgpackReader } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import type { Particle } from '../particle.js'
import { type CompiledExpression, type CompileOptions, compileExpression } from './compile.js'
import { type EvalOptions, evaluateToParticle } from './evaluate.js'
import { ExpBuildError } from './exp-error.js'
import type { ExpRecordView } from './types.js'

/** An expression op's value, parsed: the compiled expression and its flags. */
export interface ParsedExpOp {
  readonly exp: CompiledExpression
  readonly flags: number
}

/**
 * Parses the value of an expression op: msgpack `[exp]` or `[exp, flags]`.
 * Throws ExpBuildError (4) for a malformed value, unknown flags or a bad expression.
 */
export function parseExpOp(value: Buffer, modify: boolean, options: CompileOptions = {}): ParsedExpOp {
  const r = new MsgpackReader(value)
  let expBytes: Buffer
  let flags = 0
  try {
    if (r.peekKind() !== MsgpackKind.Array) throw new ExpBuildError('expression op value is not a list')
    const count = r.readArrayHeader()
    if (count === 0 || count > 2) throw new ExpBuildError(`expression op value has ${count} elements`)
    expBytes = r.readRaw()
    if (count === 2 && r.peekKind() === MsgpackKind.Int) {
      const f = r.readBigInt()
      const allowed = BigInt(modify ? EXP_WRITE_FLAGS_ALLOWED : EXP_READ_FLAGS_ALLOWED)
      if ((f & ~allowed) !== 0n) throw new ExpBuildError(`invalid expression op flags ${f}`)
      flags = Number(f)
    }
  } catch (e) {
    if (e instanceof ParseError) throw new ExpBuildError(`malformed expression op: ${e.message}`)
    throw e
  }
  return { exp: compileExpression(expBytes, options), flags }
}

/** Outcome of an expression read: a result code and, on success, the value (type NULL for nil). */
export interface ExpReadOutcome {
  readonly resultCode: number
  readonly value?: Particle
}

const NIL: Particle = Object.freeze({ type: ParticleType.NULL, data: Buffer.alloc(0) })

/** EXP_READ: the value to return under the op's name; unknown fails with 26 unless EVAL_NO_FAIL (then nil). */
export function expRead(op: ParsedExpOp, record: ExpRecordView, options: EvalOptions = {}): ExpReadOutcome {
  const value = evaluateToParticle(op.exp, record, options)
  if (value !== undefined) return { resultCode: ResultCode.OK, value }
  if (op.flags & ExpReadFlags.EVAL_NO_FAIL) return { resultCode: ResultCode.OK, value: NIL }
  return { resultCode: ResultCode.OP_NOT_APPLICABLE }
}

/**
 * Outcome of an expression write: a result code and what happens to the bin:
 * a new value, `null` to delete it, or undefined to leave it as it is.
 */
export interface ExpModifyOutcome {
  readonly resultCode: number
  readonly bin?: Particle | null
}

const UNCHANGED: ExpModifyOutcome = Object.freeze({ resultCode: ResultCode.OK })

/**
 * EXP_MODIFY on a bin whose current value is `current` (undefined: no such bin),
 * evaluated against the record as earlier ops of the same command left it.
 */
export function expModify(
  op: ParsedExpOp,
  current: Particle | undefined,
  record: ExpRecordView,
  options: EvalOptions = {},
): ExpModifyOutcome {
  const { flags } = op
  const noFail = (flags & ExpWriteFlags.POLICY_NO_FAIL) !== 0
  const live = current !== undefined
  if (live && flags & ExpWriteFlags.CREATE_ONLY)
    return noFail ? UNCHANGED : { resultCode: ResultCode.BIN_EXISTS }
  if (!live && flags & ExpWriteFlags.UPDATE_ONLY)
    return noFail ? UNCHANGED : { resultCode: ResultCode.BIN_NOT_FOUND }
  const value = evaluateToParticle(op.exp, record, options)
  if (value === undefined)
    return flags & ExpWriteFlags.EVAL_NO_FAIL ? UNCHANGED : { resultCode: ResultCode.OP_NOT_APPLICABLE }
  if (value.type !== ParticleType.NULL) return { resultCode: ResultCode.OK, bin: value }
  if (live && !(flags & ExpWriteFlags.ALLOW_DELETE)) {
    // The server (8.1.2, expop.c) tests `flags && POLICY_NO_FAIL`: any flag at all keeps the bin silently.
    return flags !== 0 ? UNCHANGED : { resultCode: ResultCode.OP_NOT_APPLICABLE }
  }
  return { resultCode: ResultCode.OK, bin: null }
}
