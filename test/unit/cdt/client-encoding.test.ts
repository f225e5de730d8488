// The client's list/map builders encode the same requests the official client sent in the golden capture.
import { describe, expect, it } from 'vitest'
import * as ops from '../../../src/client/ops/index.js'
import {
  type CdtContext,
  type CdtOperation,
  cdtCtx,
  encodeCdtOperation,
} from '../../../src/client/ops/index.js'
import { EncodeError } from '../../../src/protocol/codec-errors.js'
import { OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { type AerospikeValue, Double, GeoJSON } from '../../../src/protocol/values.js'
import { compareValues, decodeSValue, SList, SMap, type SValue } from '../../../src/server/value.js'
import { fromGolden, type Golden, type GoldenCase, loadGoldenCases } from './golden-values.js'

type Args = Record<string, Golden>

/** A golden argument as a client value. */
function clientValue(v: Golden): AerospikeValue {
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
    const v = clientValue(s.value as Golden)
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
      default:
        throw new Error(`unsupported ctx ${String(s.type)}`)
    }
  })
}

/** Builds our op for one op of the capture (the official Node client's API and argument names). */
function build(o: GoldenCase['ops'][number]): CdtOperation {
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
    writeFlags: flags(policy.writeFlags, MAP_WRITE),
  }
  const rt = (RETURN[o.returnType as string] ?? 0) | (o.inverted ? ops.LIST_RETURN_INVERTED : 0)
  const b = o.bin
  switch (o.op) {
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

/** Maps compared without their flags and in key order: the official client sends every map KEY_ORDERED. */
function normalize(v: SValue): SValue {
  if (v instanceof SList) return new SList(v.items.map(normalize), v.flags)
  if (v instanceof SMap) {
    const order = v.keys.map((_, i) => i).sort((x, y) => compareValues(v.keys[x]!, v.keys[y]!))
    return new SMap(
      order.map((i) => normalize(v.keys[i]!)),
      order.map((i) => normalize(v.values[i]!)),
    )
  }
  return v
}

/** Ops the official client encodes differently on purpose. */
const DIFFERENT = new Set([
  // The deprecated writeMode makes it send the legacy ADD (65) / REPLACE (69) ops; we send PUT with write flags.
  'map.put.writeMode.updateOnly',
  'map.put.writeMode.createOnly',
])

const cases = loadGoldenCases().filter(
  (c) =>
    (c.group === 'list' || c.group === 'map' || c.group === 'ctx') &&
    !c.error?.clientSide &&
    !DIFFERENT.has(c.id) &&
    !c.ops.some((o) => o.op.startsWith('operations.')),
)

describe('list/map builders encode what the official client sent', () => {
  for (const c of cases) {
    it(c.id, () => {
      c.ops.forEach((o, i) => {
        const wire = c.wireOps[i]!
        const encoded = encodeCdtOperation(build(o))
        expect(encoded.name).toBe(wire.bin)
        expect(encoded.particleType).toBe(ParticleType.BLOB)
        expect(encoded.op).toBe(wire.type === 'CDT_MODIFY' ? OpType.CDT_MODIFY : OpType.CDT_READ)
        expect(normalize(decodeSValue(Buffer.from(encoded.value)))).toEqual(
          normalize(fromGolden(wire.payload)),
        )
      })
    })
  }
})

describe('encoding rules', () => {
  it('sends a map put with write flags as PUT [67, key, value, order, flags]', () => {
    const o = ops.mapPut('m', 'k', 1, { order: ops.MAP_KEY_ORDERED, writeMode: ops.MAP_UPDATE_ONLY })
    expect(decodeSValue(Buffer.from(encodeCdtOperation(o).value))).toEqual(fromGolden([67, 'k', 1, 1, 2]))
  })

  it('leaves out a null range end and sends a null begin as nil', () => {
    const o = ops.listGetByValueRange('l', null, null, ops.LIST_RETURN_VALUE)
    expect(decodeSValue(Buffer.from(encodeCdtOperation(o).value))).toEqual(fromGolden([25, 7, null]))
  })

  it('marks the last context step of a create op with the create flag', () => {
    const o = ops.listCreate('l', ops.LIST_ORDERED, false, false, [cdtCtx.mapKey('a'), cdtCtx.mapKey('b')])
    expect(decodeSValue(Buffer.from(encodeCdtOperation(o).value))).toEqual(
      fromGolden([255, [0x22, 'a', 0xe2, 'b'], [0, 1]]),
    )
  })

  it('sends the persisted-index bit only at the top level', () => {
    const top = ops.mapCreate('m', ops.MAP_KEY_ORDERED, true)
    expect(decodeSValue(Buffer.from(encodeCdtOperation(top).value))).toEqual(fromGolden([64, 0x11]))
  })

  it('refuses malformed ops before anything is sent', () => {
    expect(() => encodeCdtOperation(ops.listGet('l', 1.5))).toThrow(EncodeError)
    expect(() => encodeCdtOperation(ops.listAppendItems('l', 3 as unknown as AerospikeValue[]))).toThrow(
      EncodeError,
    )
    expect(() => encodeCdtOperation({ op: 999, bin: 'l' })).toThrow(EncodeError)
    expect(() => encodeCdtOperation(ops.listSize('l', [{ type: -1, value: 0 }]))).toThrow(EncodeError)
    expect(() => encodeCdtOperation(ops.listAppend('l', 1, { flags: -1 }))).toThrow(EncodeError)
  })
})

describe('cdtCtx', () => {
  it('builds each step type with its wire id and create flags', () => {
    expect(cdtCtx.listIndex(-1)).toEqual({ type: 0x10, value: -1 })
    expect(cdtCtx.listRank(0)).toEqual({ type: 0x11, value: 0 })
    expect(cdtCtx.listValue('x')).toEqual({ type: 0x13, value: 'x' })
    expect(cdtCtx.listIndexCreate(3, ops.LIST_ORDERED)).toEqual({ type: 0xd0, value: 3 })
    expect(cdtCtx.listIndexCreate(3, ops.LIST_UNORDERED, true)).toEqual({ type: 0x90, value: 3 })
    expect(cdtCtx.listIndexCreate(3)).toEqual({ type: 0x50, value: 3 })
    expect(cdtCtx.mapIndex(1)).toEqual({ type: 0x20, value: 1 })
    expect(cdtCtx.mapRank(-1)).toEqual({ type: 0x21, value: -1 })
    expect(cdtCtx.mapKey('k')).toEqual({ type: 0x22, value: 'k' })
    expect(cdtCtx.mapValue(5)).toEqual({ type: 0x23, value: 5 })
    expect(cdtCtx.mapKeyCreate('k', ops.MAP_KEY_ORDERED)).toEqual({ type: 0xa2, value: 'k' })
    expect(cdtCtx.mapKeyCreate('k', ops.MAP_KEY_VALUE_ORDERED)).toEqual({ type: 0xe2, value: 'k' })
    expect(() => cdtCtx.listIndex(0.5)).toThrow(EncodeError)
  })

  it('round-trips through base64 of the bare pair array', () => {
    const ctx = [cdtCtx.mapKey('a'), cdtCtx.listIndex(2)]
    const text = cdtCtx.toBase64(ctx)
    expect(Buffer.from(text, 'base64')).toEqual(Buffer.from([0x94, 0x22, 0xa2, 0x03, 0x61, 0x10, 0x02]))
    expect(cdtCtx.fromBase64(text)).toEqual(ctx)
  })

  it('refuses base64 that is not a context', () => {
    expect(() => cdtCtx.fromBase64(Buffer.from([0x91, 0x01]).toString('base64'))).toThrow()
    expect(() => cdtCtx.fromBase64(Buffer.from([0x92, 0xa2, 0x03, 0x61]).toString('base64'))).toThrow()
  })
})
