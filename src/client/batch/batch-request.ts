/** Encodes one node's batch request: the parent message and its BATCH field of rows, sized first, in one Buffer. */

import {
  ByteWriter,
  DIGEST_SIZE,
  FieldType,
  fieldSize,
  Info1,
  keyByteLength,
  keyParticleType,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeFieldHeader,
  writeKeyBytes,
  writeProtoHeader,
} from '../../protocol/index.js'
import { namespaceField, setField, writeOps } from '../commands/record-request.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { Key } from '../key.js'
import type { ResolvedBatchPolicy } from './batch-policy.js'
import { RowFlag, type RowSpec } from './batch-row.js'

/** Parent flags of the BATCH field. */
export const ParentFlag = {
  /** Let the server run rows inline when the data is in memory. */
  INLINE: 0x01,
  /** Let the server run rows inline when the data is on a device. */
  INLINE_SSD: 0x02,
  /** Every row gets its own result (the server does not stop at the first error). */
  RESPOND_ALL_KEYS: 0x04,
  /** When a row's error stops the batch, the block with that row is still sent. */
  REPORT_ERROR_RECORD: 0x08,
} as const

/** Bytes of a row before its variable part: index, digest, row flags. */
const ROW_FIXED_SIZE = 4 + DIGEST_SIZE + 1

/** Every row of a batch call: its key and its spec, by row index. */
export interface BatchRows {
  readonly keys: readonly Key[]
  readonly specs: readonly RowSpec[]
}

/** Whether row `i` can be sent as a REPEAT of row `prev`: same spec, namespace and set, and no user key sent. */
function repeats(rows: BatchRows, i: number, prev: number): boolean {
  if (prev < 0) return false
  const spec = rows.specs[i]!
  if (spec !== rows.specs[prev] || spec.sendKey) return false
  const a = rows.keys[i]!
  const b = rows.keys[prev]!
  return a.namespace === b.namespace && a.set === b.set
}

/** Size of a row's variable part (info bytes, counts, fields, ops). */
function variableSize(spec: RowSpec, key: Key): number {
  let size = 1 + 4
  if (spec.flags & RowFlag.INFO) size += 2
  if (spec.flags & RowFlag.GENERATION) size += 2
  if (spec.flags & RowFlag.RECORD_TTL) size += 4
  size += namespaceField(key.namespace).length
  const set = setField(key.set)
  if (set !== undefined) size += set.length
  if (spec.sendKey && key.userKey !== null) size += fieldSize(1 + keyByteLength(key.userKey))
  if (spec.filter !== null) size += filterFieldSize(spec.filter)
  if (spec.udf !== undefined) size += spec.udf.data.length
  return size + spec.opsSize
}

/** The parent flags a policy asks for. */
export function parentFlags(policy: ResolvedBatchPolicy): number {
  let flags = ParentFlag.REPORT_ERROR_RECORD
  if (policy.allowInline) flags |= ParentFlag.INLINE
  if (policy.allowInlineSSD) flags |= ParentFlag.INLINE_SSD
  if (policy.respondAllKeys) flags |= ParentFlag.RESPOND_ALL_KEYS
  return flags
}

/**
 * Encodes the batch request for rows `indices` (row indices, in the order to
 * send): info1 BATCH, the policy's total timeout as the server-side timeout,
 * the policy's filter expression as the parent filter, then one row per index
 * (a REPEAT row when it repeats the row before it).
 */
export function encodeBatchRequest(
  rows: BatchRows,
  indices: readonly number[],
  policy: ResolvedBatchPolicy,
): Buffer {
  const filter = policy.filterExpression
  let rowsSize = 5
  let prev = -1
  for (let n = 0; n < indices.length; n++) {
    const i = indices[n]!
    rowsSize += ROW_FIXED_SIZE
    if (!repeats(rows, i, prev)) rowsSize += variableSize(rows.specs[i]!, rows.keys[i]!)
    prev = i
  }
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + fieldSize(rowsSize)
  if (filter !== null) size += filterFieldSize(filter)

  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(Info1.BATCH).u8(0).u8(0).u8(0).u8(0)
  w.u32(0)
    .u32(0)
    .u32(policy.totalTimeout)
    .u16(filter === null ? 1 : 2)
    .u16(0)
  if (filter !== null) writeFilterField(w, filter)
  writeFieldHeader(w, FieldType.BATCH_INDEX, rowsSize)
  w.u32(indices.length).u8(parentFlags(policy))
  prev = -1
  for (let n = 0; n < indices.length; n++) {
    const i = indices[n]!
    const key = rows.keys[i]!
    w.u32(i).bytes(key.digest)
    if (repeats(rows, i, prev)) w.u8(RowFlag.REPEAT)
    else writeRow(w, rows.specs[i]!, key)
    prev = i
  }
  return w.buf
}

/** Writes a full row after its digest: flags, info bytes, generation, TTL, counts, fields (UDF ones last), ops. */
function writeRow(w: ByteWriter, spec: RowSpec, key: Key): void {
  const set = setField(key.set)
  const userKey = spec.sendKey ? key.userKey : null
  let nFields = 1
  if (set !== undefined) nFields++
  if (userKey !== null) nFields++
  if (spec.filter !== null) nFields++
  if (spec.udf !== undefined) nFields += spec.udf.count
  w.u8(spec.flags).u8(spec.info1)
  if (spec.flags & RowFlag.INFO) w.u8(spec.info2).u8(spec.info3)
  if (spec.flags & RowFlag.GENERATION) w.u16(spec.generation)
  if (spec.flags & RowFlag.RECORD_TTL) w.u32(spec.recordTtl)
  w.u16(nFields).u16(spec.ops.length)
  w.bytes(namespaceField(key.namespace))
  if (set !== undefined) w.bytes(set)
  if (userKey !== null) {
    const len = keyByteLength(userKey)
    writeFieldHeader(w, FieldType.KEY, 1 + len)
    w.u8(keyParticleType(userKey))
    writeKeyBytes(w, userKey, len)
  }
  if (spec.filter !== null) writeFilterField(w, spec.filter)
  if (spec.udf !== undefined) w.bytes(spec.udf.data)
  writeOps(w, spec.ops)
}
