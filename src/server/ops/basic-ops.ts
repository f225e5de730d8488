/** Handlers of the plain bin ops: read, write (null deletes the bin), increment, append, prepend, touch, delete-all. */
import { OpType } from '../../protocol/message.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { particleFromWire } from '../bins/from-wire.js'
import { modifyParticle } from '../bins/modify.js'
import type { OpHandler } from './op-context.js'

/** READ: one bin, or every bin for a nameless READ with info1 GET_ALL (write path only). */
export const readOp: OpHandler = (ctx, op) => {
  if (op.name === '' && ctx.getAll) {
    for (const b of ctx.bins) ctx.reply(OpType.READ, b.name, b.value)
    return 0
  }
  const value = ctx.get(op.name)
  ctx.replyRead(op, value !== undefined, value ?? null)
  return 0
}

/** WRITE: stores the value; particle type NULL deletes the bin. */
export const writeOp: OpHandler = (ctx, op) => {
  if (op.particleType === ParticleType.NULL) {
    ctx.delete(op.name)
  } else {
    const p = particleFromWire(op.particleType, op.value)
    if (typeof p === 'number') return p
    ctx.set(op.name, p)
  }
  if (ctx.respondAllOps) ctx.reply(op.op, op.name, null)
  return 0
}

/** INCR, APPEND, PREPEND: change the bin in place (creating it from the op's value if missing). */
export const modifyOp: OpHandler = (ctx, op) => {
  const p = modifyParticle(op.op, ctx.get(op.name), op.particleType, op.value)
  if (typeof p === 'number') return p
  ctx.set(op.name, p)
  if (ctx.respondAllOps) ctx.reply(op.op, op.name, null)
  return 0
}

/** TOUCH: nothing to do here; every write already renews the record's metadata. */
export const touchOp: OpHandler = () => 0

/** DELETE (delete-all): removes every bin, so the record is deleted unless later ops write bins. */
export const deleteAllOp: OpHandler = (ctx, op) => {
  ctx.clear()
  if (ctx.respondAllOps) ctx.reply(op.op, op.name, null)
  return 0
}
