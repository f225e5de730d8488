// Every exp.bit and exp.hll builder against the embedded server: an
// expression read gives what the matching operation returns (read ops) or
// writes (modify ops), and a failing op makes the expression unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { bitOperations: bo, hllOperations: ho, exp } = aerospike
const I = exp.intVal
const B = (hex: string) => Buffer.from(hex, 'hex')
type E = aerospike.Expression
type Op = aerospike.Operation

let server: RunningServer
let client: aerospike.Client
let n = 0

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

const BLOB = B('f00faa550123456789')
const blob = exp.blobBin('b')

/** [name, the op on bin b, the expression on bin b] for ops that change the blob. */
const BIT_MODIFY: Array<[string, Op, E]> = [
  [
    'resize',
    bo.bitResize('b', 12, aerospike.BIT_RESIZE_FROM_FRONT),
    exp.bit.resize(undefined, I(12), 1, blob),
  ],
  ['insert', bo.bitInsert('b', 2, B('abcd')), exp.bit.insert(undefined, I(2), exp.blobVal(B('abcd')), blob)],
  ['remove', bo.bitRemove('b', 1, 3), exp.bit.remove(undefined, I(1), I(3), blob)],
  [
    'set',
    bo.bitSet('b', 5, 11, B('ffff')),
    exp.bit.set(undefined, I(5), I(11), exp.blobVal(B('ffff')), blob),
  ],
  [
    'or',
    bo.bitOr('b', 3, 20, B('a5a5a5')),
    exp.bit.or(undefined, I(3), I(20), exp.blobVal(B('a5a5a5')), blob),
  ],
  ['xor', bo.bitXor('b', 9, 7, B('ff')), exp.bit.xor(undefined, I(9), I(7), exp.blobVal(B('ff')), blob)],
  [
    'and',
    bo.bitAnd('b', 0, 72, B('0f0f0f0f0f0f0f0f0f')),
    exp.bit.and(undefined, I(0), I(72), exp.blobVal(B('0f0f0f0f0f0f0f0f0f')), blob),
  ],
  ['not', bo.bitNot('b', 60, 12), exp.bit.not(undefined, I(60), I(12), blob)],
  ['lshift', bo.bitLshift('b', 4, 40, 9), exp.bit.lshift(undefined, I(4), I(40), I(9), blob)],
  ['rshift', bo.bitRshift('b', 4, 40, 9), exp.bit.rshift(undefined, I(4), I(40), I(9), blob)],
  ['add', bo.bitAdd('b', 7, 33, 1000, true), exp.bit.add(undefined, I(7), I(33), I(1000), true, 0, blob)],
  [
    'subtract',
    bo.bitSubtract('b', 7, 8, 255, false, 4),
    exp.bit.subtract(undefined, I(7), I(8), I(255), false, 4, blob),
  ],
  ['setInt', bo.bitSetInt('b', 1, 63, -5n), exp.bit.setInt(undefined, I(1), I(63), I(-5), blob)],
]

/** [name, the read op on bin b, the expression on bin b]. */
const BIT_READ: Array<[string, Op, E]> = [
  ['get', bo.bitGet('b', 3, 29), exp.bit.get(I(3), I(29), blob)],
  ['count', bo.bitCount('b', 5, 60), exp.bit.count(I(5), I(60), blob)],
  ['lscan', bo.bitLscan('b', 9, 50, false), exp.bit.lscan(I(9), I(50), exp.boolVal(false), blob)],
  ['rscan', bo.bitRscan('b', 0, 70, true), exp.bit.rscan(I(0), I(70), exp.boolVal(true), blob)],
  ['getInt', bo.bitGetInt('b', 2, 64, true), exp.bit.getInt(I(2), I(64), true, blob)],
]

async function fresh(bins: aerospike.Bins): Promise<aerospike.KeyTuple> {
  const key: aerospike.KeyTuple = ['test', 'bitexp', `r${n++}`]
  await client.put(key, bins)
  return key
}

async function expValue(key: aerospike.KeyTuple, e: E): Promise<unknown> {
  return (await client.operate(key, [exp.operations.read('v', e)])).bins.v
}

describe('exp.bit agrees with the bit operations', () => {
  it.each(BIT_MODIFY)('%s returns the blob the op stores', async (_name, op, e) => {
    const key = await fresh({ b: BLOB })
    const viaExp = await expValue(key, e)
    await client.operate(key, [op])
    expect(viaExp).toEqual((await client.get(key)).bins.b)
  })

  it.each(BIT_READ)('%s returns what the op returns', async (_name, op, e) => {
    const key = await fresh({ b: BLOB })
    expect(await expValue(key, e)).toEqual((await client.operate(key, [op])).bins.b)
  })

  it('a failing op makes the expression unknown (26 on read, nil with EVAL_NO_FAIL, a filter is false)', async () => {
    const key = await fresh({ b: BLOB })
    const past = exp.bit.get(I(70), I(8), blob)
    await expect(client.operate(key, [bo.bitGet('b', 70, 8)])).rejects.toMatchObject({ resultCode: 26 })
    await expect(expValue(key, past)).rejects.toMatchObject({ resultCode: 26 })
    const noFail = await client.operate(key, [exp.operations.read('v', past, exp.expReadFlags.EVAL_NO_FAIL)])
    expect(noFail.bins.v ?? null).toBeNull()
    await expect(
      client.get(key, { filterExpression: exp.eq(exp.bit.count(I(70), I(8), blob), I(0)) }),
    ).rejects.toBeInstanceOf(aerospike.FilteredOut)
  })

  it('modify expressions chain, and exp.operations.write stores the result', async () => {
    const key = await fresh({ b: B('00') })
    const chained = exp.bit.add(
      undefined,
      I(0),
      I(8),
      I(3),
      false,
      0,
      exp.bit.insert(undefined, I(0), exp.blobVal(B('10')), blob),
    )
    await client.operate(key, [exp.operations.write('c', chained)])
    expect((await client.get(key)).bins).toEqual({ b: B('00'), c: B('1300') })
  })
})

describe('exp.hll agrees with the HLL operations', () => {
  const hll = exp.hllBin('h')

  async function hllRecord(): Promise<{ key: aerospike.KeyTuple; other: aerospike.HLL }> {
    const key = await fresh({ x: 1 })
    await client.operate(key, [
      ho.hllAdd('h', ['a', 'b', 'c', 'd', 'e'], 10, 6),
      ho.hllAdd('g', ['d', 'e', 'f'], 10, 6),
    ])
    return { key, other: (await client.get(key)).bins.g as aerospike.HLL }
  }

  it('reads', async () => {
    const { key, other } = await hllRecord()
    const others = exp.listVal([other])
    const pairs: Array<[Op, E]> = [
      [ho.hllGetCount('h'), exp.hll.getCount(hll)],
      [ho.hllDescribe('h'), exp.hll.describe(hll)],
      [ho.hllGetUnion('h', [other]), exp.hll.getUnion(others, hll)],
      [ho.hllGetUnionCount('h', [other]), exp.hll.getUnionCount(others, hll)],
      [ho.hllGetIntersectCount('h', [other]), exp.hll.getIntersectCount(others, hll)],
      [ho.hllGetSimilarity('h', [other]), exp.hll.getSimilarity(others, hll)],
      [ho.hllMayContain('h', ['a', 'z']), exp.hll.mayContain(exp.listVal(['a', 'z']), hll)],
    ]
    for (const [op, e] of pairs)
      expect(await expValue(key, e)).toEqual((await client.operate(key, [op])).bins.h)
  })

  it('modifies', async () => {
    const { key } = await hllRecord()
    const viaInit = await expValue(key, exp.hll.init(undefined, I(8), I(4), hll))
    const viaAdd = await expValue(
      key,
      exp.hll.add(undefined, exp.listVal(['q', 'r']), undefined, undefined, hll),
    )
    await client.operate(key, [ho.hllAdd('h', ['q', 'r'])])
    expect(viaAdd).toEqual((await client.get(key)).bins.h)
    await client.operate(key, [ho.hllInit('h', 8, 4)])
    expect(viaInit).toEqual((await client.get(key)).bins.h)
    const created = await expValue(
      key,
      exp.hll.add(undefined, exp.listVal(['x']), I(6), undefined, exp.nil()),
    )
    expect((created as aerospike.HLL).value.subarray(0, 3)).toEqual(B('000600'))
  })
})
