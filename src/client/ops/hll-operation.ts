/** The plain op objects HLL builders return (aerospike-py's operation dicts in camelCase), their op codes and policy. */
import type { AerospikeValue, HLL } from '../../protocol/values.js'
import type { Operation } from '../operation.js'

/** HLL write policy (aerospike-py's HLLPolicy). */
export interface HLLPolicy {
  /** HLL_WRITE_* flags OR-ed together. */
  readonly flags?: number
}

/**
 * An HLL operation for `operate`: the op code, the HLL bin and the op's
 * arguments. Build it with `hllOperations`.
 */
export interface HLLOperation extends Operation {
  readonly op: number
  readonly bin: string
  /** The values to add or look up (hllAdd, hllMayContain), or the HLLs to merge or compare. */
  readonly val?: readonly AerospikeValue[] | readonly (HLL | Uint8Array)[]
  /** Index bits (4..16) of a new or folded HLL; absent: the bin's. */
  readonly indexBitCount?: number
  /** Min-hash bits (0 or 4..51) of a new HLL; absent: the bin's, or 0. */
  readonly minhashBitCount?: number
  readonly hllPolicy?: HLLPolicy
}

/** HLL op codes: aerospike-py's, plus REFRESH_COUNT and MAY_CONTAIN, which it lacks. */
export const HLLOpCode = {
  INIT: 3001,
  ADD: 3002,
  GET_COUNT: 3003,
  GET_UNION: 3004,
  GET_UNION_COUNT: 3005,
  GET_INTERSECT_COUNT: 3006,
  GET_SIMILARITY: 3007,
  DESCRIBE: 3008,
  FOLD: 3009,
  SET_UNION: 3010,
  REFRESH_COUNT: 3011,
  MAY_CONTAIN: 3012,
} as const

/** An HLL op object without the fields left undefined. */
export function hllOp(op: number, bin: string, fields: Omit<HLLOperation, 'op' | 'bin'>): HLLOperation {
  const out: Record<string, unknown> = { op, bin }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v
  return out as unknown as HLLOperation
}
