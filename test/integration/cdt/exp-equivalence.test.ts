// Every exp.lists / exp.maps builder against the embedded server: a read expression returns what the
// matching list/map op returns, and a modify expression returns the bin the matching op writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { exp, listOperations: lo, mapOperations: mo, cdtCtx } = aerospike
type Expression = aerospike.Expression
type Op = aerospike.CdtOperation

let server: RunningServer
let client: aerospike.Client
let counter = 0

const LIST = [5, 1, 20, 3, 5]
const MAP = { a: 3, b: 1, c: 3, d: 9 }
const NESTED = { in: [5, 1, 20, 3, 5] }
const l = exp.listBin('l')
const m = exp.mapBin('m')
const n = exp.mapBin('n')
const int = exp.intVal
const str = exp.stringVal
const I = exp.EXP_TYPE_INT
const S = exp.EXP_TYPE_STRING
const LR = {
  INDEX: aerospike.LIST_RETURN_INDEX,
  RANK: aerospike.LIST_RETURN_RANK,
  COUNT: aerospike.LIST_RETURN_COUNT,
  VALUE: aerospike.LIST_RETURN_VALUE,
  EXISTS: aerospike.LIST_RETURN_EXISTS,
  INVERTED: aerospike.LIST_RETURN_INVERTED,
}
const MR = {
  KEY: aerospike.MAP_RETURN_KEY,
  VALUE: aerospike.MAP_RETURN_VALUE,
  KEY_VALUE: aerospike.MAP_RETURN_KEY_VALUE,
  COUNT: aerospike.MAP_RETURN_COUNT,
  RANK: aerospike.MAP_RETURN_RANK,
}
const NONE = 0

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

async function fresh(): Promise<aerospike.KeyTuple> {
  const key: aerospike.KeyTuple = ['test', 'cdt_exp_eq', `k${++counter}`]
  await client.put(key, { l: LIST, m: MAP, n: NESTED })
  return key
}

async function expValue(e: Expression): Promise<unknown> {
  const r = await client.operate(await fresh(), [exp.operations.read('v', e)])
  return r.bins.v
}

const inner = [cdtCtx.mapKey('in')]

/** Read expressions and the op returning the same value. */
const READS: Array<[string, Expression, Op]> = [
  ['lists.size', exp.lists.size(l), lo.listSize('l')],
  ['lists.getByValue', exp.lists.getByValue(l, int(5), LR.INDEX), lo.listGetByValue('l', 5, LR.INDEX)],
  [
    'lists.getByValue inverted',
    exp.lists.getByValue(l, int(5), LR.VALUE | LR.INVERTED),
    lo.listGetByValue('l', 5, LR.VALUE | LR.INVERTED),
  ],
  [
    'lists.getByValueRange',
    exp.lists.getByValueRange(l, int(2), int(10), LR.VALUE),
    lo.listGetByValueRange('l', 2, 10, LR.VALUE),
  ],
  [
    'lists.getByValueRange open',
    exp.lists.getByValueRange(l, int(4), exp.infinity(), LR.COUNT),
    lo.listGetByValueRange('l', 4, null, LR.COUNT),
  ],
  [
    'lists.getByValueList',
    exp.lists.getByValueList(l, exp.listVal([5, 3]), LR.RANK),
    lo.listGetByValueList('l', [5, 3], LR.RANK),
  ],
  [
    'lists.getByValueRelRankRange',
    exp.lists.getByValueRelRankRange(l, int(5), -1, LR.VALUE, 2),
    lo.listGetByValueRelRankRange('l', 5, -1, LR.VALUE, 2),
  ],
  [
    'lists.getByValueRelRankRange to the end',
    exp.lists.getByValueRelRankRange(l, int(4), 0, LR.VALUE),
    lo.listGetByValueRelRankRange('l', 4, 0, LR.VALUE),
  ],
  ['lists.getByIndex', exp.lists.getByIndex(l, 1, I, LR.VALUE), lo.listGetByIndex('l', 1, LR.VALUE)],
  ['lists.getByIndex rank', exp.lists.getByIndex(l, 2, I, LR.RANK), lo.listGetByIndex('l', 2, LR.RANK)],
  [
    'lists.getByIndexRange',
    exp.lists.getByIndexRange(l, 1, LR.VALUE, 2),
    lo.listGetByIndexRange('l', 1, LR.VALUE, 2),
  ],
  [
    'lists.getByIndexRange to the end',
    exp.lists.getByIndexRange(l, -2, LR.VALUE),
    lo.listGetByIndexRange('l', -2, LR.VALUE),
  ],
  ['lists.getByRank', exp.lists.getByRank(l, 0, I, LR.VALUE), lo.listGetByRank('l', 0, LR.VALUE)],
  [
    'lists.getByRankRange',
    exp.lists.getByRankRange(l, -2, LR.VALUE),
    lo.listGetByRankRange('l', -2, LR.VALUE),
  ],
  [
    'lists.getByRankRange count',
    exp.lists.getByRankRange(l, 0, LR.INDEX, 2),
    lo.listGetByRankRange('l', 0, LR.INDEX, 2),
  ],
  ['lists.size in a context', exp.lists.size(n, inner), lo.listSize('n', inner)],
  [
    'lists.getByValue exists',
    exp.lists.getByValue(l, int(20), LR.EXISTS),
    lo.listGetByValue('l', 20, LR.EXISTS),
  ],
  ['maps.size', exp.maps.size(m), mo.mapSize('m')],
  ['maps.getByKey', exp.maps.getByKey(m, str('a'), I, MR.VALUE), mo.mapGetByKey('m', 'a', MR.VALUE)],
  [
    'maps.getByKeyRange',
    exp.maps.getByKeyRange(m, str('b'), str('d'), MR.KEY),
    mo.mapGetByKeyRange('m', 'b', 'd', MR.KEY),
  ],
  [
    'maps.getByKeyList',
    exp.maps.getByKeyList(m, exp.listVal(['a', 'd']), MR.VALUE),
    mo.mapGetByKeyList('m', ['a', 'd'], MR.VALUE),
  ],
  [
    'maps.getByKeyRelIndexRange',
    exp.maps.getByKeyRelIndexRange(m, str('b'), 1, MR.KEY, 2),
    mo.mapGetByKeyRelIndexRange('m', 'b', 1, MR.KEY, 2),
  ],
  ['maps.getByValue', exp.maps.getByValue(m, int(3), MR.KEY), mo.mapGetByValue('m', 3, MR.KEY)],
  [
    'maps.getByValueRange',
    exp.maps.getByValueRange(m, int(2), int(10), MR.COUNT),
    mo.mapGetByValueRange('m', 2, 10, MR.COUNT),
  ],
  [
    'maps.getByValueList',
    exp.maps.getByValueList(m, exp.listVal([1, 9]), MR.KEY),
    mo.mapGetByValueList('m', [1, 9], MR.KEY),
  ],
  [
    'maps.getByValueRelRankRange',
    exp.maps.getByValueRelRankRange(m, int(3), 0, MR.VALUE),
    mo.mapGetByValueRelRankRange('m', 3, 0, MR.VALUE),
  ],
  ['maps.getByIndex', exp.maps.getByIndex(m, 0, S, MR.KEY), mo.mapGetByIndex('m', 0, MR.KEY)],
  [
    'maps.getByIndexRange',
    exp.maps.getByIndexRange(m, 1, MR.KEY_VALUE, 2),
    mo.mapGetByIndexRange('m', 1, MR.KEY_VALUE, 2),
  ],
  ['maps.getByRank', exp.maps.getByRank(m, -1, I, MR.VALUE), mo.mapGetByRank('m', -1, MR.VALUE)],
  ['maps.getByRankRange', exp.maps.getByRankRange(m, 0, MR.KEY, 2), mo.mapGetByRankRange('m', 0, MR.KEY, 2)],
]

/** Modify expressions and the op writing the same bin. */
const MODIFIES: Array<[string, Expression, Op, 'l' | 'm' | 'n']> = [
  ['lists.append', exp.lists.append(l, int(7)), lo.listAppend('l', 7), 'l'],
  ['lists.appendItems', exp.lists.appendItems(l, exp.listVal([7, 8])), lo.listAppendItems('l', [7, 8]), 'l'],
  ['lists.insert', exp.lists.insert(l, 1, int(7)), lo.listInsert('l', 1, 7), 'l'],
  [
    'lists.insertItems',
    exp.lists.insertItems(l, -1, exp.listVal([7, 8])),
    lo.listInsertItems('l', -1, [7, 8]),
    'l',
  ],
  ['lists.increment', exp.lists.increment(l, 2, int(10)), lo.listIncrement('l', 2, 10), 'l'],
  ['lists.set', exp.lists.set(l, 0, str('x')), lo.listSet('l', 0, 'x'), 'l'],
  ['lists.clear', exp.lists.clear(l), lo.listClear('l'), 'l'],
  [
    'lists.sort',
    exp.lists.sort(l, aerospike.LIST_SORT_DROP_DUPLICATES),
    lo.listSort('l', aerospike.LIST_SORT_DROP_DUPLICATES),
    'l',
  ],
  ['lists.removeByValue', exp.lists.removeByValue(l, int(5)), lo.listRemoveByValue('l', 5, NONE), 'l'],
  [
    'lists.removeByValueList',
    exp.lists.removeByValueList(l, exp.listVal([5, 1])),
    lo.listRemoveByValueList('l', [5, 1], NONE),
    'l',
  ],
  [
    'lists.removeByValueRange',
    exp.lists.removeByValueRange(l, int(2), int(10)),
    lo.listRemoveByValueRange('l', 2, 10, NONE),
    'l',
  ],
  [
    'lists.removeByValueRelRankRange',
    exp.lists.removeByValueRelRankRange(l, int(5), 0, 1),
    lo.listRemoveByValueRelRankRange('l', 5, 0, NONE, 1),
    'l',
  ],
  ['lists.removeByIndex', exp.lists.removeByIndex(l, -1), lo.listRemoveByIndex('l', -1, NONE), 'l'],
  [
    'lists.removeByIndexRange',
    exp.lists.removeByIndexRange(l, 1, 2),
    lo.listRemoveByIndexRange('l', 1, NONE, 2),
    'l',
  ],
  ['lists.removeByRank', exp.lists.removeByRank(l, 0), lo.listRemoveByRank('l', 0, NONE), 'l'],
  [
    'lists.removeByRankRange',
    exp.lists.removeByRankRange(l, -2),
    lo.listRemoveByRankRange('l', -2, NONE),
    'l',
  ],
  [
    'lists.append in a context',
    exp.lists.append(n, int(7), undefined, inner),
    lo.listAppend('n', 7, undefined, inner),
    'n',
  ],
  [
    'lists.append ordered',
    exp.lists.append(l, int(2), { order: aerospike.LIST_ORDERED }),
    lo.listAppend('l', 2, { order: aerospike.LIST_ORDERED }),
    'l',
  ],
  ['maps.put', exp.maps.put(m, str('e'), int(0)), mo.mapPut('m', 'e', 0), 'm'],
  [
    'maps.putItems',
    exp.maps.putItems(m, exp.mapVal({ a: 10, z: 26 })),
    mo.mapPutItems('m', { a: 10, z: 26 }),
    'm',
  ],
  ['maps.increment', exp.maps.increment(m, str('b'), int(5)), mo.mapIncrement('m', 'b', 5), 'm'],
  ['maps.clear', exp.maps.clear(m), mo.mapClear('m'), 'm'],
  ['maps.removeByKey', exp.maps.removeByKey(m, str('a')), mo.mapRemoveByKey('m', 'a', NONE), 'm'],
  [
    'maps.removeByKeyList',
    exp.maps.removeByKeyList(m, exp.listVal(['a', 'c'])),
    mo.mapRemoveByKeyList('m', ['a', 'c'], NONE),
    'm',
  ],
  [
    'maps.removeByKeyRange',
    exp.maps.removeByKeyRange(m, str('b'), str('d')),
    mo.mapRemoveByKeyRange('m', 'b', 'd', NONE),
    'm',
  ],
  [
    'maps.removeByKeyRelIndexRange',
    exp.maps.removeByKeyRelIndexRange(m, str('b'), 1, 1),
    mo.mapRemoveByKeyRelIndexRange('m', 'b', 1, NONE, 1),
    'm',
  ],
  ['maps.removeByValue', exp.maps.removeByValue(m, int(3)), mo.mapRemoveByValue('m', 3, NONE), 'm'],
  [
    'maps.removeByValueList',
    exp.maps.removeByValueList(m, exp.listVal([1, 9])),
    mo.mapRemoveByValueList('m', [1, 9], NONE),
    'm',
  ],
  [
    'maps.removeByValueRange',
    exp.maps.removeByValueRange(m, int(2), int(5)),
    mo.mapRemoveByValueRange('m', 2, 5, NONE),
    'm',
  ],
  [
    'maps.removeByValueRelRankRange',
    exp.maps.removeByValueRelRankRange(m, int(3), 1),
    mo.mapRemoveByValueRelRankRange('m', 3, 1, NONE),
    'm',
  ],
  ['maps.removeByIndex', exp.maps.removeByIndex(m, 0), mo.mapRemoveByIndex('m', 0, NONE), 'm'],
  [
    'maps.removeByIndexRange',
    exp.maps.removeByIndexRange(m, 1, 2),
    mo.mapRemoveByIndexRange('m', 1, NONE, 2),
    'm',
  ],
  ['maps.removeByRank', exp.maps.removeByRank(m, -1), mo.mapRemoveByRank('m', -1, NONE), 'm'],
  [
    'maps.removeByRankRange',
    exp.maps.removeByRankRange(m, 0, 2),
    mo.mapRemoveByRankRange('m', 0, NONE, 2),
    'm',
  ],
  [
    'maps.put with a policy',
    exp.maps.put(m, str('a'), int(0), {
      writeMode: aerospike.MAP_CREATE_ONLY,
      writeFlags: aerospike.MAP_WRITE_FLAGS_NO_FAIL,
    }),
    mo.mapPut('m', 'a', 0, {
      writeMode: aerospike.MAP_CREATE_ONLY,
      writeFlags: aerospike.MAP_WRITE_FLAGS_NO_FAIL,
    }),
    'm',
  ],
]

describe('read expressions return what the matching op returns', () => {
  it.each(READS)('%s', async (_name, e, op) => {
    const viaOp = (await client.operate(await fresh(), [op])).bins[op.bin]
    expect(await expValue(e)).toEqual(viaOp)
  })
})

describe('modify expressions return the bin the matching op writes, and leave the bin alone', () => {
  it.each(MODIFIES)('%s', async (_name, e, op, bin) => {
    const key = await fresh()
    await client.operate(key, [op])
    const written = (await client.get(key)).bins[bin]
    const other = await fresh()
    const r = await client.operate(other, [exp.operations.read('v', e)])
    expect(r.bins.v).toEqual(written)
    expect((await client.get(other)).bins[bin]).toEqual(bin === 'l' ? LIST : bin === 'm' ? MAP : NESTED)
  })
})

it('covers every builder of exp.lists and exp.maps', () => {
  const used = new Set([...READS, ...MODIFIES].map(([name]) => name.split(' ')[0]))
  const all = [
    ...Object.keys(exp.lists).map((k) => `lists.${k}`),
    ...Object.keys(exp.maps).map((k) => `maps.${k}`),
  ]
  expect(all.filter((name) => !used.has(name))).toEqual([])
})
