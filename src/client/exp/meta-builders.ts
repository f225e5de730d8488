/** Record metadata expressions: key, set name, sizes, times, TTL, tombstone, digest modulo. */
import { ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import { describe, Expression } from './expression.js'

function meta(op: number, type: ExpTypeId): () => Expression {
  return () => Expression.fromWire([op], type)
}

const KEY_TYPES: readonly number[] = [ExpType.INT, ExpType.STRING, ExpType.BLOB]

/**
 * The record's stored user key as `type` (EXP_TYPE_INT, EXP_TYPE_STRING or
 * EXP_TYPE_BLOB); unknown when the key was not stored (sendKey) or has another type.
 */
export function key(type: ExpTypeId): Expression {
  if (!KEY_TYPES.includes(type))
    throw invalidArg(`key expects EXP_TYPE_INT, EXP_TYPE_STRING or EXP_TYPE_BLOB, got ${String(type)}`)
  return Expression.fromWire([ExpOp.KEY, type], type)
}

/** True when the record stores its user key. */
export const keyExists: () => Expression = meta(ExpOp.KEY_EXISTS, ExpType.BOOL)
/** The record's set name ('' when it has none). */
export const setName: () => Expression = meta(ExpOp.SET_NAME, ExpType.STRING)
/** The record's stored size in bytes (server 7.0+). */
export const recordSize: () => Expression = meta(ExpOp.RECORD_SIZE, ExpType.INT)
/** The record's last-update time in nanoseconds since the Unix epoch. */
export const lastUpdate: () => Expression = meta(ExpOp.LAST_UPDATE, ExpType.INT)
/** Milliseconds since the record's last update. */
export const sinceUpdate: () => Expression = meta(ExpOp.SINCE_UPDATE, ExpType.INT)
/** The record's expiration time in nanoseconds since the Unix epoch; -1 when it never expires. */
export const voidTime: () => Expression = meta(ExpOp.VOID_TIME, ExpType.INT)
/** The record's remaining time to live in seconds; -1 when it never expires. */
export const ttl: () => Expression = meta(ExpOp.TTL, ExpType.INT)
/** True when the record is a tombstone (durable delete, Enterprise only). */
export const isTombstone: () => Expression = meta(ExpOp.IS_TOMBSTONE, ExpType.BOOL)

/** The record digest's modulo: (little-endian u32 of digest bytes 16..19) % `modulo`. */
export function digestModulo(modulo: number): Expression {
  if (!Number.isInteger(modulo) || modulo === 0 || modulo < -0x8000_0000 || modulo > 0x7fff_ffff)
    throw invalidArg(
      `digestModulo expects a non-zero 32-bit integer, got ${describe(modulo)} ${String(modulo)}`,
    )
  return Expression.fromWire([ExpOp.DIGEST_MODULO, modulo], ExpType.INT)
}
