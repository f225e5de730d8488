/** The FILTER_EXP field (43): how every request encoder (single record, batch parent and rows) carries a filter. */
import type { ByteWriter } from '../../protocol/byte-writer.js'
import { FieldType, fieldSize, writeFieldHeader } from '../../protocol/message.js'
import type { Expression } from './expression.js'

/** Encoded size of the FILTER_EXP field carrying `filter`. */
export function filterFieldSize(filter: Expression): number {
  return fieldSize(filter.size)
}

/** Writes the FILTER_EXP field carrying `filter`'s msgpack (raw bytes, not base64). */
export function writeFilterField(w: ByteWriter, filter: Expression): void {
  writeFieldHeader(w, FieldType.FILTER_EXP, filter.size)
  filter.writeTo(w)
}
