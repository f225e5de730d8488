/** The operate handlers of op types 12 (BIT_READ) and 13 (BIT_MODIFY): bins in, bit evaluator, replies out. */
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import type { OpContext, OpHandler } from '../ops/op-context.js'
import { BitsError } from './bits-error.js'
import { bitsModify } from './bits-modify.js'
import { bitsRead } from './bits-read.js'

function failure(e: unknown): number {
  if (e instanceof BitsError) return e.resultCode
  throw e
}

/** BIT_READ: answers the op's value; a missing bin answers nothing (or nil with respond-all-ops). */
export const bitReadOp: OpHandler = (ctx: OpContext, op) => {
  if (op.particleType !== ParticleType.BLOB) return ResultCode.BIN_TYPE
  const current = ctx.get(op.name)
  if (current === undefined) {
    ctx.replyRead(op, false, null)
    return 0
  }
  try {
    ctx.replyRead(op, true, bitsRead(current, op.value))
    return 0
  } catch (e) {
    return failure(e)
  }
}

/** BIT_MODIFY: changes (or creates) the blob bin; answers nothing (nil with respond-all-ops). */
export const bitModifyOp: OpHandler = (ctx: OpContext, op) => {
  if (op.particleType !== ParticleType.BLOB) return ResultCode.BIN_TYPE
  try {
    const updated = bitsModify(ctx.get(op.name), op.value, { maxBytes: ctx.ns.config.maxRecordSize })
    if (updated !== undefined) ctx.set(op.name, { type: ParticleType.BLOB, data: updated })
    if (ctx.respondAllOps) ctx.reply(op.op, op.name, null)
    return 0
  } catch (e) {
    return failure(e)
  }
}
