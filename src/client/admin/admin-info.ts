/** What the admin queries return: a user's roles and usage, a role's privileges, allowlist and quotas. */
import type { AdminMessage } from '../../protocol/index.js'
import { fromAdminPrivilege, type Privilege } from './privilege.js'

/** A user, as adminQueryUserInfo and adminQueryUsersInfo return it. */
export interface UserInfo {
  user: string
  roles: string[]
  /** Connections the user has open (as reported by the node asked). */
  connsInUse: number
  /** Read quota and usage figures the server reports, when it reports them. */
  readInfo?: number[]
  /** Write quota and usage figures the server reports, when it reports them. */
  writeInfo?: number[]
}

/** A role, as adminQueryRole and adminQueryRoles return it. */
export interface RoleInfo {
  name: string
  privileges: Privilege[]
  /** Addresses (or CIDR ranges) the role's users may connect from; empty = anywhere. */
  allowlist: string[]
  /** Reads per second allowed (0 = no limit). */
  readQuota: number
  /** Writes per second allowed (0 = no limit). */
  writeQuota: number
}

/** A user from one QUERY_USERS answer message. */
export function toUserInfo(m: AdminMessage): UserInfo {
  const f = m.fields
  const out: UserInfo = { user: f.user ?? '', roles: [...(f.roles ?? [])], connsInUse: f.connections ?? 0 }
  if (f.readInfo !== undefined && f.readInfo.length > 0) out.readInfo = [...f.readInfo]
  if (f.writeInfo !== undefined && f.writeInfo.length > 0) out.writeInfo = [...f.writeInfo]
  return out
}

/** A role from one QUERY_ROLES answer message. */
export function toRoleInfo(m: AdminMessage): RoleInfo {
  const f = m.fields
  return {
    name: f.role ?? '',
    privileges: (f.privileges ?? []).map(fromAdminPrivilege),
    allowlist: [...(f.whitelist ?? [])],
    readQuota: f.readQuota ?? 0,
    writeQuota: f.writeQuota ?? 0,
  }
}
