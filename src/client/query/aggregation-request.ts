/** Encodes an aggregation's request: a foreground query every node runs over the partitions it holds, with the stream UDF (UDF_OP 1). */
import {
  ByteWriter,
  Info1,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeProtoHeader,
} from '../../protocol/index.js'
import type { UdfFields } from '../commands/udf-fields.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { QueryStatement } from './query-request.js'
import { jobStatementFields } from './statement-fields.js'

/** UDF_OP value of an aggregation. */
const UDF_OP_AGGREGATE = 1

/**
 * A read header (info1 READ), then the job statement fields (the filter
 * expression among them, which servers refuse, 16) with the UDF fields,
 * UDF_OP 1 first.
 */
export function encodeAggregationRequest(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  taskId: Buffer,
  udf: UdfFields,
): Buffer {
  const fields = jobStatementFields(stmt, policy, taskId, { op: UDF_OP_AGGREGATE, fields: udf })
  const size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + fields.size
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(Info1.READ).u8(0).u8(0).u8(0).u8(0)
  w.u32(0).u32(0).u32(policy.socketTimeout).u16(fields.count).u16(0)
  fields.write(w)
  return w.buf
}
