// Aggregations (stream UDFs) from the official client (aerospike@6.7.1) against the embedded server:
// the node runs the ops up to the first reduce per partition, the official client the rest, and the
// results, refusals and failure texts are those of a real 8.1 node.
import { fileURLToPath } from 'node:url'
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from './server-process.js'

const LUA_DIR = fileURLToPath(new URL('../fixtures/aggr/', import.meta.url))
const SET = 'caggr'
const { MAPKEYS } = Aerospike.indexType

let server: ServerProcess
let official: Aerospike.Client

beforeAll(async () => {
  server = await startServerProcess()
  official = await Aerospike.connect({
    hosts: [{ addr: '127.0.0.1', port: server.port }],
    modlua: { userPath: LUA_DIR },
    log: { level: Aerospike.log.OFF },
  })
  await (await official.udfRegister(`${LUA_DIR}streams.lua`)).wait(10)
  for (let i = 1; i <= 30; i++)
    await official.put(new Aerospike.Key('test', SET, i), { v: i, g: i % 3, m: { [`k${i % 2}`]: 1 } })
  await (await official.createIntegerIndex({ ns: 'test', set: SET, bin: 'v', index: 'caggr_v' })).wait(10)
  await (
    await official.createIndex({
      ns: 'test',
      set: SET,
      bin: 'm',
      index: 'caggr_m',
      datatype: Aerospike.indexDataType.STRING,
      type: MAPKEYS,
    })
  ).wait(10)
}, 30_000)
afterAll(async () => {
  official?.close()
  await server?.stop()
})

const query = (filters: Aerospike.filter.SindexFilterPredicate[] = []) =>
  official.query('test', SET, { filters })

/** The values a setUdf foreach streams (the node's output passed through the client's phase). */
function streamed(q: Aerospike.Query): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out: unknown[] = []
    const s = q.foreach()
    s.on('data', (r: Aerospike.AerospikeRecord) => out.push(r.bins))
    s.on('error', reject)
    s.on('end', () => resolve(out))
  })
}

describe('official client aggregations against the embedded server', () => {
  it('map + reduce over a scan of the set', async () => {
    expect(await query().apply('streams', 'sum', ['v'])).toBe(465)
    expect(await query().apply('streams', 'count', [])).toBe(30)
  })

  it('over the records a where predicate selects (integer range, map keys)', async () => {
    expect(await query([Aerospike.filter.range('v', 10, 19)]).apply('streams', 'sum', ['v'])).toBe(145)
    expect(await query([Aerospike.filter.contains('m', 'k1', MAPKEYS)]).apply('streams', 'count', [])).toBe(
      15,
    )
  })

  it('aggregate builds a map per partition; the client merges them', async () => {
    expect(await query().apply('streams', 'group_count', ['g'])).toEqual({ 0: 10, 1: 10, 2: 10 })
  })

  it('ops after the reduce run on the client', async () => {
    expect(await query().apply('streams', 'scaled_sum', ['v', 2])).toBe(930)
  })

  it('filter + map without reduce streams every value', async () => {
    const q = query()
    q.setUdf('streams', 'evens', ['v'])
    const values = (await streamed(q)) as number[]
    expect(values.sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30])
  })

  it("a Lua error on the node reaches the client as the node's FAILURE text", async () => {
    const error = await query()
      .apply('streams', 'broken', [])
      .then(
        () => undefined,
        (e: Aerospike.AerospikeError) => e,
      )
    // The C client reports a FAILURE bin of an aggregation as a client error carrying the text.
    expect(error?.code).toBe(-1)
    expect(error?.message).toMatch(
      /^UDF: Execution Error 2 : \/opt\/aerospike\/usr\/udf\/lua\/streams\.lua:\d+: bad record$/,
    )
  })

  it('refuses a filter expression (16); a set that does not exist (2) is an empty result to the client', async () => {
    const exp = Aerospike.exp
    const filtered = await query()
      .apply('streams', 'count', [], { filterExpression: exp.gt(exp.binInt('v'), exp.int(3)) })
      .then(
        () => undefined,
        (e: Aerospike.AerospikeError) => e.code,
      )
    expect(filtered).toBe(16)
    // The C client ends a node's stream quietly on result 2 (a set the node does not know).
    expect(await official.query('test', 'no_such_set').apply('streams', 'count', [])).toBeNull()
  })
})
