// Aggregations end to end, our client against the embedded server: apply + results / foreach /
// for await run the stream function (node ops on the server, the rest in the client's Lua), and
// apply + executeBackground still runs a record UDF job.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const LUA_DIR = fileURLToPath(new URL('../../fixtures/aggr/', import.meta.url))
const RECORDS_LUA = fileURLToPath(new URL('../../fixtures/udf/records.lua', import.meta.url))
const SET = 'iaggr'
const { predicates: p } = aerospike

let server: RunningServer
let client: aerospike.Client

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts, lua: { userPath: LUA_DIR } }).connect()
  await client.udfPut(`${LUA_DIR}streams.lua`)
  await client.udfPut(RECORDS_LUA)
  for (let i = 1; i <= 40; i++) await client.put(['test', SET, i], { v: i, g: `g${i % 4}` })
  await client.indexIntegerCreate('test', SET, 'v', 'iaggr_v')
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

const query = () => client.query('test', SET)

describe('aggregations', () => {
  it('results() gives the reduced value; foreach and for await see the same', async () => {
    expect(await query().apply('streams', 'sum', ['v']).results()).toEqual([820])
    const seen: unknown[] = []
    await query()
      .apply('streams', 'count')
      .foreach((v) => {
        seen.push(v)
      })
    expect(seen).toEqual([40])
    const streamed: unknown[] = []
    for await (const v of query().apply('streams', 'sum', ['v'])) streamed.push(v)
    expect(streamed).toEqual([820])
  })

  it('over the records a where predicate selects', async () => {
    const q = query()
      .where(p.between('v', 1, 10))
      .apply('streams', 'sum', ['v'])
    expect(await q.results()).toEqual([55])
  })

  it('aggregate + reduce merges the per-partition maps on the client', async () => {
    expect(await query().apply('streams', 'group_count', ['g']).results()).toEqual([
      { g0: 10, g1: 10, g2: 10, g3: 10 },
    ])
  })

  it('ops after the reduce run on the client; without reduce every value comes back', async () => {
    expect(await query().apply('streams', 'scaled_sum', ['v', 0.5]).results()).toEqual([410])
    const evens = (await query().apply('streams', 'evens', ['v']).results()) as number[]
    expect(evens.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)))
  })

  it("a Lua error on the node is a UDFError carrying the node's text", async () => {
    const err = await query()
      .apply('streams', 'broken')
      .results()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.UDFError)
    expect((err as aerospike.UDFError).message).toMatch(
      /UDF: Execution Error 2 : .*streams\.lua:\d+: bad record/,
    )
  })

  it('a Lua error in the client phase is a UDFError; a module missing locally names the directory', async () => {
    const late = await query()
      .apply('streams', 'client_only_failure', ['v'])
      .results()
      .catch((e: unknown) => e)
    expect(late).toBeInstanceOf(aerospike.UDFError)
    expect((late as Error).message).toMatch(/UDF: Execution Error 2 : @?streams\.lua:\d+: late/)
    const other = aerospike.client({ hosts: server.hosts, lua: { userPath: '/nonexistent' } })
    await other.connect()
    try {
      const missing = await other
        .query('test', SET)
        .apply('streams', 'count')
        .results()
        .catch((e: unknown) => e)
      expect((missing as aerospike.AerospikeError).resultCode).toBe(1302)
      expect((missing as Error).message).toContain('/nonexistent')
    } finally {
      await other.close()
    }
  })

  it('a filter expression is refused by the server (16)', async () => {
    const { exp } = aerospike
    const err = await query()
      .apply('streams', 'count')
      .results({ filterExpression: exp.gt(exp.intBin('v'), exp.intVal(3)) })
      .catch((e: unknown) => e)
    expect((err as aerospike.AerospikeError).resultCode).toBe(16)
  })

  it('apply + executeBackground still runs a record UDF on every record', async () => {
    const job = await client
      .query('test', SET)
      .where(p.equals('v', 40))
      .apply('records', 'put_bin', ['w', 7])
      .executeBackground()
    await client.waitForJob(job, aerospike.JOB_QUERY, 10)
    expect((await client.get(['test', SET, 40])).bins.w).toBe(7)
  })

  it('lua config is checked', () => {
    expect(() => aerospike.client({ hosts: server.hosts, lua: { userPath: 3 } as never })).toThrow(
      aerospike.InvalidArgError,
    )
    expect(() => aerospike.client({ hosts: server.hosts, lua: { path: 'x' } as never })).toThrow(
      aerospike.InvalidArgError,
    )
  })
})
