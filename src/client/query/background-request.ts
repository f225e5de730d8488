/** Encodes a background job's request (write ops, or a record UDF run on every match) as the Go client lays it out. */
import {
  ByteWriter,
  Info2,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeProtoHeader,
} from '../../protocol/index.js'
import { opsSize, writeOps } from '../commands/record-request.js'
import type { UdfFields } from '../commands/udf-fields.js'
import type { WireOp } from '../operation.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { QueryStatement } from './query-request.js'
import { jobStatementFields } from './statement-fields.js'

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
 * the job statement fields (with the UDF fields, UDF_OP 2 first, for a UDF
 * job), then the ops.
 */
export function encodeBackgroundRequest(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  record: BackgroundRecordPolicy,
  taskId: Buffer,
  write: BackgroundWrite,
): Buffer {
  const udf = write.kind === 'udf' ? { op: UDF_OP_BACKGROUND, fields: write.udf } : undefined
  const fields = jobStatementFields(stmt, policy, taskId, udf)
  const ops = write.kind === 'ops' ? write.ops : []
  const size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + fields.size + opsSize(ops)
  const info2 = Info2.WRITE | (record.durableDelete ? Info2.DURABLE_DELETE : 0)

  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(0).u8(info2).u8(0).u8(0).u8(0)
  w.u32(0).u32(record.recordTtl).u32(0).u16(fields.count).u16(ops.length)
  fields.write(w)
  writeOps(w, ops)
  return w.buf
}
