// Scans over a two-node cluster (two fronts owning even and odd partitions over one server): the
// partitions split by node, maxRecords shared out between the nodes, pages exactly once, a node
// that drops a request retried, one that stalls failing the query after its retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { partitionId } from '../../../src/protocol/index.js'
import { startTwoNodes, type TwoNodes } from '../batch/two-nodes.js'
import { digests, writeRecords } from './helpers.js'

let cluster: TwoNodes
let client: aerospike.Client
const COUNT = 2000
let expected: string[]

beforeAll(async () => {
  cluster = await startTwoNodes()
  client = await aerospike.client({ hosts: cluster.hosts }).connect()
  expect(client.getNodeNames().sort()).toEqual(['N1', 'N2'])
  await writeRecords(client, 'test', 'two', COUNT, (i) => ({ i }))
  expected = digests(await client.query('test', 'two').results())
})

afterAll(async () => {
  await client?.close()
  await cluster?.stop()
})

describe('two nodes', () => {
  it('each node gets its own partitions; together every record once', async () => {
    const before = cluster.fronts.map((f) => f.requests)
    const records = await client.query('test', 'two').results({ maxConcurrentNodes: 1 })
    expect(digests(records)).toEqual(expected)
    expect(expected).toHaveLength(COUNT)
    expect(cluster.fronts.map((f, i) => f.requests - before[i]!)).toEqual([1, 1])
    const even = records.filter((r) => partitionId(r.key.digest) % 2 === 0).length
    expect(even).toBeGreaterThan(0)
    expect(even).toBeLessThan(COUNT)
  })

  it('maxRecords is shared out between the nodes', async () => {
    expect(await client.query('test', 'two').results({ maxRecords: 10 })).toHaveLength(10)
    expect(await client.query('test', 'two').results({ maxRecords: 11 })).toHaveLength(11)
  })

  it.each([1, 77])('pages of %i over both nodes return every record exactly once', async (page) => {
    const filter = aerospike.partitionFilterAll()
    const seen = new Set<string>()
    let pages = 0
    while (!filter.done) {
      const records = await client.query('test', 'two').results({ maxRecords: page, partitionFilter: filter })
      expect(records.length).toBeLessThanOrEqual(page)
      for (const d of digests(records)) {
        expect(seen.has(d), `record ${d} twice`).toBe(false)
        seen.add(d)
      }
      pages++
      if (page === 1 && pages > 60) break
    }
    if (page === 1) {
      // One record per page: check the first pages only (no repeats, none skipped so far).
      expect(seen.size).toBe(pages)
      return
    }
    expect([...seen].sort()).toEqual(expected)
  })

  it('a node that drops a request: its partitions are read again, from the same node', async () => {
    cluster.fronts[1].drop = 1
    const records = await client.query('test', 'two').results({ socketTimeout: 200 })
    expect(digests(records)).toEqual(expected)
    expect(cluster.fronts[1].drop).toBe(0)
  })

  it('a node that stalls: the query fails with AerospikeTimeoutError once its retries are spent', async () => {
    cluster.fronts[0].stall = true
    try {
      const err = await client
        .query('test', 'two')
        .results({ socketTimeout: 100, maxRetries: 1 })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    } finally {
      cluster.fronts[0].stall = false
    }
  })
})
