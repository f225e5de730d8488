/** Permissions of the emulated Enterprise security: the server's permission bits, what each privilege grants, the predefined roles, and which info commands need what. */
import { PrivilegeCode } from '../../protocol/admin.js'

/** Permission bits, as the server's as_sec_perm (the names are the ones role-violation messages use). */
export const Perm = {
  READ: 0x0001,
  QUERY: 0x0002,
  WRITE: 0x0004,
  DELETE: 0x0008,
  UDF_APPLY: 0x0010,
  UDF_QUERY: 0x0020,
  OPS_QUERY: 0x0040,
  UDF_ADMIN: 0x0001_0000,
  SINDEX_ADMIN: 0x0002_0000,
  QUERY_ADMIN: 0x0004_0000,
  TRUNCATE: 0x0008_0000,
  EVICT_ADMIN: 0x0010_0000,
  RECORD_INFO: 0x0020_0000,
  SET_CONFIG: 0x0100_0000,
  LOGGING_CTRL: 0x0200_0000,
  SERVICE_CTRL: 0x0400_0000,
  XDR_SET_FILTER: 0x0800_0000,
  USER_ADMIN: 0x1000_0000,
} as const

/** Permission bit -> its name in `ERROR:81:role violation - requires permission '<name>'`. */
export const PERM_NAMES: ReadonlyMap<number, string> = new Map([
  [Perm.READ, 'read'],
  [Perm.QUERY, 'query'],
  [Perm.WRITE, 'write'],
  [Perm.DELETE, 'delete'],
  [Perm.UDF_APPLY, 'udf-apply'],
  [Perm.UDF_QUERY, 'udf-query'],
  [Perm.OPS_QUERY, 'ops-query'],
  [Perm.UDF_ADMIN, 'udf-admin'],
  [Perm.SINDEX_ADMIN, 'sindex-admin'],
  [Perm.QUERY_ADMIN, 'query-admin'],
  [Perm.TRUNCATE, 'truncate'],
  [Perm.EVICT_ADMIN, 'evict-admin'],
  [Perm.RECORD_INFO, 'record-info'],
  [Perm.SET_CONFIG, 'set-config'],
  [Perm.LOGGING_CTRL, 'logging-ctrl'],
  [Perm.SERVICE_CTRL, 'service-ctrl'],
  [Perm.XDR_SET_FILTER, 'xdr-set-filter'],
  [Perm.USER_ADMIN, 'user-admin'],
])

const READ_PERMS = Perm.READ | Perm.QUERY
const READ_WRITE_PERMS = READ_PERMS | Perm.WRITE | Perm.DELETE | Perm.OPS_QUERY

/** Privilege code -> the permissions it grants. */
export const PRIVILEGE_PERMS: ReadonlyMap<number, number> = new Map([
  [PrivilegeCode.USER_ADMIN, Perm.USER_ADMIN],
  [
    PrivilegeCode.SYS_ADMIN,
    Perm.SET_CONFIG |
      Perm.LOGGING_CTRL |
      Perm.SERVICE_CTRL |
      Perm.QUERY_ADMIN |
      Perm.EVICT_ADMIN |
      Perm.RECORD_INFO |
      Perm.XDR_SET_FILTER,
  ],
  [PrivilegeCode.DATA_ADMIN, Perm.UDF_ADMIN | Perm.SINDEX_ADMIN | Perm.TRUNCATE | Perm.QUERY_ADMIN],
  [PrivilegeCode.UDF_ADMIN, Perm.UDF_ADMIN],
  [PrivilegeCode.SINDEX_ADMIN, Perm.SINDEX_ADMIN],
  [PrivilegeCode.READ, READ_PERMS],
  [PrivilegeCode.READ_WRITE, READ_WRITE_PERMS],
  [PrivilegeCode.READ_WRITE_UDF, READ_WRITE_PERMS | Perm.UDF_APPLY | Perm.UDF_QUERY],
  [PrivilegeCode.WRITE, Perm.WRITE | Perm.DELETE],
  [PrivilegeCode.TRUNCATE, Perm.TRUNCATE],
])

/** The predefined roles: each holds the one global privilege of the same name. */
export const PREDEFINED_ROLES: ReadonlyMap<string, number> = new Map([
  ['user-admin', PrivilegeCode.USER_ADMIN],
  ['sys-admin', PrivilegeCode.SYS_ADMIN],
  ['data-admin', PrivilegeCode.DATA_ADMIN],
  ['udf-admin', PrivilegeCode.UDF_ADMIN],
  ['sindex-admin', PrivilegeCode.SINDEX_ADMIN],
  ['read', PrivilegeCode.READ],
  ['read-write', PrivilegeCode.READ_WRITE],
  ['read-write-udf', PrivilegeCode.READ_WRITE_UDF],
  ['write', PrivilegeCode.WRITE],
  ['truncate', PrivilegeCode.TRUNCATE],
])

/**
 * Info commands that need a permission (as in the server's info table; every
 * other command only needs an authenticated connection). Truncate commands
 * are checked against the namespace and set they name.
 */
export const INFO_PERMS: Readonly<Record<string, number>> = {
  'config-set': Perm.SET_CONFIG,
  'debug-record': Perm.RECORD_INFO,
  'debug-record-meta': Perm.RECORD_INFO,
  'eviction-reset': Perm.EVICT_ADMIN,
  'log-message': Perm.LOGGING_CTRL,
  'log-set': Perm.LOGGING_CTRL,
  'query-abort': Perm.QUERY_ADMIN,
  'query-abort-all': Perm.QUERY_ADMIN,
  recluster: Perm.SERVICE_CTRL,
  'set-config': Perm.SET_CONFIG,
  'set-log': Perm.LOGGING_CTRL,
  'sindex-create': Perm.SINDEX_ADMIN,
  'sindex-delete': Perm.SINDEX_ADMIN,
  'sindex-exists': Perm.SINDEX_ADMIN,
  truncate: Perm.TRUNCATE,
  'truncate-namespace': Perm.TRUNCATE,
  'truncate-namespace-undo': Perm.TRUNCATE,
  'truncate-undo': Perm.TRUNCATE,
  'udf-clear-cache': Perm.UDF_ADMIN,
  'udf-put': Perm.UDF_ADMIN,
  'udf-remove': Perm.UDF_ADMIN,
}

/** The name of the first bit of `perm` (the one a violation message names). */
export function permName(perm: number): string {
  for (const [bit, name] of PERM_NAMES) if (perm & bit) return name
  return 'none'
}
