/** The operate handlers of op types 3 (CDT_READ) and 4 (CDT_MODIFY): bins in, CDT evaluator, replies out. */
import type { OpContext, OpHandler } from '../ops/op-context.js'
import { CDT_EXP_ENGINE } from './exp-engine.js'
import { applyCdtOp, CdtError, type CdtOptions } from './index.js'

function limits(ctx: OpContext): CdtOptions {
  return { maxRecordSize: ctx.ns.config.maxRecordSize, exp: CDT_EXP_ENGINE }
}

function failure(e: unknown): number {
  if (e instanceof CdtError) return e.resultCode
  throw e
}

/** CDT_READ: a list/map read op; a missing bin answers nothing (or nil with respond-all-ops). */
export const cdtReadOp: OpHandler = (ctx: OpContext, op) => {
  const current = ctx.get(op.name)
  if (current === undefined) {
    ctx.replyRead(op, false, null)
    return 0
  }
  try {
    ctx.replyRead(op, true, applyCdtOp(current, op.value, false, limits(ctx)).result ?? null)
    return 0
  } catch (e) {
    return failure(e)
  }
}

/** CDT_MODIFY: a list/map modify op; the bin is created by ops that create, and never deleted. */
export const cdtModifyOp: OpHandler = (ctx: OpContext, op) => {
  try {
    const out = applyCdtOp(ctx.get(op.name), op.value, true, limits(ctx))
    if (out.updated) ctx.set(op.name, out.updated)
    if (out.result || ctx.respondAllOps) ctx.reply(op.op, op.name, out.result ?? null)
    return 0
  } catch (e) {
    return failure(e)
  }
}
