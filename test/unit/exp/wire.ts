/** Test helper: expressions and expression operations as the raw field and op a request carries. */
import type { ExpOperation, Expression } from '../../../src/client/exp/index.js'
import { encodeOperation } from '../../../src/client/operation-table.js'
import { FieldType, type OutgoingField, type OutgoingOp } from '../../../src/protocol/message.js'
import type { RawMsgpack } from '../../../src/protocol/msgpack.js'

/** The FILTER_EXP field (43) carrying `e`. */
export function filterField(e: Expression): OutgoingField {
  return { type: FieldType.FILTER_EXP, data: e.bytes }
}

/** The wire op our client sends for an expression operation. */
export function expOpWire(operation: ExpOperation): OutgoingOp {
  const w = encodeOperation(operation)
  return { op: w.op, particleType: w.particleType, name: w.bin, value: (w.value as RawMsgpack).bytes }
}
