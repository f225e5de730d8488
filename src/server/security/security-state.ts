/** The security state of a server in security mode: users, roles, sessions, authenticated connections, and permission checks. */
import type { AdminPrivilege } from '../../protocol/admin.js'
import type { ConnectionInfo } from '../handler-types.js'
import { Perm, PREDEFINED_ROLES, PRIVILEGE_PERMS } from './permissions.js'
import type { ResolvedRole, ResolvedSecurity } from './security-options.js'
import { SessionTokens } from './session-tokens.js'

/** A user: the bcrypt hash LOGIN must match, and role names. */
export interface UserRecord {
  readonly name: string
  credential: string
  roles: string[]
}

/** A role: predefined (read-only) or created by an administrator. */
export interface RoleRecord extends ResolvedRole {
  readonly predefined: boolean
}

/** Permission bits from READ to OPS_QUERY, UDF included: the data permissions a scope can limit. */
const SCOPED_PERMS =
  Perm.READ |
  Perm.QUERY |
  Perm.WRITE |
  Perm.DELETE |
  Perm.UDF_APPLY |
  Perm.UDF_QUERY |
  Perm.OPS_QUERY |
  Perm.TRUNCATE

function predefinedRole(name: string, code: number): RoleRecord {
  return {
    name,
    privileges: [{ code, namespace: '', set: '' }],
    whitelist: [],
    readQuota: 0,
    writeQuota: 0,
    predefined: true,
  }
}

const PREDEFINED: ReadonlyMap<string, RoleRecord> = new Map(
  [...PREDEFINED_ROLES].map(([name, code]) => [name, predefinedRole(name, code)]),
)

/** Whether privilege `p` covers namespace `ns` and set `set` ('' = the request names none). */
function inScope(p: AdminPrivilege, ns: string, set: string): boolean {
  return p.namespace === '' || (p.namespace === ns && (p.set === '' || p.set === set))
}

/** Users, roles, sessions and authenticated connections. */
export class SecurityState {
  readonly users = new Map<string, UserRecord>()
  private readonly custom = new Map<string, RoleRecord>()
  readonly tokens: SessionTokens
  private readonly authenticated = new Set<ConnectionInfo>()

  /** Starts with the configured users and roles. */
  constructor(config: ResolvedSecurity) {
    for (const r of config.roles) this.custom.set(r.name, { ...r, predefined: false })
    for (const u of config.users) this.users.set(u.name, { ...u, roles: [...u.roles] })
    this.tokens = new SessionTokens(config.sessionTtl)
  }

  /** The role named `name`, predefined or custom. */
  role(name: string): RoleRecord | undefined {
    return PREDEFINED.get(name) ?? this.custom.get(name)
  }

  /** Every role: the predefined ones, then the custom ones by name. */
  allRoles(): RoleRecord[] {
    return [...PREDEFINED.values(), ...[...this.custom.values()].sort((a, b) => (a.name < b.name ? -1 : 1))]
  }

  /** Adds a custom role. */
  addRole(role: ResolvedRole): void {
    this.custom.set(role.name, { ...role, predefined: false })
  }

  /** Removes a custom role, and takes it from every user holding it. */
  dropRole(name: string): void {
    this.custom.delete(name)
    for (const u of this.users.values()) u.roles = u.roles.filter((r) => r !== name)
  }

  /**
   * Whether `user` holds every permission of `perm` for namespace `ns` and
   * set `set`. Data permissions (and truncate) follow the privileges' scope;
   * the administrative ones are global.
   */
  allows(user: string, perm: number, ns = '', set = ''): boolean {
    const u = this.users.get(user)
    if (u === undefined) return false
    let missing = perm
    for (const roleName of u.roles) {
      for (const p of this.role(roleName)?.privileges ?? []) {
        const granted = PRIVILEGE_PERMS.get(p.code) ?? 0
        const usable = granted & SCOPED_PERMS && !inScope(p, ns, set) ? granted & ~SCOPED_PERMS : granted
        missing &= ~usable
        if (missing === 0) return true
      }
    }
    return missing === 0
  }

  /** Addresses `user` may connect from: the union of its roles' allowlists (empty = anywhere). */
  allowlistOf(user: string): string[] {
    const u = this.users.get(user)
    return u === undefined ? [] : u.roles.flatMap((r) => this.role(r)?.whitelist ?? [])
  }

  /** Records that `conn` is now authenticated as `user`. */
  authenticate(conn: ConnectionInfo, user: string): void {
    conn.user = user
    this.authenticated.add(conn)
  }

  /** Forgets a closed connection. */
  connectionClosed(conn: ConnectionInfo): void {
    this.authenticated.delete(conn)
  }

  /** Connections authenticated as `user`. */
  connectionsOf(user: string): number {
    let n = 0
    for (const c of this.authenticated) if (c.user === user) n++
    return n
  }
}
