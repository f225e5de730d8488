/** Test helper: the capture's ops (the official client's API and argument names) as our list/map op objects. */
import * as ops from '../../../src/client/ops/index.js'
import { type CdtContext, type CdtOperation, cdtCtx } from '../../../src/client/ops/index.js'
import { type AerospikeValue, Double, GeoJSON } from '../../../src/protocol/values.js'
import { treeToExpression } from './exp-trees.js'
import type { Golden, GoldenCase } from './golden-values.js'

type Args = Record<string, Golden>

/** A golden value as a client value. */
export function clientValue(v: Golden): AerospikeValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v
  if (Array.isArray(v)) return v.map(clientValue)
  const o = v as Record<string, Golden>
  if ('$int' in o) return BigInt(o.$int as string)
  if ('$float' in o) return new Double(Number(o.$float))
  if ('$blob' in o) return Buffer.from(o.$blob as string, 'hex')
  if ('$geo' in o) return new GeoJSON(o.$geo as string)
  if ('$list' in o) return (o.$list as Golden[]).map(clientValue)
  if ('$map' in o)
    return new Map((o.$map as Array<[Golden, Golden]>).map(([k, x]) => [clientValue(k), clientValue(x)]))
  throw new Error(`unexpected golden argument ${JSON.stringify(v)}`)
}

const ORDER: Record<string, number> = { UNORDERED: 0, ORDERED: 1, KEY_ORDERED: 1, KEY_VALUE_ORDERED: 3 }
const LIST_WRITE: Record<string, number> = { ADD_UNIQUE: 1, INSERT_BOUNDED: 2, NO_FAIL: 4, PARTIAL: 8 }
const MAP_WRITE: Record<string, number> = { CREATE_ONLY: 1, UPDATE_ONLY: 2, NO_FAIL: 4, PARTIAL: 8 }
const WRITE_MODE: Record<string, number> = {
  UPDATE: ops.MAP_UPDATE,
  UPDATE_ONLY: ops.MAP_UPDATE_ONLY,
  CREATE_ONLY: ops.MAP_CREATE_ONLY,
}
const SELECT: Record<string, number> = {
  MATCHING_TREE: ops.PATH_SELECT_MATCHING_TREE,
  VALUE: ops.PATH_SELECT_VALUE,
  MAP_KEY: ops.PATH_SELECT_MAP_KEY,
  MAP_KEY_VALUE: ops.PATH_SELECT_MAP_KEY_VALUE,
  NO_FAIL: ops.PATH_NO_FAIL,
}
const SORT: Record<string, number> = { DESCENDING: 1, DROP_DUPLICATES: 2 }
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
  UNORDERED_MAP: 16,
  ORDERED_MAP: 17,
}

function flags(names: Golden, table: Record<string, number>): number {
  return ((names as string[] | undefined) ?? []).reduce((f, n) => f | table[n]!, 0)
}

function contextOf(steps: Golden): CdtContext[] | undefined {
  if (!steps) return undefined
  return (steps as Array<Record<string, Golden>>).map((s) => {
    const v = s.value === undefined ? null : clientValue(s.value as Golden)
    switch (s.type) {
      case 'listIndex':
        return cdtCtx.listIndex(v as number)
      case 'listRank':
        return cdtCtx.listRank(v as number)
      case 'listValue':
        return cdtCtx.listValue(v)
      case 'listIndexCreate':
        return cdtCtx.listIndexCreate(v as number, ORDER[s.order as string] ?? 0, s.pad === true)
      case 'mapIndex':
        return cdtCtx.mapIndex(v as number)
      case 'mapRank':
        return cdtCtx.mapRank(v as number)
      case 'mapKey':
        return cdtCtx.mapKey(v)
      case 'mapValue':
        return cdtCtx.mapValue(v)
      case 'mapKeyCreate':
        return cdtCtx.mapKeyCreate(v, ORDER[s.order as string] ?? 0)
      case 'allChildren':
        return cdtCtx.allChildren()
      case 'mapKeysIn':
        return cdtCtx.mapKeysIn(v as AerospikeValue[])
      case 'allChildrenWithFilter':
        return cdtCtx.allChildrenWithFilter(treeToExpression(s.filter as never))
      default:
        throw new Error(`unsupported ctx ${String(s.type)}`)
    }
  })
}

/** Builds our op for one op of the capture (the official Node client's API and argument names). */
export function buildOp(o: GoldenCase['ops'][number]): CdtOperation {
  const a = (o.args ?? {}) as Args
  const v = (k: string) => clientValue(a[k] as Golden)
  const n = (k: string) => (a[k] === undefined ? undefined : (clientValue(a[k] as Golden) as number))
  const ctx = contextOf(o.ctx as Golden)
  const policy = (o.policy ?? undefined) as Record<string, Golden> | undefined
  const listPolicy = policy && {
    order: ORDER[policy.order as string] ?? 0,
    flags: flags(policy.writeFlags, LIST_WRITE),
  }
  const mapPolicy = policy && {
    order: ORDER[policy.order as string] ?? 0,
    writeMode: WRITE_MODE[policy.writeMode as string] ?? ops.MAP_UPDATE,
    writeFlags: flags(policy.writeFlags, MAP_WRITE),
  }
  const rt = (RETURN[o.returnType as string] ?? 0) | (o.inverted ? ops.LIST_RETURN_INVERTED : 0)
  const b = o.bin
  switch (o.op) {
    case 'operations.selectByPath':
      return ops.selectByPath(b, flags(a.flags, SELECT), ctx!)
    case 'operations.modifyByPath':
      return ops.modifyByPath(b, treeToExpression(a.modExp as never), flags(a.flags, SELECT), ctx!)
    case 'lists.append':
      return ops.listAppend(b, v('value'), listPolicy, ctx)
    case 'lists.appendItems':
      return ops.listAppendItems(b, v('list') as AerospikeValue[], listPolicy, ctx)
    case 'lists.insert':
      return ops.listInsert(b, n('index')!, v('value'), listPolicy, ctx)
    case 'lists.insertItems':
      return ops.listInsertItems(b, n('index')!, v('list') as AerospikeValue[], listPolicy, ctx)
    case 'lists.pop':
      return ops.listPop(b, n('index')!, ctx)
    case 'lists.popRange':
      return ops.listPopRange(b, n('index')!, n('count'), ctx)
    case 'lists.remove':
      return ops.listRemove(b, n('index')!, ctx)
    case 'lists.removeRange':
      return ops.listRemoveRange(b, n('index')!, n('count'), ctx)
    case 'lists.set':
      return ops.listSet(b, n('index')!, v('value'), listPolicy, ctx)
    case 'lists.trim':
      return ops.listTrim(b, n('index')!, n('count')!, ctx)
    case 'lists.clear':
      return ops.listClear(b, ctx)
    case 'lists.size':
      return ops.listSize(b, ctx)
    case 'lists.increment':
      return ops.listIncrement(b, n('index')!, a.value === undefined ? 1 : v('value'), listPolicy, ctx)
    case 'lists.sort':
      return ops.listSort(b, flags(a.flags, SORT), ctx)
    case 'lists.setOrder':
      return ops.listSetOrder(b, ORDER[a.order as string], ctx)
    case 'lists.create':
      return ops.listCreate(b, ORDER[a.order as string], a.pad === true, a.persistIndex === true, ctx)
    case 'lists.get':
      return ops.listGet(b, n('index')!, ctx)
    case 'lists.getRange':
      return ops.listGetRange(b, n('index')!, n('count'), ctx)
    case 'lists.getByIndex':
      return ops.listGetByIndex(b, n('index')!, rt, ctx)
    case 'lists.getByIndexRange':
      return ops.listGetByIndexRange(b, n('index')!, rt, n('count'), ctx)
    case 'lists.getByRank':
      return ops.listGetByRank(b, n('rank')!, rt, ctx)
    case 'lists.getByRankRange':
      return ops.listGetByRankRange(b, n('rank')!, rt, n('count'), ctx)
    case 'lists.getByValue':
      return ops.listGetByValue(b, v('value'), rt, ctx)
    case 'lists.getByValueList':
      return ops.listGetByValueList(b, v('values') as AerospikeValue[], rt, ctx)
    case 'lists.getByValueRange':
      return ops.listGetByValueRange(b, v('begin'), v('end'), rt, ctx)
    case 'lists.getByValueRelRankRange':
      return ops.listGetByValueRelRankRange(b, v('value'), n('rank')!, rt, n('count'), ctx)
    case 'lists.removeByIndex':
      return ops.listRemoveByIndex(b, n('index')!, rt, ctx)
    case 'lists.removeByIndexRange':
      return ops.listRemoveByIndexRange(b, n('index')!, rt, n('count'), ctx)
    case 'lists.removeByRank':
      return ops.listRemoveByRank(b, n('rank')!, rt, ctx)
    case 'lists.removeByRankRange':
      return ops.listRemoveByRankRange(b, n('rank')!, rt, n('count'), ctx)
    case 'lists.removeByValue':
      return ops.listRemoveByValue(b, v('value'), rt, ctx)
    case 'lists.removeByValueList':
      return ops.listRemoveByValueList(b, v('values') as AerospikeValue[], rt, ctx)
    case 'lists.removeByValueRange':
      return ops.listRemoveByValueRange(b, v('begin'), v('end'), rt, ctx)
    case 'lists.removeByValueRelRankRange':
      return ops.listRemoveByValueRelRankRange(b, v('value'), n('rank')!, rt, n('count'), ctx)
    case 'maps.put':
      return ops.mapPut(b, v('key'), v('value'), mapPolicy, ctx)
    case 'maps.putItems':
      return ops.mapPutItems(b, v('items'), mapPolicy, ctx)
    case 'maps.increment':
      return ops.mapIncrement(b, v('key'), v('incr'), mapPolicy, ctx)
    case 'maps.decrement':
      return ops.mapDecrement(b, v('key'), v('decr'), mapPolicy, ctx)
    case 'maps.clear':
      return ops.mapClear(b, ctx)
    case 'maps.size':
      return ops.mapSize(b, ctx)
    case 'maps.create':
      return ops.mapCreate(b, ORDER[a.order as string]!, false, ctx)
    case 'maps.setPolicy':
      return ops.mapSetOrder(b, ORDER[policy!.order as string]!, ctx)
    case 'maps.getByKey':
      return ops.mapGetByKey(b, v('key'), rt, ctx)
    case 'maps.getByKeyList':
      return ops.mapGetByKeyList(b, v('keys') as AerospikeValue[], rt, ctx)
    case 'maps.getByKeyRange':
      return ops.mapGetByKeyRange(b, v('begin'), v('end'), rt, ctx)
    case 'maps.getByKeyRelIndexRange':
      return ops.mapGetByKeyRelIndexRange(b, v('key'), n('index')!, rt, n('count'), ctx)
    case 'maps.getByValue':
      return ops.mapGetByValue(b, v('value'), rt, ctx)
    case 'maps.getByValueList':
      return ops.mapGetByValueList(b, v('values') as AerospikeValue[], rt, ctx)
    case 'maps.getByValueRange':
      return ops.mapGetByValueRange(b, v('begin'), v('end'), rt, ctx)
    case 'maps.getByValueRelRankRange':
      return ops.mapGetByValueRelRankRange(b, v('value'), n('rank')!, rt, n('count'), ctx)
    case 'maps.getByIndex':
      return ops.mapGetByIndex(b, n('index')!, rt, ctx)
    case 'maps.getByIndexRange':
      return ops.mapGetByIndexRange(b, n('index')!, rt, n('count'), ctx)
    case 'maps.getByRank':
      return ops.mapGetByRank(b, n('rank')!, rt, ctx)
    case 'maps.getByRankRange':
      return ops.mapGetByRankRange(b, n('rank')!, rt, n('count'), ctx)
    case 'maps.removeByKey':
      return ops.mapRemoveByKey(b, v('key'), rt, ctx)
    case 'maps.removeByKeyList':
      return ops.mapRemoveByKeyList(b, v('keys') as AerospikeValue[], rt, ctx)
    case 'maps.removeByKeyRange':
      return ops.mapRemoveByKeyRange(b, v('begin'), v('end'), rt, ctx)
    case 'maps.removeByKeyRelIndexRange':
      return ops.mapRemoveByKeyRelIndexRange(b, v('key'), n('index')!, rt, n('count'), ctx)
    case 'maps.removeByValue':
      return ops.mapRemoveByValue(b, v('value'), rt, ctx)
    case 'maps.removeByValueList':
      return ops.mapRemoveByValueList(b, v('values') as AerospikeValue[], rt, ctx)
    case 'maps.removeByValueRange':
      return ops.mapRemoveByValueRange(b, v('begin'), v('end'), rt, ctx)
    case 'maps.removeByValueRelRankRange':
      return ops.mapRemoveByValueRelRankRange(b, v('value'), n('rank')!, rt, n('count'), ctx)
    case 'maps.removeByIndex':
      return ops.mapRemoveByIndex(b, n('index')!, rt, ctx)
    case 'maps.removeByIndexRange':
      return ops.mapRemoveByIndexRange(b, n('index')!, rt, n('count'), ctx)
    case 'maps.removeByRank':
      return ops.mapRemoveByRank(b, n('rank')!, rt, ctx)
    case 'maps.removeByRankRange':
      return ops.mapRemoveByRankRange(b, n('rank')!, rt, n('count'), ctx)
    default:
      throw new Error(`no builder for ${o.op}`)
  }
}
