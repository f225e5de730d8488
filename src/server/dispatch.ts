/** The dispatch tables: proto type -> frame handler, and for AS_MSG the request kind (batch, scan/query, single record). */

import { SecurityResult } from '../protocol/admin.js'
import { ProtoType } from '../protocol/frame.js'
import { FieldType, Info1, Info3, MSG_HEADER_SIZE } from '../protocol/message.js'
import { serveBatch } from './batch/batch-handler.js'
import { singleRecordCommand } from './commands/single-record.js'
import type { ConnectionInfo, ReplyOrPromise } from './handler-types.js'
import { handleInfo } from './info/info-handler.js'
import { parseRequest } from './msg/request.js'
import { headerReply } from './msg/response.js'
import { queryHandler } from './query/query-handler.js'
import { authenticatedUser, checkDataRequest } from './security/access-checks.js'
import { adminResult, handleSecureAdmin } from './security/admin-handler.js'
import type { ServerState } from './server-state.js'

const PARAMETER = 4
const NAMESPACE = 20
const ENTERPRISE_ONLY = 25
/** Namespace names are shorter than this. */
const NS_NAME_SIZE = 32

/** Handles one whole frame body of one proto type. */
export type FrameHandler = (state: ServerState, body: Buffer, conn: ConnectionInfo) => ReplyOrPromise

/**
 * AS_MSG: batch, then demarshal, namespace, then scan/query (no digest) or a
 * single-record command. In security mode the connection must be
 * authenticated (80) and its user allowed the request (81).
 */
function handleMessage(state: ServerState, body: Buffer, conn: ConnectionInfo): ReplyOrPromise {
  const { security } = state
  if (body.length >= MSG_HEADER_SIZE && body[1]! & Info1.BATCH) {
    if (security !== undefined && authenticatedUser(security, conn) === undefined)
      return headerReply(SecurityResult.NOT_AUTHENTICATED, 0, 0, Info3.LAST)
    return serveBatch(state, body, conn)
  }
  if (security !== undefined && authenticatedUser(security, conn) === undefined)
    return headerReply(SecurityResult.NOT_AUTHENTICATED)
  const req = parseRequest(body)
  if (req === undefined) {
    state.counters.demarshalError++
    return headerReply(PARAMETER)
  }
  const nsField = req.fields[FieldType.NAMESPACE]
  const ns =
    nsField === undefined || nsField.length >= NS_NAME_SIZE
      ? undefined
      : state.store.namespace(nsField.toString('latin1'))
  if (ns === undefined) return headerReply(NAMESPACE)
  const digest = req.fields[FieldType.DIGEST]
  if (security !== undefined) {
    const allowed = checkDataRequest(security, conn, req, ns.name, digest === undefined)
    if (allowed !== SecurityResult.OK) return headerReply(allowed)
  }
  if (digest === undefined) return queryHandler(state, req, ns, conn)
  if (digest.length !== 20) {
    ns.counters.client_tsvc_error++
    return headerReply(PARAMETER)
  }
  return singleRecordCommand(state, req, ns, digest)
}

/**
 * Security messages: in security mode, the admin commands; otherwise, as a
 * Community Edition server, "not supported" (51) with no fields for every one.
 */
function handleAdmin(state: ServerState, body: Buffer, conn: ConnectionInfo): ReplyOrPromise {
  if (state.security === undefined) return adminResult(SecurityResult.NOT_SUPPORTED)
  return handleSecureAdmin(state.security, body, conn)
}

/** Compressed requests: Enterprise-only, answered like a demarshal error. */
function handleCompressed(): Buffer {
  return headerReply(ENTERPRISE_ONLY)
}

/** Proto type -> handler. Frames of other types never get here: the connection closes on them. */
export const FRAME_HANDLERS: Readonly<Record<number, FrameHandler>> = {
  [ProtoType.INFO]: handleInfo,
  [ProtoType.ADMIN]: handleAdmin,
  [ProtoType.MESSAGE]: handleMessage,
  [ProtoType.COMPRESSED]: handleCompressed,
}
