/** Encodes the request one node gets for its share of a scan/query: partitions, resume digests, index filter, projection. */
import {
  ByteWriter,
  DIGEST_SIZE,
  FieldType,
  fieldSize,
  Info1,
  Info2,
  Info3,
  MSG_HEADER_SIZE,
  OpType,
  opSize,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeFieldHeader,
  writeOpHeader,
  writeProtoHeader,
} from '../../protocol/index.js'
import { readModeBits } from '../commands/header.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import type { PartitionProgress } from './partition-filter.js'
import type { Predicate } from './predicates.js'
import { QUERY_DURATION_LONG_RELAX_AP, QUERY_DURATION_SHORT } from './query-constants.js'
import { indexFilterFields } from './statement-fields.js'

/** What is queried: namespace, set ('' = every set), bins (null = all) and the index predicate, if any. */
export interface QueryStatement {
  readonly namespace: string
  readonly set: string
  readonly bins: readonly string[] | null
  readonly predicate: Predicate | undefined
}

/** A node's share of one attempt: partitions read from their start, and partitions resumed after a digest. */
export interface NodeShare {
  readonly fresh: readonly PartitionProgress[]
  readonly resumed: readonly PartitionProgress[]
  /** Most records this node may send (0 = no limit). */
  readonly recordMax: number
}

/** The header record_ttl of a query: read-touch off, as the official clients send it. */
const NO_READ_TOUCH = 0xffff_ffff

/** Encodes one node's request frame; `taskId` is the job id the server tracks it under (8 bytes). */
export function encodeQueryRequest(
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  taskId: Buffer,
  share: NodeShare,
): Buffer {
  const ns = Buffer.from(stmt.namespace)
  const set = Buffer.from(stmt.set)
  const filter = policy.filterExpression
  const predicate = stmt.predicate
  const index = indexFilterFields(predicate)
  const bins = policy.includeBinData ? (stmt.bins ?? []) : []
  const binLengths = bins.map((b) => Buffer.byteLength(b))
  const nResumed = share.resumed.length

  let nFields = 3 + index.count
  let size =
    PROTO_HEADER_SIZE + MSG_HEADER_SIZE + fieldSize(ns.length) + fieldSize(4) + fieldSize(8) + index.size
  const add = (dataLength: number): void => {
    nFields++
    size += fieldSize(dataLength)
  }
  if (set.length > 0) add(set.length)
  if (policy.recordsPerSecond > 0) add(4)
  if (filter !== null) {
    nFields++
    size += filterFieldSize(filter)
  }
  if (share.fresh.length > 0) add(share.fresh.length * 2)
  if (nResumed > 0) {
    add(nResumed * DIGEST_SIZE)
    if (predicate !== undefined) add(nResumed * 8)
  }
  if (share.recordMax > 0) add(8)
  for (const n of binLengths) size += opSize(n, 0)

  const duration = policy.expectedDuration
  let info1 = Info1.READ | readModeBits(policy.readModeAP)
  if (!policy.includeBinData) info1 |= Info1.GET_NO_BINS
  if (duration === QUERY_DURATION_SHORT) info1 |= Info1.SHORT_QUERY
  const info2 = duration === QUERY_DURATION_LONG_RELAX_AP ? Info2.RELAX_AP_LONG_QUERY : 0
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(info1).u8(info2).u8(Info3.PARTITION_DONE).u8(0).u8(0)
  w.u32(0).u32(NO_READ_TOUCH).u32(policy.totalTimeout).u16(nFields).u16(bins.length)

  writeFieldHeader(w, FieldType.NAMESPACE, ns.length)
  w.bytes(ns)
  if (set.length > 0) {
    writeFieldHeader(w, FieldType.SET, set.length)
    w.bytes(set)
  }
  if (policy.recordsPerSecond > 0) {
    writeFieldHeader(w, FieldType.RECORDS_PER_SECOND, 4)
    w.u32(policy.recordsPerSecond)
  }
  writeFieldHeader(w, FieldType.SOCKET_TIMEOUT, 4)
  w.u32(policy.socketTimeout)
  writeFieldHeader(w, FieldType.TRID, 8)
  w.bytes(taskId)
  index.write(w)
  if (filter !== null) writeFilterField(w, filter)
  if (share.fresh.length > 0) {
    writeFieldHeader(w, FieldType.PID_ARRAY, share.fresh.length * 2)
    for (const p of share.fresh) w.u16le(p.id)
  }
  if (nResumed > 0) {
    writeFieldHeader(w, FieldType.DIGEST_ARRAY, nResumed * DIGEST_SIZE)
    for (const p of share.resumed) w.bytes(p.digest!)
    if (predicate !== undefined) {
      writeFieldHeader(w, FieldType.BVAL_ARRAY, nResumed * 8)
      for (const p of share.resumed) {
        w.buf.writeBigInt64LE(BigInt.asIntN(64, p.bval ?? 0n), w.pos)
        w.pos += 8
      }
    }
  }
  if (share.recordMax > 0) {
    writeFieldHeader(w, FieldType.MAX_RECORDS, 8)
    w.i64(share.recordMax)
  }
  for (let i = 0; i < bins.length; i++) writeOpHeader(w, OpType.READ, 0, bins[i]!, binLengths[i]!, 0)
  return w.buf
}
