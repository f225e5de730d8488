/** The server's handlers of the expression ops: EXP_READ (7) and EXP_MODIFY (8). */
import { ParticleType } from '../../protocol/particle-type.js'
import type { OpHandler } from '../ops/op-context.js'
import { EXP_CALL_HANDLERS } from './call-handlers.js'
import { ExpBuildError } from './exp-error.js'
import { expModify, expRead, type ParsedExpOp, parseExpOp } from './exp-ops.js'
import { workingRecordView } from './record-views.js'

function parse(value: Buffer, modify: boolean): ParsedExpOp | number {
  try {
    return parseExpOp(value, modify, { calls: EXP_CALL_HANDLERS })
  } catch (e) {
    if (e instanceof ExpBuildError) return e.resultCode
    throw e
  }
}

/** EXP_READ: answers the expression's value under the op's name; nothing is stored. */
export const expReadOp: OpHandler = (ctx, op) => {
  const parsed = parse(op.value, false)
  if (typeof parsed === 'number') return parsed
  const outcome = expRead(parsed, workingRecordView(ctx))
  if (outcome.resultCode !== 0) return outcome.resultCode
  const value = outcome.value!
  ctx.replyRead(op, true, value.type === ParticleType.NULL ? null : value)
  return 0
}

/** EXP_MODIFY: stores the expression's value in the op's bin (or deletes it, with ALLOW_DELETE). */
export const expModifyOp: OpHandler = (ctx, op) => {
  const parsed = parse(op.value, true)
  if (typeof parsed === 'number') return parsed
  const outcome = expModify(parsed, ctx.get(op.name), workingRecordView(ctx))
  if (outcome.resultCode !== 0) return outcome.resultCode
  if (outcome.bin === null) ctx.delete(op.name)
  else if (outcome.bin !== undefined) ctx.set(op.name, outcome.bin)
  if (ctx.respondAllOps) ctx.reply(op.op, op.name, null)
  return 0
}
