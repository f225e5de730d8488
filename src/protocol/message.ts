/** AS_MSG (proto type 3): the 22-byte header, its flag bits, field and op ids, and the message codec. */
import { ByteReader } from './byte-reader.js'
import { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from './frame.js'

/** Size of the AS_MSG header that follows the proto header. */
export const MSG_HEADER_SIZE = 22
/** Longest bin name the server accepts (bytes). */
export const MAX_BIN_NAME_LENGTH = 15
/** Most ops one request may carry. */
export const MAX_OPS = 32768

/** info1 bits: what a request reads. */
export const Info1 = {
  READ: 0x01,
  GET_ALL: 0x02,
  SHORT_QUERY: 0x04,
  BATCH: 0x08,
  XDR: 0x10,
  GET_NO_BINS: 0x20,
  READ_MODE_AP_ALL: 0x40,
  COMPRESS_RESPONSE: 0x80,
} as const

/** info2 bits: how a request writes. */
export const Info2 = {
  WRITE: 0x01,
  DELETE: 0x02,
  GENERATION: 0x04,
  GENERATION_GT: 0x08,
  DURABLE_DELETE: 0x10,
  CREATE_ONLY: 0x20,
  RELAX_AP_LONG_QUERY: 0x40,
  RESPOND_ALL_OPS: 0x80,
} as const

/** info3 bits: stream control, existence policies, commit level, SC read mode. */
export const Info3 = {
  LAST: 0x01,
  COMMIT_MASTER: 0x02,
  PARTITION_DONE: 0x04,
  UPDATE_ONLY: 0x08,
  CREATE_OR_REPLACE: 0x10,
  REPLACE_ONLY: 0x20,
  SC_READ_TYPE: 0x40,
  SC_READ_RELAX: 0x80,
} as const

/** info4 bits: multi-record transactions (Enterprise). */
export const Info4 = {
  MRT_VERIFY_READ: 0x01,
  MRT_ROLL_FORWARD: 0x02,
  MRT_ROLL_BACK: 0x04,
  MRT_MONITOR_DRIVEN: 0x08,
  MRT_ON_LOCKING_ONLY: 0x10,
} as const

/** Field type ids. */
export const FieldType = {
  NAMESPACE: 0,
  SET: 1,
  KEY: 2,
  RECORD_VERSION: 3,
  DIGEST: 4,
  MRT_ID: 5,
  MRT_DEADLINE: 6,
  TRID: 7,
  SOCKET_TIMEOUT: 9,
  RECORDS_PER_SECOND: 10,
  PID_ARRAY: 11,
  DIGEST_ARRAY: 12,
  MAX_RECORDS: 13,
  LUT: 14,
  BVAL_ARRAY: 15,
  INDEX_NAME: 21,
  INDEX_RANGE: 22,
  INDEX_CONTEXT: 23,
  INDEX_EXPRESSION: 24,
  INDEX_TYPE: 26,
  UDF_PACKAGE_NAME: 30,
  UDF_FUNCTION: 31,
  UDF_ARGLIST: 32,
  UDF_OP: 33,
  QUERY_BINLIST: 40,
  BATCH_INDEX: 41,
  BATCH_INDEX_WITH_SET: 42,
  FILTER_EXP: 43,
} as const

/** Op type ids. */
export const OpType = {
  READ: 1,
  WRITE: 2,
  CDT_READ: 3,
  CDT_MODIFY: 4,
  INCR: 5,
  EXP_READ: 7,
  EXP_MODIFY: 8,
  APPEND: 9,
  PREPEND: 10,
  TOUCH: 11,
  BIT_READ: 12,
  BIT_MODIFY: 13,
  DELETE: 14,
  HLL_READ: 15,
  HLL_MODIFY: 16,
} as const

/** The 22-byte AS_MSG header, minus its constant size byte. */
export interface MessageHeader {
  info1: number
  info2: number
  info3: number
  info4: number
  resultCode: number
  /** Request: expected generation; response: the record's generation. */
  generation: number
  /** Request: TTL (or read-touch percent); response: void time. */
  recordTtl: number
  /** Request: server-side timeout ms; batch response rows: the row index. */
  transactionTtl: number
}

/** A field as decoded: its id and a view of its data. */
export interface MessageField {
  type: number
  data: Buffer
}

/** An op: id, particle type of its value, bin name and a view of the value bytes. */
export interface MessageOp {
  op: number
  particleType: number
  name: string
  value: Buffer
}

/** A decoded AS_MSG. Field and op data are views into the received buffer. */
export interface Message {
  header: MessageHeader
  fields: MessageField[]
  ops: MessageOp[]
}

/** A header with every value zero, to spread overrides into. */
export function emptyHeader(): MessageHeader {
  return {
    info1: 0,
    info2: 0,
    info3: 0,
    info4: 0,
    resultCode: 0,
    generation: 0,
    recordTtl: 0,
    transactionTtl: 0,
  }
}

/** Writes the 22-byte header with `nFields` fields and `nOps` ops to follow. */
export function writeMessageHeader(w: ByteWriter, h: MessageHeader, nFields: number, nOps: number): void {
  w.u8(MSG_HEADER_SIZE).u8(h.info1).u8(h.info2).u8(h.info3).u8(h.info4).u8(h.resultCode)
  w.u32(h.generation).u32(h.recordTtl).u32(h.transactionTtl).u16(nFields).u16(nOps)
}

/** Encoded size of a field carrying `dataLength` bytes. */
export function fieldSize(dataLength: number): number {
  return 5 + dataLength
}

/** Writes a field header (size and type); the caller writes `dataLength` bytes after it. */
export function writeFieldHeader(w: ByteWriter, type: number, dataLength: number): void {
  w.u32(dataLength + 1).u8(type)
}

/** Writes a whole field. */
export function writeField(w: ByteWriter, type: number, data: Uint8Array): void {
  writeFieldHeader(w, type, data.length)
  w.bytes(data)
}

/** Encoded size of an op with a `nameLength`-byte bin name and `valueLength` value bytes. */
export function opSize(nameLength: number, valueLength: number): number {
  return 8 + nameLength + valueLength
}

/** Writes an op header and its bin name; the caller writes `valueLength` value bytes after it. */
export function writeOpHeader(
  w: ByteWriter,
  op: number,
  particleType: number,
  name: string,
  nameLength: number,
  valueLength: number,
): void {
  w.u32(4 + nameLength + valueLength)
    .u8(op)
    .u8(particleType)
    .u8(0)
    .u8(nameLength)
  w.utf8(name, nameLength)
}

/** Byte length of a bin name, or EncodeError when it is over 15 bytes. */
export function binNameLength(name: string): number {
  const len = name.length <= MAX_BIN_NAME_LENGTH ? Buffer.byteLength(name) : MAX_BIN_NAME_LENGTH + 1
  if (len > MAX_BIN_NAME_LENGTH)
    throw new EncodeError(`bin name '${name}' is longer than ${MAX_BIN_NAME_LENGTH} bytes`)
  return len
}

/** An op to encode: the value is already in wire form. */
export interface OutgoingOp {
  op: number
  particleType: number
  name: string
  value: Uint8Array
}

/** A field to encode. */
export interface OutgoingField {
  type: number
  data: Uint8Array
}

/** Size of the whole frame (proto header included) that `encodeMessage` produces. */
export function messageSize(fields: readonly OutgoingField[], ops: readonly OutgoingOp[]): number {
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE
  for (const f of fields) size += fieldSize(f.data.length)
  for (const o of ops) size += opSize(binNameLength(o.name), o.value.length)
  return size
}

/** Encodes one AS_MSG frame (proto header included) into one Buffer of exactly the right size. */
export function encodeMessage(
  header: MessageHeader,
  fields: readonly OutgoingField[],
  ops: readonly OutgoingOp[],
): Buffer {
  if (fields.length > 0xffff || ops.length > MAX_OPS) throw new EncodeError('too many fields or ops')
  const size = messageSize(fields, ops)
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  writeMessageBody(w, header, fields, ops)
  return w.buf
}

/** Size of one message without a proto header (for streams of several messages per frame). */
export function messageBodySize(fields: readonly OutgoingField[], ops: readonly OutgoingOp[]): number {
  return messageSize(fields, ops) - PROTO_HEADER_SIZE
}

/** Writes one message (header, fields, ops) without a proto header. */
export function writeMessageBody(
  w: ByteWriter,
  header: MessageHeader,
  fields: readonly OutgoingField[],
  ops: readonly OutgoingOp[],
): void {
  writeMessageHeader(w, header, fields.length, ops.length)
  for (const f of fields) writeField(w, f.type, f.data)
  for (const o of ops) {
    const nameLength = binNameLength(o.name)
    writeOpHeader(w, o.op, o.particleType, o.name, nameLength, o.value.length)
    w.bytes(o.value)
  }
}

/** Reads a message header at the reader's position. */
export function readMessageHeader(r: ByteReader): { header: MessageHeader; nFields: number; nOps: number } {
  const headerSize = r.u8()
  if (headerSize !== MSG_HEADER_SIZE) throw new ParseError(`message header size ${headerSize}, expected 22`)
  const header: MessageHeader = {
    info1: r.u8(),
    info2: r.u8(),
    info3: r.u8(),
    info4: r.u8(),
    resultCode: r.u8(),
    generation: r.u32(),
    recordTtl: r.u32(),
    transactionTtl: r.u32(),
  }
  return { header, nFields: r.u16(), nOps: r.u16() }
}

/** Reads one field at the reader's position (data is a view). */
export function readField(r: ByteReader): MessageField {
  const size = r.u32()
  if (size < 1) throw new ParseError('field of size 0')
  const type = r.u8()
  return { type, data: r.bytes(size - 1) }
}

/** Reads one op at the reader's position (value is a view). */
export function readOp(r: ByteReader): MessageOp {
  const size = r.u32()
  if (size < 4) throw new ParseError(`op of size ${size}`)
  const end = r.pos + size
  r.need(size)
  const op = r.u8()
  const particleType = r.u8()
  const flags = r.u8()
  const nameLength = r.u8()
  if (4 + nameLength > size) throw new ParseError('op name overruns op')
  const name = r.utf8(nameLength)
  // flags bit 0: an 8-byte last-update time (XDR) sits between name and value.
  if (flags & 1) {
    if (r.pos + 8 > end) throw new ParseError('op LUT overruns op')
    r.skip(8)
  }
  return { op, particleType, name, value: r.bytes(end - r.pos) }
}

/** Decodes one message starting at the reader's position, leaving it after the last op. */
export function readMessage(r: ByteReader): Message {
  const { header, nFields, nOps } = readMessageHeader(r)
  // Every field takes at least 5 bytes and every op at least 8: refuse counts the bytes cannot hold.
  if (nFields * 5 + nOps * 8 > r.remaining) throw new ParseError('field/op counts exceed message size')
  const fields: MessageField[] = new Array(nFields)
  for (let i = 0; i < nFields; i++) fields[i] = readField(r)
  const ops: MessageOp[] = new Array(nOps)
  for (let i = 0; i < nOps; i++) ops[i] = readOp(r)
  return { header, fields, ops }
}

/** Decodes a frame body that holds exactly one message. */
export function decodeMessage(body: Buffer): Message {
  const r = new ByteReader(body)
  const m = readMessage(r)
  if (r.remaining !== 0) throw new ParseError(`${r.remaining} bytes after the last op`)
  return m
}

/** Decodes a frame body holding one or more concatenated messages (batch and scan streams). */
export function decodeMessages(body: Buffer): Message[] {
  const r = new ByteReader(body)
  const out: Message[] = []
  while (r.remaining > 0) out.push(readMessage(r))
  return out
}

/** The first field of `type`, or undefined. */
export function findField(m: Message, type: number): MessageField | undefined {
  for (const f of m.fields) if (f.type === type) return f
  return undefined
}
