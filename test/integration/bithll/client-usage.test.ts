// Bit and HLL operations as an application uses them, through our client and
// the embedded server: the examples of docs/bit-hll.md, the error classes,
// HLL values moving between records, expressions, batches and record limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { bitOperations: bo, hllOperations: ho, exp } = aerospike
const I = exp.intVal

let server: RunningServer
let client: aerospike.Client
let n = 0
const key = (): aerospike.KeyTuple => ['test', 'bitusage', `k${n++}`]

beforeAll(async () => {
  server = await startServer({
    port: 0,
    namespaces: [{ name: 'test' }, { name: 'small', maxRecordSize: 4096 }],
  })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('the examples of docs/bit-hll.md', () => {
  it('a bitmap of the features a user has seen', async () => {
    const k = key()
    await client.operate(k, [bo.bitResize('seen', 16), bo.bitSet('seen', 42, 1, Buffer.from([0x80]))])
    const { bins } = await client.operate(k, [bo.bitCount('seen', 0, 128), bo.bitLscan('seen', 0, 128, true)])
    expect(bins.seen).toEqual([1, 42])
    const busy = exp.ge(exp.bit.count(I(0), I(64), exp.blobBin('seen')), I(1))
    expect((await client.get(k, { filterExpression: busy })).bins.seen).toHaveLength(16)
    const flag = exp.bit.getInt(
      I(5),
      I(1),
      false,
      exp.bit.set(undefined, I(5), I(1), exp.blobVal(Buffer.from([0x80])), exp.blobBin('seen')),
    )
    expect((await client.operate(k, [exp.operations.read('f', flag)])).bins.f).toBe(1)
    expect(((await client.get(k)).bins.seen as Buffer)[0]).toBe(0)
  })

  it('unique visitors of a day, and of two days together', async () => {
    const [day1, day2] = [key(), key()]
    await client.operate(day1, [ho.hllAdd('visitors', ['ann', 'bob', 'ann'], 12)])
    await client.operate(day2, [ho.hllAdd('visitors', ['bob', 'cid'], 12)])
    const other = (await client.get(day2)).bins.visitors
    expect(other).toBeInstanceOf(aerospike.HLL)
    const both = await client.operate(day1, [ho.hllGetUnionCount('visitors', [other as aerospike.HLL])])
    expect(both.bins.visitors).toBe(3)
    const read = await client.operate(day1, [
      exp.operations.read('n', exp.hll.getCount(exp.hllBin('visitors'))),
      exp.operations.read('ann', exp.hll.mayContain(exp.listVal(['ann']), exp.hllBin('visitors'))),
    ])
    expect(read.bins).toEqual({ n: 2, ann: 1 })
  })
})

describe('bit and HLL errors', () => {
  it('raise the classes of their result codes', async () => {
    const k = key()
    await client.put(k, { b: Buffer.from([0xff]), s: 'text' })
    const fail = (ops: aerospike.Operation[]) =>
      client.operate(k, ops).then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(await fail([bo.bitResize('b', 4, 0, aerospike.BIT_WRITE_CREATE_ONLY)])).toBeInstanceOf(
      aerospike.BinExistsError,
    )
    expect(await fail([bo.bitNot('nope', 0, 8)])).toBeInstanceOf(aerospike.BinNotFound)
    expect(await fail([bo.bitGet('s', 0, 8)])).toBeInstanceOf(aerospike.BinTypeError)
    expect(await fail([ho.hllGetCount('b')])).toBeInstanceOf(aerospike.BinTypeError)
    const overflow = await fail([bo.bitAdd('b', 0, 8, 1)])
    expect(overflow).toBeInstanceOf(aerospike.ServerError)
    expect(overflow).toMatchObject({ resultCode: aerospike.AEROSPIKE_ERR_OP_NOT_APPLICABLE })
    expect(await fail([ho.hllInit('h', 3)])).toMatchObject({ resultCode: 4 })
    expect(await fail([ho.hllFold('h', 4)])).toBeInstanceOf(aerospike.BinNotFound)
    expect((await client.get(k)).bins).toEqual({ b: Buffer.from([0xff]), s: 'text' })
  })

  it('a read-only operate on a missing record fails with RecordNotFound; a modify creates it', async () => {
    const k = key()
    await expect(client.operate(k, [bo.bitGet('b', 0, 8)])).rejects.toBeInstanceOf(aerospike.RecordNotFound)
    await client.operate(k, [bo.bitInsert('b', 2, Buffer.from([7]))])
    expect((await client.get(k)).bins.b).toEqual(Buffer.from([0, 0, 7]))
  })

  it('a blob larger than the namespace allows fails with RecordTooBig and stores nothing', async () => {
    const k: aerospike.KeyTuple = ['small', 'bitusage', 'big']
    await client.put(k, { b: Buffer.alloc(8) })
    await expect(client.operate(k, [bo.bitResize('b', 8192)])).rejects.toBeInstanceOf(aerospike.RecordTooBig)
    expect((await client.get(k)).bins.b).toEqual(Buffer.alloc(8))
  })
})

describe('bit and HLL ops with other commands', () => {
  it('NO_FAIL and PARTIAL change what a refused op does', async () => {
    const k = key()
    await client.put(k, { b: Buffer.from('f00faa55', 'hex') })
    const r = await client.operateOrdered(k, [
      bo.bitSet('b', 24, 16, Buffer.from('ffff', 'hex'), aerospike.BIT_WRITE_PARTIAL),
      bo.bitNot('b', 40, 8, aerospike.BIT_WRITE_NO_FAIL),
      bo.bitRemove('b', 3, 2, aerospike.BIT_WRITE_PARTIAL | aerospike.BIT_WRITE_NO_FAIL),
      bo.bitGet('b', 0, 24),
    ])
    expect(r.orderedBins).toEqual([
      ['b', null],
      ['b', null],
      ['b', null],
      ['b', Buffer.from('f00faa', 'hex')],
    ])
  })

  it('HLLs written with put, merged with setUnion, and stored from an expression', async () => {
    const [a, b] = [key(), key()]
    await client.operate(a, [ho.hllAdd('h', ['x', 'y', 'z'], 8)])
    const h = (await client.get(a)).bins.h as aerospike.HLL
    await client.put(b, { copy: h })
    expect((await client.operate(b, [ho.hllDescribe('copy')])).bins.copy).toEqual([8, 0])
    await client.operate(b, [ho.hllSetUnion('u', [h, h]), ho.hllAdd('u', ['w'])])
    expect((await client.operate(b, [ho.hllGetCount('u')])).bins.u).toBe(4)
    await client.operate(b, [
      exp.operations.write(
        'e',
        exp.hll.add(undefined, exp.listVal(['p', 'q']), I(4), undefined, exp.hllBin('copy')),
      ),
    ])
    expect((await client.operate(b, [ho.hllGetCount('e'), ho.hllDescribe('e')])).bins.e).toEqual([5, [8, 0]])
  })

  it('batchOperate runs bit and HLL ops on many records', async () => {
    const keys = [key(), key(), key()]
    const res = await client.batchOperate(keys, [
      ho.hllAdd('h', ['a', 'b'], 6),
      bo.bitInsert('b', 0, Buffer.from([1])),
    ])
    expect(res.batchRecords.map((r) => r.result)).toEqual([0, 0, 0])
    const counts = await client.batchOperate(keys, [ho.hllGetCount('h'), bo.bitGetInt('b', 0, 8)])
    expect(counts.batchRecords.map((r) => r.record!.bins)).toEqual([
      { h: 2, b: 1 },
      { h: 2, b: 1 },
      { h: 2, b: 1 },
    ])
  })
})
