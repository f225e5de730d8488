/** Encodes an aggregation's request: a foreground query every node runs over the partitions it holds, with the stream UDF (UDF_OP 1). */
import {
  ByteWriter,
  FieldType,
  fieldSize,
  Info1,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeFieldHeader,
  writeProtoHeader,
} from '../../protocol/index.js'
import type { UdfFields } from '../commands/udf-fields.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { QueryStatement } from './query-request.js'

/** UDF_OP value of an aggregation. */
const UDF_OP_AGGREGATE = 1

/**
 * A read header (info1 READ), then NAMESPACE, SET, TRID, the index filter,
 * SOCKET_TIMEOUT, RECORDS_PER_SECOND, the filter expression (servers refuse
 * it, 16) and the UDF fields with UDF_OP 1 first. No partition fields: each
 * node covers its own partitions.
 */
export function encodeAggregationRequest(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  taskId: Buffer,
  udf: UdfFields,
): Buffer {
  const ns = Buffer.from(stmt.namespace)
  const set = Buffer.from(stmt.set)
  const predicate = stmt.predicate
  const filter = policy.filterExpression
  let nFields = 4 + udf.count
  let size =
    PROTO_HEADER_SIZE +
    MSG_HEADER_SIZE +
    fieldSize(ns.length) +
    fieldSize(8) +
    fieldSize(4) +
    fieldSize(1) +
    udf.data.length
  const add = (dataLength: number): void => {
    nFields++
    size += fieldSize(dataLength)
  }
  if (set.length > 0) add(set.length)
  if (predicate !== undefined) {
    if (predicate.collectionType !== 0) add(1)
    add(predicate.range.length)
  }
  if (policy.recordsPerSecond > 0) add(4)
  if (filter !== null) {
    nFields++
    size += filterFieldSize(filter)
  }

  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(Info1.READ).u8(0).u8(0).u8(0).u8(0)
  w.u32(0).u32(0).u32(policy.socketTimeout).u16(nFields).u16(0)
  writeFieldHeader(w, FieldType.NAMESPACE, ns.length)
  w.bytes(ns)
  if (set.length > 0) {
    writeFieldHeader(w, FieldType.SET, set.length)
    w.bytes(set)
  }
  writeFieldHeader(w, FieldType.TRID, 8)
  w.bytes(taskId)
  if (predicate !== undefined) {
    if (predicate.collectionType !== 0) {
      writeFieldHeader(w, FieldType.INDEX_TYPE, 1)
      w.u8(predicate.collectionType)
    }
    writeFieldHeader(w, FieldType.INDEX_RANGE, predicate.range.length)
    w.bytes(predicate.range)
  }
  writeFieldHeader(w, FieldType.SOCKET_TIMEOUT, 4)
  w.u32(policy.socketTimeout)
  if (policy.recordsPerSecond > 0) {
    writeFieldHeader(w, FieldType.RECORDS_PER_SECOND, 4)
    w.u32(policy.recordsPerSecond)
  }
  if (filter !== null) writeFilterField(w, filter)
  writeFieldHeader(w, FieldType.UDF_OP, 1)
  w.u8(UDF_OP_AGGREGATE)
  w.bytes(udf.data)
  return w.buf
}
