/** Bit (blob) operation builders (aerospike-py's `bit_operations` in camelCase), each returning a plain op object. */
import { BitOpCode, type BitOperation, bitOp } from './bit-operation.js'

/** Resizes the blob to `byteSize` bytes (BIT_RESIZE_* flags: from the front, grow or shrink only); creates a missing bin. */
export function bitResize(bin: string, byteSize: number, resizeFlags = 0, policy?: number): BitOperation {
  return bitOp(BitOpCode.RESIZE, bin, {
    byteSize,
    resizeFlags: resizeFlags !== 0 ? resizeFlags : undefined,
    bitPolicy: policy,
  })
}

/** Inserts `value` at `byteOffset` (past the end: zero-padded); creates a missing bin. */
export function bitInsert(bin: string, byteOffset: number, value: Uint8Array, policy?: number): BitOperation {
  return bitOp(BitOpCode.INSERT, bin, { byteOffset, val: value, bitPolicy: policy })
}

/** Removes `byteSize` bytes from `byteOffset`. */
export function bitRemove(bin: string, byteOffset: number, byteSize: number, policy?: number): BitOperation {
  return bitOp(BitOpCode.REMOVE, bin, { byteOffset, byteSize, bitPolicy: policy })
}

/** Sets `bitSize` bits from `bitOffset` to the first bits of `value`. */
export function bitSet(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.SET, bin, { bitOffset, bitSize, val: value, bitPolicy: policy })
}

/** Ors `bitSize` bits from `bitOffset` with the first bits of `value`. */
export function bitOr(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.OR, bin, { bitOffset, bitSize, val: value, bitPolicy: policy })
}

/** Exclusive-ors `bitSize` bits from `bitOffset` with the first bits of `value`. */
export function bitXor(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.XOR, bin, { bitOffset, bitSize, val: value, bitPolicy: policy })
}

/** Ands `bitSize` bits from `bitOffset` with the first bits of `value`. */
export function bitAnd(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: Uint8Array,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.AND, bin, { bitOffset, bitSize, val: value, bitPolicy: policy })
}

/** Inverts `bitSize` bits from `bitOffset`. */
export function bitNot(bin: string, bitOffset: number, bitSize: number, policy?: number): BitOperation {
  return bitOp(BitOpCode.NOT, bin, { bitOffset, bitSize, bitPolicy: policy })
}

/** Shifts the `bitSize` bits from `bitOffset` left by `shift`, filling with zeros. */
export function bitLshift(
  bin: string,
  bitOffset: number,
  bitSize: number,
  shift: number,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.LSHIFT, bin, { bitOffset, bitSize, shift, bitPolicy: policy })
}

/** Shifts the `bitSize` bits from `bitOffset` right by `shift`, filling with zeros. */
export function bitRshift(
  bin: string,
  bitOffset: number,
  bitSize: number,
  shift: number,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.RSHIFT, bin, { bitOffset, bitSize, shift, bitPolicy: policy })
}

/** Adds `value` to the integer in `bitSize` (1..64) bits from `bitOffset`; `action` is a BIT_OVERFLOW_* value. */
export function bitAdd(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  signed = false,
  action = 0,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.ADD, bin, { bitOffset, bitSize, val: value, signed, action, bitPolicy: policy })
}

/** Subtracts `value` from the integer in `bitSize` (1..64) bits from `bitOffset`; `action` is a BIT_OVERFLOW_* value. */
export function bitSubtract(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  signed = false,
  action = 0,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.SUBTRACT, bin, { bitOffset, bitSize, val: value, signed, action, bitPolicy: policy })
}

/** Stores `value` in `bitSize` (1..64) bits from `bitOffset`. */
export function bitSetInt(
  bin: string,
  bitOffset: number,
  bitSize: number,
  value: number | bigint,
  policy?: number,
): BitOperation {
  return bitOp(BitOpCode.SET_INT, bin, { bitOffset, bitSize, val: value, bitPolicy: policy })
}

/** Returns `bitSize` bits from `bitOffset` as bytes (left-aligned, zero-padded). */
export function bitGet(bin: string, bitOffset: number, bitSize: number): BitOperation {
  return bitOp(BitOpCode.GET, bin, { bitOffset, bitSize })
}

/** Returns how many of `bitSize` bits from `bitOffset` are 1. */
export function bitCount(bin: string, bitOffset: number, bitSize: number): BitOperation {
  return bitOp(BitOpCode.COUNT, bin, { bitOffset, bitSize })
}

/** Returns the position (from `bitOffset`) of the first bit equal to `value`, or -1. */
export function bitLscan(bin: string, bitOffset: number, bitSize: number, value: boolean): BitOperation {
  return bitOp(BitOpCode.LSCAN, bin, { bitOffset, bitSize, val: value })
}

/** Returns the position (from `bitOffset`) of the last bit equal to `value`, or -1. */
export function bitRscan(bin: string, bitOffset: number, bitSize: number, value: boolean): BitOperation {
  return bitOp(BitOpCode.RSCAN, bin, { bitOffset, bitSize, val: value })
}

/** Returns the integer in `bitSize` (1..64) bits from `bitOffset`, unsigned unless `signed`. */
export function bitGetInt(bin: string, bitOffset: number, bitSize: number, signed = false): BitOperation {
  return bitOp(BitOpCode.GET_INT, bin, { bitOffset, bitSize, signed })
}
