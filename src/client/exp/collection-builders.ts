/** Server 8.1 collection expressions: inList, mapKeys, mapValues. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { Expression, requireExpression, requireType } from './expression.js'

/** True when `value` equals an element of the list expression (server 8.1+). */
export function inList(value: Expression, list: Expression): Expression {
  requireExpression(value, 'inList: value')
  requireType(requireExpression(list, 'inList: list'), ExpType.LIST, 'inList: list')
  return Expression.fromWire([ExpOp.IN_LIST, value, list], ExpType.BOOL)
}

/** The keys of a map expression as a list (server 8.1+). */
export function mapKeys(map: Expression): Expression {
  requireType(requireExpression(map, 'mapKeys'), ExpType.MAP, 'mapKeys')
  return Expression.fromWire([ExpOp.MAP_KEYS, map], ExpType.LIST)
}

/** The values of a map expression as a list (server 8.1+). */
export function mapValues(map: Expression): Expression {
  requireType(requireExpression(map, 'mapValues'), ExpType.MAP, 'mapValues')
  return Expression.fromWire([ExpOp.MAP_VALUES, map], ExpType.LIST)
}
