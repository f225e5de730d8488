/** The FILTER_EXP field (43) that carries a filter expression on every command. */
import { FieldType, type OutgoingField } from '../../protocol/message.js'
import type { Expression } from './expression.js'
import { requireExpression } from './expression.js'

/** The field carrying `filter` (its msgpack bytes, not base64). */
export function filterExpressionField(filter: Expression): OutgoingField {
  return { type: FieldType.FILTER_EXP, data: requireExpression(filter, 'filterExpression').bytes }
}
