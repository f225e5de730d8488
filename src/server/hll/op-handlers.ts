/** The operate handlers of op types 15 (HLL_READ) and 16 (HLL_MODIFY): bins in, HLL evaluator, replies out. */
import type { OpContext, OpHandler } from '../ops/op-context.js'
import { HllError } from './hll-error.js'
import { hllModify } from './hll-modify.js'
import { hllRead } from './hll-read.js'

function failure(e: unknown): number {
  if (e instanceof HllError) return e.resultCode
  throw e
}

/** HLL_READ: answers the op's value; a missing bin answers nothing (or nil with respond-all-ops). */
export const hllReadOp: OpHandler = (ctx: OpContext, op) => {
  const current = ctx.get(op.name)
  if (current === undefined) {
    ctx.replyRead(op, false, null)
    return 0
  }
  try {
    ctx.replyRead(op, true, hllRead(current, op.value))
    return 0
  } catch (e) {
    return failure(e)
  }
}

/** HLL_MODIFY: changes (or creates) the HLL bin; answers add's and refreshCount's counts (nil otherwise, with respond-all-ops). */
export const hllModifyOp: OpHandler = (ctx: OpContext, op) => {
  try {
    const out = hllModify(ctx.get(op.name), op.value)
    if (out.updated) ctx.set(op.name, out.updated)
    if (out.result || ctx.respondAllOps) ctx.reply(op.op, op.name, out.result ?? null)
    return 0
  } catch (e) {
    return failure(e)
  }
}
