/** Boolean logic expressions: and, or, not, exclusive. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import { Expression, requireExpression, requireType } from './expression.js'

function varargsLogic(op: number, what: string): (...exprs: Expression[]) => Expression {
  return (...exprs: Expression[]) => {
    if (exprs.length < 2) throw invalidArg(`${what} needs at least two expressions, got ${exprs.length}`)
    exprs.forEach((e, i) => {
      requireType(
        requireExpression(e, `${what}: argument ${i + 1}`),
        ExpType.BOOL,
        `${what}: argument ${i + 1}`,
      )
    })
    return Expression.fromWire([op, ...exprs], ExpType.BOOL)
  }
}

/** True when every argument is true; false when any is false; otherwise unknown. */
export const and: (...exprs: Expression[]) => Expression = varargsLogic(ExpOp.AND, 'and')
/** True when any argument is true; false when every one is false; otherwise unknown. */
export const or: (...exprs: Expression[]) => Expression = varargsLogic(ExpOp.OR, 'or')
/** True when exactly one argument is true. */
export const exclusive: (...exprs: Expression[]) => Expression = varargsLogic(ExpOp.EXCLUSIVE, 'exclusive')

/** Negation; not(unknown) is unknown. */
export function not(expr: Expression): Expression {
  requireType(requireExpression(expr, 'not'), ExpType.BOOL, 'not')
  return Expression.fromWire([ExpOp.NOT, expr], ExpType.BOOL)
}
