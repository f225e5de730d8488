/** Encodes a background job's request (write ops, or a record UDF run on every match) as the Go client lays it out. */
import {
  ByteWriter,
  FieldType,
  fieldSize,
  Info2,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeFieldHeader,
  writeProtoHeader,
} from '../../protocol/index.js'
import { opsSize, writeOps } from '../commands/record-request.js'
import type { UdfFields } from '../commands/udf-fields.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { WireOp } from '../operation.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { QueryStatement } from './query-request.js'

/** UDF_OP value of a background UDF job. */
const UDF_OP_BACKGROUND = 2

/** What the job writes: ops, or a UDF call. */
export type BackgroundWrite =
  | { readonly kind: 'ops'; readonly ops: readonly WireOp[] }
  | { readonly kind: 'udf'; readonly udf: UdfFields }

/** The record fields of the write: TTL (wire value) and durable delete. */
export interface BackgroundRecordPolicy {
  readonly recordTtl: number
  readonly durableDelete: boolean
}

/**
 * Encodes the request every node gets: a write header (info2 WRITE), then
 * NAMESPACE, SET, TRID, the index filter, SOCKET_TIMEOUT, RECORDS_PER_SECOND,
 * the filter expression and the UDF fields (UDF_OP 2 first), then the ops. No
 * partition fields: each node runs the job over the partitions it holds.
 */
export function encodeBackgroundRequest(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  record: BackgroundRecordPolicy,
  taskId: Buffer,
  write: BackgroundWrite,
): Buffer {
  const ns = Buffer.from(stmt.namespace)
  const set = Buffer.from(stmt.set)
  const predicate = stmt.predicate
  const filter = policy.filterExpression
  let nFields = 3
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + fieldSize(ns.length) + fieldSize(8) + fieldSize(4)
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
  if (write.kind === 'udf') {
    add(1)
    nFields += write.udf.count
    size += write.udf.data.length
  } else {
    size += opsSize(write.ops)
  }
  const nOps = write.kind === 'ops' ? write.ops.length : 0
  const info2 = Info2.WRITE | (record.durableDelete ? Info2.DURABLE_DELETE : 0)

  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(0).u8(info2).u8(0).u8(0).u8(0)
  w.u32(0).u32(record.recordTtl).u32(0).u16(nFields).u16(nOps)
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
  if (write.kind === 'udf') {
    writeFieldHeader(w, FieldType.UDF_OP, 1)
    w.u8(UDF_OP_BACKGROUND)
    w.bytes(write.udf.data)
  } else {
    writeOps(w, write.ops)
  }
  return w.buf
}
