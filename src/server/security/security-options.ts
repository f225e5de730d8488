/** Options of the emulated Enterprise security and of TLS, as `startServer` takes them, and their validated form. */
import { type AdminPrivilege, isScopedPrivilege } from '../../protocol/admin.js'
import { hashPassword } from '../../protocol/bcrypt.js'
import { isValidAllowlistEntry } from './allowlist.js'
import { PREDEFINED_ROLES, PRIVILEGE_PERMS } from './permissions.js'

/** A user the server starts with. */
export interface SecurityUserOptions {
  user: string
  password: string
  /** Role names: predefined ('read', 'read-write', 'user-admin', ...) or from `roles`. */
  roles?: string[]
}

/** A role the server starts with. */
export interface SecurityRoleOptions {
  name: string
  /** `{ code, ns?, set? }` with the PRIV_* codes. */
  privileges?: Array<{ code: number; ns?: string; set?: string }>
  /** Client addresses or CIDR ranges its users may connect from. */
  whitelist?: string[]
  readQuota?: number
  writeQuota?: number
}

/**
 * Enterprise-style security, emulated for tests: LOGIN/AUTHENTICATE, session
 * tokens, role checks on every command, and the user/role admin commands.
 */
export interface SecurityOptions {
  /** Users (default: `admin` / `admin` with role `user-admin`, as a fresh Enterprise server). */
  users?: SecurityUserOptions[]
  /** Roles besides the predefined ones. */
  roles?: SecurityRoleOptions[]
  /** Lifetime of a login session in seconds (default 86400). */
  sessionTtl?: number
}

/** Serve TLS instead of clear TCP (node:tls server options). */
export interface TlsServerOptions {
  /** Private key, PEM. */
  key: string | Buffer
  /** Certificate chain, PEM. */
  cert: string | Buffer
  /** CA certificates that client certificates must chain to (PKI logins). */
  ca?: string | Buffer | Array<string | Buffer>
  /** Ask clients for a certificate and refuse handshakes without a valid one (default false). */
  requestCert?: boolean
}

/** A user with its password hashed as LOGIN sends it. */
export interface ResolvedUser {
  name: string
  credential: string
  roles: string[]
}

/** A custom role. */
export interface ResolvedRole {
  name: string
  privileges: AdminPrivilege[]
  whitelist: string[]
  readQuota: number
  writeQuota: number
}

/** Security options with every default applied and every value checked. */
export interface ResolvedSecurity {
  users: ResolvedUser[]
  roles: ResolvedRole[]
  sessionTtl: number
}

/** Longest user or role name, bytes. */
export const MAX_NAME_BYTES = 63
/** Longest session the server hands out: ten years, in seconds. */
const MAX_SESSION_TTL = 10 * 365 * 86400

/** Whether `name` can be a user or role name: 1 to 63 bytes, no control characters. */
export function isValidName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name !== '' &&
    Buffer.byteLength(name) <= MAX_NAME_BYTES &&
    !/[\u0000-\u001f]/.test(name)
  )
}

/** Whether `p` is a privilege the server accepts: a known code, and a set only inside a namespace. */
export function isValidPrivilege(p: AdminPrivilege): boolean {
  if (!PRIVILEGE_PERMS.has(p.code)) return false
  if (!isScopedPrivilege(p.code)) return p.namespace === '' && p.set === ''
  return p.set === '' || p.namespace !== ''
}

function checkQuota(v: unknown, what: string): number {
  if (v === undefined) return 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff_ffff)
    throw new RangeError(`${what} must be an integer from 0 to 4294967295`)
  return v
}

function resolveRole(r: SecurityRoleOptions): ResolvedRole {
  if (r === null || typeof r !== 'object') throw new TypeError('a security role must be an object')
  if (!isValidName(r.name)) throw new RangeError(`bad role name ${JSON.stringify(r.name)}`)
  if (PREDEFINED_ROLES.has(r.name)) throw new RangeError(`role '${r.name}' is predefined`)
  const privileges = (r.privileges ?? []).map((p) => ({
    code: p.code,
    namespace: p.ns ?? '',
    set: p.set ?? '',
  }))
  for (const p of privileges)
    if (!isValidPrivilege(p)) throw new RangeError(`role '${r.name}': bad privilege ${JSON.stringify(p)}`)
  const whitelist = r.whitelist ?? []
  for (const a of whitelist)
    if (!isValidAllowlistEntry(a))
      throw new RangeError(`role '${r.name}': bad whitelist entry ${JSON.stringify(a)}`)
  return {
    name: r.name,
    privileges,
    whitelist: [...whitelist],
    readQuota: checkQuota(r.readQuota, `role '${r.name}' readQuota`),
    writeQuota: checkQuota(r.writeQuota, `role '${r.name}' writeQuota`),
  }
}

/** Validates the security options (TypeError/RangeError) and hashes the users' passwords. */
export function resolveSecurity(o: SecurityOptions | undefined): ResolvedSecurity | undefined {
  if (o === undefined) return undefined
  if (o === null || typeof o !== 'object') throw new TypeError('security must be an object')
  const roles = (o.roles ?? []).map(resolveRole)
  const roleNames = new Set([...PREDEFINED_ROLES.keys(), ...roles.map((r) => r.name)])
  if (roleNames.size !== PREDEFINED_ROLES.size + roles.length)
    throw new RangeError('role names must be unique')
  const users = (o.users ?? [{ user: 'admin', password: 'admin', roles: ['user-admin'] }]).map((u) => {
    if (u === null || typeof u !== 'object') throw new TypeError('a security user must be an object')
    if (!isValidName(u.user)) throw new RangeError(`bad user name ${JSON.stringify(u.user)}`)
    if (typeof u.password !== 'string') throw new TypeError(`user '${u.user}': password must be a string`)
    const userRoles = u.roles ?? []
    for (const r of userRoles)
      if (!roleNames.has(r)) throw new RangeError(`user '${u.user}': unknown role ${JSON.stringify(r)}`)
    return { name: u.user, credential: hashPassword(u.password), roles: [...new Set(userRoles)] }
  })
  if (new Set(users.map((u) => u.name)).size !== users.length)
    throw new RangeError('user names must be unique')
  const ttl = o.sessionTtl ?? 86400
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SESSION_TTL)
    throw new RangeError(`sessionTtl must be an integer from 1 to ${MAX_SESSION_TTL} seconds`)
  return { users, roles, sessionTtl: ttl }
}

/** Validates the TLS options (TypeError); the certificate itself is checked when the server starts. */
export function resolveTlsServer(o: TlsServerOptions | undefined): TlsServerOptions | undefined {
  if (o === undefined) return undefined
  if (o === null || typeof o !== 'object') throw new TypeError('tls must be an object with key and cert')
  const pem = (v: unknown): boolean => typeof v === 'string' || Buffer.isBuffer(v)
  if (!pem(o.key) || !pem(o.cert)) throw new TypeError('tls.key and tls.cert must be PEM strings or Buffers')
  if (o.ca !== undefined && !pem(o.ca) && !(Array.isArray(o.ca) && o.ca.every(pem)))
    throw new TypeError('tls.ca must be PEM text, a Buffer or a list of them')
  if (o.requestCert !== undefined && typeof o.requestCert !== 'boolean')
    throw new TypeError('tls.requestCert must be a boolean')
  return { ...o }
}
