// Filter expressions and expression operations in batch calls: our client against the embedded server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { exp, operations: op } = aerospike
const OK = aerospike.AEROSPIKE_OK
const FILTERED = aerospike.AEROSPIKE_ERR_FILTERED_OUT
const MISSING = aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND

let server: RunningServer
let client: aerospike.Client
const key = (n: number): aerospike.KeyTuple => ['test', 'expb', `k${n}`]
/** k0..k5 hold n = 0..5; k9 does not exist. */
const keys = [0, 1, 2, 3, 4, 5, 9].map(key)
const even = exp.eq(exp.numMod(exp.intBin('n'), exp.intVal(2)), exp.intVal(0))
const odd = exp.not(even)
const results = (batch: { batchRecords: ReadonlyArray<{ result: number }> }) =>
  batch.batchRecords.map((r) => r.result)

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

beforeEach(async () => {
  await client.remove(key(9)).catch(() => undefined)
  for (let n = 0; n <= 5; n++)
    await client.put(key(n), { n }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE })
})

describe('batch policy filterExpression', () => {
  it('batchRead: rows the filter rejects are 27, missing records 2', async () => {
    const batch = await client.batchRead(keys, undefined, { filterExpression: even })
    expect(results(batch)).toEqual([OK, FILTERED, OK, FILTERED, OK, FILTERED, MISSING])
    expect(batch.batchRecords[2]!.record?.bins).toEqual({ n: 2 })
    expect(batch.batchRecords[1]!.record).toBeNull()
  })

  it('batchRead of metadata only honours the filter too', async () => {
    const batch = await client.batchRead(keys, [], { filterExpression: odd })
    expect(results(batch)).toEqual([FILTERED, OK, FILTERED, OK, FILTERED, OK, MISSING])
  })

  it('an unknown filter rejects every row', async () => {
    const batch = await client.batchRead(keys.slice(0, 3), undefined, {
      filterExpression: exp.eq(exp.stringBin('n'), exp.stringVal('x')),
    })
    expect(results(batch)).toEqual([FILTERED, FILTERED, FILTERED])
  })

  it('batchOperate writes only the records the filter selects', async () => {
    const batch = await client.batchOperate(keys.slice(0, 4), [op.increment('n', 10), op.read('n')], {
      filterExpression: odd,
    })
    expect(results(batch)).toEqual([FILTERED, OK, FILTERED, OK])
    expect(batch.batchRecords[1]!.record?.bins).toEqual({ n: 11 })
    const after = await client.batchRead(keys.slice(0, 4))
    expect(after.batchRecords.map((r) => r.record?.bins.n)).toEqual([0, 11, 2, 13])
  })

  it('batchRemove deletes only the selected records', async () => {
    const batch = await client.batchRemove(keys.slice(0, 4), { filterExpression: even })
    expect(results(batch)).toEqual([OK, FILTERED, OK, FILTERED])
    expect(results(await client.batchRead(keys.slice(0, 4)))).toEqual([MISSING, OK, MISSING, OK])
  })

  it('batchWrite: a record filter overrides the batch filter for its row', async () => {
    const batch = await client.batchWrite(
      [
        [key(0), { w: 1 }],
        { key: key(1), ops: [op.write('w', 1)] },
        { key: key(2), ops: [op.write('w', 1)], policy: { filterExpression: odd } },
        { key: key(3), ops: [op.write('w', 1)], policy: { filterExpression: odd } },
      ],
      { filterExpression: even },
    )
    expect(results(batch)).toEqual([OK, FILTERED, FILTERED, OK])
    const after = await client.batchRead(keys.slice(0, 4))
    expect(after.batchRecords.map((r) => r.record?.bins.w)).toEqual([1, undefined, undefined, 1])
  })

  it('a malformed filter fails every row with 4', async () => {
    const bad = exp.fromBase64(Buffer.from([0x91, 0x0a]).toString('base64'))
    const batch = await client.batchRead(keys.slice(0, 2), undefined, { filterExpression: bad })
    expect(results(batch)).toEqual([4, 4])
  })
})

describe('expression operations in batches', () => {
  it('batchOperate reads and writes expression values per record', async () => {
    const batch = await client.batchOperate(keys.slice(0, 3), [
      exp.operations.write('sq', exp.numMul(exp.intBin('n'), exp.intBin('n'))),
      exp.operations.read('label', exp.cond(odd, exp.stringVal('odd'), exp.stringVal('even'))),
    ])
    expect(results(batch)).toEqual([OK, OK, OK])
    expect(batch.batchRecords.map((r) => r.record?.bins.label)).toEqual(['even', 'odd', 'even'])
    const after = await client.batchRead(keys.slice(0, 3), ['sq'])
    expect(after.batchRecords.map((r) => r.record?.bins.sq)).toEqual([0, 1, 4])
  })

  it('a failing expression operation fails its row only', async () => {
    await client.put(key(1), { n: 'one' }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE })
    const batch = await client.batchOperate(keys.slice(0, 3), [
      exp.operations.read('half', exp.numDiv(exp.intBin('n'), exp.intVal(2))),
    ])
    expect(results(batch)).toEqual([OK, aerospike.AEROSPIKE_ERR_OP_NOT_APPLICABLE, OK])
    expect(batch.batchRecords.map((r) => r.record?.bins.half ?? null)).toEqual([0, null, 1])
  })
})
