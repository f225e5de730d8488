/** The dispatch tables: proto type -> frame handler, and for AS_MSG the request kind (batch, scan/query, single record). */

import { PROTO_HEADER_SIZE, PROTO_VERSION, ProtoType } from '../protocol/frame.js'
import { FieldType, Info1, MSG_HEADER_SIZE } from '../protocol/message.js'
import { serveBatch } from './batch/batch-handler.js'
import { singleRecordCommand } from './commands/single-record.js'
import type { ConnectionInfo, ReplyOrPromise } from './handler-types.js'
import { handleInfo } from './info/info-handler.js'
import { parseRequest } from './msg/request.js'
import { headerReply } from './msg/response.js'
import { queryHandler } from './query/query-handler.js'
import type { ServerState } from './server-state.js'

const PARAMETER = 4
const NAMESPACE = 20
const ENTERPRISE_ONLY = 25
/** Security result "not supported": a Community Edition server has no security. */
const SEC_ERR_NOT_SUPPORTED = 51
/** Size of an admin (security) message header. */
const ADMIN_HEADER_SIZE = 16
/** Namespace names are shorter than this. */
const NS_NAME_SIZE = 32

/** Handles one whole frame body of one proto type. */
export type FrameHandler = (state: ServerState, body: Buffer, conn: ConnectionInfo) => ReplyOrPromise

/** AS_MSG: batch, then demarshal, namespace, then scan/query (no digest) or a single-record command. */
function handleMessage(state: ServerState, body: Buffer): ReplyOrPromise {
  if (body.length >= MSG_HEADER_SIZE && body[1]! & Info1.BATCH) return serveBatch(state, body)
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
  if (digest === undefined) return queryHandler(state, req, ns)
  if (digest.length !== 20) {
    ns.counters.client_tsvc_error++
    return headerReply(PARAMETER)
  }
  return singleRecordCommand(state, req, ns, digest)
}

/** Security messages: a Community Edition server answers every one with "not supported" and no fields. */
function handleAdmin(): Buffer {
  const buf = Buffer.alloc(PROTO_HEADER_SIZE + ADMIN_HEADER_SIZE)
  buf[0] = PROTO_VERSION
  buf[1] = ProtoType.ADMIN
  buf.writeUIntBE(ADMIN_HEADER_SIZE, 2, 6)
  buf[PROTO_HEADER_SIZE + 1] = SEC_ERR_NOT_SUPPORTED
  return buf
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
