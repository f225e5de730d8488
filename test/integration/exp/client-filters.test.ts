// Every exp builder, as a filter that is true, false or unknown for a record,
// on get, put, operate, remove and touch: our client against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { exp, operations: op } = aerospike
type E = aerospike.Expression

let server: RunningServer
let client: aerospike.Client
let counter = 0
const SET = 'expc'

/** An empty HyperLogLog with 4 index bits and no min-hash bits: 11-byte header + 12 register bytes. */
const HLL_BYTES = Buffer.concat([Buffer.from([0, 4, 0]), Buffer.alloc(20)])
const polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
}
const FIXTURE: aerospike.Bins = {
  age: 20,
  neg: -8,
  f: 1.5,
  name: 'ann',
  flag: true,
  bl: Buffer.from([1, 2]),
  tags: ['a', 'b'],
  m: { k: 1 },
  em: {},
  loc: new aerospike.GeoJSON({ type: 'Point', coordinates: [5, 5] }),
  h: new aerospike.HLL(HLL_BYTES),
}

const I = (n: number | bigint) => exp.intVal(n)
const F = (n: number) => exp.floatVal(n)
const S = (s: string) => exp.stringVal(s)
const age = exp.intBin('age')
const T = exp.eq(age, I(20))
const Fa = exp.eq(age, I(21))
const U = exp.eq(exp.intBin('nope'), I(20))
/** Unknown of any type: a cond that only reaches unknown(). */
const unknownOf = (e: E) => exp.cond(exp.binExists('nope'), e, exp.unknown())

/** name, filter that is true, false, unknown (null: the builder cannot be unknown) for the fixture record. */
const ROWS: Array<[string, E, E, E | null]> = [
  ['intVal/intBin', T, Fa, U],
  [
    'floatVal/floatBin',
    exp.eq(exp.floatBin('f'), F(1.5)),
    exp.eq(exp.floatBin('f'), F(2.5)),
    exp.eq(exp.floatBin('age'), F(1.5)),
  ],
  [
    'stringVal/stringBin',
    exp.eq(exp.stringBin('name'), S('ann')),
    exp.eq(exp.stringBin('name'), S('bob')),
    exp.eq(exp.stringBin('age'), S('ann')),
  ],
  [
    'boolVal/boolBin',
    exp.eq(exp.boolBin('flag'), exp.boolVal(true)),
    exp.eq(exp.boolBin('flag'), exp.boolVal(false)),
    exp.boolBin('name'),
  ],
  [
    'blobVal/blobBin',
    exp.eq(exp.blobBin('bl'), exp.blobVal(Buffer.from([1, 2]))),
    exp.eq(exp.blobBin('bl'), exp.blobVal(Buffer.from([1]))),
    exp.eq(exp.blobBin('name'), exp.blobVal(Buffer.from([1]))),
  ],
  [
    'listVal/listBin',
    exp.eq(exp.listBin('tags'), exp.listVal(['a', 'b'])),
    exp.eq(exp.listBin('tags'), exp.listVal(['b', 'a'])),
    exp.eq(exp.listBin('name'), exp.listVal([])),
  ],
  // Our client stores objects as unordered maps: comparing one is unknown, as on the server; empty maps compare.
  [
    'mapVal/mapBin',
    exp.eq(exp.mapBin('em'), exp.mapVal({})),
    exp.ne(exp.mapBin('em'), exp.mapVal({})),
    exp.eq(exp.mapBin('m'), exp.mapVal({ k: 1 })),
  ],
  [
    'geoVal/geoBin/geoCompare',
    exp.geoCompare(exp.geoBin('loc'), exp.geoVal(polygon)),
    exp.geoCompare(
      exp.geoBin('loc'),
      exp.geoVal({
        ...polygon,
        coordinates: [
          [
            [20, 20],
            [21, 20],
            [21, 21],
            [20, 21],
            [20, 20],
          ],
        ],
      }),
    ),
    exp.geoCompare(exp.geoBin('name'), exp.geoVal(polygon)),
  ],
  [
    'nil',
    exp.eq(exp.nil(), exp.nil()),
    exp.ne(exp.nil(), exp.nil()),
    exp.eq(unknownOf(exp.nil()), exp.nil()),
  ],
  ['wildcard', exp.eq(exp.wildcard(), exp.infinity()), exp.ne(exp.wildcard(), exp.infinity()), null],
  ['infinity', exp.eq(exp.infinity(), exp.infinity()), exp.lt(exp.infinity(), exp.infinity()), null],
  [
    'wildcard and infinity in lists',
    exp.eq(exp.listBin('tags'), exp.listVal(['a', aerospike.WILDCARD])),
    exp.gt(exp.listBin('tags'), exp.listVal(['a', aerospike.INFINITY])),
    null,
  ],
  ['binExists', exp.binExists('age'), exp.binExists('nope'), null],
  ['binType', exp.eq(exp.binType('name'), I(3)), exp.eq(exp.binType('name'), I(1)), null],
  [
    'hll particle type',
    exp.eq(exp.binType('h'), I(18)),
    exp.eq(exp.binType('h'), I(4)),
    exp.eq(exp.binType('h'), unknownOf(I(0))),
  ],
  [
    'key',
    exp.regexCompare('^r[0-9]+$', 1, exp.key(exp.EXP_TYPE_STRING)),
    exp.eq(exp.key(exp.EXP_TYPE_STRING), S('x')),
    exp.eq(exp.key(exp.EXP_TYPE_INT), I(1)),
  ],
  ['keyExists', exp.keyExists(), exp.not(exp.keyExists()), null],
  ['setName', exp.eq(exp.setName(), S(SET)), exp.eq(exp.setName(), S('x')), null],
  ['recordSize', exp.gt(exp.recordSize(), I(0)), exp.lt(exp.recordSize(), I(0)), null],
  [
    'lastUpdate',
    exp.gt(exp.lastUpdate(), I(1_700_000_000_000_000_000n)),
    exp.lt(exp.lastUpdate(), I(0)),
    null,
  ],
  ['sinceUpdate', exp.lt(exp.sinceUpdate(), I(60_000)), exp.gt(exp.sinceUpdate(), I(60_000)), null],
  ['voidTime', exp.ne(exp.voidTime(), I(-1)), exp.eq(exp.voidTime(), I(-1)), null],
  ['ttl', exp.le(exp.ttl(), I(300)), exp.gt(exp.ttl(), I(300)), null],
  ['isTombstone', exp.not(exp.isTombstone()), exp.isTombstone(), null],
  ['digestModulo', exp.lt(exp.digestModulo(7), I(7)), exp.ge(exp.digestModulo(7), I(7)), null],
  ['eq', T, Fa, U],
  ['ne', exp.ne(age, I(21)), exp.ne(age, I(20)), exp.ne(exp.intBin('nope'), I(20))],
  ['gt', exp.gt(age, I(19)), exp.gt(age, I(20)), exp.gt(exp.intBin('nope'), I(0))],
  ['ge', exp.ge(age, I(20)), exp.ge(age, I(21)), exp.ge(exp.intBin('nope'), I(0))],
  ['lt', exp.lt(age, I(21)), exp.lt(age, I(20)), exp.lt(exp.intBin('nope'), I(0))],
  ['le', exp.le(age, I(20)), exp.le(age, I(19)), exp.le(exp.intBin('nope'), I(0))],
  ['and', exp.and(T, T), exp.and(T, Fa), exp.and(T, U)],
  ['or', exp.or(Fa, T), exp.or(Fa, Fa), exp.or(Fa, U)],
  ['not', exp.not(Fa), exp.not(T), exp.not(U)],
  ['exclusive', exp.exclusive(T, Fa), exp.exclusive(T, T), exp.exclusive(U, T)],
  [
    'regexCompare',
    exp.regexCompare('^a.n$', 0, exp.stringBin('name')),
    exp.regexCompare('^b', 0, exp.stringBin('name')),
    exp.regexCompare('a', 0, exp.stringBin('age')),
  ],
  [
    'inList',
    exp.inList(S('a'), exp.listBin('tags')),
    exp.inList(S('z'), exp.listBin('tags')),
    exp.inList(S('a'), exp.listBin('name')),
  ],
  [
    'mapKeys',
    exp.eq(exp.mapKeys(exp.mapBin('m')), exp.listVal(['k'])),
    exp.eq(exp.mapKeys(exp.mapBin('m')), exp.listVal(['z'])),
    exp.eq(exp.mapKeys(exp.mapBin('name')), exp.listVal([])),
  ],
  [
    'mapValues',
    exp.eq(exp.mapValues(exp.mapBin('m')), exp.listVal([1])),
    exp.eq(exp.mapValues(exp.mapBin('m')), exp.listVal([2])),
    exp.eq(exp.mapValues(exp.mapBin('nope')), exp.listVal([])),
  ],
  [
    'numAdd',
    exp.eq(exp.numAdd(age, I(5)), I(25)),
    exp.eq(exp.numAdd(age, I(5)), I(26)),
    exp.eq(exp.numAdd(exp.intBin('nope'), I(5)), I(25)),
  ],
  [
    'numSub',
    exp.eq(exp.numSub(age, I(25)), I(-5)),
    exp.eq(exp.numSub(age), I(20)),
    exp.eq(exp.numSub(exp.intBin('nope')), I(0)),
  ],
  [
    'numMul',
    exp.eq(exp.numMul(age, I(3)), I(60)),
    exp.eq(exp.numMul(age, I(3)), I(61)),
    exp.eq(exp.numMul(exp.intBin('nope'), I(3)), I(0)),
  ],
  [
    'numDiv',
    exp.eq(exp.numDiv(age, I(3)), I(6)),
    exp.eq(exp.numDiv(age, I(3)), I(7)),
    exp.eq(exp.numDiv(age, I(0)), I(0)),
  ],
  [
    'numPow',
    exp.eq(exp.numPow(F(2), F(10)), F(1024)),
    exp.eq(exp.numPow(F(2), F(10)), F(1000)),
    exp.eq(exp.numPow(exp.floatBin('nope'), F(2)), F(0)),
  ],
  [
    'numLog',
    exp.eq(exp.numLog(F(8), F(2)), F(3)),
    exp.eq(exp.numLog(F(8), F(2)), F(2)),
    exp.eq(exp.numLog(exp.floatBin('age'), F(2)), F(0)),
  ],
  [
    'numMod',
    exp.eq(exp.numMod(I(-7), I(3)), I(-1)),
    exp.eq(exp.numMod(I(-7), I(3)), I(2)),
    exp.eq(exp.numMod(age, I(0)), I(0)),
  ],
  [
    'numAbs',
    exp.eq(exp.numAbs(exp.intBin('neg')), I(8)),
    exp.eq(exp.numAbs(exp.intBin('neg')), I(-8)),
    exp.eq(exp.numAbs(exp.intBin('nope')), I(0)),
  ],
  [
    'numFloor',
    exp.eq(exp.numFloor(exp.floatBin('f')), F(1)),
    exp.eq(exp.numFloor(exp.floatBin('f')), F(2)),
    exp.eq(exp.numFloor(exp.floatBin('age')), F(1)),
  ],
  [
    'numCeil',
    exp.eq(exp.numCeil(exp.floatBin('f')), F(2)),
    exp.eq(exp.numCeil(exp.floatBin('f')), F(1)),
    exp.eq(exp.numCeil(exp.floatBin('nope')), F(1)),
  ],
  [
    'toInt',
    exp.eq(exp.toInt(exp.floatBin('f')), I(1)),
    exp.eq(exp.toInt(exp.floatBin('f')), I(2)),
    exp.eq(exp.toInt(exp.floatBin('age')), I(1)),
  ],
  [
    'toFloat',
    exp.eq(exp.toFloat(age), F(20)),
    exp.eq(exp.toFloat(age), F(21)),
    exp.eq(exp.toFloat(exp.intBin('f')), F(1)),
  ],
  [
    'min',
    exp.eq(exp.min(age, I(5), I(30)), I(5)),
    exp.eq(exp.min(age, I(5)), I(20)),
    exp.eq(exp.min(age, exp.intBin('nope')), I(5)),
  ],
  [
    'max',
    exp.eq(exp.max(age, I(5), I(30)), I(30)),
    exp.eq(exp.max(age, I(5)), I(5)),
    exp.eq(exp.max(age, exp.intBin('nope')), I(5)),
  ],
  [
    'intAnd',
    exp.eq(exp.intAnd(age, I(4)), I(4)),
    exp.eq(exp.intAnd(age, I(4)), I(0)),
    exp.eq(exp.intAnd(exp.intBin('nope'), I(4)), I(4)),
  ],
  [
    'intOr',
    exp.eq(exp.intOr(age, I(1)), I(21)),
    exp.eq(exp.intOr(age, I(1)), I(20)),
    exp.eq(exp.intOr(exp.intBin('nope'), I(1)), I(1)),
  ],
  [
    'intXor',
    exp.eq(exp.intXor(age, I(20)), I(0)),
    exp.eq(exp.intXor(age, I(20)), I(20)),
    exp.eq(exp.intXor(age, exp.intBin('nope')), I(0)),
  ],
  [
    'intNot',
    exp.eq(exp.intNot(age), I(-21)),
    exp.eq(exp.intNot(age), I(21)),
    exp.eq(exp.intNot(exp.intBin('nope')), I(0)),
  ],
  [
    'intLshift',
    exp.eq(exp.intLshift(age, I(2)), I(80)),
    exp.eq(exp.intLshift(age, I(2)), I(40)),
    exp.eq(exp.intLshift(age, exp.intBin('nope')), I(0)),
  ],
  [
    'intRshift',
    exp.eq(exp.intRshift(exp.intBin('neg'), I(60)), I(15)),
    exp.eq(exp.intRshift(exp.intBin('neg'), I(60)), I(-1)),
    exp.eq(exp.intRshift(exp.intBin('nope'), I(1)), I(0)),
  ],
  [
    'intArshift',
    exp.eq(exp.intArshift(exp.intBin('neg'), I(1)), I(-4)),
    exp.eq(exp.intArshift(exp.intBin('neg'), I(1)), I(4)),
    exp.eq(exp.intArshift(exp.intBin('nope'), I(1)), I(0)),
  ],
  [
    'intCount',
    exp.eq(exp.intCount(age), I(2)),
    exp.eq(exp.intCount(age), I(3)),
    exp.eq(exp.intCount(exp.intBin('nope')), I(0)),
  ],
  [
    'intLscan',
    exp.eq(exp.intLscan(age, exp.boolVal(true)), I(59)),
    exp.eq(exp.intLscan(age, exp.boolVal(true)), I(4)),
    exp.eq(exp.intLscan(exp.intBin('nope'), exp.boolVal(true)), I(0)),
  ],
  [
    'intRscan',
    exp.eq(exp.intRscan(age, exp.boolVal(true)), I(61)),
    exp.eq(exp.intRscan(age, exp.boolVal(true)), I(2)),
    exp.eq(exp.intRscan(exp.intBin('nope'), exp.boolVal(true)), I(0)),
  ],
  [
    'cond',
    exp.eq(exp.cond(exp.gt(age, I(10)), S('adult'), S('child')), S('adult')),
    exp.eq(exp.cond(exp.gt(age, I(30)), S('old'), S('young')), S('old')),
    exp.eq(exp.cond(exp.gt(age, I(10)), exp.unknown(), S('child')), S('child')),
  ],
  [
    'let/def/var',
    exp.let(exp.def('x', exp.numAdd(age, I(1))), exp.eq(exp.var('x'), I(21))),
    exp.let(exp.def('x', age), exp.eq(exp.var('x'), I(0))),
    exp.let(exp.def('x', exp.intBin('nope')), exp.eq(exp.var('x'), I(0))),
  ],
  ['unknown', T, Fa, exp.unknown()],
  ['fromBase64', exp.fromBase64(T.toBase64()), exp.fromBase64(Fa.toBase64()), exp.fromBase64(U.toBase64())],
]

type Verdict = 'true' | 'false' | 'unknown'

/** Runs one command with the filter; returns whether it applied (false: FilteredOut) and checks its effect. */
const COMMANDS: Record<string, (key: aerospike.KeyTuple, filter: E) => Promise<boolean>> = {
  get: async (key, filter) => {
    const r = await client.get(key, { filterExpression: filter })
    expect(r.bins.age).toBe(20)
    return true
  },
  put: async (key, filter) => {
    await client.put(key, { w: 1 }, undefined, { filterExpression: filter })
    expect((await client.get(key)).bins.w).toBe(1)
    return true
  },
  operate: async (key, filter) => {
    const r = await client.operate(key, [op.increment('age', 1), op.read('age')], undefined, {
      filterExpression: filter,
    })
    expect(r.bins.age).toBe(21)
    return true
  },
  remove: async (key, filter) => {
    await client.remove(key, undefined, { filterExpression: filter })
    expect((await client.exists(key)).meta).toBeNull()
    return true
  },
  touch: async (key, filter) => {
    const before = (await client.get(key)).meta.gen
    await client.touch(key, 100, undefined, { filterExpression: filter })
    expect((await client.get(key)).meta.gen).toBe(before + 1)
    return true
  },
}

async function fixture(): Promise<aerospike.KeyTuple> {
  const id = `r${++counter}`
  const key: aerospike.KeyTuple = ['test', SET, id]
  await client.put(key, FIXTURE, { ttl: 300 }, { key: aerospike.POLICY_KEY_SEND })
  return key
}

/** Whether the command applied; FilteredOut -> false, with the record unchanged. */
async function applies(name: string, key: aerospike.KeyTuple, filter: E): Promise<boolean> {
  const before = await client.get(key)
  try {
    return await COMMANDS[name]!(key, filter)
  } catch (e) {
    if (!(e instanceof aerospike.FilteredOut)) throw e
    expect(e.resultCode).toBe(27)
    const after = await client.get(key)
    expect(after.bins).toEqual(before.bins)
    expect(after.meta.gen).toBe(before.meta.gen)
    return false
  }
}

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

const cases = ROWS.flatMap(([name, t, f, u]) =>
  Object.keys(COMMANDS).map((command) => [name, command, t, f, u] as const),
)

describe('filterExpression with every builder on every single-record command', () => {
  it.each(cases)('%s on %s', async (_name, command, t, f, u) => {
    const key = await fixture()
    const verdicts: Array<[Verdict, E | null]> = [
      ['false', f],
      ['unknown', u],
      ['true', t],
    ]
    for (const [verdict, e] of verdicts) {
      if (e === null) continue
      expect(await applies(command, key, e), `${verdict} filter`).toBe(verdict === 'true')
    }
  })
})

describe('filters and expression operations through our client', () => {
  it('a missing record gives RecordNotFound, not FilteredOut', async () => {
    await expect(client.get(['test', SET, 'never'], { filterExpression: Fa })).rejects.toThrow(
      aerospike.RecordNotFound,
    )
  })

  it('a filter the server refuses fails with result code 4', async () => {
    const key = await fixture()
    const bad = exp.fromBase64(Buffer.from([0x91, 0x0a]).toString('base64'))
    await expect(client.get(key, { filterExpression: bad })).rejects.toMatchObject({ resultCode: 4 })
  })

  it('client defaults can carry a filter', async () => {
    const key = await fixture()
    const filtered = await aerospike
      .client({ hosts: server.hosts, policies: { read: { filterExpression: Fa } } })
      .connect()
    try {
      await expect(filtered.get(key)).rejects.toThrow(aerospike.FilteredOut)
      expect((await filtered.get(key, { filterExpression: T })).bins.age).toBe(20)
    } finally {
      await filtered.close()
    }
  })

  it('exp.operations.read returns computed values of every type', async () => {
    const key = await fixture()
    const r = await client.operate(key, [
      exp.operations.read('sum', exp.numAdd(age, I(5))),
      exp.operations.read('half', exp.numDiv(exp.floatBin('f'), F(2))),
      exp.operations.read('label', exp.cond(exp.gt(age, I(10)), S('adult'), S('child'))),
      exp.operations.read('adult', exp.ge(age, I(18))),
      exp.operations.read('keys', exp.mapKeys(exp.mapBin('m'))),
      exp.operations.read('where', exp.geoBin('loc')),
      exp.operations.read('raw', exp.blobBin('bl')),
      exp.operations.read('hll', exp.hllBin('h')),
    ])
    expect(r.bins).toEqual({
      sum: 25,
      half: 0.75,
      label: 'adult',
      adult: true,
      keys: ['k'],
      where: new aerospike.GeoJSON({ type: 'Point', coordinates: [5, 5] }),
      raw: Buffer.from([1, 2]),
      hll: new aerospike.HLL(HLL_BYTES),
    })
    const nil = await client.operateOrdered(key, [
      exp.operations.read('none', exp.intBin('nope'), exp.expReadFlags.EVAL_NO_FAIL),
    ])
    expect(nil.orderedBins).toEqual([['none', null]])
    expect(Object.keys((await client.get(key)).bins).sort()).toEqual(Object.keys(FIXTURE).sort())
  })

  it('exp.operations.write stores values; operateOrdered keeps the op order', async () => {
    const key = await fixture()
    const r = await client.operateOrdered(key, [
      exp.operations.write('double', exp.numMul(age, I(2))),
      exp.operations.read('check', exp.numAdd(exp.intBin('double'), I(1))),
      exp.operations.write('name', exp.nil(), exp.expWriteFlags.ALLOW_DELETE),
    ])
    expect(r.orderedBins).toEqual([
      ['double', null],
      ['check', 41],
      ['name', null],
    ])
    const bins = (await client.get(key)).bins
    expect(bins.double).toBe(40)
    expect(bins.name).toBeUndefined()
  })

  it.each([
    [
      'CREATE_ONLY on an existing bin',
      exp.operations.write('age', I(1), exp.expWriteFlags.CREATE_ONLY),
      aerospike.BinExistsError,
    ],
    [
      'UPDATE_ONLY on a missing bin',
      exp.operations.write('zz', I(1), exp.expWriteFlags.UPDATE_ONLY),
      aerospike.BinNotFound,
    ],
    ['an unknown value', exp.operations.read('x', exp.intBin('nope')), aerospike.ServerError],
  ])('%s fails with its error class and nothing changes', async (_name, operation, errorClass) => {
    const key = await fixture()
    const before = await client.get(key)
    await expect(client.operate(key, [op.write('w', 1), operation])).rejects.toThrow(errorClass)
    expect((await client.get(key)).bins).toEqual(before.bins)
  })

  it('an expression operation on a missing record creates it when it writes', async () => {
    const key: aerospike.KeyTuple = ['test', SET, `new${++counter}`]
    await client.operate(key, [exp.operations.write('v', I(7))])
    expect((await client.get(key)).bins).toEqual({ v: 7 })
  })
})
