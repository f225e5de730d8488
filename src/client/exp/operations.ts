/** Expression operations for operate: read an expression's value, or write it to a bin (op types 7 and 8). */
import { ByteWriter } from '../../protocol/byte-writer.js'
import {
  EXP_READ_FLAGS_ALLOWED,
  EXP_WRITE_FLAGS_ALLOWED,
  ExpReadFlags,
  ExpWriteFlags,
} from '../../protocol/exp-codes.js'
import { OpType } from '../../protocol/message.js'
import { intSize, RawMsgpack, writeArrayHeader, writeInt } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { checkedBinLength } from '../basic-operations.js'
import { OPERATOR_EXP_READ, OPERATOR_EXP_WRITE } from '../constants.js'
import { invalidArg } from '../errors.js'
import { type OpEncoder, type Operation, OpFlag, ValueEncoding, type WireOp } from '../operation.js'
import { Expression, requireExpression } from './expression.js'

// Type aliases, not interfaces, so that they are assignable to `Operation` (operate's argument).

/** Reads the value of `exp` into the result under the name `bin` (nothing is stored). */
export type ExpReadOperation = {
  readonly op: typeof OPERATOR_EXP_READ
  readonly bin: string
  readonly exp: Expression
  /** exp.expReadFlags bits. */
  readonly flags: number
}

/** Stores the value of `exp` in bin `bin`. */
export type ExpWriteOperation = {
  readonly op: typeof OPERATOR_EXP_WRITE
  readonly bin: string
  readonly exp: Expression
  /** exp.expWriteFlags bits. */
  readonly flags: number
}

/** Either expression operation. */
export type ExpOperation = ExpReadOperation | ExpWriteOperation

function checkFlags(what: string, flags: unknown, allowed: number): number {
  if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || (flags & ~allowed) !== 0)
    throw invalidArg(`${what}: invalid flags ${String(flags)}`)
  return flags
}

/** An operation returning the value of `exp` under the name `bin` (flags: exp.expReadFlags). */
export function read(bin: string, exp: Expression, flags: number = ExpReadFlags.DEFAULT): ExpReadOperation {
  checkedBinLength(bin, 'exp.operations.read')
  requireExpression(exp, 'exp.operations.read: expression')
  checkFlags('exp.operations.read', flags, EXP_READ_FLAGS_ALLOWED)
  return Object.freeze({ op: OPERATOR_EXP_READ, bin, exp, flags })
}

/** An operation storing the value of `exp` in bin `bin` (flags: exp.expWriteFlags). */
export function write(
  bin: string,
  exp: Expression,
  flags: number = ExpWriteFlags.DEFAULT,
): ExpWriteOperation {
  checkedBinLength(bin, 'exp.operations.write')
  requireExpression(exp, 'exp.operations.write: expression')
  checkFlags('exp.operations.write', flags, EXP_WRITE_FLAGS_ALLOWED)
  return Object.freeze({ op: OPERATOR_EXP_WRITE, bin, exp, flags })
}

/** The op value: msgpack `[exp, flags]`. */
function opValue(exp: Expression, flags: number): RawMsgpack {
  const w = ByteWriter.alloc(1 + exp.size + intSize(flags))
  writeArrayHeader(w, 2)
  exp.writeTo(w)
  writeInt(w, flags)
  return new RawMsgpack(w.buf)
}

function encoder(what: string, opType: number, allowed: number, opFlags: number): OpEncoder {
  return (o: Operation): WireOp => {
    const binLength = checkedBinLength(o.bin, what)
    if (!(o.exp instanceof Expression)) throw invalidArg(`${what} needs an expression built with exp.*`)
    const value = opValue(o.exp, checkFlags(what, o.flags ?? 0, allowed))
    return {
      op: opType,
      particleType: ParticleType.BLOB,
      bin: o.bin!,
      binLength,
      value,
      valueSize: value.bytes.length,
      encoding: ValueEncoding.MSGPACK,
      flags: opFlags | OpFlag.RESPOND_ALL_OPS,
      ttl: undefined,
    }
  }
}

/** The expression operations: OPERATOR_EXP_* code -> encoder (op type 7 or 8, value `[exp, flags]`). */
export const EXP_OPERATIONS: ReadonlyArray<readonly [number, OpEncoder]> = [
  [OPERATOR_EXP_READ, encoder('exp.operations.read', OpType.EXP_READ, EXP_READ_FLAGS_ALLOWED, OpFlag.READ)],
  [
    OPERATOR_EXP_WRITE,
    encoder('exp.operations.write', OpType.EXP_MODIFY, EXP_WRITE_FLAGS_ALLOWED, OpFlag.WRITE),
  ],
]
