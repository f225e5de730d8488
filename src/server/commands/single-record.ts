/** Routes a single-record request (it has a digest) to read, write, delete or UDF, as the server's transaction service does. */
import { FieldType, Info1, Info2, Info4 } from '../../protocol/message.js'
import type { ReplyOrPromise } from '../handler-types.js'
import type { Request } from '../msg/request.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'
import type { Namespace } from '../storage/namespace.js'
import { udfHandler } from '../udf/udf-handler.js'
import { deleteCommand } from './delete.js'
import { readCommand } from './read.js'
import { writeCommand } from './write.js'

const PARAMETER = 4
const ENTERPRISE_ONLY = 25

/** Handles a request on record `digest` of `ns`. */
export function singleRecordCommand(
  state: ServerState,
  req: Request,
  ns: Namespace,
  digest: Buffer,
): ReplyOrPromise {
  if (req.info2 & Info2.WRITE) {
    if (req.info2 & Info2.DELETE) return deleteCommand(req, ns, digest)
    if (req.fields[FieldType.UDF_PACKAGE_NAME] !== undefined) return udfHandler(state, req, ns, digest)
    // Multi-record transactions are Enterprise-only.
    if (req.info4 & (Info4.MRT_ROLL_FORWARD | Info4.MRT_ROLL_BACK)) return headerReply(ENTERPRISE_ONLY)
    return writeCommand(req, ns, digest)
  }
  if (req.info1 & Info1.READ) {
    if (req.info4 & Info4.MRT_VERIFY_READ) return headerReply(ENTERPRISE_ONLY)
    return readCommand(req, ns, digest)
  }
  ns.counters.client_tsvc_error++
  return headerReply(PARAMETER)
}
