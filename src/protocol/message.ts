/** AS_MSG (proto type 3): the 22-byte header, its flag bits, field and op ids, and the message codec. */
import { ByteReader, decodeUtf8 } from './byte-reader.js'
import { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from './frame.js'
import { particleSize, particleTypeOf, writeParticle } from './particles.js'

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

/**
 * A field as decoded: its id and where its data lies in the received buffer.
 * `data` is a zero-copy view made on each access; hot paths read
 * `buf[start..end)` directly.
 */
export interface MessageField {
  readonly type: number
  readonly data: Buffer
  /** The buffer the message was decoded from. */
  readonly buf: Buffer
  /** Offset of the first data byte in `buf`. */
  readonly start: number
  /** Offset just past the last data byte in `buf`. */
  readonly end: number
}

/**
 * An op as decoded: id, particle type of its value, bin name, and where the
 * value lies in the received buffer. `value` is a zero-copy view made on each
 * access; hot paths pass `buf, start, end` to `decodeParticle`.
 */
export interface MessageOp {
  readonly op: number
  readonly particleType: number
  readonly name: string
  readonly value: Buffer
  /** The buffer the message was decoded from. */
  readonly buf: Buffer
  /** Offset of the first value byte in `buf`. */
  readonly start: number
  /** Offset just past the last value byte in `buf`. */
  readonly end: number
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

/** Writes the 22-byte header with `nFields` fields and `nOps` ops to follow (EncodeError when there are too many). */
export function writeMessageHeader(w: ByteWriter, h: MessageHeader, nFields: number, nOps: number): void {
  if (nFields > 0xffff || nOps > MAX_OPS)
    throw new EncodeError(`too many fields (${nFields}) or ops (${nOps})`)
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
  const n = name.length
  if (n > MAX_BIN_NAME_LENGTH) throw binNameTooLong(name)
  for (let i = 0; i < n; i++) {
    if (name.charCodeAt(i) >= 0x80) {
      const len = Buffer.byteLength(name)
      if (len > MAX_BIN_NAME_LENGTH) throw binNameTooLong(name)
      return len
    }
  }
  return n
}

function binNameTooLong(name: string): EncodeError {
  return new EncodeError(`bin name '${name}' is longer than ${MAX_BIN_NAME_LENGTH} bytes`)
}

/** An op to encode whose value is already in wire form (e.g. a CDT op's msgpack payload). */
export interface OutgoingOp {
  op: number
  particleType: number
  name: string
  value: Uint8Array
}

/**
 * An op to encode whose value is a client value (see docs/values.md): it is
 * written straight into the message as particle `particleTypeOf(value)`, with
 * no intermediate Buffer. Leave `particleType` unset; `null` writes particle
 * NULL (a bin delete).
 */
export interface OutgoingValueOp {
  op: number
  particleType?: undefined
  name: string
  value: unknown
}

/** Either kind of op `encodeMessage` writes. */
export type AnyOutgoingOp = OutgoingOp | OutgoingValueOp

/** A field to encode. */
export interface OutgoingField {
  type: number
  data: Uint8Array
}

/** Encoded size of one op, name and value included. */
function outgoingOpSize(o: AnyOutgoingOp): number {
  const nameLength = binNameLength(o.name)
  if (o.particleType !== undefined) return opSize(nameLength, o.value.length)
  return opSize(nameLength, particleSize(particleTypeOf(o.value), o.value))
}

/** Writes one op, name and value included. */
function writeOutgoingOp(w: ByteWriter, o: AnyOutgoingOp): void {
  const nameLength = binNameLength(o.name)
  if (o.particleType !== undefined) {
    writeOpHeader(w, o.op, o.particleType, o.name, nameLength, o.value.length)
    w.bytes(o.value)
    return
  }
  const type = particleTypeOf(o.value)
  writeOpHeader(w, o.op, type, o.name, nameLength, particleSize(type, o.value))
  writeParticle(w, type, o.value)
}

/** Size of the whole frame (proto header included) that `encodeMessage` produces. */
export function messageSize(fields: readonly OutgoingField[], ops: readonly AnyOutgoingOp[]): number {
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE
  for (let i = 0; i < fields.length; i++) size += fieldSize(fields[i]!.data.length)
  for (let i = 0; i < ops.length; i++) size += outgoingOpSize(ops[i]!)
  return size
}

/**
 * Encodes one AS_MSG frame (proto header included) into one Buffer of exactly
 * the right size. Throws EncodeError for a value or bin name the wire cannot carry.
 */
export function encodeMessage(
  header: MessageHeader,
  fields: readonly OutgoingField[],
  ops: readonly AnyOutgoingOp[],
): Buffer {
  const size = messageSize(fields, ops)
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  writeMessageBody(w, header, fields, ops)
  return w.buf
}

/** Size of one message without a proto header (for streams of several messages per frame). */
export function messageBodySize(fields: readonly OutgoingField[], ops: readonly AnyOutgoingOp[]): number {
  return messageSize(fields, ops) - PROTO_HEADER_SIZE
}

/** Writes one message (header, fields, ops) without a proto header. */
export function writeMessageBody(
  w: ByteWriter,
  header: MessageHeader,
  fields: readonly OutgoingField[],
  ops: readonly AnyOutgoingOp[],
): void {
  writeMessageHeader(w, header, fields.length, ops.length)
  for (let i = 0; i < fields.length; i++) writeField(w, fields[i]!.type, fields[i]!.data)
  for (let i = 0; i < ops.length; i++) writeOutgoingOp(w, ops[i]!)
}

/** MessageField as the decoder builds it: the data view is only made when asked for. */
class DecodedField implements MessageField {
  constructor(
    readonly type: number,
    readonly buf: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}
  get data(): Buffer {
    return this.buf.subarray(this.start, this.end)
  }
}

/** MessageOp as the decoder builds it: the value view is only made when asked for. */
class DecodedOp implements MessageOp {
  constructor(
    readonly op: number,
    readonly particleType: number,
    readonly name: string,
    readonly buf: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}
  get value(): Buffer {
    return this.buf.subarray(this.start, this.end)
  }
}

/** Reads a message header at the reader's position, with the field and op counts that follow it. */
export function readMessageHeader(r: ByteReader): { header: MessageHeader; nFields: number; nOps: number } {
  const header = readHeaderAt(r)
  return { header, nFields: fieldCount(r), nOps: opCount(r) }
}

/** The field count of the header `readHeaderAt` just read. */
function fieldCount(r: ByteReader): number {
  return r.buf.readUInt16BE(r.pos - 4)
}

/** The op count of the header `readHeaderAt` just read. */
function opCount(r: ByteReader): number {
  return r.buf.readUInt16BE(r.pos - 2)
}

/** Reads the 22-byte header at the reader's position (counts excluded), leaving the reader after it. */
function readHeaderAt(r: ByteReader): MessageHeader {
  r.need(MSG_HEADER_SIZE)
  const buf = r.buf
  const p = r.pos
  if (buf[p] !== MSG_HEADER_SIZE) throw new ParseError(`message header size ${buf[p]}, expected 22`)
  r.pos = p + MSG_HEADER_SIZE
  return {
    info1: buf[p + 1]!,
    info2: buf[p + 2]!,
    info3: buf[p + 3]!,
    info4: buf[p + 4]!,
    resultCode: buf[p + 5]!,
    generation: buf.readUInt32BE(p + 6),
    recordTtl: buf.readUInt32BE(p + 10),
    transactionTtl: buf.readUInt32BE(p + 14),
  }
}

/** Reads one field at the reader's position (its data is not copied). */
export function readField(r: ByteReader): MessageField {
  const size = r.u32()
  if (size < 1) throw new ParseError('field of size 0')
  r.need(size)
  const type = r.buf[r.pos]!
  const start = r.pos + 1
  r.pos += size
  return new DecodedField(type, r.buf, start, r.pos)
}

/** Reads one op at the reader's position (its value is not copied). */
export function readOp(r: ByteReader): MessageOp {
  const size = r.u32()
  if (size < 4) throw new ParseError(`op of size ${size}`)
  r.need(size)
  const buf = r.buf
  const p = r.pos
  const end = p + size
  const nameLength = buf[p + 3]!
  let start = p + 4 + nameLength
  // flags bit 0: an 8-byte last-update time (XDR) sits between name and value.
  if (buf[p + 2]! & 1) start += 8
  if (start > end) throw new ParseError('op name overruns op')
  r.pos = end
  return new DecodedOp(buf[p]!, buf[p + 1]!, decodeUtf8(buf, p + 4, p + 4 + nameLength), buf, start, end)
}

/** Decodes one message starting at the reader's position, leaving it after the last op. */
export function readMessage(r: ByteReader): Message {
  const header = readHeaderAt(r)
  const nFields = fieldCount(r)
  const nOps = opCount(r)
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
