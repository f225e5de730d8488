/**
 * The one place answering for features later modules provide:
 * record UDFs, bit/HLL ops. Each answers
 * as a server refusing the request would (PARAMETER, 4); a module that
 * implements a feature replaces its entry here.
 */
import { OpType } from '../protocol/message.js'
import type { UdfHandler } from './handler-types.js'
import { headerReply } from './msg/response.js'
import type { OpHandler } from './ops/op-context.js'

const PARAMETER = 4

/** Record UDF: refused. */
export const udfHandler: UdfHandler = () => headerReply(PARAMETER)

const refuse: OpHandler = () => PARAMETER

/** Op types whose handlers are not written yet: bit and HLL reads and modifies. */
export const pendingOpHandlers: Readonly<Record<number, OpHandler>> = {
  [OpType.BIT_READ]: refuse,
  [OpType.BIT_MODIFY]: refuse,
  [OpType.HLL_READ]: refuse,
  [OpType.HLL_MODIFY]: refuse,
}
