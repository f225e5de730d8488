/** Test helper: the golden capture's list/map/path expression trees (official Node client names) as our builders. */
import { type Expression, exp } from '../../../src/client/exp/index.js'
import { type CdtContext, cdtCtx } from '../../../src/client/ops/index.js'
import type { AerospikeValue } from '../../../src/protocol/values.js'
import { clientValue } from './golden-ops.js'
import type { Golden } from './golden-values.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Args = Record<string, Json>

const TYPES: Record<string, number> = {
  NIL: exp.EXP_TYPE_NIL,
  BOOL: exp.EXP_TYPE_BOOL,
  INT: exp.EXP_TYPE_INT,
  STR: exp.EXP_TYPE_STRING,
  LIST: exp.EXP_TYPE_LIST,
  MAP: exp.EXP_TYPE_MAP,
  BLOB: exp.EXP_TYPE_BLOB,
  FLOAT: exp.EXP_TYPE_FLOAT,
  GEOJSON: exp.EXP_TYPE_GEO,
  HLL: exp.EXP_TYPE_HLL,
}
const RETURN: Record<string, number> = {
  NONE: 0,
  INDEX: 1,
  REVERSE_INDEX: 2,
  RANK: 3,
  REVERSE_RANK: 4,
  COUNT: 5,
  KEY: 6,
  VALUE: 7,
  KEY_VALUE: 8,
  EXISTS: 13,
}
const SORT: Record<string, number> = { DESCENDING: 1, DROP_DUPLICATES: 2 }
const PART: Record<string, number> = {
  KEY: exp.loopVarPart.KEY,
  VALUE: exp.loopVarPart.VALUE,
  INDEX: exp.loopVarPart.INDEX,
}

const flags = (names: Json | undefined, table: Record<string, number>): number =>
  ((names as string[] | undefined) ?? []).reduce((f, n) => f | table[n]!, 0)

/** A context of the capture as cdtCtx steps (filters built with this helper). */
export function contextOf(steps: Json | undefined): CdtContext[] | undefined {
  if (steps === undefined || steps === null) return undefined
  return (steps as Args[]).map((s) => {
    const v = s.value === undefined ? null : clientValue(s.value as Golden)
    switch (s.type) {
      case 'mapKey':
        return cdtCtx.mapKey(v)
      case 'listIndex':
        return cdtCtx.listIndex(v as number)
      case 'allChildren':
        return cdtCtx.allChildren()
      case 'allChildrenWithFilter':
        return cdtCtx.allChildrenWithFilter(treeToExpression(s.filter))
      case 'mapKeysIn':
        return cdtCtx.mapKeysIn(v as AerospikeValue[])
      default:
        throw new Error(`unsupported ctx ${String(s.type)}`)
    }
  })
}

const LEAVES: Record<string, (a: Json[]) => Expression> = {
  int: ([v]) => exp.intVal(v as number),
  str: ([v]) => exp.stringVal(v as string),
  bool: ([v]) => exp.boolVal(v as boolean),
  nil: () => exp.nil(),
  list: ([v]) => exp.listVal(clientValue(v as Golden) as AerospikeValue[]),
  binList: ([n]) => exp.listBin(n as string),
  binMap: ([n]) => exp.mapBin(n as string),
  binInt: ([n]) => exp.intBin(n as string),
  loopVarInt: ([p]) => exp.loopVarInt(PART[p as string]!),
  loopVarStr: ([p]) => exp.loopVarStr(PART[p as string]!),
  removeResult: () => exp.removeResult(),
}

const OPS: Record<string, (a: Expression[]) => Expression> = {
  eq: ([a, b]) => exp.eq(a!, b!),
  ne: ([a, b]) => exp.ne(a!, b!),
  gt: ([a, b]) => exp.gt(a!, b!),
  add: (a) => exp.numAdd(...a),
  mul: (a) => exp.numMul(...a),
}

function cdt(name: string, a: Args): Expression {
  const s = (k: string) => treeToExpression(a[k])
  const n = (k: string) => (a[k] === undefined ? undefined : (treeToExpression(a[k]) as Expression))
  const rt = RETURN[a.returnType as string]!
  const vt = TYPES[a.valueType as string]!
  const ctx = contextOf(a.ctx)
  switch (name) {
    case 'lists.size':
      return exp.lists.size(s('bin'), ctx)
    case 'lists.getByIndex':
      return exp.lists.getByIndex(s('bin'), s('index'), vt, rt, ctx)
    case 'lists.getByRank':
      return exp.lists.getByRank(s('bin'), s('rank'), vt, rt, ctx)
    case 'lists.getByValue':
      return exp.lists.getByValue(s('bin'), s('value'), rt, ctx)
    case 'lists.getByIndexRange':
      return exp.lists.getByIndexRange(s('bin'), s('index'), rt, n('count'), ctx)
    case 'lists.getByValueRange':
      return exp.lists.getByValueRange(s('bin'), s('begin'), s('end'), rt, ctx)
    case 'lists.append':
      return exp.lists.append(s('bin'), s('value'), undefined, ctx)
    case 'lists.sort':
      return exp.lists.sort(s('bin'), flags(a.order, SORT), ctx)
    case 'maps.size':
      return exp.maps.size(s('bin'), ctx)
    case 'maps.getByKey':
      return exp.maps.getByKey(s('bin'), s('key'), vt, rt, ctx)
    case 'maps.getByKeyList':
      return exp.maps.getByKeyList(s('bin'), s('keys'), rt, ctx)
    case 'maps.getByKeyRange':
      return exp.maps.getByKeyRange(s('bin'), s('begin'), s('end'), rt, ctx)
    case 'maps.getByIndex':
      return exp.maps.getByIndex(s('bin'), s('idx'), vt, rt, ctx)
    case 'maps.put':
      return exp.maps.put(s('bin'), s('key'), s('value'), undefined, ctx)
    default:
      throw new Error(`no builder for ${name}`)
  }
}

/** Our expression for a golden expression tree of the CDT cases. */
export function treeToExpression(tree: Json | undefined): Expression {
  const t = tree as Json[]
  const name = t[0] as string
  if (name.startsWith('lists.') || name.startsWith('maps.')) return cdt(name, t[1] as Args)
  const leaf = LEAVES[name]
  if (leaf) return leaf(t.slice(1))
  const op = OPS[name]
  if (op) return op(t.slice(1).map((x) => treeToExpression(x)))
  throw new Error(`no builder for ${name}`)
}
