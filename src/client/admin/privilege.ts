/** Role privileges: aerospike-py's PRIV_* codes, the `{ code, ns, set }` shape, and its checks before sending. */
import { type AdminPrivilege, isScopedPrivilege, PrivilegeCode } from '../../protocol/index.js'
import { invalidArg } from '../errors.js'

/** Manage users and roles. Global only. */
export const PRIV_USER_ADMIN = PrivilegeCode.USER_ADMIN
/** Server administration (configuration, jobs), not users. Global only. */
export const PRIV_SYS_ADMIN = PrivilegeCode.SYS_ADMIN
/** UDF and secondary-index administration, and truncate. Global only. */
export const PRIV_DATA_ADMIN = PrivilegeCode.DATA_ADMIN
/** UDF administration (register, remove). Global only. */
export const PRIV_UDF_ADMIN = PrivilegeCode.UDF_ADMIN
/** Secondary-index administration (create, remove). Global only. */
export const PRIV_SINDEX_ADMIN = PrivilegeCode.SINDEX_ADMIN
/** Read records, scan and query. Global, or scoped to a namespace (and set). */
export const PRIV_READ = PrivilegeCode.READ
/** Read and write records. Global, or scoped to a namespace (and set). */
export const PRIV_READ_WRITE = PrivilegeCode.READ_WRITE
/** Read and write records, and apply UDFs. Global, or scoped to a namespace (and set). */
export const PRIV_READ_WRITE_UDF = PrivilegeCode.READ_WRITE_UDF
/** Write records (no reads). Global, or scoped to a namespace (and set). */
export const PRIV_WRITE = PrivilegeCode.WRITE
/** Truncate. Global, or scoped to a namespace (and set). */
export const PRIV_TRUNCATE = PrivilegeCode.TRUNCATE

/**
 * A privilege of a role: a PRIV_* code, with an optional namespace and set
 * scope for the data privileges (READ, READ_WRITE, READ_WRITE_UDF, WRITE,
 * TRUNCATE). Without `ns` it applies to every namespace; without `set`, to
 * every set of `ns`.
 */
export interface Privilege {
  code: number
  ns?: string | null
  set?: string | null
}

const KNOWN_CODES: ReadonlySet<number> = new Set(Object.values(PrivilegeCode))
/** Longest namespace and set names. */
const MAX_NS_BYTES = 31
const MAX_SET_BYTES = 63

function scopeName(value: unknown, what: string, max: number, where: string): string {
  if (value === undefined || value === null || value === '') return ''
  if (typeof value !== 'string' || Buffer.byteLength(value) > max)
    throw invalidArg(`${where}: privilege ${what} must be a string of at most ${max} bytes`)
  return value
}

/** Checks a privilege list and converts it to the wire form. Throws InvalidArgError. */
export function toAdminPrivileges(list: unknown, where: string): AdminPrivilege[] {
  if (!Array.isArray(list)) throw invalidArg(`${where}: privileges must be a list of { code, ns?, set? }`)
  if (list.length > 255) throw invalidArg(`${where}: at most 255 privileges`)
  return list.map((p: unknown) => {
    if (typeof p !== 'object' || p === null)
      throw invalidArg(`${where}: a privilege must be { code, ns?, set? }`)
    const { code, ns, set } = p as Privilege
    if (typeof code !== 'number' || !KNOWN_CODES.has(code))
      throw invalidArg(`${where}: unknown privilege code ${String(code)} (use the PRIV_* constants)`)
    const namespace = scopeName(ns, 'ns', MAX_NS_BYTES, where)
    const setName = scopeName(set, 'set', MAX_SET_BYTES, where)
    if (!isScopedPrivilege(code) && (namespace !== '' || setName !== ''))
      throw invalidArg(`${where}: privilege ${code} is global and cannot have a namespace or set`)
    if (setName !== '' && namespace === '')
      throw invalidArg(`${where}: a privilege scoped to set '${setName}' needs a namespace`)
    return { code, namespace, set: setName }
  })
}

/** The user-facing form of a wire privilege: `ns` and `set` only when scoped. */
export function fromAdminPrivilege(p: AdminPrivilege): Privilege {
  const out: Privilege = { code: p.code }
  if (p.namespace !== '') out.ns = p.namespace
  if (p.set !== '') out.set = p.set
  return out
}
