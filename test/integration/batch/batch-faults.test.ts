// Batches across a two-node cluster, and against stalled nodes: rows split by node, bounded parallelism,
// retries re-sending only what a failed node left unanswered, timeouts that never hang or lose rows.
import { afterEach, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { startTwoNodes, type TwoNodes } from './two-nodes.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function twoNodes(): Promise<{ cluster: TwoNodes; client: aerospike.Client }> {
  const cluster = await startTwoNodes()
  cleanups.push(() => cluster.stop())
  const client = await aerospike.client({ hosts: cluster.hosts }).connect()
  cleanups.push(() => client.close())
  return { cluster, client }
}

/** Keys whose partitions alternate between the two fronts (even partitions on N1, odd on N2). */
type Tuple = [namespace: string, set: string, userKey: string]

function keysOnBothNodes(n: number, set = 'two'): Tuple[] {
  return Array.from({ length: n }, (_, i): Tuple => ['test', set, `key-${i}`])
}

function onNode(keys: readonly Tuple[], parity: number): Tuple[] {
  return keys.filter((k) => new aerospike.Key(...k).partitionId % 2 === parity)
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a rejection')
}

describe('a two-node cluster', () => {
  it('discovers both nodes and sends one request per node per call', async () => {
    const { cluster, client } = await twoNodes()
    expect(client.getNodeNames().sort()).toEqual(['N1', 'N2'])
    const keys = keysOnBothNodes(200)
    expect(onNode(keys, 0).length).toBeGreaterThan(50)
    expect(onNode(keys, 1).length).toBeGreaterThan(50)
    const w = await client.batchWrite(keys.map((k, i) => [k, { i }] as const))
    expect(w.batchRecords.every((r) => r.result === 0)).toBe(true)
    const before = cluster.fronts.map((f) => f.requests)
    const { batchRecords } = await client.batchRead(keys)
    expect(cluster.fronts.map((f, i) => f.requests - before[i]!)).toEqual([1, 1])
    expect(batchRecords.map((r) => r.record!.bins.i)).toEqual(keys.map((_, i) => i))
  })

  it('maxConcurrentNodes 0 (the default) sends to every node at once', async () => {
    const { cluster, client } = await twoNodes()
    const keys = keysOnBothNodes(2000, 'conc')
    await client.batchWrite(
      keys.map((k, i) => [k, { i }] as const),
      { maxConcurrentNodes: 1 },
    )
    expect(cluster.peakInFlight()).toBe(1)
    const all = await client.batchRead(keys)
    expect(all.batchRecords.every((r, i) => r.record!.bins.i === i)).toBe(true)
    expect(cluster.peakInFlight()).toBe(2)
  })

  it('maxConcurrentNodes 1 keeps one node busy at a time', async () => {
    const { cluster, client } = await twoNodes()
    const keys = keysOnBothNodes(2000, 'seq')
    for (let n = 0; n < 3; n++) {
      const r = await client.batchRead(keys, [], { maxConcurrentNodes: 1 })
      expect(r.batchRecords).toHaveLength(keys.length)
    }
    expect(cluster.peakInFlight()).toBe(1)
  })

  it('one stalled node: the call times out within totalTimeout, never hangs, never resolves with rows missing', async () => {
    const { cluster, client } = await twoNodes()
    const keys = keysOnBothNodes(100, 'stall')
    cluster.fronts[1].stall = true
    const start = performance.now()
    const err = await failure(
      client.batchRead(keys, undefined, { totalTimeout: 400, socketTimeout: 100, maxRetries: 5 }),
    )
    const elapsed = performance.now() - start
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    // Timers fire late on a loaded machine: allow slack, but far less than a hang.
    expect(elapsed).toBeLessThan(400 + 400)
    expect((err as aerospike.AerospikeError).inDoubt).toBe(false)
    // The stalled node got the first attempt and every retry its socket timeouts allowed.
    expect(cluster.fronts[1].requests).toBeGreaterThanOrEqual(2)
  })

  it('maxRetries 0: a node that does not answer in socketTimeout fails the call at once', async () => {
    const { cluster, client } = await twoNodes()
    cluster.fronts[0].stall = true
    const start = performance.now()
    const err = await failure(
      client.batchRead(keysOnBothNodes(20), undefined, {
        totalTimeout: 5000,
        socketTimeout: 100,
        maxRetries: 0,
      }),
    )
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    expect(performance.now() - start).toBeLessThan(1000)
    expect(cluster.fronts[0].requests).toBe(1)
  })

  it('a retry re-sends only the failed node’s rows and completes every row', async () => {
    const { cluster, client } = await twoNodes()
    const keys = keysOnBothNodes(300, 'retry')
    await client.batchWrite(keys.map((k, i) => [k, { i }] as const))
    const before = cluster.fronts.map((f) => f.requests)
    cluster.fronts[1].drop = 1
    const { batchRecords } = await client.batchRead(keys, undefined, {
      totalTimeout: 5000,
      socketTimeout: 500,
      maxRetries: 2,
    })
    expect(batchRecords.map((r) => r.record!.bins.i)).toEqual(keys.map((_, i) => i))
    expect(cluster.fronts.map((f, i) => f.requests - before[i]!)).toEqual([1, 2])
  })

  it('writes sent to a node that then stalls are in doubt', async () => {
    const { cluster, client } = await twoNodes()
    cluster.fronts[0].stall = true
    const keys = keysOnBothNodes(40, 'doubt')
    const err = await failure(
      client.batchWrite(
        keys.map((k) => [k, { v: 1 }] as const),
        { totalTimeout: 300, socketTimeout: 100, maxRetries: 1 },
      ),
    )
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    expect((err as aerospike.AerospikeError).inDoubt).toBe(true)
  })

  it('rows whose write went out in a failed attempt are in doubt when their retry fails on the server', async () => {
    const { cluster, client } = await twoNodes()
    const keys = onNode(keysOnBothNodes(40, 'doubt2'), 1).slice(0, 3)
    await client.put(keys[0]!, { v: 1 })
    cluster.fronts[1].drop = 1
    const { batchRecords } = await client.batchWrite(
      [
        [keys[0]!, { v: 2 }, { gen: 9 }],
        [keys[1]!, { v: 2 }],
      ],
      { totalTimeout: 5000, socketTimeout: 500, maxRetries: 1 },
    )
    expect(batchRecords.map((r) => [r.result, r.inDoubt])).toEqual([
      [aerospike.AEROSPIKE_ERR_RECORD_GENERATION, true],
      [0, false],
    ])
  })
})

describe('a stalled single server (setFaults)', () => {
  let server: RunningServer
  async function single(): Promise<aerospike.Client> {
    server = await startServer({ port: 0 })
    cleanups.push(() => server.stop())
    const client = await aerospike.client({ hosts: server.hosts }).connect()
    cleanups.push(() => client.close())
    return client
  }

  it('delayMs beyond totalTimeout: AerospikeTimeoutError, and the client still works after', async () => {
    const client = await single()
    const keys = keysOnBothNodes(10, 'delay')
    server.setFaults({ delayMs: 1500 })
    const start = performance.now()
    const err = await failure(client.batchRead(keys, undefined, { totalTimeout: 200, maxRetries: 0 }))
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    expect(performance.now() - start).toBeLessThan(1000)
    server.setFaults({ delayMs: 0 })
    const { batchRecords } = await client.batchRead(keys, [])
    expect(batchRecords.map((r) => r.result)).toEqual(keys.map(() => 2))
  })

  it('dropResponses: retries until totalTimeout, then fails', async () => {
    const client = await single()
    server.setFaults({ dropResponses: true })
    const err = await failure(
      client.batchRead(keysOnBothNodes(5), undefined, {
        totalTimeout: 300,
        socketTimeout: 80,
        maxRetries: 10,
      }),
    )
    expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
    expect((err as Error).message).toMatch(/attempt/)
  })

  it('close() during a stalled batch fails it with ClientError', async () => {
    const client = await single()
    server.setFaults({ dropResponses: true })
    const pending = failure(
      client.batchRead(keysOnBothNodes(5), undefined, { totalTimeout: 0, socketTimeout: 0 }),
    )
    await new Promise((r) => setImmediate(r))
    await client.close()
    expect(await pending).toBeInstanceOf(aerospike.ClientError)
  })
})
