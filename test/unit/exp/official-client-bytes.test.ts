import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ExpOperation, exp } from '../../../src/client/exp/index.js'
import { decodeMessage } from '../../../src/protocol/message.js'
import { type RecordingServer, startRecordingServer } from './recording-server.js'
import { expOpWire } from './wire.js'

// The official client builds every expression of the table below; a fake node
// records the requests it sends, and our encoding must equal its encoding.

import { Aerospike, E, type Official, type Pair, type Theirs, X } from './exp-pairs.js'

const {
  v,
  bin,
  meta,
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
  add,
  sub,
  mul,
  div,
  pow,
  log,
  mod,
  abs,
  floor,
  ceil,
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
  inList,
  mapKeys,
  mapValues,
  regex,
  geoCmp,
  varOf,
  letIn,
} = E

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
const point = { type: 'Point', coordinates: [103.9, 1.3] }
const circle = { type: 'AeroCircle', coordinates: [[-122.1, 37.4], 1000] }
const age = bin.int('age')

/** Boolean expressions, sent as filters of a get. */
const FILTERS: Array<[string, () => Pair]> = [
  ['eq int', () => eq(age, v.int(42))],
  ['ne negative', () => ne(age, v.int(-1))],
  ['gt -33', () => gt(age, v.int(-33))],
  ['ge 127', () => ge(age, v.int(127))],
  ['lt 128', () => lt(age, v.int(128))],
  ['le 255', () => le(age, v.int(255))],
  ['eq 256', () => eq(age, v.int(256))],
  ['eq 65535', () => eq(age, v.int(65535))],
  ['eq 65536', () => eq(age, v.int(65536))],
  ['eq 2^32', () => eq(age, v.int(2 ** 32))],
  ['eq max safe', () => eq(age, v.int(Number.MAX_SAFE_INTEGER))],
  ['eq min safe', () => eq(age, v.int(Number.MIN_SAFE_INTEGER))],
  ['eq -129', () => eq(age, v.int(-129))],
  ['eq -32769', () => eq(age, v.int(-32769))],
  ['eq -2^31-1', () => eq(age, v.int(-(2 ** 31) - 1))],
  ['float eq', () => eq(bin.float('f'), v.float(1.5))],
  ['float integral', () => lt(bin.float('f'), v.float(3))],
  ['float negative zero', () => eq(bin.float('f'), v.float(-0))],
  ['float NaN', () => ne(bin.float('f'), v.float(Number.NaN))],
  ['float infinity', () => lt(bin.float('f'), v.float(Number.POSITIVE_INFINITY))],
  ['string', () => eq(bin.str('s'), v.str('hello'))],
  ['empty string', () => eq(bin.str('s'), v.str(''))],
  ['unicode string', () => eq(bin.str('s'), v.str('héllo 漢字 😀'))],
  ['31-byte string', () => eq(bin.str('s'), v.str('x'.repeat(30)))],
  ['300-byte string', () => eq(bin.str('s'), v.str('y'.repeat(300)))],
  ['70000-byte string', () => eq(bin.str('s'), v.str('z'.repeat(70000)))],
  ['bool true', () => eq(bin.bool('b'), v.bool(true))],
  ['bool false', () => ne(bin.bool('b'), v.bool(false))],
  ['blob', () => eq(bin.blob('bl'), v.blob(Buffer.from([1, 2, 3])))],
  ['empty blob', () => gt(bin.blob('bl'), v.blob(Buffer.alloc(0)))],
  ['list of scalars', () => eq(bin.list('l'), v.list([1, 'a', 2.5, true, null]))],
  ['nested list', () => eq(bin.list('l'), v.list([[1, [2]], []]))],
  ['empty list', () => gt(bin.list('l'), v.list([]))],
  ['list with a map', () => eq(bin.list('l'), v.list([{ b: 1, a: 2 }]))],
  ['map', () => eq(bin.map('m'), v.map({ k: 1 }))],
  ['map sorted', () => eq(bin.map('m'), v.map({ zeta: 1, alpha: [1, 2], mid: { y: 1, x: 2 } }))],
  ['empty map', () => ne(bin.map('m'), v.map({}))],
  ['nil eq nil', () => eq(v.nil(), v.nil())],
  ['wildcard eq infinity', () => ne(v.wildcard(), v.inf())],
  ['geo point in polygon', () => geoCmp(bin.geo('loc'), v.geo(polygon))],
  ['geo region contains point', () => geoCmp(bin.geo('region'), v.geo(point))],
  ['geo point in circle', () => geoCmp(bin.geo('loc'), v.geo(circle))],
  ['bin exists', () => bin.exists('age')],
  ['bin type', () => eq(bin.type('age'), v.int(1))],
  ['hll bin type', () => eq(bin.type('h'), v.int(18))],
  ['key int', () => eq(meta.keyInt(), v.int(7))],
  ['key string', () => eq(meta.keyStr(), v.str('k'))],
  ['key blob', () => eq(meta.keyBlob(), v.blob(Buffer.from('ab')))],
  ['key exists', () => meta.keyExists()],
  ['set name', () => eq(meta.setName(), v.str('demo'))],
  ['record size', () => lt(meta.recordSize(), v.int(1000))],
  ['last update', () => gt(meta.lastUpdate(), v.int(1_700_000_000_000_000))],
  ['since update', () => lt(meta.sinceUpdate(), v.int(60_000))],
  ['void time', () => ne(meta.voidTime(), v.int(-1))],
  ['ttl', () => and(ge(meta.ttl(), v.int(290)), le(meta.ttl(), v.int(300)))],
  ['digest modulo', () => eq(meta.digestModulo(3), v.int(0))],
  ['digest modulo big', () => lt(meta.digestModulo(1_000_000), v.int(5))],
  ['and of three', () => and(eq(age, v.int(1)), eq(age, v.int(2)), eq(age, v.int(3)))],
  ['or', () => or(eq(age, v.int(1)), bin.exists('x'))],
  ['not', () => not(eq(age, v.int(1)))],
  ['exclusive', () => exclusive(eq(age, v.int(1)), eq(age, v.int(2)))],
  [
    'nested logic',
    () => or(and(not(bin.exists('a')), bin.exists('b')), not(or(bin.exists('c'), bin.exists('d')))),
  ],
  ['regex basic', () => regex('^a.n$', 0, bin.str('name'))],
  ['regex icase', () => regex('^AN', 2, bin.str('name'))],
  ['regex extended', () => regex('^an+$', 1, bin.str('name'))],
  ['regex newline', () => regex('^y', 4, v.str('x\ny'))],
  ['regex all flags', () => regex('[[:alpha:]]+', 15, bin.str('name'))],
  ['regex long pattern', () => regex('a'.repeat(40), 0, bin.str('name'))],
  ['add ints', () => eq(add(age, v.int(5)), v.int(25))],
  ['add three', () => eq(add(age, v.int(1), v.int(2)), v.int(23))],
  ['add floats', () => gt(add(bin.float('f'), v.float(0.5)), v.float(2))],
  ['sub unary', () => eq(sub(age), v.int(-20))],
  ['sub', () => eq(sub(age, v.int(25)), v.int(-5))],
  ['mul', () => eq(mul(age, v.int(3)), v.int(60))],
  ['div', () => eq(div(age, v.int(3)), v.int(6))],
  ['div floats', () => eq(div(v.float(7), v.float(2)), v.float(3.5))],
  ['pow', () => eq(pow(v.float(2), v.float(10)), v.float(1024))],
  ['log', () => eq(log(v.float(8), v.float(2)), v.float(3))],
  ['mod', () => eq(mod(v.int(-7), v.int(3)), v.int(-1))],
  ['abs int', () => eq(abs(v.int(-5)), v.int(5))],
  ['abs float', () => eq(abs(v.float(-5.5)), v.float(5.5))],
  ['floor', () => eq(floor(bin.float('f')), v.float(1))],
  ['ceil', () => eq(ceil(bin.float('f')), v.float(2))],
  ['toInt', () => eq(toInt(bin.float('f')), v.int(1))],
  ['toFloat', () => eq(toFloat(age), v.float(20))],
  ['min', () => eq(min(age, v.int(5), v.int(30)), v.int(5))],
  ['max floats', () => eq(max(bin.float('f'), v.float(0.5)), v.float(1.5))],
  ['intAnd', () => eq(intAnd(age, v.int(4)), v.int(4))],
  ['intOr', () => eq(intOr(age, v.int(1), v.int(2)), v.int(23))],
  ['intXor', () => eq(intXor(age, v.int(20)), v.int(0))],
  ['intNot', () => eq(intNot(age), v.int(-21))],
  ['intLshift', () => eq(intLshift(age, v.int(2)), v.int(80))],
  ['intRshift', () => eq(intRshift(v.int(-8), v.int(1)), v.int(9))],
  ['intArshift', () => eq(intArshift(v.int(-8), v.int(1)), v.int(-4))],
  ['intCount', () => eq(intCount(age), v.int(2))],
  ['intLscan', () => eq(intLscan(age, v.bool(true)), v.int(59))],
  ['intRscan', () => eq(intRscan(age, v.bool(false)), v.int(0))],
  ['cond', () => eq(cond(eq(age, v.int(20)), v.int(1), v.int(2)), v.int(1))],
  [
    'cond of strings',
    () =>
      eq(
        cond(gt(age, v.int(100)), v.str('old'), gt(age, v.int(10)), v.str('mid'), v.str('young')),
        v.str('mid'),
      ),
  ],
  ['cond with unknown', () => cond(bin.exists('a'), v.unknown(), v.bool(true))],
  ['unknown', () => v.unknown()],
  ['let', () => letIn([['x', add(age, v.int(1))]], eq(varOf('x'), v.int(21)))],
  [
    'let nested',
    () =>
      letIn(
        [
          ['x', age],
          ['y', mul(varOf('x'), v.int(2))],
        ],
        eq(varOf('y'), v.int(40)),
      ),
  ],
  ['let of a let', () => letIn([['a', v.int(1)]], letIn([['b', varOf('a')]], eq(varOf('b'), v.int(1))))],
  ['inList', () => inList(v.str('a'), bin.list('tags'))],
  ['inList literal', () => inList(v.int(2), v.list([1, 2, 3]))],
  ['mapKeys', () => eq(mapKeys(bin.map('m')), v.list(['k']))],
  ['mapValues', () => eq(mapValues(bin.map('m')), v.list([1]))],
  ['a long and', () => and(...Array.from({ length: 20 }, (_, i) => ne(age, v.int(i))))],
]

/** Value expressions, sent as exp.operations.read / write of an operate. */
const VALUES: Array<[string, () => Pair, number]> = [
  ['read add', () => add(age, v.int(5)), 0],
  ['read with EVAL_NO_FAIL', () => div(v.int(1), v.int(0)), 16],
  ['read a list literal', () => v.list([1, 'a', 2.0]), 0],
  ['read a map literal', () => v.map({ b: 1, a: 2 }), 0],
  ['read a string', () => v.str('s'), 0],
  ['read metadata', () => meta.recordSize(), 0],
  ['read cond', () => cond(gt(age, v.int(100)), v.str('old'), v.str('young')), 0],
]
const WRITES: Array<[string, () => Pair, number]> = [
  ['write add', () => add(age, v.int(1)), 0],
  ['write create-only', () => v.int(1), 1],
  ['write update-only no-fail', () => v.str('x'), 2 | 8],
  ['write allow-delete', () => v.nil(), 4],
  ['write eval-no-fail', () => bin.float('f'), 16],
]

let server: RecordingServer
let client: Official
const key = new Aerospike.Key('test', 'demo', 'k')

beforeAll(async () => {
  server = await startRecordingServer()
  client = await Aerospike.connect({ hosts: `127.0.0.1:${server.port}`, log: { level: Aerospike.log.OFF } })
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

async function filterSentFor(theirs: Theirs): Promise<Buffer> {
  await expect(client.get(key, { filterExpression: theirs })).rejects.toMatchObject({ code: 2 })
  const [request] = await server.take()
  const field = decodeMessage(request!).fields.find((f) => f.type === 43)
  expect(field).toBeDefined()
  return field!.data
}

interface SentOp {
  op: number
  particleType: number
  name: string
  value: string
}

async function opSentFor(op: unknown): Promise<SentOp> {
  await expect(client.operate(key, [op])).rejects.toMatchObject({ code: 2 })
  const [request] = await server.take()
  const ops = decodeMessage(request!).ops
  expect(ops).toHaveLength(1)
  const { op: type, particleType, name, value } = ops[0]!
  return { op: type, particleType, name, value: value.toString('hex') }
}

function ourOp(operation: ExpOperation): SentOp {
  const { op: type, particleType, name, value } = expOpWire(operation)
  return { op: type, particleType, name, value: Buffer.from(value).toString('hex') }
}

describe('our expression bytes equal the official client aerospike@6.7.1', () => {
  it.each(FILTERS)('filter: %s', async (_name, build) => {
    const { ours, theirs } = build()
    expect((await filterSentFor(theirs)).toString('hex')).toBe(ours.bytes.toString('hex'))
  })

  it.each(VALUES)('exp.operations.read: %s', async (_name, build, flags) => {
    const { ours, theirs } = build()
    expect(await opSentFor(X.operations.read('v', theirs, flags))).toEqual(
      ourOp(exp.operations.read('v', ours, flags)),
    )
  })

  it.each(WRITES)('exp.operations.write: %s', async (_name, build, flags) => {
    const { ours, theirs } = build()
    expect(await opSentFor(X.operations.write('w', theirs, flags))).toEqual(
      ourOp(exp.operations.write('w', ours, flags)),
    )
  })
})
