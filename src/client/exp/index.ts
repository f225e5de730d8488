/** The `exp` namespace: every filter-expression builder, the expression operations and their constants. */
import { ExpReadFlags, ExpRegexFlags, ExpType, ExpWriteFlags } from '../../protocol/exp-codes.js'
import * as lists from '../ops/exp-lists.js'
import * as maps from '../ops/exp-maps.js'
import {
  LoopVarPart,
  loopVarBlob,
  loopVarBool,
  loopVarFloat,
  loopVarGeo,
  loopVarHll,
  loopVarInt,
  loopVarList,
  loopVarMap,
  loopVarNil,
  loopVarStr,
  modifyByPath,
  removeResult,
  selectByPath,
} from '../ops/exp-path.js'
import {
  max,
  min,
  numAbs,
  numAdd,
  numCeil,
  numDiv,
  numFloor,
  numLog,
  numMod,
  numMul,
  numPow,
  numSub,
  toFloat,
  toInt,
} from './arith-builders.js'
import {
  binExists,
  binType,
  blobBin,
  boolBin,
  floatBin,
  geoBin,
  hllBin,
  intBin,
  listBin,
  mapBin,
  stringBin,
} from './bin-builders.js'
import * as bitBuilders from './bit-builders.js'
import { inList, mapKeys, mapValues } from './collection-builders.js'
import { eq, ge, geoCompare, gt, le, lt, ne, regexCompare } from './compare-builders.js'
import { cond, def, letExp, unknown, varExp } from './control-builders.js'
import { Expression } from './expression.js'
import * as hllBuilders from './hll-builders.js'
import {
  intAnd,
  intArshift,
  intCount,
  intLscan,
  intLshift,
  intNot,
  intOr,
  intRscan,
  intRshift,
  intXor,
} from './int-builders.js'
import { and, exclusive, not, or } from './logic-builders.js'
import {
  digestModulo,
  isTombstone,
  key,
  keyExists,
  lastUpdate,
  recordSize,
  setName,
  sinceUpdate,
  ttl,
  voidTime,
} from './meta-builders.js'
import { read, write } from './operations.js'
import {
  blobVal,
  boolVal,
  floatVal,
  geoVal,
  infinity,
  intVal,
  listVal,
  mapVal,
  nil,
  stringVal,
  wildcard,
} from './value-builders.js'

export { LetDefinition } from './control-builders.js'
export { Expression } from './expression.js'
export type { ExpOperation, ExpReadOperation, ExpWriteOperation } from './operations.js'

/** Base64 of an expression's msgpack (for other clients and `sindex-create ... exp=`). */
function toBase64(expression: Expression): string {
  return expression.toBase64()
}

/** An expression from the base64 of its msgpack. */
function fromBase64(text: string): Expression {
  return Expression.fromBase64(text)
}

/**
 * Filter expressions, aerospike-py's `exp` module in camelCase:
 * `exp.gt(exp.intBin('age'), exp.intVal(30))`.
 */
export const exp = Object.freeze({
  EXP_TYPE_NIL: ExpType.NIL,
  EXP_TYPE_BOOL: ExpType.BOOL,
  EXP_TYPE_INT: ExpType.INT,
  EXP_TYPE_STRING: ExpType.STRING,
  EXP_TYPE_LIST: ExpType.LIST,
  EXP_TYPE_MAP: ExpType.MAP,
  EXP_TYPE_BLOB: ExpType.BLOB,
  EXP_TYPE_FLOAT: ExpType.FLOAT,
  EXP_TYPE_GEO: ExpType.GEO,
  EXP_TYPE_HLL: ExpType.HLL,
  /** Flags of exp.operations.read. */
  expReadFlags: ExpReadFlags,
  /** Flags of exp.operations.write. */
  expWriteFlags: ExpWriteFlags,
  /** POSIX flags of regexCompare. */
  regexFlags: ExpRegexFlags,

  intVal,
  floatVal,
  stringVal,
  boolVal,
  blobVal,
  geoVal,
  listVal,
  mapVal,
  nil,
  infinity,
  wildcard,

  intBin,
  floatBin,
  stringBin,
  boolBin,
  blobBin,
  geoBin,
  listBin,
  mapBin,
  hllBin,
  binExists,
  binType,

  key,
  keyExists,
  setName,
  recordSize,
  lastUpdate,
  sinceUpdate,
  voidTime,
  ttl,
  isTombstone,
  digestModulo,

  eq,
  ne,
  gt,
  ge,
  lt,
  le,
  and,
  or,
  not,
  exclusive,
  xor: exclusive,
  regexCompare,
  geoCompare,
  inList,
  mapKeys,
  mapValues,

  numAdd,
  numSub,
  numMul,
  numDiv,
  numPow,
  numLog,
  numMod,
  numAbs,
  numFloor,
  numCeil,
  toInt,
  toFloat,
  min,
  max,

  intAnd,
  intOr,
  intXor,
  intNot,
  intLshift,
  intRshift,
  intArshift,
  intCount,
  intLscan,
  intRscan,

  cond,
  let: letExp,
  def,
  var: varExp,
  unknown,

  toBase64,
  fromBase64,

  /** List expressions: reads return a value, modifies return the modified list (see docs/cdt.md). */
  lists,
  /** Map expressions: reads return a value, modifies return the modified map (see docs/cdt.md). */
  maps,
  /** Path expressions (server 8.1): what a path reaches, or the collection with it rewritten. */
  selectByPath,
  modifyByPath,
  /** The part of the visited element a path filter or apply expression reads. */
  loopVarPart: LoopVarPart,
  loopVarInt,
  loopVarFloat,
  loopVarStr,
  loopVarBool,
  loopVarBlob,
  loopVarList,
  loopVarMap,
  loopVarGeo,
  loopVarHll,
  loopVarNil,
  removeResult,
  /** Bit (blob) operations on a blob expression: `exp.bit.count(exp.intVal(0), exp.intVal(8), exp.blobBin('b'))`. */
  bit: Object.freeze({ ...bitBuilders }),
  /** HyperLogLog operations on an HLL expression: `exp.hll.getCount(exp.hllBin('h'))`. */
  hll: Object.freeze({ ...hllBuilders }),

  /** Expression operations for operate. */
  operations: Object.freeze({ read, write }),
})
