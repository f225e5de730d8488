/** Signed 64-bit integer arithmetic on bigints, wrapping as the server's C code does on x86-64. */

/** Smallest int64. */
export const INT64_MIN = -0x8000_0000_0000_0000n

/** `v` reduced to int64 (two's complement wrap). */
export function wrap64(v: bigint): bigint {
  return BigInt.asIntN(64, v)
}

/** `v` as an unsigned 64-bit value. */
export function unsigned64(v: bigint): bigint {
  return BigInt.asUintN(64, v)
}

/** C's (int64_t) conversion of a double on x86-64: truncation, and INT64_MIN for NaN or out of range. */
export function doubleToInt64(v: number): bigint {
  if (Number.isNaN(v) || v >= 2 ** 63 || v < -(2 ** 63)) return INT64_MIN
  return BigInt(Math.trunc(v))
}

/** C's pow(): like Math.pow except pow(1, y) and pow(-1, ±Infinity) are 1. */
export function cPow(base: number, exponent: number): number {
  if (base === 1 || exponent === 0) return 1
  if (base === -1 && !Number.isFinite(exponent) && !Number.isNaN(exponent)) return 1
  return base ** exponent
}

/** Number of bits set in the 64-bit pattern of `v`. */
export function popcount64(v: bigint): number {
  let u = unsigned64(v)
  let n = 0
  while (u !== 0n) {
    u &= u - 1n
    n++
  }
  return n
}

/** Number of leading zero bits of the 64-bit pattern of `v` (64 for zero). */
export function clz64(v: bigint): number {
  const u = unsigned64(v)
  return u === 0n ? 64 : 64 - u.toString(2).length
}

/** Number of trailing zero bits of the 64-bit pattern of `v` (64 for zero). */
export function ctz64(v: bigint): number {
  let u = unsigned64(v)
  if (u === 0n) return 64
  let n = 0
  while ((u & 1n) === 0n) {
    u >>= 1n
    n++
  }
  return n
}
