/**
 * The one place answering for features later modules provide: scan/query,
 * record UDFs, CDT ops. Each answers
 * as a server refusing the request would (PARAMETER, 4); a module that
 * implements a feature replaces its entry here.
 */
import { OpType } from '../protocol/message.js'
import type { QueryHandler, UdfHandler } from './handler-types.js'
import { headerReply } from './msg/response.js'
import type { OpHandler } from './ops/op-context.js'

const PARAMETER = 4

/** Scan/query: the single message a server sends when a query job fails to start. */
export const queryHandler: QueryHandler = () => headerReply(PARAMETER)

/** Record UDF: refused. */
export const udfHandler: UdfHandler = () => headerReply(PARAMETER)

const refuse: OpHandler = () => PARAMETER

/** Op types whose handlers are not written yet: CDT reads and modifies. */
export const pendingOpHandlers: Readonly<Record<number, OpHandler>> = {
  [OpType.CDT_READ]: refuse,
  [OpType.CDT_MODIFY]: refuse,
}
