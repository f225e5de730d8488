/** Admin (proto type 2) messages: security commands and their answers, as client and server exchange them. */
import { ByteReader } from './byte-reader.js'
import { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from './frame.js'

/** Size of the admin header that starts every admin message (after the proto header). */
export const ADMIN_HEADER_SIZE = 16
/** The only admin scheme (header byte 0). */
export const ADMIN_SCHEME = 0
/** Size of a field's header: u32 length (id byte included) and the id. */
const FIELD_HEADER_SIZE = 5
/** Longest name (user, role, namespace, set) a one-byte length can carry. */
const MAX_NAME_BYTES = 255
/** Most entries a one-byte count can carry. */
const MAX_LIST_ENTRIES = 255

/** Admin command ids (header byte 2 of a request). */
export const AdminCommand = {
  AUTHENTICATE: 0,
  CREATE_USER: 1,
  DROP_USER: 2,
  SET_PASSWORD: 3,
  CHANGE_PASSWORD: 4,
  GRANT_ROLES: 5,
  REVOKE_ROLES: 6,
  QUERY_USERS: 9,
  CREATE_ROLE: 10,
  DROP_ROLE: 11,
  GRANT_PRIVILEGES: 12,
  REVOKE_PRIVILEGES: 13,
  SET_WHITELIST: 14,
  SET_QUOTAS: 15,
  QUERY_ROLES: 16,
  LOGIN: 20,
} as const

/** Admin field ids. */
export const AdminField = {
  USER: 0,
  PASSWORD: 1,
  OLD_PASSWORD: 2,
  CREDENTIAL: 3,
  CLEAR_PASSWORD: 4,
  SESSION_TOKEN: 5,
  SESSION_TTL: 6,
  ROLES: 10,
  ROLE: 11,
  PRIVILEGES: 12,
  WHITELIST: 13,
  READ_QUOTA: 14,
  WRITE_QUOTA: 15,
  READ_INFO: 16,
  WRITE_INFO: 17,
  CONNECTIONS: 18,
} as const

/** Result codes of the security protocol (their names and messages are in the result-code table). */
export const SecurityResult = {
  OK: 0,
  /** End of a query answer. */
  QUERY_END: 50,
  NOT_SUPPORTED: 51,
  NOT_ENABLED: 52,
  SCHEME_NOT_SUPPORTED: 53,
  INVALID_COMMAND: 54,
  INVALID_FIELD: 55,
  ILLEGAL_STATE: 56,
  INVALID_USER: 60,
  USER_ALREADY_EXISTS: 61,
  INVALID_PASSWORD: 62,
  INVALID_CREDENTIAL: 65,
  EXPIRED_SESSION: 66,
  INVALID_ROLE: 70,
  ROLE_ALREADY_EXISTS: 71,
  INVALID_PRIVILEGE: 72,
  INVALID_WHITELIST: 73,
  QUOTAS_NOT_ENABLED: 74,
  INVALID_QUOTA: 75,
  NOT_AUTHENTICATED: 80,
  ROLE_VIOLATION: 81,
  NOT_WHITELISTED: 82,
  QUOTA_EXCEEDED: 83,
} as const

/** Privilege codes; those from READ up are data privileges, scoped by namespace and set. */
export const PrivilegeCode = {
  USER_ADMIN: 0,
  SYS_ADMIN: 1,
  DATA_ADMIN: 2,
  UDF_ADMIN: 3,
  SINDEX_ADMIN: 4,
  READ: 10,
  READ_WRITE: 11,
  READ_WRITE_UDF: 12,
  WRITE: 13,
  TRUNCATE: 14,
} as const

/** Whether privileges of `code` carry a namespace and set scope on the wire (the data privileges). */
export function isScopedPrivilege(code: number): boolean {
  return code >= PrivilegeCode.READ
}

/** A privilege as the PRIVILEGES field carries it; '' namespace or set means "every". */
export interface AdminPrivilege {
  code: number
  namespace: string
  set: string
}

/** The fields an admin message may carry, by name; each has one wire id and one encoding. */
export interface AdminFields {
  user?: string
  /** A bcrypt hash (CREATE_USER, SET_PASSWORD, CHANGE_PASSWORD). */
  password?: string
  oldPassword?: string
  /** The bcrypt hash LOGIN sends. */
  credential?: string
  /** The clear password of an external (LDAP) login. */
  clearPassword?: string
  sessionToken?: Uint8Array
  /** Seconds. */
  sessionTtl?: number
  roles?: readonly string[]
  role?: string
  privileges?: readonly AdminPrivilege[]
  whitelist?: readonly string[]
  readQuota?: number
  writeQuota?: number
  readInfo?: readonly number[]
  writeInfo?: readonly number[]
  connections?: number
}

/** One admin message: a request (command set, result 0) or an answer (result set). */
export interface AdminMessage {
  command: number
  result: number
  fields: AdminFields
}

/** How one field's value is sized, written and read. */
interface FieldCodec<T> {
  size(value: T): number
  write(w: ByteWriter, value: T): void
  /** Reads the value from `r`, which ends where the field ends. */
  read(r: ByteReader): T
}

function nameBytes(name: string, what: string): number {
  const n = Buffer.byteLength(name)
  if (n > MAX_NAME_BYTES) throw new EncodeError(`${what} '${name}' is longer than ${MAX_NAME_BYTES} bytes`)
  return n
}

function listCount(n: number, what: string): number {
  if (n > MAX_LIST_ENTRIES) throw new EncodeError(`more than ${MAX_LIST_ENTRIES} ${what}`)
  return n
}

const text: FieldCodec<string> = {
  size: (v) => Buffer.byteLength(v),
  write: (w, v) => w.utf8(v, Buffer.byteLength(v)),
  read: (r) => r.utf8(r.remaining),
}

const bytes: FieldCodec<Uint8Array> = {
  size: (v) => v.length,
  write: (w, v) => w.bytes(v),
  read: (r) => Buffer.from(r.bytes(r.remaining)),
}

const u32: FieldCodec<number> = {
  size: (v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff)
      throw new EncodeError(`bad unsigned 32-bit value ${v}`)
    return 4
  },
  write: (w, v) => w.u32(v),
  read: (r) => {
    if (r.remaining !== 4) throw new ParseError(`admin integer field of ${r.remaining} bytes`)
    return r.u32()
  },
}

/** u8 count, then per name u8 length and the name (ROLES). */
const names: FieldCodec<readonly string[]> = {
  size: (v) => {
    let n = 1
    for (const name of v) n += 1 + nameBytes(name, 'role')
    listCount(v.length, 'roles')
    return n
  },
  write: (w, v) => {
    w.u8(v.length)
    for (const name of v) {
      const n = Buffer.byteLength(name)
      w.u8(n).utf8(name, n)
    }
  },
  read: (r) => {
    const count = r.u8()
    const out: string[] = []
    for (let i = 0; i < count; i++) out.push(r.utf8(r.u8()))
    return out
  },
}

/** u8 count, then per privilege u8 code and, for data privileges, u8-length namespace and set. */
const privileges: FieldCodec<readonly AdminPrivilege[]> = {
  size: (v) => {
    listCount(v.length, 'privileges')
    let n = 1
    for (const p of v) {
      n += 1
      if (isScopedPrivilege(p.code)) n += 2 + nameBytes(p.namespace, 'namespace') + nameBytes(p.set, 'set')
    }
    return n
  },
  write: (w, v) => {
    w.u8(v.length)
    for (const p of v) {
      w.u8(p.code)
      if (!isScopedPrivilege(p.code)) continue
      const ns = Buffer.byteLength(p.namespace)
      const set = Buffer.byteLength(p.set)
      w.u8(ns).utf8(p.namespace, ns).u8(set).utf8(p.set, set)
    }
  },
  read: (r) => {
    const count = r.u8()
    const out: AdminPrivilege[] = []
    for (let i = 0; i < count; i++) {
      const code = r.u8()
      if (!isScopedPrivilege(code)) out.push({ code, namespace: '', set: '' })
      else out.push({ code, namespace: r.utf8(r.u8()), set: r.utf8(r.u8()) })
    }
    return out
  },
}

/** Addresses joined by commas (WHITELIST). */
const commaList: FieldCodec<readonly string[]> = {
  size: (v) => Buffer.byteLength(v.join(',')),
  write: (w, v) => {
    const joined = v.join(',')
    w.utf8(joined, Buffer.byteLength(joined))
  },
  read: (r) =>
    r
      .utf8(r.remaining)
      .split(',')
      .filter((a) => a !== ''),
}

/** u8 count, then u32 values (READ_INFO, WRITE_INFO). */
const u32List: FieldCodec<readonly number[]> = {
  size: (v) => {
    listCount(v.length, 'values')
    for (const x of v) u32.size(x)
    return 1 + 4 * v.length
  },
  write: (w, v) => {
    w.u8(v.length)
    for (const x of v) w.u32(x)
  },
  read: (r) => {
    const count = r.u8()
    const out: number[] = []
    for (let i = 0; i < count; i++) out.push(r.u32())
    return out
  },
}

type FieldSpecs = {
  readonly [K in keyof AdminFields]-?: readonly [id: number, codec: FieldCodec<NonNullable<AdminFields[K]>>]
}

/** Field name -> wire id and encoding. */
const FIELD_SPECS: FieldSpecs = {
  user: [AdminField.USER, text],
  password: [AdminField.PASSWORD, text],
  oldPassword: [AdminField.OLD_PASSWORD, text],
  credential: [AdminField.CREDENTIAL, text],
  clearPassword: [AdminField.CLEAR_PASSWORD, text],
  sessionToken: [AdminField.SESSION_TOKEN, bytes],
  sessionTtl: [AdminField.SESSION_TTL, u32],
  roles: [AdminField.ROLES, names],
  role: [AdminField.ROLE, text],
  privileges: [AdminField.PRIVILEGES, privileges],
  whitelist: [AdminField.WHITELIST, commaList],
  readQuota: [AdminField.READ_QUOTA, u32],
  writeQuota: [AdminField.WRITE_QUOTA, u32],
  readInfo: [AdminField.READ_INFO, u32List],
  writeInfo: [AdminField.WRITE_INFO, u32List],
  connections: [AdminField.CONNECTIONS, u32],
}

/** Wire id -> field name. */
const FIELD_NAMES: ReadonlyMap<number, keyof AdminFields> = new Map(
  (Object.keys(FIELD_SPECS) as (keyof AdminFields)[]).map((name) => [FIELD_SPECS[name][0], name]),
)

type FieldEntry = readonly [id: number, codec: FieldCodec<unknown>, value: unknown, size: number]

/** The fields of `fields` that are set, in their order, each with its encoded size. */
function fieldEntries(fields: AdminFields): FieldEntry[] {
  const out: FieldEntry[] = []
  for (const name of Object.keys(fields) as (keyof AdminFields)[]) {
    const value = fields[name]
    if (value === undefined) continue
    const spec = FIELD_SPECS[name]
    if (spec === undefined) throw new EncodeError(`unknown admin field '${name}'`)
    const codec = spec[1] as FieldCodec<unknown>
    out.push([spec[0], codec, value, codec.size(value)])
  }
  if (out.length > MAX_LIST_ENTRIES) throw new EncodeError('too many admin fields')
  return out
}

function messageSize(entries: readonly FieldEntry[]): number {
  let size = ADMIN_HEADER_SIZE
  for (const e of entries) size += FIELD_HEADER_SIZE + e[3]
  return size
}

function writeMessage(w: ByteWriter, msg: AdminMessage, entries: readonly FieldEntry[]): void {
  w.u8(ADMIN_SCHEME).u8(msg.result).u8(msg.command).u8(entries.length)
  w.u32(0).u32(0).u32(0)
  for (const [id, codec, value, size] of entries) {
    w.u32(size + 1).u8(id)
    codec.write(w, value)
  }
}

/**
 * One proto frame (type 2) holding `messages` back to back: a request or a
 * single answer is one message; a query answer packs several. Throws
 * EncodeError for a value the fields cannot carry.
 */
export function encodeAdminFrame(messages: readonly AdminMessage[]): Buffer {
  const entries = messages.map((m) => fieldEntries(m.fields))
  let body = 0
  for (const e of entries) body += messageSize(e)
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + body)
  writeProtoHeader(w, ProtoType.ADMIN, body)
  for (let i = 0; i < messages.length; i++) writeMessage(w, messages[i]!, entries[i]!)
  return w.buf
}

/** One admin message as a whole proto frame. */
export function encodeAdminMessage(msg: AdminMessage): Buffer {
  return encodeAdminFrame([msg])
}

/** An admin message read from the wire, with the scheme it announced. */
export interface DecodedAdminMessage extends AdminMessage {
  scheme: number
}

function readMessage(r: ByteReader): DecodedAdminMessage {
  const scheme = r.u8()
  const result = r.u8()
  const command = r.u8()
  const count = r.u8()
  r.skip(ADMIN_HEADER_SIZE - 4)
  const fields: Record<string, unknown> = {}
  for (let i = 0; i < count; i++) {
    const size = r.u32()
    if (size < 1) throw new ParseError('admin field of size 0')
    const id = r.u8()
    const start = r.pos
    r.skip(size - 1)
    const name = FIELD_NAMES.get(id)
    // Fields of unknown ids are skipped, as newer servers may add some.
    if (name === undefined) continue
    const sub = new ByteReader(r.buf, start, r.pos)
    fields[name] = (FIELD_SPECS[name][1] as FieldCodec<unknown>).read(sub)
    if (sub.remaining !== 0) throw new ParseError(`admin field ${id} has ${sub.remaining} bytes left over`)
  }
  return { scheme, result, command, fields: fields as AdminFields }
}

/**
 * Decodes the admin messages of a frame body (after the proto header). Throws
 * ParseError for truncated or malformed bytes.
 */
export function decodeAdminMessages(body: Buffer): DecodedAdminMessage[] {
  const r = new ByteReader(body)
  const out = [readMessage(r)]
  while (r.remaining > 0) out.push(readMessage(r))
  return out
}

/** Decodes a frame body holding exactly one admin message. Throws ParseError otherwise. */
export function decodeAdminMessage(body: Buffer): DecodedAdminMessage {
  const r = new ByteReader(body)
  const msg = readMessage(r)
  if (r.remaining !== 0) throw new ParseError(`${r.remaining} bytes after the admin message`)
  return msg
}
