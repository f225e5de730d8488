/** Expression operations for operate: read an expression's value, or write it to a bin (op types 7 and 8). */
import { ByteWriter } from '../../protocol/byte-writer.js'
import { ExpReadFlags, ExpWriteFlags } from '../../protocol/exp-codes.js'
import { binNameLength, OpType, type OutgoingOp } from '../../protocol/message.js'
import { intSize, writeArrayHeader, writeInt } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { InvalidExpressionError } from './exp-error.js'
import { describe, type Expression, requireExpression } from './expression.js'

/** Operation id of an expression read (`exp.operations.read`). */
export const OPERATOR_EXP_READ = 7
/** Operation id of an expression write (`exp.operations.write`). */
export const OPERATOR_EXP_WRITE = 8

/** Reads the value of `exp` into the result under the name `bin` (nothing is stored). */
export interface ExpReadOperation {
  readonly op: typeof OPERATOR_EXP_READ
  readonly bin: string
  readonly exp: Expression
  /** exp.expReadFlags bits. */
  readonly flags: number
}

/** Stores the value of `exp` in bin `bin`. */
export interface ExpWriteOperation {
  readonly op: typeof OPERATOR_EXP_WRITE
  readonly bin: string
  readonly exp: Expression
  /** exp.expWriteFlags bits. */
  readonly flags: number
}

/** Either expression operation. */
export type ExpOperation = ExpReadOperation | ExpWriteOperation

const READ_FLAGS = ExpReadFlags.EVAL_NO_FAIL
const WRITE_FLAGS =
  ExpWriteFlags.CREATE_ONLY |
  ExpWriteFlags.UPDATE_ONLY |
  ExpWriteFlags.ALLOW_DELETE |
  ExpWriteFlags.POLICY_NO_FAIL |
  ExpWriteFlags.EVAL_NO_FAIL

function checkArgs(what: string, bin: string, exp: Expression, flags: number, allowed: number): void {
  if (typeof bin !== 'string')
    throw new InvalidExpressionError(`${what}: bin name must be a string, got ${describe(bin)}`)
  try {
    binNameLength(bin)
  } catch (e) {
    throw new InvalidExpressionError(`${what}: ${(e as Error).message}`)
  }
  requireExpression(exp, `${what}: expression`)
  if (!Number.isInteger(flags) || flags < 0 || (flags & ~allowed) !== 0)
    throw new InvalidExpressionError(`${what}: invalid flags ${String(flags)}`)
}

/** An operation returning the value of `exp` under the name `bin` (flags: exp.expReadFlags). */
export function read(bin: string, exp: Expression, flags: number = ExpReadFlags.DEFAULT): ExpReadOperation {
  checkArgs('exp.operations.read', bin, exp, flags, READ_FLAGS)
  return Object.freeze({ op: OPERATOR_EXP_READ, bin, exp, flags })
}

/** An operation storing the value of `exp` in bin `bin` (flags: exp.expWriteFlags). */
export function write(
  bin: string,
  exp: Expression,
  flags: number = ExpWriteFlags.DEFAULT,
): ExpWriteOperation {
  checkArgs('exp.operations.write', bin, exp, flags, WRITE_FLAGS)
  return Object.freeze({ op: OPERATOR_EXP_WRITE, bin, exp, flags })
}

/** The wire op of an expression operation: op type 7 or 8, value msgpack `[exp, flags]` (particle BLOB). */
export function encodeExpOperation(operation: ExpOperation): OutgoingOp {
  const w = ByteWriter.alloc(1 + operation.exp.size + intSize(operation.flags))
  writeArrayHeader(w, 2)
  operation.exp.writeTo(w)
  writeInt(w, operation.flags)
  return {
    op: operation.op === OPERATOR_EXP_READ ? OpType.EXP_READ : OpType.EXP_MODIFY,
    particleType: ParticleType.BLOB,
    name: operation.bin,
    value: w.buf,
  }
}
