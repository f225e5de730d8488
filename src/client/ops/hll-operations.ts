/** HyperLogLog operation builders (aerospike-py's `hll_operations` in camelCase), each returning a plain op object. */
import type { AerospikeValue, HLL } from '../../protocol/values.js'
import { HLLOpCode, type HLLOperation, type HLLPolicy, hllOp } from './hll-operation.js'

/** Creates (or resets) an HLL with `indexBitCount` (4..16) index bits and `minhashBitCount` (0 or 4..51) min-hash bits. */
export function hllInit(
  bin: string,
  indexBitCount: number,
  minhashBitCount?: number,
  policy?: HLLPolicy,
): HLLOperation {
  return hllOp(HLLOpCode.INIT, bin, { indexBitCount, minhashBitCount, hllPolicy: policy })
}

/**
 * Adds `values` to the HLL and returns how many registers changed (about
 * how many values were new). The bit counts are only used to create a
 * missing bin.
 */
export function hllAdd(
  bin: string,
  values: AerospikeValue[],
  indexBitCount?: number,
  minhashBitCount?: number,
  policy?: HLLPolicy,
): HLLOperation {
  return hllOp(HLLOpCode.ADD, bin, { val: values, indexBitCount, minhashBitCount, hllPolicy: policy })
}

/** Returns the estimated number of distinct values added. */
export function hllGetCount(bin: string): HLLOperation {
  return hllOp(HLLOpCode.GET_COUNT, bin, {})
}

/** Returns the union of the bin with `values` (HLLs) as an HLL. */
export function hllGetUnion(bin: string, values: (HLL | Uint8Array)[]): HLLOperation {
  return hllOp(HLLOpCode.GET_UNION, bin, { val: values })
}

/** Returns the estimated size of the union of the bin with `values` (HLLs). */
export function hllGetUnionCount(bin: string, values: (HLL | Uint8Array)[]): HLLOperation {
  return hllOp(HLLOpCode.GET_UNION_COUNT, bin, { val: values })
}

/** Returns the estimated size of the intersection of the bin with `values` (HLLs). */
export function hllGetIntersectCount(bin: string, values: (HLL | Uint8Array)[]): HLLOperation {
  return hllOp(HLLOpCode.GET_INTERSECT_COUNT, bin, { val: values })
}

/** Returns the estimated Jaccard similarity (0..1) of the bin and `values` (HLLs). */
export function hllGetSimilarity(bin: string, values: (HLL | Uint8Array)[]): HLLOperation {
  return hllOp(HLLOpCode.GET_SIMILARITY, bin, { val: values })
}

/** Returns the HLL's `[indexBitCount, minhashBitCount]`. */
export function hllDescribe(bin: string): HLLOperation {
  return hllOp(HLLOpCode.DESCRIBE, bin, {})
}

/** Folds the HLL down to `indexBitCount` index bits (HLLs without min-hash bits only). */
export function hllFold(bin: string, indexBitCount: number): HLLOperation {
  return hllOp(HLLOpCode.FOLD, bin, { indexBitCount })
}

/** Merges `values` (HLLs) into the bin (creating it when missing). */
export function hllSetUnion(bin: string, values: (HLL | Uint8Array)[], policy?: HLLPolicy): HLLOperation {
  return hllOp(HLLOpCode.SET_UNION, bin, { val: values, hllPolicy: policy })
}

/** Stores the current count estimate in the HLL's count cache and returns it (not in aerospike-py). */
export function hllRefreshCount(bin: string): HLLOperation {
  return hllOp(HLLOpCode.REFRESH_COUNT, bin, {})
}

/** Returns 1 when every one of `values` may have been added to the HLL, else 0 (server 8.1; not in aerospike-py). */
export function hllMayContain(bin: string, values: AerospikeValue[]): HLLOperation {
  return hllOp(HLLOpCode.MAY_CONTAIN, bin, { val: values })
}
