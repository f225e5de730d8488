// Failures in the middle of a scan: a connection cut mid-stream, a partition the node cannot serve,
// a node that stops answering. Partitions go to the next attempt; records come exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { partitionId } from '../../../src/protocol/index.js'
import { type Disturbance, digests, type QueryEnv, QueryProxy, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
const COUNT = 3000
let expected: string[]

beforeAll(async () => {
  env = await startEnv()
  // Bins of 1 KiB: the answer spans several frames.
  await writeRecords(env.client, 'test', 'retry', COUNT, (i) => ({ i, pad: 'x'.repeat(1024) }))
  expected = digests(await env.client.query('test', 'retry').results())
})

afterAll(async () => {
  await env?.stop()
})

/** A client talking to the server through a proxy that disturbs query answers as told. */
async function throughProxy(
  disturbance: Disturbance,
): Promise<{ client: aerospike.Client; proxy: QueryProxy; close: () => Promise<void> }> {
  const proxy = await QueryProxy.start(env.server.port, disturbance)
  const client = await aerospike.client({ hosts: [['127.0.0.1', proxy.port]] }).connect()
  return {
    client,
    proxy,
    close: async () => {
      await client.close()
      await proxy.stop()
    },
  }
}

describe('starting', () => {
  it('a stream sends nothing until it is read, and nothing at all when closed unread', async () => {
    const t = await throughProxy({})
    try {
      const stream = t.client.query('test', 'retry').stream()
      await t.client.infoRandomNode('build')
      expect(t.proxy.attempts).toBe(0)
      await stream.return()
      const first = await t.client.query('test', 'retry').stream().next()
      expect(first.done).toBe(false)
      expect(t.proxy.attempts).toBe(1)
    } finally {
      await t.close()
    }
  })
})

describe('retries', () => {
  it('a connection cut in the middle of the stream: the next attempt resumes, no record twice or missing', async () => {
    const t = await throughProxy({ cutAfterFrames: { attempt: 1, frames: 1 } })
    try {
      const records = await t.client.query('test', 'retry').results()
      expect(t.proxy.attempts).toBe(2)
      expect(records).toHaveLength(COUNT)
      expect(digests(records)).toEqual(expected)
    } finally {
      await t.close()
    }
  })

  it('the same through for await, with a slow consumer', async () => {
    const t = await throughProxy({ cutAfterFrames: { attempt: 1, frames: 2 } })
    try {
      const seen: aerospike.Record[] = []
      for await (const r of t.client.query('test', 'retry')) {
        seen.push(r)
        if (seen.length % 100 === 0) await new Promise((resolve) => setImmediate(resolve))
      }
      expect(t.proxy.attempts).toBe(2)
      expect(digests(seen)).toEqual(expected)
    } finally {
      await t.close()
    }
  })

  it('a partition the node reports unavailable is read again in the next attempt', async () => {
    const some = await env.client.query('test', 'retry').results({ maxRecords: 1 })
    const pid = partitionId(some[0]!.key.digest)
    const t = await throughProxy({ unavailable: { attempt: 1, pid } })
    try {
      const records = await t.client.query('test', 'retry').results()
      expect(t.proxy.attempts).toBe(2)
      expect(digests(records)).toEqual(expected)
    } finally {
      await t.close()
    }
  })

  it('gives up after maxRetries with the last failure', async () => {
    const t = await throughProxy({ cutAfterFrames: { attempt: 1, frames: 0 } })
    try {
      const err = await t.client
        .query('test', 'retry')
        .results({ maxRetries: 0 })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(aerospike.ClusterError)
      expect(t.proxy.attempts).toBe(1)
    } finally {
      await t.close()
    }
  })

  it('a node that stops answering: socketTimeout fails each attempt, then AerospikeTimeoutError', async () => {
    env.server.setFaults({ dropResponses: true })
    try {
      const start = Date.now()
      const err = await env.client
        .query('test', 'retry')
        .results({ socketTimeout: 100, maxRetries: 2 })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
      expect(Date.now() - start).toBeGreaterThanOrEqual(300)
    } finally {
      env.server.setFaults({ dropResponses: false })
    }
    expect(await env.client.query('test', 'retry').results({ maxRecords: 5 })).toHaveLength(5)
  })
})
