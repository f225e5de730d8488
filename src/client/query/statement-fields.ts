/** The statement fields query-based requests share (index filter; the job statement of aggregations and background jobs), counted and sized before the frame is allocated. */
import { type ByteWriter, FieldType, fieldSize, writeFieldHeader } from '../../protocol/index.js'
import type { UdfFields } from '../commands/udf-fields.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { Predicate } from './predicates.js'
import type { QueryStatement } from './query-request.js'

/** Request fields known before the frame is allocated: how many, their bytes (headers included), and how to write them. */
export interface FieldGroup {
  readonly count: number
  readonly size: number
  write(w: ByteWriter): void
}

/** INDEX_TYPE (for an index over list values, map keys or map values) and INDEX_RANGE of `predicate`; no fields without one. */
export function indexFilterFields(predicate: Predicate | undefined): FieldGroup {
  if (predicate === undefined) return { count: 0, size: 0, write: () => {} }
  const typed = predicate.collectionType !== 0
  return {
    count: typed ? 2 : 1,
    size: (typed ? fieldSize(1) : 0) + fieldSize(predicate.range.length),
    write(w) {
      if (typed) {
        writeFieldHeader(w, FieldType.INDEX_TYPE, 1)
        w.u8(predicate.collectionType)
      }
      writeFieldHeader(w, FieldType.INDEX_RANGE, predicate.range.length)
      w.bytes(predicate.range)
    },
  }
}

/** A stream or background UDF a job runs: its UDF_OP value and the call's fields. */
export interface JobUdf {
  readonly op: number
  readonly fields: UdfFields
}

/**
 * The fields of a job every node runs over the partitions it holds (an
 * aggregation or a background job), in the Go client's order: NAMESPACE,
 * SET (when named), TRID, the index filter, SOCKET_TIMEOUT,
 * RECORDS_PER_SECOND (when above 0), the filter expression, then UDF_OP and
 * the UDF fields when the job runs `udf`. No partition fields.
 */
export function jobStatementFields(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  taskId: Buffer,
  udf: JobUdf | undefined,
): FieldGroup {
  const ns = Buffer.from(stmt.namespace)
  const set = Buffer.from(stmt.set)
  const index = indexFilterFields(stmt.predicate)
  const filter = policy.filterExpression
  const rps = policy.recordsPerSecond
  let count = 3 + index.count
  let size = fieldSize(ns.length) + fieldSize(8) + index.size + fieldSize(4)
  if (set.length > 0) {
    count++
    size += fieldSize(set.length)
  }
  if (rps > 0) {
    count++
    size += fieldSize(4)
  }
  if (filter !== null) {
    count++
    size += filterFieldSize(filter)
  }
  if (udf !== undefined) {
    count += 1 + udf.fields.count
    size += fieldSize(1) + udf.fields.data.length
  }
  return {
    count,
    size,
    write(w) {
      writeFieldHeader(w, FieldType.NAMESPACE, ns.length)
      w.bytes(ns)
      if (set.length > 0) {
        writeFieldHeader(w, FieldType.SET, set.length)
        w.bytes(set)
      }
      writeFieldHeader(w, FieldType.TRID, 8)
      w.bytes(taskId)
      index.write(w)
      writeFieldHeader(w, FieldType.SOCKET_TIMEOUT, 4)
      w.u32(policy.socketTimeout)
      if (rps > 0) {
        writeFieldHeader(w, FieldType.RECORDS_PER_SECOND, 4)
        w.u32(rps)
      }
      if (filter !== null) writeFilterField(w, filter)
      if (udf !== undefined) {
        writeFieldHeader(w, FieldType.UDF_OP, 1)
        w.u8(udf.op)
        w.bytes(udf.fields.data)
      }
    },
  }
}
