/** Logging in to a node (LOGIN with the bcrypt credential) and authenticating new connections with the session token. */
import { ProtoType, ResultCode } from '../../protocol/index.js'
import { ConnectionFailure, type NodeConnection } from '../cluster/connection.js'
import { errorFromResultCode } from '../errors.js'
import { AdminCommand, AdminField, decodeAdminResponse, encodeAdminRequest } from './admin-message.js'
import { AEROSPIKE_PASSWORD_SALT, bcrypt } from './bcrypt.js'

/** A user and the bcrypt hash of their password, as LOGIN sends it. */
export interface Credentials {
  user: string
  credential: string
}

/** A node's login session. */
export interface Session {
  token: Buffer
  /** When to log in again (ms since epoch): the session TTL less a minute; Infinity without a TTL. */
  renewAt: number
}

/** Hashes a password for LOGIN (bcrypt with Aerospike's fixed salt). */
export function credentialsFor(user: string, password: string): Credentials {
  return { user, credential: bcrypt(password, AEROSPIKE_PASSWORD_SALT) }
}

async function adminExchange(
  conn: NodeConnection,
  command: number,
  fields: ReadonlyArray<readonly [number, Uint8Array]>,
  timeoutMs: number,
) {
  const frame = await conn.exchange(encodeAdminRequest(command, fields), timeoutMs)
  if (frame.type !== ProtoType.ADMIN) {
    const err = new ConnectionFailure(`admin answer of proto type ${frame.type}`, 'network', true)
    conn.close(err)
    throw err
  }
  return decodeAdminResponse(frame.body)
}

/**
 * Logs in on `conn`. Resolves to the session, or undefined when the server
 * has no security (51 not supported, 52 not enabled). Throws AdminError for a
 * refused login, ConnectionFailure for a failed connection.
 */
export async function login(
  conn: NodeConnection,
  c: Credentials,
  timeoutMs: number,
): Promise<Session | undefined> {
  const answer = await adminExchange(
    conn,
    AdminCommand.LOGIN,
    [
      [AdminField.USER, Buffer.from(c.user)],
      [AdminField.CREDENTIAL, Buffer.from(c.credential)],
    ],
    timeoutMs,
  )
  if (
    answer.resultCode === ResultCode.SECURITY_NOT_SUPPORTED ||
    answer.resultCode === ResultCode.SECURITY_NOT_ENABLED
  )
    return undefined
  if (answer.resultCode !== ResultCode.OK)
    throw errorFromResultCode(answer.resultCode, { detail: `login of user '${c.user}' refused` })
  const token = answer.fields.get(AdminField.SESSION_TOKEN)
  if (token === undefined)
    throw errorFromResultCode(ResultCode.PARSE_ERROR, { detail: 'login answer has no token' })
  const ttl = answer.fields.get(AdminField.SESSION_TTL)
  const seconds = ttl !== undefined && ttl.length === 4 ? ttl.readUInt32BE(0) : 0
  // Renew a minute before the session ends (as the official clients do).
  const renewAt = seconds > 0 ? Date.now() + Math.max(1, seconds - 60) * 1000 : Number.POSITIVE_INFINITY
  return { token: Buffer.from(token), renewAt }
}

/** Authenticates a new connection with a session token. Throws AdminError when refused. */
export async function authenticate(
  conn: NodeConnection,
  user: string,
  session: Session,
  timeoutMs: number,
): Promise<void> {
  const answer = await adminExchange(
    conn,
    AdminCommand.AUTHENTICATE,
    [
      [AdminField.USER, Buffer.from(user)],
      [AdminField.SESSION_TOKEN, session.token],
    ],
    timeoutMs,
  )
  if (answer.resultCode !== ResultCode.OK)
    throw errorFromResultCode(answer.resultCode, { detail: `authentication of user '${user}' refused` })
}
