/** Encodes a single-record AS_MSG request (header, key fields, filter, ops) into one pre-sized Buffer. */
import {
  ByteWriter,
  DIGEST_SIZE,
  FieldType,
  fieldSize,
  keyByteLength,
  keyParticleType,
  MSG_HEADER_SIZE,
  opSize,
  type Packable,
  PROTO_HEADER_SIZE,
  ProtoType,
  pack,
  writeFieldHeader,
  writeKeyBytes,
  writeOpHeader,
  writeParticle,
  writeProtoHeader,
} from '../../protocol/index.js'
import type { Expression } from '../exp/expression.js'
import { filterFieldSize, writeFilterField } from '../exp/filter-field.js'
import type { Key } from '../key.js'
import { ValueEncoding, type WireOp } from '../operation.js'
import type { UdfFields } from './udf-fields.js'

/** The header values of a request (the AS_MSG header minus its sizes). */
export interface RequestHeader {
  info1: number
  info2: number
  info3: number
  /** Expected generation (with a generation policy), else 0. */
  generation: number
  /** Record TTL (writes) or read-touch TTL percent (reads), as u32. */
  recordTtl: number
  /** Server-side timeout, ms. */
  transactionTtl: number
}

/** Most distinct namespace/set names whose field bytes are cached. */
const FIELD_CACHE_LIMIT = 1024
const namespaceFields = new Map<string, Buffer>()
const setFields = new Map<string, Buffer>()

/** The complete field (size, type, data) carrying `text`, cached per name. */
function cachedField(cache: Map<string, Buffer>, type: number, text: string): Buffer {
  let field = cache.get(text)
  if (field === undefined) {
    const len = Buffer.byteLength(text)
    const w = ByteWriter.alloc(fieldSize(len))
    writeFieldHeader(w, type, len)
    w.utf8(text, len)
    field = w.buf
    if (cache.size < FIELD_CACHE_LIMIT) cache.set(text, field)
  }
  return field
}

/** The complete NAMESPACE field (size, type, name) for `namespace`, cached. */
export function namespaceField(namespace: string): Buffer {
  return cachedField(namespaceFields, FieldType.NAMESPACE, namespace)
}

/** The complete SET field for `set`, cached; undefined for '' (no set). */
export function setField(set: string): Buffer | undefined {
  return set === '' ? undefined : cachedField(setFields, FieldType.SET, set)
}

/** Bytes `ops` take on the wire. */
export function opsSize(ops: readonly WireOp[]): number {
  let size = 0
  for (let i = 0; i < ops.length; i++) size += opSize(ops[i]!.binLength, ops[i]!.valueSize)
  return size
}

/** Writes `ops` in order: each op header, then its value as a particle or msgpack. */
export function writeOps(w: ByteWriter, ops: readonly WireOp[]): void {
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!
    writeOpHeader(w, o.op, o.particleType, o.bin, o.binLength, o.valueSize)
    if (o.encoding === ValueEncoding.MSGPACK) pack(w, o.value as Packable)
    else writeParticle(w, o.particleType, o.value)
  }
}

/**
 * Encodes one request frame for `key`: NAMESPACE, SET (when the key has one),
 * DIGEST, KEY (when `sendKey`), FILTER_EXP (when `filter`), the UDF fields
 * (when `udf`), then `ops` in order.
 */
export function encodeRecordRequest(
  key: Key,
  header: RequestHeader,
  sendKey: boolean,
  filter: Expression | null,
  ops: readonly WireOp[],
  udf?: UdfFields,
): Buffer {
  const nsField = namespaceField(key.namespace)
  const set = setField(key.set)
  const userKey = sendKey ? key.userKey : null
  const userKeyLength = userKey === null ? 0 : keyByteLength(userKey)

  let nFields = 2
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE + nsField.length + fieldSize(DIGEST_SIZE)
  if (set !== undefined) {
    nFields++
    size += set.length
  }
  if (userKey !== null) {
    nFields++
    size += fieldSize(1 + userKeyLength)
  }
  if (filter !== null) {
    nFields++
    size += filterFieldSize(filter)
  }
  if (udf !== undefined) {
    nFields += udf.count
    size += udf.data.length
  }
  size += opsSize(ops)

  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  // The AS_MSG header: size, info1..info4, result code, then the u32s and counts.
  w.u8(MSG_HEADER_SIZE).u8(header.info1).u8(header.info2).u8(header.info3).u8(0).u8(0)
  w.u32(header.generation).u32(header.recordTtl).u32(header.transactionTtl).u16(nFields).u16(ops.length)
  w.bytes(nsField)
  if (set !== undefined) w.bytes(set)
  writeFieldHeader(w, FieldType.DIGEST, DIGEST_SIZE)
  w.bytes(key.digest)
  if (userKey !== null) {
    writeFieldHeader(w, FieldType.KEY, 1 + userKeyLength)
    w.u8(keyParticleType(userKey))
    writeKeyBytes(w, userKey, userKeyLength)
  }
  if (filter !== null) writeFilterField(w, filter)
  if (udf !== undefined) w.bytes(udf.data)
  writeOps(w, ops)
  return w.buf
}
