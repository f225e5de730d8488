/** The plain op objects bit (blob) builders return (aerospike-py's operation dicts in camelCase), and their op codes. */
import type { Operation } from '../operation.js'

/**
 * A bit operation for `operate`: the op code, the blob bin and the op's
 * arguments. Build it with `bitOperations`.
 */
export interface BitOperation extends Operation {
  readonly op: number
  readonly bin: string
  /** resize and remove: a size in bytes. */
  readonly byteSize?: number
  /** resize: BIT_RESIZE_* flags. */
  readonly resizeFlags?: number
  /** insert and remove: a byte offset (negative: from the end). */
  readonly byteOffset?: number
  /** A bit offset (negative: from the end). */
  readonly bitOffset?: number
  /** A size in bits (1..64 for the integer ops). */
  readonly bitSize?: number
  /** lshift and rshift: how many bits. */
  readonly shift?: number
  /** The bytes (insert, set, or, xor, and), the integer (add, subtract, setInt) or the bit (lscan, rscan). */
  readonly val?: Uint8Array | number | bigint | boolean
  /** add, subtract, getInt: treat the bits as a signed (two's complement) integer. */
  readonly signed?: boolean
  /** add, subtract: a BIT_OVERFLOW_* action. */
  readonly action?: number
  /** Modify ops: BIT_WRITE_* flags. */
  readonly bitPolicy?: number
}

/** Bit op codes (aerospike-py's). */
export const BitOpCode = {
  RESIZE: 4001,
  INSERT: 4002,
  REMOVE: 4003,
  SET: 4004,
  OR: 4005,
  XOR: 4006,
  AND: 4007,
  NOT: 4008,
  LSHIFT: 4009,
  RSHIFT: 4010,
  ADD: 4011,
  SUBTRACT: 4012,
  SET_INT: 4013,
  GET: 4050,
  COUNT: 4051,
  LSCAN: 4052,
  RSCAN: 4053,
  GET_INT: 4054,
} as const

/** A bit op object without the fields left undefined. */
export function bitOp(op: number, bin: string, fields: Omit<BitOperation, 'op' | 'bin'>): BitOperation {
  const out: Record<string, unknown> = { op, bin }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v
  return out as unknown as BitOperation
}
