/** The admin calls (users, roles, privileges, allowlists, quotas): validate, build the admin message, send it to a random node. */
import {
  AdminCommand,
  type AdminFields,
  type AdminMessage,
  hashPassword,
  SecurityResult,
} from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { errorFromResultCode } from '../errors.js'
import { AUTH_EXTERNAL, AUTH_PKI } from '../security/auth-mode.js'
import { checkPassword, checkQuota, checkRole, checkRoles, checkUser, checkWhitelist } from './admin-args.js'
import { adminCall, adminQuery } from './admin-call.js'
import { type RoleInfo, toRoleInfo, toUserInfo, type UserInfo } from './admin-info.js'
import { toAdminPrivileges } from './privilege.js'

/** Where admin calls go and how long they may take. */
export interface AdminTarget {
  readonly cluster: Cluster
  /** ms. */
  readonly timeout: number
}

function request(command: number, fields: AdminFields): AdminMessage {
  return { command, result: 0, fields }
}

async function call(t: AdminTarget, command: number, fields: AdminFields, what: string): Promise<void> {
  await adminCall(t.cluster.randomNode(), { message: request(command, fields), what }, t.timeout)
}

async function query(
  t: AdminTarget,
  command: number,
  fields: AdminFields,
  what: string,
): Promise<AdminMessage[]> {
  return adminQuery(t.cluster.randomNode(), { message: request(command, fields), what }, t.timeout)
}

/** Creates `user` with `password` and `roles`. */
export async function createUser(
  t: AdminTarget,
  user: unknown,
  password: unknown,
  roles: unknown,
): Promise<void> {
  const u = checkUser(user)
  const fields = { user: u, password: hashPassword(checkPassword(password)), roles: checkRoles(roles) }
  await call(t, AdminCommand.CREATE_USER, fields, `create user '${u}'`)
}

/** Drops `user`. */
export async function dropUser(t: AdminTarget, user: unknown): Promise<void> {
  const u = checkUser(user)
  await call(t, AdminCommand.DROP_USER, { user: u }, `drop user '${u}'`)
}

/** Sets another user's password (user-admin). */
export async function setPassword(t: AdminTarget, user: unknown, password: unknown): Promise<void> {
  const u = checkUser(user)
  const fields = { user: u, password: hashPassword(checkPassword(password)) }
  await call(t, AdminCommand.SET_PASSWORD, fields, `set password of user '${u}'`)
}

/**
 * Changes a password. For the user the client is logged in as, proves the
 * old password (CHANGE_PASSWORD) and logs in with the new one from then on;
 * for any other user, sets it as an administrator (SET_PASSWORD).
 */
export async function changePassword(t: AdminTarget, user: unknown, password: unknown): Promise<void> {
  const u = checkUser(user)
  const clear = checkPassword(password)
  const own = t.cluster.loginCredentials
  if (own === undefined || own.mode === AUTH_PKI || own.user !== u) {
    await setPassword(t, u, clear)
    return
  }
  const hash = hashPassword(clear)
  const fields = { user: u, oldPassword: own.credential, password: hash }
  await call(t, AdminCommand.CHANGE_PASSWORD, fields, `change password of user '${u}'`)
  t.cluster.setCredentials({
    ...own,
    credential: hash,
    clearPassword: own.mode === AUTH_EXTERNAL ? clear : undefined,
  })
}

/** Adds `roles` to `user`. */
export async function grantRoles(t: AdminTarget, user: unknown, roles: unknown): Promise<void> {
  const u = checkUser(user)
  await call(t, AdminCommand.GRANT_ROLES, { user: u, roles: checkRoles(roles) }, `grant roles to user '${u}'`)
}

/** Removes `roles` from `user`. */
export async function revokeRoles(t: AdminTarget, user: unknown, roles: unknown): Promise<void> {
  const u = checkUser(user)
  await call(
    t,
    AdminCommand.REVOKE_ROLES,
    { user: u, roles: checkRoles(roles) },
    `revoke roles of user '${u}'`,
  )
}

/** One user; AdminError INVALID_USER (60) when there is no such user. */
export async function queryUser(t: AdminTarget, user: unknown): Promise<UserInfo> {
  const u = checkUser(user)
  const what = `query user '${u}'`
  const found = await query(t, AdminCommand.QUERY_USERS, { user: u }, what)
  if (found.length === 0) throw errorFromResultCode(SecurityResult.INVALID_USER, { detail: what })
  return toUserInfo(found[0]!)
}

/** Every user. */
export async function queryUsers(t: AdminTarget): Promise<UserInfo[]> {
  return (await query(t, AdminCommand.QUERY_USERS, {}, 'query users')).map(toUserInfo)
}

/** Creates `role` with privileges, and optionally an allowlist and quotas. */
export async function createRole(
  t: AdminTarget,
  role: unknown,
  privileges: unknown,
  whitelist: unknown,
  readQuota: unknown,
  writeQuota: unknown,
): Promise<void> {
  const r = checkRole(role)
  const where = `create role '${r}'`
  const fields: AdminFields = { role: r }
  const privs = toAdminPrivileges(privileges, where)
  if (privs.length > 0) fields.privileges = privs
  const allow = whitelist === undefined || whitelist === null ? [] : checkWhitelist(whitelist)
  if (allow.length > 0) fields.whitelist = allow
  const rq = checkQuota(readQuota ?? 0, 'readQuota')
  if (rq > 0) fields.readQuota = rq
  const wq = checkQuota(writeQuota ?? 0, 'writeQuota')
  if (wq > 0) fields.writeQuota = wq
  await call(t, AdminCommand.CREATE_ROLE, fields, where)
}

/** Drops `role` (users holding it lose it). */
export async function dropRole(t: AdminTarget, role: unknown): Promise<void> {
  const r = checkRole(role)
  await call(t, AdminCommand.DROP_ROLE, { role: r }, `drop role '${r}'`)
}

/** Adds privileges to `role`. */
export async function grantPrivileges(t: AdminTarget, role: unknown, privileges: unknown): Promise<void> {
  const r = checkRole(role)
  const where = `grant privileges to role '${r}'`
  await call(
    t,
    AdminCommand.GRANT_PRIVILEGES,
    { role: r, privileges: toAdminPrivileges(privileges, where) },
    where,
  )
}

/** Removes privileges from `role`. */
export async function revokePrivileges(t: AdminTarget, role: unknown, privileges: unknown): Promise<void> {
  const r = checkRole(role)
  const where = `revoke privileges of role '${r}'`
  await call(
    t,
    AdminCommand.REVOKE_PRIVILEGES,
    { role: r, privileges: toAdminPrivileges(privileges, where) },
    where,
  )
}

/** One role; AdminError INVALID_ROLE (70) when there is no such role. */
export async function queryRole(t: AdminTarget, role: unknown): Promise<RoleInfo> {
  const r = checkRole(role)
  const what = `query role '${r}'`
  const found = await query(t, AdminCommand.QUERY_ROLES, { role: r }, what)
  if (found.length === 0) throw errorFromResultCode(SecurityResult.INVALID_ROLE, { detail: what })
  return toRoleInfo(found[0]!)
}

/** Every role, predefined ones included. */
export async function queryRoles(t: AdminTarget): Promise<RoleInfo[]> {
  return (await query(t, AdminCommand.QUERY_ROLES, {}, 'query roles')).map(toRoleInfo)
}

/** Replaces the allowlist of `role`; an empty list removes it. */
export async function setWhitelist(t: AdminTarget, role: unknown, whitelist: unknown): Promise<void> {
  const r = checkRole(role)
  const allow = checkWhitelist(whitelist)
  const fields: AdminFields = allow.length > 0 ? { role: r, whitelist: allow } : { role: r }
  await call(t, AdminCommand.SET_WHITELIST, fields, `set whitelist of role '${r}'`)
}

/** Sets the read and write quotas of `role` (records per second; 0 = none). */
export async function setQuotas(
  t: AdminTarget,
  role: unknown,
  readQuota: unknown,
  writeQuota: unknown,
): Promise<void> {
  const r = checkRole(role)
  const fields = {
    role: r,
    readQuota: checkQuota(readQuota ?? 0, 'readQuota'),
    writeQuota: checkQuota(writeQuota ?? 0, 'writeQuota'),
  }
  await call(t, AdminCommand.SET_QUOTAS, fields, `set quotas of role '${r}'`)
}
