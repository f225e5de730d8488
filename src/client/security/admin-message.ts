/** Admin (proto type 2) messages the client sends: LOGIN and AUTHENTICATE, and the answers to them. */
import {
  ByteReader,
  ByteWriter,
  ParseError,
  PROTO_HEADER_SIZE,
  ProtoType,
  writeProtoHeader,
} from '../../protocol/index.js'

/** Size of the admin header after the proto header. */
const ADMIN_HEADER_SIZE = 16

/** Admin command ids. */
export const AdminCommand = {
  AUTHENTICATE: 0,
  LOGIN: 20,
} as const

/** Admin field ids. */
export const AdminField = {
  USER: 0,
  CREDENTIAL: 3,
  SESSION_TOKEN: 5,
  SESSION_TTL: 6,
} as const

/** Encodes an admin request: proto header, 16-byte admin header, then `[id, data]` fields. */
export function encodeAdminRequest(
  command: number,
  fields: ReadonlyArray<readonly [number, Uint8Array]>,
): Buffer {
  let size = PROTO_HEADER_SIZE + ADMIN_HEADER_SIZE
  for (const [, data] of fields) size += 5 + data.length
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.ADMIN, size - PROTO_HEADER_SIZE)
  w.u8(0).u8(0).u8(command).u8(fields.length)
  w.bytes(Buffer.alloc(12))
  for (const [id, data] of fields) {
    w.u32(data.length + 1).u8(id)
    w.bytes(data)
  }
  return w.buf
}

/** An admin answer: its result code and fields by id. */
export interface AdminResponse {
  resultCode: number
  fields: Map<number, Buffer>
}

/** Decodes an admin answer body (after the proto header). Throws ParseError for malformed bytes. */
export function decodeAdminResponse(body: Buffer): AdminResponse {
  const r = new ByteReader(body)
  r.need(ADMIN_HEADER_SIZE)
  const resultCode = body[1]!
  const count = body[3]!
  r.skip(ADMIN_HEADER_SIZE)
  const fields = new Map<number, Buffer>()
  for (let i = 0; i < count; i++) {
    const size = r.u32()
    if (size < 1) throw new ParseError('admin field of size 0')
    const id = r.u8()
    fields.set(id, r.bytes(size - 1))
  }
  return { resultCode, fields }
}
