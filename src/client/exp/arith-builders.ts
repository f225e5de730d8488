/** Arithmetic expressions: add, sub, mul, div, pow, log, mod, abs, floor, ceil, toInt, toFloat, min, max. */
import { ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import {
  ANY_TYPE,
  Expression,
  type ExpValueType,
  requireExpression,
  requireType,
  typeName,
} from './expression.js'

function numericVarargs(op: number, what: string): (...exprs: Expression[]) => Expression {
  return (...exprs: Expression[]) => {
    if (exprs.length < 1) throw invalidArg(`${what} needs at least one expression`)
    let type: ExpValueType = ANY_TYPE
    exprs.forEach((e, i) => {
      const t = requireExpression(e, `${what}: argument ${i + 1}`).valueType
      if (t === ANY_TYPE) return
      if (t !== ExpType.INT && t !== ExpType.FLOAT)
        throw invalidArg(
          `${what}: argument ${i + 1} must be an integer or float expression, got ${typeName(t)}`,
        )
      if (type !== ANY_TYPE && t !== type)
        throw invalidArg(`${what}: cannot mix integer and float arguments (convert with toInt/toFloat)`)
      type = t
    })
    return Expression.fromWire([op, ...exprs], type)
  }
}

function typed(op: number, what: string, args: readonly ExpTypeId[], result: ExpTypeId) {
  return (...exprs: Expression[]): Expression => {
    args.forEach((want, i) => {
      requireType(
        requireExpression(exprs[i], `${what}: argument ${i + 1}`),
        want,
        `${what}: argument ${i + 1}`,
      )
    })
    return Expression.fromWire([op, ...exprs.slice(0, args.length)], result)
  }
}

/** Sum of the arguments (all integers or all floats; integers wrap at 64 bits). */
export const numAdd: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.ADD, 'numAdd')
/** First argument minus the others; with one argument, its negation. */
export const numSub: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.SUB, 'numSub')
/** Product of the arguments. */
export const numMul: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.MUL, 'numMul')
/**
 * First argument divided by the product of the others (integer division
 * truncates; integer division by zero is unknown); with one argument, 1 / x.
 */
export const numDiv: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.DIV, 'numDiv')
/** Smallest argument. */
export const min: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.MIN, 'min')
/** Largest argument. */
export const max: (...exprs: Expression[]) => Expression = numericVarargs(ExpOp.MAX, 'max')

/** base ** exponent, both floats. */
export const numPow: (base: Expression, exponent: Expression) => Expression = typed(
  ExpOp.POW,
  'numPow',
  [ExpType.FLOAT, ExpType.FLOAT],
  ExpType.FLOAT,
)
/** Logarithm of `num` in `base`, both floats. */
export const numLog: (num: Expression, base: Expression) => Expression = typed(
  ExpOp.LOG,
  'numLog',
  [ExpType.FLOAT, ExpType.FLOAT],
  ExpType.FLOAT,
)
/** Integer remainder (sign of the numerator, as in C); modulo zero is unknown. */
export const numMod: (numerator: Expression, denominator: Expression) => Expression = typed(
  ExpOp.MOD,
  'numMod',
  [ExpType.INT, ExpType.INT],
  ExpType.INT,
)
/** Float rounded down. */
export const numFloor: (num: Expression) => Expression = typed(
  ExpOp.FLOOR,
  'numFloor',
  [ExpType.FLOAT],
  ExpType.FLOAT,
)
/** Float rounded up. */
export const numCeil: (num: Expression) => Expression = typed(
  ExpOp.CEIL,
  'numCeil',
  [ExpType.FLOAT],
  ExpType.FLOAT,
)
/** Float truncated to an integer (out of range and NaN give INT64_MIN, as on the server). */
export const toInt: (num: Expression) => Expression = typed(
  ExpOp.TO_INT,
  'toInt',
  [ExpType.FLOAT],
  ExpType.INT,
)
/** Integer converted to a float. */
export const toFloat: (num: Expression) => Expression = typed(
  ExpOp.TO_FLOAT,
  'toFloat',
  [ExpType.INT],
  ExpType.FLOAT,
)

/** Absolute value of an integer or float (abs(INT64_MIN) is INT64_MIN). */
export function numAbs(value: Expression): Expression {
  const t = requireExpression(value, 'numAbs').valueType
  if (t !== ANY_TYPE && t !== ExpType.INT && t !== ExpType.FLOAT)
    throw invalidArg(`numAbs expects an integer or float expression, got ${typeName(t)}`)
  return Expression.fromWire([ExpOp.ABS, value], t)
}
