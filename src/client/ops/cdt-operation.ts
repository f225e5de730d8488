/** The plain op objects list and map builders return (aerospike-py's operation dicts in camelCase), and their op codes. */
import type { AerospikeValue } from '../../protocol/values.js'
import type { Expression } from '../exp/expression.js'
import type { Operation } from '../operation.js'
import type { CdtContext } from './cdt-context.js'

/** List policy: the order a created list gets and the write flags (LIST_WRITE_*). */
export interface ListPolicy {
  /** LIST_UNORDERED (default) or LIST_ORDERED; only used when the op creates the list. */
  readonly order?: number
  /** LIST_WRITE_* flags OR-ed together. */
  readonly flags?: number
}

/** Map policy: the order a created map gets and how puts treat existing and missing keys. */
export interface MapPolicy {
  /** MAP_UNORDERED (default), MAP_KEY_ORDERED or MAP_KEY_VALUE_ORDERED; only used when the op creates the map. */
  readonly order?: number
  /** aerospike-py's write mode: MAP_UPDATE (default), MAP_UPDATE_ONLY or MAP_CREATE_ONLY. */
  readonly writeMode?: number
  /** MAP_WRITE_FLAGS_* OR-ed together (combined with `writeMode`). */
  readonly writeFlags?: number
}

/**
 * A list or map operation for `operate`: the op code, the bin, and the
 * arguments of that op. Build it with `listOperations` / `mapOperations`.
 */
export interface CdtOperation extends Operation {
  readonly op: number
  readonly bin: string
  /** The value, item list, map of items, sort flags or order, depending on the op. */
  readonly val?: AerospikeValue
  /** End of a value or key range (exclusive); null or absent: no end. */
  readonly valEnd?: AerospikeValue
  readonly index?: number
  readonly rank?: number
  /** How many elements; absent: to the end. */
  readonly count?: number
  /** LIST_RETURN_* / MAP_RETURN_*, possibly with the INVERTED flag. */
  readonly returnType?: number
  readonly mapKey?: AerospikeValue
  readonly listPolicy?: ListPolicy
  readonly mapPolicy?: MapPolicy
  /** listCreate: pad with nils up to a context index. */
  readonly pad?: boolean
  /** listCreate / mapCreate: ask for a persisted index (top-level bins only). */
  readonly persistIndex?: boolean
  /** modifyByPath: the expression that rewrites each element. */
  readonly modExp?: Expression
  /** Where the nested list or map is; absent: the bin itself. */
  readonly ctx?: readonly CdtContext[]
}

/** List op codes (aerospike-py's, extended for the ops it lacks). */
export const ListOpCode = {
  APPEND: 1001,
  APPEND_ITEMS: 1002,
  INSERT: 1003,
  INSERT_ITEMS: 1004,
  POP: 1005,
  POP_RANGE: 1006,
  REMOVE: 1007,
  REMOVE_RANGE: 1008,
  SET: 1009,
  TRIM: 1010,
  CLEAR: 1011,
  SIZE: 1012,
  GET: 1013,
  GET_RANGE: 1014,
  GET_BY_VALUE: 1015,
  GET_BY_INDEX: 1016,
  GET_BY_INDEX_RANGE: 1017,
  GET_BY_RANK: 1018,
  GET_BY_RANK_RANGE: 1019,
  GET_BY_VALUE_LIST: 1020,
  GET_BY_VALUE_RANGE: 1021,
  REMOVE_BY_VALUE: 1022,
  REMOVE_BY_VALUE_LIST: 1023,
  REMOVE_BY_VALUE_RANGE: 1024,
  REMOVE_BY_INDEX: 1025,
  REMOVE_BY_INDEX_RANGE: 1026,
  REMOVE_BY_RANK: 1027,
  REMOVE_BY_RANK_RANGE: 1028,
  INCREMENT: 1029,
  SORT: 1030,
  SET_ORDER: 1031,
  CREATE: 1032,
  GET_BY_VALUE_REL_RANK_RANGE: 1033,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 1034,
} as const

/** Map op codes (aerospike-py's, extended for the ops it lacks). */
export const MapOpCode = {
  SET_ORDER: 2001,
  PUT: 2002,
  PUT_ITEMS: 2003,
  INCREMENT: 2004,
  DECREMENT: 2005,
  CLEAR: 2006,
  REMOVE_BY_KEY: 2007,
  REMOVE_BY_KEY_LIST: 2008,
  REMOVE_BY_KEY_RANGE: 2009,
  REMOVE_BY_VALUE: 2010,
  REMOVE_BY_VALUE_LIST: 2011,
  REMOVE_BY_VALUE_RANGE: 2012,
  REMOVE_BY_INDEX: 2013,
  REMOVE_BY_INDEX_RANGE: 2014,
  REMOVE_BY_RANK: 2015,
  REMOVE_BY_RANK_RANGE: 2016,
  SIZE: 2017,
  GET_BY_KEY: 2018,
  GET_BY_KEY_RANGE: 2019,
  GET_BY_VALUE: 2020,
  GET_BY_VALUE_RANGE: 2021,
  GET_BY_INDEX: 2022,
  GET_BY_INDEX_RANGE: 2023,
  GET_BY_RANK: 2024,
  GET_BY_RANK_RANGE: 2025,
  GET_BY_KEY_LIST: 2026,
  GET_BY_VALUE_LIST: 2027,
  CREATE: 2028,
  GET_BY_KEY_REL_INDEX_RANGE: 2029,
  GET_BY_VALUE_REL_RANK_RANGE: 2030,
  REMOVE_BY_KEY_REL_INDEX_RANGE: 2031,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 2032,
} as const

/** Path op codes (5000s: aerospike-py uses 3001+ for HLL and 4001+ for bit ops). */
export const PathOpCode = {
  SELECT: 5001,
  MODIFY: 5002,
} as const

/** An op object without the fields left undefined. */
export function buildOp(op: number, bin: string, fields: Omit<CdtOperation, 'op' | 'bin'>): CdtOperation {
  const out: Record<string, unknown> = { op, bin }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v
  return out as unknown as CdtOperation
}
