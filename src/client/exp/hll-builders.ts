/** HLL expressions (`exp.hll`): HyperLogLog read and modify ops run by the server's CALL instruction on an HLL expression. */
import { ExpCallSystem, ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { HllWireCode as Op } from '../../protocol/hll-codes.js'
import { invalidArg } from '../errors.js'
import type { HLLPolicy } from '../ops/hll-operation.js'
import { Expression, requireExpression, requireType, type WireNode } from './expression.js'

/** Bit count meaning "not given". */
const UNSET = -1

function typed(e: unknown, type: ExpTypeId, what: string): Expression {
  const x = requireExpression(e, what)
  requireType(x, type, what)
  return x
}

function policyFlags(policy: HLLPolicy | undefined): number {
  const f = policy?.flags ?? 0
  if (typeof f === 'number' && Number.isSafeInteger(f) && f >= 0) return f
  throw invalidArg(`hll policy flags must be a non-negative integer, got ${String(f)}`)
}

/** An optional bit count: the expression, or -1. */
function bits(e: Expression | undefined, what: string): WireNode {
  return e === undefined ? UNSET : typed(e, ExpType.INT, what)
}

/** The value the op works on: a HLL expression, or nil for a modify op (which then creates one). */
function binArg(bin: unknown, modify: boolean, what: string): Expression {
  const x = requireExpression(bin, what)
  if (!(modify && x.valueType === ExpType.NIL)) requireType(x, ExpType.HLL, what)
  return x
}

function call(name: string, type: ExpTypeId, modify: boolean, payload: WireNode[], bin: unknown): Expression {
  const system = ExpCallSystem.HLL | (modify ? ExpCallSystem.MODIFY_LOCAL : 0)
  return Expression.fromWire(
    [ExpOp.CALL, type, system, payload, binArg(bin, modify, `hll.${name}: bin`)],
    type,
  )
}

function listArg(e: unknown, name: string): Expression {
  return typed(e, ExpType.LIST, `hll.${name}: list`)
}

/** A new empty HLL with `indexBitCount` index bits and `minHashBitCount` min-hash bits (undefined: 0). */
export function init(
  policy: HLLPolicy | undefined,
  indexBitCount: Expression,
  minHashBitCount: Expression | undefined,
  bin: Expression,
): Expression {
  const payload = [
    Op.INIT,
    typed(indexBitCount, ExpType.INT, 'hll.init: indexBitCount'),
    bits(minHashBitCount, 'hll.init: minHashBitCount'),
    policyFlags(policy),
  ]
  return call('init', ExpType.HLL, true, payload, bin)
}

/** The HLL with the values of `list` added (the bit counts only matter when `bin` is nil). */
export function add(
  policy: HLLPolicy | undefined,
  list: Expression,
  indexBitCount: Expression | undefined,
  minHashBitCount: Expression | undefined,
  bin: Expression,
): Expression {
  const payload = [
    Op.ADD,
    listArg(list, 'add'),
    bits(indexBitCount, 'hll.add: indexBitCount'),
    bits(minHashBitCount, 'hll.add: minHashBitCount'),
    policyFlags(policy),
  ]
  return call('add', ExpType.HLL, true, payload, bin)
}

/** The estimated number of distinct values added. */
export function getCount(bin: Expression): Expression {
  return call('getCount', ExpType.INT, false, [Op.COUNT], bin)
}

/** The union of the HLL with the HLLs of `list`, as an HLL. */
export function getUnion(list: Expression, bin: Expression): Expression {
  return call('getUnion', ExpType.HLL, false, [Op.GET_UNION, listArg(list, 'getUnion')], bin)
}

/** The estimated size of the union of the HLL with the HLLs of `list`. */
export function getUnionCount(list: Expression, bin: Expression): Expression {
  return call('getUnionCount', ExpType.INT, false, [Op.UNION_COUNT, listArg(list, 'getUnionCount')], bin)
}

/** The estimated size of the intersection of the HLL with the HLLs of `list`. */
export function getIntersectCount(list: Expression, bin: Expression): Expression {
  return call(
    'getIntersectCount',
    ExpType.INT,
    false,
    [Op.INTERSECT_COUNT, listArg(list, 'getIntersectCount')],
    bin,
  )
}

/** The estimated Jaccard similarity (a float) of the HLL and the HLLs of `list`. */
export function getSimilarity(list: Expression, bin: Expression): Expression {
  return call('getSimilarity', ExpType.FLOAT, false, [Op.SIMILARITY, listArg(list, 'getSimilarity')], bin)
}

/** `[indexBitCount, minHashBitCount]` of the HLL. */
export function describe(bin: Expression): Expression {
  return call('describe', ExpType.LIST, false, [Op.DESCRIBE], bin)
}

/** 1 when every value of `list` may have been added to the HLL, else 0. */
export function mayContain(list: Expression, bin: Expression): Expression {
  return call('mayContain', ExpType.INT, false, [Op.MAY_CONTAIN, listArg(list, 'mayContain')], bin)
}
