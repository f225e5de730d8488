/** Increment arithmetic of list and map increment/decrement: the server's int/float rules. */
import type { SValue } from '../value.js'
import { paramError } from './errors.js'

/** A parsed increment amount. */
export interface Delta {
  /** True when the amount was a float: a missing element becomes a float. */
  readonly isFloat: boolean
  readonly int: bigint
  readonly float: number
}

const INT64_MIN = -(2n ** 63n)

/**
 * Parses the delta argument: absent or nil means 1, an int or a float is
 * taken as is (negated for decrement); anything else answers PARAMETER (4).
 */
export function parseDelta(v: SValue | undefined, negate: boolean): Delta {
  let d: Delta
  if (v === undefined || v === null) d = { isFloat: false, int: 1n, float: 1 }
  else if (typeof v === 'bigint') d = { isFloat: false, int: BigInt.asIntN(64, v), float: 1 }
  else if (typeof v === 'number') d = { isFloat: true, int: 1n, float: v }
  else throw paramError('increment amount must be an integer or a float')
  return negate ? { isFloat: d.isFloat, int: BigInt.asIntN(64, -d.int), float: -d.float } : d
}

/** A double truncated to int64 the way x86 converts (out of range and NaN give INT64_MIN). */
function truncToInt64(x: number): bigint {
  if (!Number.isFinite(x) || x >= 2 ** 63 || x < -(2 ** 63)) return INT64_MIN
  return BigInt(Math.trunc(x))
}

/**
 * Adds `d` to the current element (undefined when there is none). The
 * element's type wins: an int element stays an int (a float amount is
 * truncated first) and int64 overflow wraps; a float element stays a float.
 * A missing element starts from 0 of the amount's type. A non-numeric
 * element answers PARAMETER (4).
 */
export function applyDelta(current: SValue | undefined, d: Delta): bigint | number {
  if (current === undefined) return d.isFloat ? 0 + d.float : BigInt.asIntN(64, d.int)
  if (typeof current === 'bigint') {
    return BigInt.asIntN(64, BigInt.asIntN(64, current) + (d.isFloat ? truncToInt64(d.float) : d.int))
  }
  if (typeof current === 'number') return current + (d.isFloat ? d.float : Number(d.int))
  throw paramError('only integers and floats can be incremented')
}
