/** The admin command table of security mode: login, authenticate, and the user and role commands, each answering a result code or messages. */
import {
  AdminCommand,
  type AdminFields,
  type AdminMessage,
  type AdminPrivilege,
  SecurityResult as R,
} from '../../protocol/admin.js'
import { hashPassword } from '../../protocol/bcrypt.js'
import type { ConnectionInfo } from '../handler-types.js'
import { allowlistMatches, isValidAllowlistEntry } from './allowlist.js'
import { Perm } from './permissions.js'
import { isValidName, isValidPrivilege } from './security-options.js'
import type { RoleRecord, SecurityState, UserRecord } from './security-state.js'

/**
 * What a command answers: a result code alone, OK with fields (LOGIN), or
 * (queries) the entry messages the end marker follows.
 */
export type AdminOutcome = number | { answer: AdminFields } | { entries: AdminMessage[] }

/** What a command sees: the security state, the connection, and the request's fields. */
export interface AdminCall {
  readonly security: SecurityState
  readonly conn: ConnectionInfo
  readonly fields: AdminFields
}

type AdminCommandHandler = (call: AdminCall) => AdminOutcome

/** The password the official clients give users made for PKI logins only (createPKIUser). */
const PKI_ONLY_PASSWORD = 'nopassword'

/** Whether `user` was made for PKI logins only: it never logs in with a password. */
function isPkiOnly(user: UserRecord): boolean {
  return user.credential === hashPassword(PKI_ONLY_PASSWORD)
}

/** A bcrypt hash as clients send passwords: `$2a$`, cost, 53 characters of salt and hash. */
const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/

function samePrivilege(a: AdminPrivilege, b: AdminPrivilege): boolean {
  return a.code === b.code && a.namespace === b.namespace && a.set === b.set
}

/** The connection's user, when it is authenticated as a user that still exists. */
function currentUser(call: AdminCall): UserRecord | undefined {
  const name = call.conn.user
  return name === undefined ? undefined : call.security.users.get(name)
}

/** Runs `body` when the connection is authenticated and (unless `self` says otherwise) holds user-admin. */
function asAdmin(
  body: AdminCommandHandler,
  self?: (call: AdminCall, user: UserRecord) => boolean,
): AdminCommandHandler {
  return (call) => {
    const user = currentUser(call)
    if (user === undefined) return R.NOT_AUTHENTICATED
    if (!(self?.(call, user) ?? false) && !call.security.allows(user.name, Perm.USER_ADMIN))
      return R.ROLE_VIOLATION
    return body(call)
  }
}

/** The user the request names, or the result code to refuse it with. */
function namedUser(call: AdminCall): UserRecord | number {
  const name = call.fields.user
  if (!isValidName(name)) return R.INVALID_USER
  return call.security.users.get(name) ?? R.INVALID_USER
}

/** The custom role the request names (predefined roles cannot change), or the result code. */
function customRole(call: AdminCall): RoleRecord | number {
  const name = call.fields.role
  if (!isValidName(name)) return R.INVALID_ROLE
  const role = call.security.role(name)
  return role === undefined || role.predefined ? R.INVALID_ROLE : role
}

/** The roles the request lists, all existing, or INVALID_ROLE. */
function namedRoles(call: AdminCall): string[] | number {
  const roles = call.fields.roles ?? []
  for (const r of roles) if (call.security.role(r) === undefined) return R.INVALID_ROLE
  return [...new Set(roles)]
}

function validPassword(hash: string | undefined): hash is string {
  return hash !== undefined && BCRYPT_HASH.test(hash)
}

/** Answers a successful LOGIN or AUTHENTICATE, once the address is allowed. */
function admit(call: AdminCall, user: string): number {
  const allow = call.security.allowlistOf(user)
  if (allow.length > 0 && !allowlistMatches(allow, call.conn.remoteAddress)) return R.NOT_WHITELISTED
  call.security.authenticate(call.conn, user)
  return R.OK
}

/** LOGIN: a user and credential (internal), plus the clear password (external), or nothing (PKI: the client certificate names the user). */
const login: AdminCommandHandler = (call) => {
  const { user, credential } = call.fields
  let name: string
  if (user === undefined) {
    // PKI: the verified certificate's common name is the user.
    if (call.conn.certificateName === undefined) return R.INVALID_CREDENTIAL
    name = call.conn.certificateName
    if (!call.security.users.has(name)) return R.INVALID_USER
  } else {
    const record = call.security.users.get(user)
    if (record === undefined) return R.INVALID_USER
    if (credential !== record.credential || isPkiOnly(record)) return R.INVALID_CREDENTIAL
    name = user
  }
  const result = admit(call, name)
  if (result !== R.OK) return result
  const { tokens } = call.security
  return { answer: { sessionToken: tokens.issue(name), sessionTtl: tokens.ttlSeconds } }
}

/** AUTHENTICATE: a session token (and the user it was issued to, except with PKI). */
const authenticate: AdminCommandHandler = (call) => {
  const { sessionToken, user } = call.fields
  if (sessionToken === undefined) return R.INVALID_CREDENTIAL
  const check = call.security.tokens.verify(sessionToken)
  if (check === 'invalid') return R.INVALID_CREDENTIAL
  if (check === 'expired') return R.EXPIRED_SESSION
  if (user !== undefined && user !== check.user) return R.INVALID_CREDENTIAL
  if (!call.security.users.has(check.user)) return R.INVALID_USER
  return admit(call, check.user)
}

const createUser = asAdmin((call) => {
  const { user, password } = call.fields
  if (!isValidName(user)) return R.INVALID_USER
  if (call.security.users.has(user)) return R.USER_ALREADY_EXISTS
  if (!validPassword(password)) return R.INVALID_PASSWORD
  const roles = namedRoles(call)
  if (typeof roles === 'number') return roles
  call.security.users.set(user, { name: user, credential: password, roles })
  return R.OK
})

const dropUser = asAdmin((call) => {
  const user = namedUser(call)
  if (typeof user === 'number') return user
  call.security.users.delete(user.name)
  return R.OK
})

const setPassword = asAdmin((call) => {
  const user = namedUser(call)
  if (typeof user === 'number') return user
  if (!validPassword(call.fields.password)) return R.INVALID_PASSWORD
  user.credential = call.fields.password
  return R.OK
})

/**
 * CHANGE_PASSWORD: users change their own password by proving the old one;
 * a user-admin may change anyone's (the official clients send their own old
 * password then, which is not checked).
 */
const changePassword = asAdmin(
  (call) => {
    const user = namedUser(call)
    if (typeof user === 'number') return user
    if (user.name === call.conn.user && call.fields.oldPassword !== user.credential)
      return R.INVALID_CREDENTIAL
    if (!validPassword(call.fields.password)) return R.INVALID_PASSWORD
    user.credential = call.fields.password
    return R.OK
  },
  (call, self) => call.fields.user === self.name,
)

const grantRoles = asAdmin((call) => {
  const user = namedUser(call)
  if (typeof user === 'number') return user
  const roles = namedRoles(call)
  if (typeof roles === 'number') return roles
  if (roles.length === 0) return R.INVALID_ROLE
  user.roles = [...new Set([...user.roles, ...roles])]
  return R.OK
})

const revokeRoles = asAdmin((call) => {
  const user = namedUser(call)
  if (typeof user === 'number') return user
  const roles = namedRoles(call)
  if (typeof roles === 'number') return roles
  if (roles.length === 0) return R.INVALID_ROLE
  user.roles = user.roles.filter((r) => !roles.includes(r))
  return R.OK
})

function userEntry(security: SecurityState, u: UserRecord): AdminMessage {
  let readQuota = 0
  let writeQuota = 0
  for (const r of u.roles) {
    const role = security.role(r)
    readQuota = Math.max(readQuota, role?.readQuota ?? 0)
    writeQuota = Math.max(writeQuota, role?.writeQuota ?? 0)
  }
  return {
    command: 0,
    result: R.OK,
    fields: {
      user: u.name,
      roles: u.roles,
      readInfo: [readQuota, 0, 0, 0],
      writeInfo: [writeQuota, 0, 0, 0],
      connections: security.connectionsOf(u.name),
    },
  }
}

/** QUERY_USERS: one user (themselves, or any with user-admin), or every user (user-admin). */
const queryUsers = asAdmin(
  (call) => {
    if (call.fields.user !== undefined) {
      const user = namedUser(call)
      if (typeof user === 'number') return user
      return { entries: [userEntry(call.security, user)] }
    }
    const all = [...call.security.users.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
    return { entries: all.map((u) => userEntry(call.security, u)) }
  },
  (call, self) => call.fields.user === self.name,
)

/** The request's privileges, each valid, or INVALID_PRIVILEGE. */
function requestPrivileges(call: AdminCall): AdminPrivilege[] | number {
  const privileges = call.fields.privileges ?? []
  return privileges.every(isValidPrivilege) ? [...privileges] : R.INVALID_PRIVILEGE
}

/** The request's allowlist, every entry valid, or INVALID_WHITELIST. */
function requestWhitelist(call: AdminCall): string[] | number {
  const list = call.fields.whitelist ?? []
  return list.every(isValidAllowlistEntry) ? [...list] : R.INVALID_WHITELIST
}

const createRole = asAdmin((call) => {
  const name = call.fields.role
  if (!isValidName(name)) return R.INVALID_ROLE
  if (call.security.role(name) !== undefined) return R.ROLE_ALREADY_EXISTS
  const privileges = requestPrivileges(call)
  if (typeof privileges === 'number') return privileges
  const whitelist = requestWhitelist(call)
  if (typeof whitelist === 'number') return whitelist
  const unique = privileges.filter((p, i) => privileges.findIndex((q) => samePrivilege(p, q)) === i)
  call.security.addRole({
    name,
    privileges: unique,
    whitelist,
    readQuota: call.fields.readQuota ?? 0,
    writeQuota: call.fields.writeQuota ?? 0,
  })
  return R.OK
})

const dropRole = asAdmin((call) => {
  const role = customRole(call)
  if (typeof role === 'number') return role
  call.security.dropRole(role.name)
  return R.OK
})

const grantPrivileges = asAdmin((call) => {
  const role = customRole(call)
  if (typeof role === 'number') return role
  const privileges = requestPrivileges(call)
  if (typeof privileges === 'number') return privileges
  if (privileges.length === 0) return R.INVALID_PRIVILEGE
  for (const p of privileges) if (!role.privileges.some((q) => samePrivilege(p, q))) role.privileges.push(p)
  return R.OK
})

const revokePrivileges = asAdmin((call) => {
  const role = customRole(call)
  if (typeof role === 'number') return role
  const privileges = requestPrivileges(call)
  if (typeof privileges === 'number') return privileges
  if (privileges.length === 0) return R.INVALID_PRIVILEGE
  role.privileges = role.privileges.filter((q) => !privileges.some((p) => samePrivilege(p, q)))
  return R.OK
})

const setWhitelist = asAdmin((call) => {
  const role = customRole(call)
  if (typeof role === 'number') return role
  const whitelist = requestWhitelist(call)
  if (typeof whitelist === 'number') return whitelist
  role.whitelist = whitelist
  return R.OK
})

const setQuotas = asAdmin((call) => {
  const role = customRole(call)
  if (typeof role === 'number') return role
  const { readQuota, writeQuota } = call.fields
  if (readQuota === undefined && writeQuota === undefined) return R.INVALID_QUOTA
  if (readQuota !== undefined) role.readQuota = readQuota
  if (writeQuota !== undefined) role.writeQuota = writeQuota
  return R.OK
})

function roleEntry(role: RoleRecord): AdminMessage {
  const fields: AdminFields = { role: role.name, privileges: role.privileges }
  if (role.whitelist.length > 0) fields.whitelist = role.whitelist
  fields.readQuota = role.readQuota
  fields.writeQuota = role.writeQuota
  return { command: 0, result: R.OK, fields }
}

/** QUERY_ROLES: one role (one the user holds, or any with user-admin), or every role (user-admin). */
const queryRoles = asAdmin(
  (call) => {
    const name = call.fields.role
    if (name === undefined) return { entries: call.security.allRoles().map(roleEntry) }
    const role = isValidName(name) ? call.security.role(name) : undefined
    return role === undefined ? R.INVALID_ROLE : { entries: [roleEntry(role)] }
  },
  (call, self) => call.fields.role !== undefined && self.roles.includes(call.fields.role),
)

/** Admin command id -> handler. Other ids are answered INVALID_COMMAND. */
export const ADMIN_COMMANDS: ReadonlyMap<number, AdminCommandHandler> = new Map([
  [AdminCommand.AUTHENTICATE, authenticate],
  [AdminCommand.CREATE_USER, createUser],
  [AdminCommand.DROP_USER, dropUser],
  [AdminCommand.SET_PASSWORD, setPassword],
  [AdminCommand.CHANGE_PASSWORD, changePassword],
  [AdminCommand.GRANT_ROLES, grantRoles],
  [AdminCommand.REVOKE_ROLES, revokeRoles],
  [AdminCommand.QUERY_USERS, queryUsers],
  [AdminCommand.CREATE_ROLE, createRole],
  [AdminCommand.DROP_ROLE, dropRole],
  [AdminCommand.GRANT_PRIVILEGES, grantPrivileges],
  [AdminCommand.REVOKE_PRIVILEGES, revokePrivileges],
  [AdminCommand.SET_WHITELIST, setWhitelist],
  [AdminCommand.SET_QUOTAS, setQuotas],
  [AdminCommand.QUERY_ROLES, queryRoles],
  [AdminCommand.LOGIN, login],
])
