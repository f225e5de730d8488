/** Integer bit expressions: and, or, xor, not, shifts, bit count and bit scans. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import { Expression, requireExpression, requireType } from './expression.js'

function intVarargs(op: number, what: string): (...exprs: Expression[]) => Expression {
  return (...exprs: Expression[]) => {
    if (exprs.length < 1) throw invalidArg(`${what} needs at least one expression`)
    exprs.forEach((e, i) => {
      requireType(
        requireExpression(e, `${what}: argument ${i + 1}`),
        ExpType.INT,
        `${what}: argument ${i + 1}`,
      )
    })
    return Expression.fromWire([op, ...exprs], ExpType.INT)
  }
}

function intOp(op: number, what: string, second?: typeof ExpType.INT | typeof ExpType.BOOL) {
  return (...exprs: Expression[]): Expression => {
    requireType(requireExpression(exprs[0], `${what}: argument 1`), ExpType.INT, `${what}: argument 1`)
    if (second === undefined) return Expression.fromWire([op, exprs[0]!], ExpType.INT)
    requireType(requireExpression(exprs[1], `${what}: argument 2`), second, `${what}: argument 2`)
    return Expression.fromWire([op, exprs[0]!, exprs[1]!], ExpType.INT)
  }
}

/** Bitwise and of the integer arguments. */
export const intAnd: (...exprs: Expression[]) => Expression = intVarargs(ExpOp.INT_AND, 'intAnd')
/** Bitwise or of the integer arguments. */
export const intOr: (...exprs: Expression[]) => Expression = intVarargs(ExpOp.INT_OR, 'intOr')
/** Bitwise exclusive or of the integer arguments. */
export const intXor: (...exprs: Expression[]) => Expression = intVarargs(ExpOp.INT_XOR, 'intXor')
/** Bitwise complement. */
export const intNot: (expr: Expression) => Expression = intOp(ExpOp.INT_NOT, 'intNot')
/** Left shift (the shift count is taken modulo 64, as on the server's CPU). */
export const intLshift: (value: Expression, shift: Expression) => Expression = intOp(
  ExpOp.INT_LSHIFT,
  'intLshift',
  ExpType.INT,
)
/** Logical (unsigned) right shift. */
export const intRshift: (value: Expression, shift: Expression) => Expression = intOp(
  ExpOp.INT_RSHIFT,
  'intRshift',
  ExpType.INT,
)
/** Arithmetic (sign-extending) right shift. */
export const intArshift: (value: Expression, shift: Expression) => Expression = intOp(
  ExpOp.INT_ARSHIFT,
  'intArshift',
  ExpType.INT,
)
/** Number of bits set. */
export const intCount: (expr: Expression) => Expression = intOp(ExpOp.INT_COUNT, 'intCount')
/** Position (0 = most significant) of the first bit equal to `search` scanning from the left; -1 if none. */
export const intLscan: (value: Expression, search: Expression) => Expression = intOp(
  ExpOp.INT_LSCAN,
  'intLscan',
  ExpType.BOOL,
)
/** Position (0 = most significant) of the first bit equal to `search` scanning from the right; -1 if none. */
export const intRscan: (value: Expression, search: Expression) => Expression = intOp(
  ExpOp.INT_RSCAN,
  'intRscan',
  ExpType.BOOL,
)
