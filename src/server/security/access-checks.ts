/** Security checks of data and info requests: the connection must be authenticated (80) and its user hold the permission (81). */
import { SecurityResult } from '../../protocol/admin.js'
import { FieldType, Info1, Info2 } from '../../protocol/message.js'
import type { ConnectionInfo } from '../handler-types.js'
import { getParam, infoError } from '../info/params.js'
import type { Request } from '../msg/request.js'
import { INFO_PERMS, Perm, permName } from './permissions.js'
import type { SecurityState } from './security-state.js'

/** The info reply to a whole request from a connection that has not authenticated. */
export const NOT_AUTHENTICATED_INFO = `${infoError(SecurityResult.NOT_AUTHENTICATED, 'not authenticated')}\n`

/** The user `conn` is authenticated as, when that user still exists. */
export function authenticatedUser(security: SecurityState, conn: ConnectionInfo): string | undefined {
  const user = conn.user
  return user !== undefined && security.users.has(user) ? user : undefined
}

/** What a single-record request needs: delete, UDF apply, write (and read when it reads too), or read. */
function recordPermission(req: Request): number {
  if ((req.info2 & Info2.WRITE) === 0) return Perm.READ
  if (req.info2 & Info2.DELETE) return Perm.DELETE
  if (req.fields[FieldType.UDF_PACKAGE_NAME] !== undefined) return Perm.UDF_APPLY
  return Perm.WRITE | (req.info1 & Info1.READ ? Perm.READ : 0)
}

/** What a scan/query needs: UDF query (background UDF or aggregation), ops query (background ops), or query. */
function queryPermission(req: Request): number {
  if (req.fields[FieldType.UDF_PACKAGE_NAME] !== undefined) return Perm.UDF_QUERY
  return req.info2 & Info2.WRITE ? Perm.OPS_QUERY : Perm.QUERY
}

/** UTF-8 text of a byte string (names are kept one char per byte). */
function utf8(byteString: string): string {
  return Buffer.from(byteString, 'latin1').toString('utf8')
}

/**
 * The result of the security check of a data request on namespace `namespace`
 * (a byte string): OK, NOT_AUTHENTICATED (80) or ROLE_VIOLATION (81).
 * `query` says whether it is a scan/query rather than a single-record request.
 */
export function checkDataRequest(
  security: SecurityState,
  conn: ConnectionInfo,
  req: Request,
  namespace: string,
  query: boolean,
): number {
  const user = authenticatedUser(security, conn)
  if (user === undefined) return SecurityResult.NOT_AUTHENTICATED
  const perm = query ? queryPermission(req) : recordPermission(req)
  const set = req.fields[FieldType.SET]?.toString('utf8') ?? ''
  return security.allows(user, perm, utf8(namespace), set) ? SecurityResult.OK : SecurityResult.ROLE_VIOLATION
}

/**
 * The error value of an info command the connection's user may not run
 * (`ERROR:81:role violation - requires permission '<perm>'`), or undefined.
 * Truncate commands are checked against the namespace and set they name.
 */
export function checkInfoCommand(
  security: SecurityState,
  conn: ConnectionInfo,
  name: string,
  params: string,
): string | undefined {
  if (!Object.hasOwn(INFO_PERMS, name)) return undefined
  const perm = INFO_PERMS[name]!
  const user = authenticatedUser(security, conn)
  if (user === undefined) return infoError(SecurityResult.NOT_AUTHENTICATED, 'not authenticated')
  let ns = ''
  let set = ''
  if (perm === Perm.TRUNCATE) {
    const n = getParam(params, 'namespace', 1024)
    const s = getParam(params, 'set', 1024)
    if (typeof n === 'object') ns = utf8(n.value)
    if (typeof s === 'object') set = utf8(s.value)
  }
  if (security.allows(user, perm, ns, set)) return undefined
  return infoError(SecurityResult.ROLE_VIOLATION, `role violation - requires permission '${permName(perm)}'`)
}
