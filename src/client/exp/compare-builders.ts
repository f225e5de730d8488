/** Comparison expressions: eq, ne, gt, ge, lt, le, regexCompare, geoCompare. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { packToBuffer, RawMsgpack, RawString } from '../../protocol/msgpack.js'
import { invalidArg } from '../errors.js'
import { ANY_TYPE, describe, Expression, requireExpression, requireType, typeName } from './expression.js'

function comparison(op: number, what: string): (left: Expression, right: Expression) => Expression {
  return (left: Expression, right: Expression) => {
    requireExpression(left, `${what}: left`)
    requireExpression(right, `${what}: right`)
    const lt = left.valueType
    const rt = right.valueType
    if (lt !== ANY_TYPE && rt !== ANY_TYPE && lt !== rt)
      throw invalidArg(`${what}: cannot compare ${typeName(lt)} with ${typeName(rt)}`)
    for (const t of [lt, rt]) {
      if (t === ExpType.GEO || t === ExpType.HLL)
        throw invalidArg(`${what}: ${typeName(t)} values cannot be compared (use geoCompare for GeoJSON)`)
    }
    return Expression.fromWire([op, left, right], ExpType.BOOL)
  }
}

/** left == right (both sides of the same type; 1 and 1.0 are different types). */
export const eq: (left: Expression, right: Expression) => Expression = comparison(ExpOp.EQ, 'eq')
/** left != right. */
export const ne: (left: Expression, right: Expression) => Expression = comparison(ExpOp.NE, 'ne')
/** left > right. */
export const gt: (left: Expression, right: Expression) => Expression = comparison(ExpOp.GT, 'gt')
/** left >= right. */
export const ge: (left: Expression, right: Expression) => Expression = comparison(ExpOp.GE, 'ge')
/** left < right. */
export const lt: (left: Expression, right: Expression) => Expression = comparison(ExpOp.LT, 'lt')
/** left <= right. */
export const le: (left: Expression, right: Expression) => Expression = comparison(ExpOp.LE, 'le')

/**
 * True when the string expression matches the POSIX regular expression
 * `regex`; `flags` are exp.regexFlags (EXTENDED, ICASE, NEWLINE, NOSUB) OR-ed.
 */
export function regexCompare(regex: string, flags: number, bin: Expression): Expression {
  if (typeof regex !== 'string' || regex.includes('\0'))
    throw invalidArg(`regexCompare: regex must be a string without NUL, got ${describe(regex)}`)
  if (!Number.isSafeInteger(flags) || flags < 0)
    throw invalidArg(`regexCompare: flags must be a non-negative integer, got ${String(flags)}`)
  requireType(requireExpression(bin, 'regexCompare: bin'), ExpType.STRING, 'regexCompare: bin')
  const pattern = new RawMsgpack(packToBuffer(new RawString(regex)))
  return Expression.fromWire([ExpOp.CMP_REGEX, flags, pattern, bin], ExpType.BOOL)
}

/**
 * GeoJSON comparison: true when the left point lies within the right region
 * (polygon, multipolygon, AeroCircle), or the left region contains the right point.
 */
export function geoCompare(left: Expression, right: Expression): Expression {
  requireType(requireExpression(left, 'geoCompare: left'), ExpType.GEO, 'geoCompare: left')
  requireType(requireExpression(right, 'geoCompare: right'), ExpType.GEO, 'geoCompare: right')
  return Expression.fromWire([ExpOp.CMP_GEO, left, right], ExpType.BOOL)
}
