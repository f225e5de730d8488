/** Encoders of the basic operations (OPERATOR_READ ... OPERATOR_DELETE): the first family of the op table. */
import {
  binNameLength,
  Double,
  EncodeError,
  OpType,
  ParticleType,
  particleSize,
  particleTypeOf,
} from '../protocol/index.js'
import {
  OPERATOR_APPEND,
  OPERATOR_DELETE,
  OPERATOR_INCR,
  OPERATOR_PREPEND,
  OPERATOR_READ,
  OPERATOR_TOUCH,
  OPERATOR_WRITE,
} from './constants.js'
import { invalidArg } from './errors.js'
import { type OpEncoder, type Operation, OpFlag, ValueEncoding, type WireOp } from './operation.js'

/** Byte length of a bin name; InvalidArgError when it is missing, not a string or over 15 bytes. */
export function checkedBinLength(bin: unknown, what: string): number {
  if (typeof bin !== 'string') throw invalidArg(`${what} needs a bin name (string)`)
  try {
    return binNameLength(bin)
  } catch (err) {
    throw invalidArg(err instanceof EncodeError ? err.message : String(err))
  }
}

/** A wire op carrying a bin value as a particle; InvalidArgError when the value cannot be stored. */
export function particleOp(
  op: number,
  bin: string,
  binLength: number,
  value: unknown,
  flags: number,
): WireOp {
  let particleType: number
  let valueSize: number
  try {
    particleType = particleTypeOf(value)
    valueSize = particleSize(particleType, value)
  } catch (err) {
    throw invalidArg(`bin '${bin}': ${err instanceof EncodeError ? err.message : String(err)}`)
  }
  return {
    op,
    particleType,
    bin,
    binLength,
    value,
    valueSize,
    encoding: ValueEncoding.PARTICLE,
    flags,
    ttl: undefined,
  }
}

/** A wire op without a value on bin `bin` (a named read, a bin delete); InvalidArgError for a bad name. */
export function binOp(op: number, bin: unknown, flags: number, what: string): WireOp {
  return valuelessOp(op, bin as string, checkedBinLength(bin, what), flags)
}

function valuelessOp(op: number, bin: string, binLength: number, flags: number, ttl?: number): WireOp {
  return {
    op,
    particleType: ParticleType.NULL,
    bin,
    binLength,
    value: null,
    valueSize: 0,
    encoding: ValueEncoding.PARTICLE,
    flags,
    ttl,
  }
}

function encodeRead(o: Operation): WireOp {
  if (o.bin === undefined || o.bin === null)
    return valuelessOp(OpType.READ, '', 0, OpFlag.READ | OpFlag.READ_ALL)
  return binOp(OpType.READ, o.bin, OpFlag.READ, 'read')
}

function encodeWrite(o: Operation): WireOp {
  const len = checkedBinLength(o.bin, 'write')
  return particleOp(OpType.WRITE, o.bin!, len, o.val === undefined ? null : o.val, OpFlag.WRITE)
}

function encodeIncrement(o: Operation): WireOp {
  const len = checkedBinLength(o.bin, 'increment')
  const v = o.val === undefined ? 1 : o.val
  if (typeof v !== 'number' && typeof v !== 'bigint' && !(v instanceof Double))
    throw invalidArg(`increment of bin '${o.bin}' needs a number, bigint or Double`)
  return particleOp(OpType.INCR, o.bin!, len, v, OpFlag.WRITE)
}

function stringOrBytes(what: string) {
  return (o: Operation): WireOp => {
    const len = checkedBinLength(o.bin, what)
    const v = o.val === undefined ? '' : o.val
    if (typeof v !== 'string' && !(v instanceof Uint8Array))
      throw invalidArg(`${what} to bin '${o.bin}' needs a string or bytes`)
    return particleOp(what === 'append' ? OpType.APPEND : OpType.PREPEND, o.bin!, len, v, OpFlag.WRITE)
  }
}

function encodeTouch(o: Operation): WireOp {
  const ttl = o.val
  if (ttl !== undefined && ttl !== null && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < -2))
    throw invalidArg('touch ttl must be an integer number of seconds, TTL_NEVER_EXPIRE or TTL_DONT_UPDATE')
  return valuelessOp(
    OpType.TOUCH,
    '',
    0,
    OpFlag.WRITE,
    ttl === null ? undefined : (ttl as number | undefined),
  )
}

function encodeDelete(): WireOp {
  return valuelessOp(OpType.DELETE, '', 0, OpFlag.WRITE)
}

/** The basic operations: OPERATOR_* code -> encoder. */
export const BASIC_OPERATIONS: ReadonlyArray<readonly [number, OpEncoder]> = [
  [OPERATOR_READ, encodeRead],
  [OPERATOR_WRITE, encodeWrite],
  [OPERATOR_INCR, encodeIncrement],
  [OPERATOR_APPEND, stringOrBytes('append')],
  [OPERATOR_PREPEND, stringOrBytes('prepend')],
  [OPERATOR_TOUCH, encodeTouch],
  [OPERATOR_DELETE, encodeDelete],
]
