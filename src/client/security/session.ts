/** Logging in to a node (LOGIN, by auth mode) and authenticating new connections with the session token. */
import {
  AdminCommand,
  type AdminFields,
  type AdminMessage,
  decodeAdminMessages,
  encodeAdminMessage,
  hashPassword,
  ParseError,
  ProtoType,
  ResultCode,
} from '../../protocol/index.js'
import { ConnectionFailure, type NodeConnection } from '../cluster/connection.js'
import { errorFromResultCode } from '../errors.js'
import { AUTH_EXTERNAL, AUTH_PKI } from './auth-mode.js'

/** Who the client logs in as, in the form LOGIN sends. */
export interface Credentials {
  /** AUTH_INTERNAL, AUTH_EXTERNAL or AUTH_PKI. */
  mode: number
  /** The user ('' in PKI mode: the certificate names the user). */
  user: string
  /** bcrypt hash of the password ('' in PKI mode). */
  credential: string
  /** The clear password, kept only in AUTH_EXTERNAL mode (LOGIN sends it). */
  clearPassword: string | undefined
}

/** A node's login session. */
export interface Session {
  token: Buffer
  /** When to log in again (ms since epoch): the session TTL less a minute; Infinity without a TTL. */
  renewAt: number
}

/** The credentials of `user` with `password` under auth `mode` (the password is hashed here). */
export function credentialsFor(mode: number, user: string, password: string): Credentials {
  if (mode === AUTH_PKI) return { mode, user: '', credential: '', clearPassword: undefined }
  return {
    mode,
    user,
    credential: hashPassword(password),
    clearPassword: mode === AUTH_EXTERNAL ? password : undefined,
  }
}

/** Sends one admin message on `conn` and decodes the answer; ConnectionFailure when the answer is not an admin message. */
async function adminExchange(
  conn: NodeConnection,
  command: number,
  fields: AdminFields,
  timeoutMs: number,
): Promise<AdminMessage> {
  const frame = await conn.exchange(encodeAdminMessage({ command, result: 0, fields }), timeoutMs)
  try {
    if (frame.type !== ProtoType.ADMIN) throw new ParseError(`admin answer of proto type ${frame.type}`)
    return decodeAdminMessages(frame.body)[0]!
  } catch (err) {
    const failure = new ConnectionFailure(`bad admin answer: ${(err as Error).message}`, 'network', true, {
      cause: err,
    })
    conn.close(failure)
    throw failure
  }
}

/** The LOGIN fields of each auth mode. */
function loginFields(c: Credentials): AdminFields {
  if (c.mode === AUTH_PKI) return {}
  if (c.mode === AUTH_EXTERNAL)
    return { user: c.user, credential: c.credential, clearPassword: c.clearPassword ?? '' }
  return { user: c.user, credential: c.credential }
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
  const answer = await adminExchange(conn, AdminCommand.LOGIN, loginFields(c), timeoutMs)
  const { result, fields } = answer
  if (result === ResultCode.SECURITY_NOT_SUPPORTED || result === ResultCode.SECURITY_NOT_ENABLED)
    return undefined
  const who = c.mode === AUTH_PKI ? 'PKI login' : `login of user '${c.user}'`
  if (result !== ResultCode.OK) throw errorFromResultCode(result, { detail: `${who} refused` })
  if (fields.sessionToken === undefined)
    throw errorFromResultCode(ResultCode.PARSE_ERROR, { detail: 'login answer has no session token' })
  const seconds = fields.sessionTtl ?? 0
  // Renew a minute before the session ends (as the official clients do), or after a second for short sessions.
  const renewAt = seconds > 0 ? Date.now() + Math.max(1, seconds - 60) * 1000 : Number.POSITIVE_INFINITY
  return { token: Buffer.from(fields.sessionToken), renewAt }
}

/**
 * Authenticates a new connection with a session token. Throws AdminError when
 * refused (EXPIRED_SESSION (66) when the token has expired).
 */
export async function authenticate(
  conn: NodeConnection,
  c: Credentials,
  session: Session,
  timeoutMs: number,
): Promise<void> {
  const fields: AdminFields =
    c.mode === AUTH_PKI ? { sessionToken: session.token } : { user: c.user, sessionToken: session.token }
  const answer = await adminExchange(conn, AdminCommand.AUTHENTICATE, fields, timeoutMs)
  if (answer.result !== ResultCode.OK && answer.result !== ResultCode.SECURITY_NOT_ENABLED) {
    const who = c.mode === AUTH_PKI ? 'PKI user' : `user '${c.user}'`
    throw errorFromResultCode(answer.result, { detail: `authentication of ${who} refused` })
  }
}
