// Faults: stalls, dropped answers, restarts, pool bounds, error rates and close(), against a scriptable fake node.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AEROSPIKE_ERR_NO_MORE_CONNECTIONS,
  AEROSPIKE_ERR_TIMEOUT,
  AEROSPIKE_MAX_ERROR_RATE,
  AerospikeTimeoutError,
  type Client,
  type ClientConfig,
  ClientError,
  ClusterError,
  client as createClient,
  Key,
} from '../../../src/index.js'
import { FieldType } from '../../../src/protocol/index.js'
import { type FakeNode, startFakeNode } from './fake-node.js'

const KEY = ['test', 'demo', 'k1'] as const
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(config: Partial<ClientConfig> = {}): Promise<{ node: FakeNode; client: Client }> {
  const node = await startFakeNode()
  cleanups.push(() => node.stop())
  const client = await createClient({ hosts: [[node.host, node.port]], ...config }).connect()
  cleanups.push(() => client.close())
  return { node, client }
}

/** Polls `condition` (there is no event to await) until it holds, for at most `ms`. */
async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const start = performance.now()
  while (!condition()) {
    if (performance.now() - start > ms) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Resolves with the error `p` rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a rejection')
}

describe('timeouts', () => {
  it('a stalled server gives AerospikeTimeoutError within totalTimeout + 50 ms', async () => {
    const { node, client } = await setup()
    node.faults.stall = true
    const start = performance.now()
    const err = await failure(client.get(KEY, { totalTimeout: 300 }))
    const elapsed = performance.now() - start
    expect(err).toBeInstanceOf(AerospikeTimeoutError)
    expect((err as AerospikeTimeoutError).resultCode).toBe(AEROSPIKE_ERR_TIMEOUT)
    expect((err as AerospikeTimeoutError).inDoubt).toBe(false)
    expect((err as AerospikeTimeoutError).node).toBe('FAKE1')
    expect(err.message).toContain('AEROSPIKE_ERR_TIMEOUT (9)')
    expect(elapsed).toBeGreaterThanOrEqual(295)
    expect(elapsed).toBeLessThan(350)
  })

  it('socketTimeout bounds each attempt; retries share totalTimeout', async () => {
    const { node, client } = await setup()
    node.faults.stall = true
    const start = performance.now()
    const err = await failure(client.get(KEY, { socketTimeout: 50, totalTimeout: 1000, maxRetries: 3 }))
    const elapsed = performance.now() - start
    expect(err).toBeInstanceOf(AerospikeTimeoutError)
    expect(err.message).toContain('4 attempt(s)')
    expect(node.requests()).toBe(4)
    expect(elapsed).toBeLessThan(400)
  })

  it('a write that times out after its bytes went out is in doubt', async () => {
    const { node, client } = await setup()
    node.faults.stall = true
    const err = await failure(client.put(KEY, { a: 1 }, undefined, { totalTimeout: 100 }))
    expect(err).toBeInstanceOf(AerospikeTimeoutError)
    expect((err as AerospikeTimeoutError).inDoubt).toBe(true)
    expect(err.message).toContain('in doubt')
  })
})

describe('retries', () => {
  it('a read retries after a lost answer and succeeds', async () => {
    const { node, client } = await setup()
    node.faults.dropResponses = 1
    const record = await client.get(KEY, { socketTimeout: 100, totalTimeout: 2000, maxRetries: 2 })
    expect(record.bins).toEqual({ v: 1 })
    expect(node.requests()).toBe(2)
  })

  it('writes are not retried by default (maxRetries 0)', async () => {
    const { node, client } = await setup()
    node.faults.dropResponses = 1
    const err = await failure(
      client.put(KEY, { a: 1 }, undefined, { socketTimeout: 100, totalTimeout: 2000 }),
    )
    expect(err).toBeInstanceOf(AerospikeTimeoutError)
    expect(node.requests()).toBe(1)
  })

  it('sleeps sleepBetweenRetries between attempts', async () => {
    const { node, client } = await setup()
    node.faults.dropResponses = 1
    const start = performance.now()
    await client.get(KEY, { socketTimeout: 50, totalTimeout: 2000, maxRetries: 1, sleepBetweenRetries: 200 })
    expect(performance.now() - start).toBeGreaterThanOrEqual(245)
  })

  it('server result codes are not retried', async () => {
    const { node, client } = await setup()
    node.handler = () => ({ resultCode: 2 })
    const err = await failure(client.get(KEY, { maxRetries: 5 }))
    expect(err.name).toBe('RecordNotFound')
    expect(node.requests()).toBe(1)
  })
})

describe('recovery', () => {
  it('recovers by itself when the server restarts on the same port', async () => {
    const { node, client } = await setup({ tendInterval: 100 })
    expect((await client.get(KEY)).bins).toEqual({ v: 1 })
    await node.stop()
    const down = await failure(client.get(KEY, { totalTimeout: 200 }))
    expect(down).toBeInstanceOf(ClusterError)
    await node.restart()
    const restarted = performance.now()
    // Within two tend intervals the client works again, without being told.
    let ok = false
    while (!ok && performance.now() - restarted < 200) {
      ok = await client.get(KEY, { totalTimeout: 50 }).then(
        () => true,
        () => false,
      )
    }
    expect(ok).toBe(true)
  })

  it('re-seeds after every node was removed, and reports it with events', async () => {
    const tendInterval = 50
    const { node, client } = await setup({ tendInterval })
    const disconnected = once(client, 'disconnected')
    await node.stop()
    await disconnected
    expect(client.getNodeNames()).toEqual([])
    const err = await failure(client.get(KEY))
    expect(err).toBeInstanceOf(ClusterError)
    const added = once(client, 'nodeAdded')
    await node.restart()
    const restarted = performance.now()
    const [event] = await added
    // Within two tend intervals of the restart.
    expect(performance.now() - restarted).toBeLessThan(2 * tendInterval)
    expect(event).toEqual({ nodeName: 'FAKE1', address: `127.0.0.1:${node.port}` })
    expect((await client.get(KEY)).bins).toEqual({ v: 1 })
  })
})

describe('connection pool', () => {
  it('1,000 concurrent gets with maxConnsPerNode 10 never open more than 10 sockets', async () => {
    const { node, client } = await setup({ maxConnsPerNode: 10 })
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => client.get(['test', 'demo', i], { totalTimeout: 10_000 })),
    )
    expect(results).toHaveLength(1000)
    expect(results.every((r) => r.bins.v === 1)).toBe(true)
    expect(node.peak()).toBeLessThanOrEqual(10)
    expect(node.accepted()).toBeLessThanOrEqual(10)
  })

  // The pool's own limits, with one command per connection (pipelining has its own tests below).
  it('a command waits for a connection at most its totalTimeout, then fails with ClientError (-7)', async () => {
    const { node, client } = await setup({ maxConnsPerNode: 1, pipelineDepth: 1 })
    node.faults.stall = true
    const first = failure(client.get(KEY, { totalTimeout: 500 }))
    const start = performance.now()
    const err = await failure(client.get(KEY, { totalTimeout: 100 }))
    expect(performance.now() - start).toBeLessThan(150)
    expect(err).toBeInstanceOf(ClientError)
    expect((err as ClientError).resultCode).toBe(AEROSPIKE_ERR_NO_MORE_CONNECTIONS)
    expect(await first).toBeInstanceOf(AerospikeTimeoutError)
  })

  it('opens minConnsPerNode connections at connect and reaps idle ones above it', async () => {
    const { node, client } = await setup({
      minConnsPerNode: 3,
      idleTimeout: 0.05,
      tendInterval: 30,
      pipelineDepth: 1,
    })
    // The server may see the accepted sockets a moment after the client does.
    await until(() => node.open() === 3)
    expect(node.accepted()).toBe(3)
    node.faults.delayMs = 20
    await Promise.all(Array.from({ length: 6 }, () => client.get(KEY)))
    // Six gets at once need six sockets (a tend request in between may take one more).
    expect(node.accepted()).toBeGreaterThanOrEqual(6)
    // Idle for longer than idleTimeout: the tend loop closes the three above minConnsPerNode.
    await until(() => node.open() === 3)
    expect(node.open()).toBe(3)
  })
})

describe('pipelining', () => {
  /** The fake node answers each get with bin `v` = the first 4 bytes of the key's digest. */
  function echoDigests(node: FakeNode): void {
    node.handler = (msg) => {
      const digest = msg.fields.find((f) => f.type === FieldType.DIGEST)!
      return { resultCode: 0, bins: { v: digest.data.readUInt32BE(0) } }
    }
  }

  it('64 concurrent gets share connections up to pipelineDepth, each gets its own answer', async () => {
    const { node, client } = await setup({ pipelineDepth: 16 })
    echoDigests(node)
    node.faults.delayMs = 5
    const keys = Array.from({ length: 64 }, (_, i) => new Key('test', 'demo', `p${i}`))
    const records = await Promise.all(keys.map((k) => client.get(k)))
    expect(records.map((r) => r.bins.v)).toEqual(keys.map((k) => k.digest!.readUInt32BE(0)))
    // 64 commands at 16 per connection: 4 connections, plus the seed's and one a tend may open
    // while the others are lent out (without pipelining it would be 64).
    expect(node.accepted()).toBeLessThanOrEqual(6)
  })

  it('pipelineDepth 1 gives every command a connection of its own', async () => {
    const { node, client } = await setup({ pipelineDepth: 1 })
    node.faults.delayMs = 5
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(['test', 'demo', i])))
    expect(node.accepted()).toBeGreaterThanOrEqual(12)
  })

  it('a stalled answer fails the commands sent after it on its connection; the client works again', async () => {
    const { node, client } = await setup({ pipelineDepth: 8 })
    node.faults.stall = true
    const start = performance.now()
    const errors = await Promise.all(
      Array.from({ length: 5 }, (_, i) => failure(client.get(['test', 'demo', i], { totalTimeout: 100 }))),
    )
    expect(performance.now() - start).toBeLessThan(400)
    for (const err of errors) {
      expect(err).toBeInstanceOf(AerospikeTimeoutError)
      expect((err as AerospikeTimeoutError).resultCode).toBe(AEROSPIKE_ERR_TIMEOUT)
    }
    node.faults.stall = false
    expect((await client.get(KEY)).bins).toEqual({ v: 1 })
  })

  it('a write queued behind a stalled one on the same connection is in doubt', async () => {
    const { node, client } = await setup({ pipelineDepth: 8 })
    node.faults.stall = true
    const errors = await Promise.all(
      [1, 2].map((i) => failure(client.put(['test', 'demo', i], { v: i }, undefined, { totalTimeout: 100 }))),
    )
    for (const err of errors) expect((err as AerospikeTimeoutError).inDoubt).toBe(true)
  })
})

describe('malformed answers', () => {
  it.each([
    ['a wrong proto version', Buffer.from('0903000000000016', 'hex')],
    ['a frame announcing 1 TiB', Buffer.from('0203010000000000', 'hex')],
    ['an unknown proto type', Buffer.from('0209000000000000', 'hex')],
  ])('%s closes the connection: ClusterError, then the client works again', async (_, bytes) => {
    const { node, client } = await setup()
    node.faults.rawReply = bytes
    const err = await failure(client.get(KEY, { maxRetries: 0 }))
    expect(err).toBeInstanceOf(ClusterError)
    expect((err as ClusterError).resultCode).toBe(-10)
    node.faults.rawReply = undefined
    expect((await client.get(KEY)).bins).toEqual({ v: 1 })
  })

  it('a well-framed but truncated message is a ClientError (parse, -17)', async () => {
    const { node, client } = await setup()
    node.faults.rawReply = Buffer.from('0203000000000004160000ff', 'hex')
    const err = await failure(client.get(KEY))
    expect(err).toBeInstanceOf(ClientError)
    expect((err as ClientError).resultCode).toBe(-17)
    node.faults.rawReply = undefined
    expect((await client.get(KEY)).bins).toEqual({ v: 1 })
  })
})

describe('maxErrorRate', () => {
  it('a node past its error rate fails fast for the rest of the window', async () => {
    const { node, client } = await setup({ maxErrorRate: 2, errorRateWindow: 1000, tendInterval: 60_000 })
    node.faults.stall = true
    for (let i = 0; i < 3; i++) await failure(client.get(KEY, { totalTimeout: 30, maxRetries: 0 }))
    node.faults.stall = false
    const start = performance.now()
    const err = await failure(client.get(KEY, { maxRetries: 0 }))
    expect(performance.now() - start).toBeLessThan(20)
    expect(err).toBeInstanceOf(ClientError)
    expect((err as ClientError).resultCode).toBe(AEROSPIKE_MAX_ERROR_RATE)
  })
})

describe('connect', () => {
  it('an unreachable seed gives ClusterError', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as { port: number }).port
    await new Promise<void>((r) => probe.close(() => r()))
    const err = await failure(createClient({ hosts: [['127.0.0.1', port]], timeout: 500 }).connect())
    expect(err).toBeInstanceOf(ClusterError)
    expect(err.message).toContain(`127.0.0.1:${port}`)
  })

  it('a seed that never answers gives ClusterError within the connect timeout', async () => {
    const sockets: Socket[] = []
    const silent: Server = createServer((s) => sockets.push(s))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((r) => silent.close(() => r()))
    })
    const port = (silent.address() as { port: number }).port
    const start = performance.now()
    const err = await failure(createClient({ hosts: [['127.0.0.1', port]], timeout: 300 }).connect())
    expect(err).toBeInstanceOf(ClusterError)
    expect(performance.now() - start).toBeLessThan(350)
  })
})

describe('close', () => {
  it('rejects in-flight commands with ClientError, then the process exits on its own', async () => {
    const node = await startFakeNode()
    cleanups.push(() => node.stop())
    const child = fork(fileURLToPath(new URL('./close-exit-child.ts', import.meta.url)), {
      env: { ...process.env, FAKE_NODE_PORT: String(node.port) },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    cleanups.push(() => {
      if (child.exitCode === null) child.kill()
    })
    const messages: unknown[] = []
    child.on('message', (m) => messages.push(m))
    const exited = once(child, 'exit')
    await new Promise<void>((r) => child.once('message', () => r()))
    node.faults.stall = true
    const requested = new Promise<void>((r) => {
      node.onRequest = r
    })
    child.send('go')
    await requested
    child.send('close')
    const start = performance.now()
    const [code] = await exited
    expect(code).toBe(0)
    expect(messages).toEqual(['ready', 'ClientError'])
    // No lingering handle (tend timer, idle sockets) kept it alive.
    expect(performance.now() - start).toBeLessThan(2000)
  })
})
