// Scans (queries without a predicate) through the client against the embedded server: results, foreach,
// streaming, projections, limits, partition filters, pages, abort and the errors a scan can end with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { computeDigest, PARTITIONS, partitionId } from '../../../src/protocol/index.js'
import { digests, type QueryEnv, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
let client: aerospike.Client
const SET = 'scan'
const COUNT = 300

beforeAll(async () => {
  env = await startEnv()
  client = env.client
  await writeRecords(client, 'test', SET, COUNT, (i) => ({ i, s: `v${i}`, odd: i % 2 === 1 ? i : null }), {
    sendKey: (i) => i % 3 === 0,
  })
})

afterAll(async () => {
  await env?.stop()
})

describe('results()', () => {
  it('returns every record of the set once, with key { namespace, set, digest } and userKey only when stored', async () => {
    const records = await client.query('test', SET).results()
    expect(records).toHaveLength(COUNT)
    expect(new Set(digests(records)).size).toBe(COUNT)
    for (const r of records) {
      const i = r.bins.i as number
      expect(r.bins).toEqual(i % 2 === 1 ? { i, s: `v${i}`, odd: i } : { i, s: `v${i}` })
      expect(r.key.namespace).toBe('test')
      expect(r.key.set).toBe(SET)
      expect(r.key.digest).toEqual(computeDigest(SET, `k${i}`))
      expect(r.key.userKey).toBe(i % 3 === 0 ? `k${i}` : null)
      expect(r.meta.gen).toBe(1)
      expect(r.meta.ttl).toBeGreaterThan(0)
    }
  })

  it('without a set reads every set of the namespace', async () => {
    await writeRecords(client, 'bar', 'one', 20, (i) => ({ i }))
    await writeRecords(client, 'bar', 'two', 30, (i) => ({ i }))
    await client.put(['bar', null, 'no-set'], { i: -1 })
    const all = await client.query('bar').results()
    expect(all).toHaveLength(51)
    expect(all.filter((r) => r.key.set === 'one')).toHaveLength(20)
    expect(all.filter((r) => r.key.set === '')).toHaveLength(1)
    expect(await client.query('bar', 'two').results()).toHaveLength(30)
  })

  it('a later scan sees every change made after an earlier one: writes, deletes, touches, truncation', async () => {
    const set = 'changes'
    await writeRecords(client, 'test', set, 50, (i) => ({ i }), { ttl: 100 })
    const ttlOf = async (k: string) =>
      (await client.query('test', set).results()).find((r) => r.key.digest.equals(computeDigest(set, k)))
        ?.meta.ttl
    expect(await client.query('test', set).results()).toHaveLength(50)
    await client.put(['test', set, 'k1'], { i: 1001 })
    await client.remove(['test', set, 'k2'])
    await client.put(['test', set, 'extra'], { i: -1 })
    const after = await client.query('test', set).results()
    expect(after).toHaveLength(50)
    expect(after.find((r) => r.bins.i === 1001)?.meta.gen).toBe(2)
    expect(after.some((r) => r.bins.i === 2)).toBe(false)
    const before = await ttlOf('k3')
    await client.touch(['test', set, 'k3'], 100_000)
    expect(await ttlOf('k3')).toBeGreaterThan(before! + 1000)
    await client.truncate('test', set)
    expect(await client.query('test', set).results()).toEqual([])
  })

  it('returns nothing for a set that does not exist', async () => {
    expect(await client.query('test', 'no-such-set').results()).toEqual([])
  })

  it('select() returns only the named bins; records with none of them are left out', async () => {
    const records = await client.query('test', SET).select('odd', 'nope').results()
    expect(records).toHaveLength(COUNT / 2)
    for (const r of records) expect(Object.keys(r.bins)).toEqual(['odd'])
    const both = await client.query('test', SET).select(['i'], 's').results()
    expect(both).toHaveLength(COUNT)
    for (const r of both) expect(Object.keys(r.bins).sort()).toEqual(['i', 's'])
  })

  it('includeBinData false returns metadata only', async () => {
    const records = await client.query('test', SET).results({ includeBinData: false })
    expect(records).toHaveLength(COUNT)
    for (const r of records) {
      expect(r.bins).toEqual({})
      expect(r.meta.gen).toBe(1)
    }
  })

  it('maxRecords returns at most that many records', async () => {
    expect(await client.query('test', SET).results({ maxRecords: 7 })).toHaveLength(7)
    expect(await client.query('test', SET).results({ maxRecords: COUNT * 2 })).toHaveLength(COUNT)
  })

  it('runs with every expected duration and node concurrency', async () => {
    for (const expectedDuration of [
      aerospike.QUERY_DURATION_LONG,
      aerospike.QUERY_DURATION_SHORT,
      aerospike.QUERY_DURATION_LONG_RELAX_AP,
    ]) {
      const records = await client.query('test', SET).results({ expectedDuration, maxConcurrentNodes: 1 })
      expect(records).toHaveLength(COUNT)
    }
  })

  it('recordsPerSecond slows the scan down to that rate', async () => {
    const start = Date.now()
    const records = await client.query('test', SET).results({ recordsPerSecond: 100, maxRecords: 40 })
    expect(records).toHaveLength(40)
    // 40 records at 100 per second take about 0.4 s.
    expect(Date.now() - start).toBeGreaterThanOrEqual(350)
  })
})

describe('filterExpression', () => {
  const { exp } = aerospike

  it('returns only the records the expression selects, with or without a predicate', async () => {
    const small = await client
      .query('test', SET)
      .results({ filterExpression: exp.lt(exp.intBin('i'), exp.intVal(10)) })
    expect(small.map((r) => r.bins.i).sort((a, b) => (a as number) - (b as number))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ])
    const evenOdd = await client
      .query('test', SET)
      .select('i')
      .results({ filterExpression: exp.binExists('odd'), includeBinData: true })
    expect(evenOdd).toHaveLength(COUNT / 2)
    const meta = await client
      .query('test', SET)
      .results({ filterExpression: exp.eq(exp.stringBin('s'), exp.stringVal('v7')), includeBinData: false })
    expect(meta).toHaveLength(1)
  })

  it('pages through a filtered scan: every selected record exactly once', async () => {
    const filter = aerospike.partitionFilterAll()
    const seen = new Set<number>()
    const filterExpression = exp.ge(exp.intBin('i'), exp.intVal(100))
    while (!filter.done) {
      for (const r of await client
        .query('test', SET)
        .results({ maxRecords: 37, partitionFilter: filter, filterExpression })) {
        expect(seen.has(r.bins.i as number)).toBe(false)
        seen.add(r.bins.i as number)
      }
    }
    expect(seen.size).toBe(COUNT - 100)
  })
})

describe('foreach()', () => {
  it('calls back for every record', async () => {
    const seen: number[] = []
    await client.query('test', SET).foreach((r) => {
      seen.push(r.bins.i as number)
    })
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i))
  })

  it('stops when the callback returns false, and awaits callbacks that return a Promise', async () => {
    let calls = 0
    await client.query('test', SET).foreach(async () => {
      calls++
      await new Promise((resolve) => setImmediate(resolve))
      return calls < 10
    })
    expect(calls).toBe(10)
    // The client is still fine for the next query.
    expect(await client.query('test', SET).results()).toHaveLength(COUNT)
  })

  it('rejects a callback that is not a function', async () => {
    await expect(client.query('test', SET).foreach(42 as never)).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
  })
})

describe('for await', () => {
  it('streams every record', async () => {
    let n = 0
    for await (const r of client.query('test', SET)) {
      expect(r.key.namespace).toBe('test')
      n++
    }
    expect(n).toBe(COUNT)
  })

  it('next() called again before the last call resolved gets the following records', async () => {
    const stream = client.query('test', SET).stream()
    const results = await Promise.all(Array.from({ length: COUNT + 1 }, () => stream.next()))
    expect(results.filter((r) => !r.done)).toHaveLength(COUNT)
    expect(results[COUNT]!.done).toBe(true)
    expect(new Set(results.filter((r) => !r.done).map((r) => r.value!.bins.i)).size).toBe(COUNT)
  })

  it('stream(policy) applies the policy', async () => {
    const out: aerospike.Record[] = []
    for await (const r of client.query('test', SET).stream({ maxRecords: 5 })) out.push(r)
    expect(out).toHaveLength(5)
  })

  it('breaking out closes the connection on the node; the client goes on working', async () => {
    const connections = async () =>
      Number(/client_connections=(\d+)/.exec(await client.infoRandomNode('statistics'))![1])
    const before = await connections()
    let n = 0
    // Rate-limited, so the node is still sending when the loop stops.
    for await (const _ of client.query('test', SET).stream({ recordsPerSecond: 1000 })) if (++n === 3) break
    expect(n).toBe(3)
    // The stream's socket is gone; the server sees it close (info round trips, no timers).
    let now = await connections()
    for (let i = 0; i < 100 && now >= before; i++) now = await connections()
    expect(now).toBeLessThan(before)
    expect(await client.query('test', SET).results()).toHaveLength(COUNT)
  })
})

describe('abort', () => {
  it('an AbortSignal stops the query and rejects it with ClientError', async () => {
    const controller = new AbortController()
    let n = 0
    const run = client.query('test', SET).foreach(
      () => {
        if (++n === 5) controller.abort(new Error('enough'))
      },
      { signal: controller.signal, recordsPerSecond: 200 },
    )
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(aerospike.ClientError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_CLIENT_ABORT)
    expect(((err as Error).cause as Error).message).toBe('enough')
    expect(n).toBe(5)
  })

  it('an already aborted signal rejects at once', async () => {
    const err = await client
      .query('test', SET)
      .results({ signal: AbortSignal.abort() })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ClientError)
  })

  it('totalTimeout ends a query that takes longer with AerospikeTimeoutError', async () => {
    const err = await client
      .query('test', SET)
      .results({ recordsPerSecond: 20, totalTimeout: 200 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
  })
})

describe('partition filters and pages', () => {
  it('partitionFilterById reads one partition; partitionFilterByRange a range', async () => {
    const all = await client.query('test', SET).results()
    const pid = partitionId(all[0]!.key.digest)
    const one = await client
      .query('test', SET)
      .results({ partitionFilter: aerospike.partitionFilterById(pid) })
    expect(digests(one)).toEqual(digests(all.filter((r) => partitionId(r.key.digest) === pid)))
    const range = await client
      .query('test', SET)
      .results({ partitionFilter: aerospike.partitionFilterByRange(1000, 1500) })
    const inRange = all.filter((r) => {
      const p = partitionId(r.key.digest)
      return p >= 1000 && p < 2500
    })
    expect(digests(range)).toEqual(digests(inRange))
  })

  it('rejects bad partition filters before sending anything', () => {
    expect(() => aerospike.partitionFilterById(PARTITIONS)).toThrow(aerospike.InvalidArgError)
    expect(() => aerospike.partitionFilterByRange(4000, 97)).toThrow(aerospike.InvalidArgError)
    expect(() => aerospike.partitionFilterByRange(-1, 1)).toThrow(aerospike.InvalidArgError)
    const q = client.query('test', SET)
    expect(() => q.stream({ partitionFilter: { begin: 0, count: 2, partitions: [] } })).toThrow(
      aerospike.InvalidArgError,
    )
    const wrongDigest = { id: 0, retry: true, digest: Buffer.alloc(20, 1).toString('base64') }
    expect(() => q.stream({ partitionFilter: { begin: 0, count: 1, partitions: [wrongDigest] } })).toThrow(
      /digest/,
    )
  })

  it('a query resumes from partitionStatus() after a break: nothing twice, nothing skipped', async () => {
    const q = client.query('test', SET)
    expect(q.partitionStatus()).toBeUndefined()
    const first: aerospike.Record[] = []
    for await (const r of q) {
      first.push(r)
      if (first.length === 100) break
    }
    const status = q.partitionStatus()!
    expect(status.done).toBe(false)
    const rest = await client
      .query('test', SET)
      .results({ partitionFilter: JSON.parse(JSON.stringify(status)) as aerospike.PartitionFilter })
    expect(rest).toHaveLength(COUNT - 100)
    expect(new Set([...digests(first), ...digests(rest)]).size).toBe(COUNT)
  })

  it('a finished filter is done and reads nothing more', async () => {
    const filter = aerospike.partitionFilterAll()
    expect(await client.query('test', SET).results({ partitionFilter: filter })).toHaveLength(COUNT)
    expect(filter.done).toBe(true)
    expect(await client.query('test', SET).results({ partitionFilter: filter })).toEqual([])
  })
})

describe('errors', () => {
  it('a namespace the cluster does not have fails before sending', async () => {
    const err = await client
      .query('nope', SET)
      .results()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ServerError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_INVALID_NAMESPACE)
  })

  it('bad arguments are InvalidArgError', async () => {
    expect(() => client.query('')).toThrow(aerospike.InvalidArgError)
    expect(() => client.query('test', 'x'.repeat(64))).toThrow(aerospike.InvalidArgError)
    expect(() => client.query('test', SET).select('')).toThrow(aerospike.InvalidArgError)
    expect(() => client.query('test', SET).where({} as aerospike.Predicate)).toThrow(
      aerospike.InvalidArgError,
    )
    expect(() => client.query('test', SET).stream({ maxRecords: -1 })).toThrow(aerospike.InvalidArgError)
    expect(() => client.query('test', SET).stream({ nope: 1 } as never)).toThrow(aerospike.InvalidArgError)
  })

  it('a closed client refuses to run queries', async () => {
    const c = await aerospike.client({ hosts: env.server.hosts }).connect()
    const q = c.query('test', SET)
    await c.close()
    await expect(q.results()).rejects.toBeInstanceOf(aerospike.ClientError)
  })
})
