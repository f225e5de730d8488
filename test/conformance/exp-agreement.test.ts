import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../src/index.js'
import { Aerospike, E, type Official, type Pair } from '../unit/exp/exp-pairs.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

// The same expressions, built by the official client (aerospike@6.7.1) and by
// our client's `exp`, run against the embedded server: both clients must get
// the expected answer.

const { v, bin, meta, eq, ne, gt, ge, lt, le, and, or, not, exclusive, add, sub, mul, div, pow, log, mod } = E
const { abs, floor, ceil, toInt, toFloat, min, max, intAnd, intOr, intXor, intNot, intLshift, intRshift } = E
const {
  intArshift,
  intCount,
  intLscan,
  intRscan,
  cond,
  inList,
  mapKeys,
  mapValues,
  regex,
  geoCmp,
  varOf,
  letIn,
} = E

const SET = 'expconf'
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
const age = bin.int('age')
const missing = bin.int('nope')

/** Filters and whether the fixture record passes them. */
const FILTERS: Array<[string, () => Pair, boolean]> = [
  ['int eq', () => eq(age, v.int(20)), true],
  ['int eq false', () => eq(age, v.int(21)), false],
  ['int ne', () => ne(age, v.int(21)), true],
  ['int gt', () => gt(age, v.int(19)), true],
  ['int ge', () => ge(age, v.int(21)), false],
  ['int lt', () => lt(age, v.int(21)), true],
  ['int le', () => le(age, v.int(19)), false],
  ['float', () => eq(bin.float('f'), v.float(1.5)), true],
  ['string', () => eq(bin.str('name'), v.str('ann')), true],
  ['string order', () => lt(bin.str('name'), v.str('b')), true],
  ['bool', () => eq(bin.bool('flag'), v.bool(true)), true],
  ['blob', () => eq(bin.blob('bl'), v.blob(Buffer.from([1, 2]))), true],
  ['list', () => eq(bin.list('tags'), v.list(['a', 'b'])), true],
  ['list order', () => gt(bin.list('tags'), v.list(['a'])), true],
  ['map', () => eq(bin.map('m'), v.map({ k: 1 })), true],
  ['nil', () => eq(v.nil(), v.nil()), true],
  ['bin exists', () => bin.exists('age'), true],
  ['bin missing', () => bin.exists('nope'), false],
  ['bin type', () => eq(bin.type('name'), v.int(3)), true],
  ['wrong bin type is unknown', () => eq(bin.str('age'), v.str('20')), false],
  ['missing bin is unknown', () => eq(missing, v.int(1)), false],
  ['not(unknown)', () => not(eq(missing, v.int(1))), false],
  ['or(unknown, true)', () => or(eq(missing, v.int(1)), eq(age, v.int(20))), true],
  ['and(true, false)', () => and(eq(age, v.int(20)), eq(age, v.int(21))), false],
  ['exclusive', () => exclusive(eq(age, v.int(20)), eq(age, v.int(21))), true],
  ['unknown()', () => v.unknown(), false],
  ['key exists', () => meta.keyExists(), true],
  ['key string', () => eq(meta.keyStr(), v.str('e1')), true],
  ['key int on a string key', () => eq(meta.keyInt(), v.int(1)), false],
  ['set name', () => eq(meta.setName(), v.str(SET)), true],
  ['ttl', () => and(ge(meta.ttl(), v.int(290)), le(meta.ttl(), v.int(300))), true],
  ['void time', () => ne(meta.voidTime(), v.int(-1)), true],
  ['last update', () => gt(meta.lastUpdate(), v.int(1_700_000_000_000_000)), true],
  ['since update', () => lt(meta.sinceUpdate(), v.int(60_000)), true],
  ['record size', () => and(gt(meta.recordSize(), v.int(0)), lt(meta.recordSize(), v.int(1000))), true],
  ['digest modulo', () => and(ge(meta.digestModulo(3), v.int(0)), lt(meta.digestModulo(3), v.int(3))), true],
  ['regex', () => regex('^a.n$', 0, bin.str('name')), true],
  ['regex case', () => regex('^AN', 0, bin.str('name')), false],
  ['regex icase', () => regex('^AN', 2, bin.str('name')), true],
  ['regex basic +', () => regex('^an+$', 0, bin.str('name')), false],
  ['regex extended +', () => regex('^an+$', 1, bin.str('name')), true],
  ['point in polygon', () => geoCmp(bin.geo('loc'), v.geo(polygon)), true],
  [
    'point outside',
    () =>
      geoCmp(
        bin.geo('loc'),
        v.geo({
          ...polygon,
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
          ],
        }),
      ),
    false,
  ],
  [
    'region contains point',
    () => geoCmp(bin.geo('region'), v.geo({ type: 'Point', coordinates: [1, 1] })),
    true,
  ],
  [
    'point in circle',
    () => geoCmp(bin.geo('loc'), v.geo({ type: 'AeroCircle', coordinates: [[5.001, 5], 500] })),
    true,
  ],
  ['add', () => eq(add(age, v.int(5)), v.int(25)), true],
  ['sub', () => eq(sub(age, v.int(25)), v.int(-5)), true],
  ['mul', () => eq(mul(age, v.int(3)), v.int(60)), true],
  ['div', () => eq(div(age, v.int(3)), v.int(6)), true],
  ['div by zero is unknown', () => eq(div(age, v.int(0)), v.int(0)), false],
  ['mod', () => eq(mod(v.int(-7), v.int(3)), v.int(-1)), true],
  ['pow', () => eq(pow(v.float(2), v.float(10)), v.float(1024)), true],
  ['log', () => eq(log(v.float(8), v.float(2)), v.float(3)), true],
  ['abs', () => eq(abs(v.int(-5)), v.int(5)), true],
  ['floor', () => eq(floor(bin.float('f')), v.float(1)), true],
  ['ceil', () => eq(ceil(bin.float('f')), v.float(2)), true],
  ['toInt', () => eq(toInt(bin.float('f')), v.int(1)), true],
  ['toFloat', () => eq(toFloat(age), v.float(20)), true],
  ['min', () => eq(min(age, v.int(5), v.int(30)), v.int(5)), true],
  ['max', () => eq(max(age, v.int(5), v.int(30)), v.int(30)), true],
  ['intAnd', () => eq(intAnd(age, v.int(4)), v.int(4)), true],
  ['intOr', () => eq(intOr(age, v.int(1)), v.int(21)), true],
  ['intXor', () => eq(intXor(age, v.int(20)), v.int(0)), true],
  ['intNot', () => eq(intNot(age), v.int(-21)), true],
  ['intLshift', () => eq(intLshift(age, v.int(2)), v.int(80)), true],
  ['intRshift', () => eq(intRshift(bin.int('neg'), v.int(60)), v.int(15)), true],
  ['intArshift', () => eq(intArshift(bin.int('neg'), v.int(1)), v.int(-4)), true],
  ['intCount', () => eq(intCount(age), v.int(2)), true],
  ['intLscan', () => eq(intLscan(age, v.bool(true)), v.int(59)), true],
  ['intRscan', () => eq(intRscan(age, v.bool(true)), v.int(61)), true],
  [
    'cond',
    () =>
      eq(
        cond(gt(age, v.int(100)), v.str('old'), gt(age, v.int(10)), v.str('mid'), v.str('young')),
        v.str('mid'),
      ),
    true,
  ],
  ['let', () => letIn([['x', add(age, v.int(1))]], eq(varOf('x'), v.int(21))), true],
  ['inList', () => inList(v.str('a'), bin.list('tags')), true],
  ['inList false', () => inList(v.str('z'), bin.list('tags')), false],
  ['mapKeys', () => eq(mapKeys(bin.map('m')), v.list(['k'])), true],
  ['mapValues', () => eq(mapValues(bin.map('m')), v.list([1])), true],
]

/** Expression reads and the value each returns for the fixture record. */
const VALUES: Array<[string, () => Pair, unknown]> = [
  ['sum', () => add(age, v.int(5)), 25],
  ['float division', () => div(v.float(7), v.float(2)), 3.5],
  ['string', () => cond(gt(age, v.int(10)), v.str('adult'), v.str('child')), 'adult'],
  ['boolean', () => eq(age, v.int(20)), true],
  ['list', () => mapKeys(bin.map('m')), ['k']],
  ['bin type', () => bin.type('tags'), 20],
]

let server: ServerProcess
let client: Official
let ours: aerospike.Client
const officialKey = new Aerospike.Key('test', SET, 'e1')

beforeAll(async () => {
  server = await startServerProcess()
  client = await Aerospike.connect({ hosts: `127.0.0.1:${server.port}`, log: { level: Aerospike.log.OFF } })
  ours = await aerospike.client({ hosts: [['127.0.0.1', server.port]] }).connect()
  await client.put(
    officialKey,
    {
      age: 20,
      neg: -8,
      f: 1.5,
      name: 'ann',
      flag: true,
      bl: Buffer.from([1, 2]),
      tags: ['a', 'b'],
      m: { k: 1 },
      loc: new Aerospike.GeoJSON({ type: 'Point', coordinates: [5, 5] }),
      region: new Aerospike.GeoJSON(polygon),
    },
    { ttl: 300 },
    { key: Aerospike.policy.key.SEND },
  )
})

afterAll(async () => {
  await ours?.close()
  await client?.close()
  await server?.stop()
})

async function officialPasses(pair: Pair): Promise<boolean> {
  try {
    await client.get(officialKey, { filterExpression: pair.theirs })
    return true
  } catch (e) {
    if ((e as { code?: number }).code === 27) return false
    throw e
  }
}

async function ourClientPasses(pair: Pair): Promise<boolean> {
  try {
    await ours.get(['test', SET, 'e1'], { filterExpression: pair.ours })
    return true
  } catch (e) {
    if (e instanceof aerospike.FilteredOut) return false
    throw e
  }
}

describe('filters: the official client and our client agree with the expected answer', () => {
  it.each(FILTERS)('%s', async (_name, build, passes) => {
    const pair = build()
    expect(await officialPasses(pair)).toBe(passes)
    expect(await ourClientPasses(pair)).toBe(passes)
  })
})

describe('expression reads: the official client and our client get the same value', () => {
  it.each(VALUES)('%s', async (_name, build, expected) => {
    const pair = build()
    const record = await client.operate(officialKey, [Aerospike.exp.operations.read('v', pair.theirs, 0)])
    expect(record.bins.v).toEqual(expected)
    const mine = await ours.operate(['test', SET, 'e1'], [aerospike.exp.operations.read('v', pair.ours)])
    expect(mine.bins.v).toEqual(expected)
  })
})
