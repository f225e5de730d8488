// Every error class the core API can reach, against the embedded server (and nothing listening).
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

let server: RunningServer
let client: aerospike.Client
let n = 0
const fresh = (): aerospike.KeyTuple => ['test', 'errors', `e${++n}`]

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

/** The error `p` rejects with. */
async function failure(p: Promise<unknown>): Promise<aerospike.AerospikeError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(aerospike.AerospikeError)
    return err as aerospike.AerospikeError
  }
  throw new Error('expected a rejection')
}

describe('record errors', () => {
  it('RecordNotFound (2) names the code, the node and the key', async () => {
    const key = fresh()
    const err = await failure(client.get(key))
    expect(err).toBeInstanceOf(aerospike.RecordNotFound)
    expect(err).toBeInstanceOf(aerospike.RecordError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND)
    expect(err.inDoubt).toBe(false)
    expect(err.node).toBe(server.nodeId)
    expect(err.key?.userKey).toBe(key[2])
    expect(err.message).toBe(
      `AEROSPIKE_ERR_RECORD_NOT_FOUND (2): Record does not exist [node ${server.nodeId} ${server.host}:${server.port}, key test/errors/${key[2]}]`,
    )
  })

  it('RecordExistsError (5)', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const err = await failure(
      client.put(key, { a: 1 }, undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY }),
    )
    expect(err).toBeInstanceOf(aerospike.RecordExistsError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_RECORD_EXISTS)
  })

  it('RecordGenerationError (3)', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const err = await failure(client.put(key, { a: 2 }, { gen: 9 }, { gen: aerospike.POLICY_GEN_EQ }))
    expect(err).toBeInstanceOf(aerospike.RecordGenerationError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_RECORD_GENERATION)
  })

  it('RecordTooBig (13)', async () => {
    const err = await failure(client.put(fresh(), { blob: Buffer.alloc(2 * 1024 * 1024) }))
    expect(err).toBeInstanceOf(aerospike.RecordTooBig)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_RECORD_TOO_BIG)
  })

  it('BinTypeError (12)', async () => {
    const key = fresh()
    await client.put(key, { s: 'text' })
    const err = await failure(client.increment(key, 's', 1))
    expect(err).toBeInstanceOf(aerospike.BinTypeError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_BIN_TYPE)
  })
})

describe('server errors', () => {
  it('ServerError for a parameter the server refuses (a TTL over 10 years: 4)', async () => {
    const err = await failure(client.put(fresh(), { a: 1 }, { ttl: 400_000_000 }))
    expect(err.constructor).toBe(aerospike.ServerError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_PARAM)
  })

  it('ServerError (20) for a namespace the cluster does not have, before sending', async () => {
    const err = await failure(client.get(['nope', 'demo', 'k']))
    expect(err.constructor).toBe(aerospike.ServerError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_INVALID_NAMESPACE)
  })
})

describe('client-side errors', () => {
  it('InvalidArgError (-2) before anything is sent', async () => {
    const cases: Array<() => Promise<unknown>> = [
      () => client.put(fresh(), { this_name_is_too_long: 1 }),
      () => client.put(['test', 'demo'] as never, { a: 1 }),
      () => client.put(fresh(), { a: () => 1 } as never),
      () => client.put(fresh(), { a: new Date() } as never),
      () => client.get(fresh(), { totalTimeout: -1 }),
      () => client.get(fresh(), { replica: 7 }),
      () => client.put(fresh(), { a: 1 }, { gen: -1 }),
      () => client.put(fresh(), { a: 1 }, { color: 'red' } as never),
      () => client.operate(fresh(), []),
      () => client.operate(fresh(), [{ op: 4242, bin: 'a' }]),
      () => client.select(fresh(), ['ok', 'this_name_is_too_long']),
    ]
    for (const call of cases) {
      const err = await failure(call())
      expect(err).toBeInstanceOf(aerospike.InvalidArgError)
      expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_INVALID_ARG)
    }
  })

  it('AerospikeTimeoutError (9) within totalTimeout + 50 ms when the server stalls', async () => {
    server.setFaults({ dropResponses: true })
    try {
      const start = performance.now()
      const err = await failure(client.get(fresh(), { totalTimeout: 250 }))
      const elapsed = performance.now() - start
      expect(err).toBeInstanceOf(aerospike.AerospikeTimeoutError)
      expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_TIMEOUT)
      expect(elapsed).toBeLessThan(300)
      const write = await failure(client.put(fresh(), { a: 1 }, undefined, { totalTimeout: 100 }))
      expect(write).toBeInstanceOf(aerospike.AerospikeTimeoutError)
      expect(write.inDoubt).toBe(true)
    } finally {
      server.setFaults({ dropResponses: false })
    }
  })

  it('ClientError (-1) on a client that is not connected or closed', async () => {
    const c = aerospike.client({ hosts: server.hosts })
    const before = await failure(c.get(fresh()))
    expect(before.constructor).toBe(aerospike.ClientError)
    expect(before.message).toContain('call connect() first')
    await c.connect()
    await c.close()
    const after = await failure(c.get(fresh()))
    expect(after.constructor).toBe(aerospike.ClientError)
    expect(after.resultCode).toBe(aerospike.AEROSPIKE_ERR_CLIENT)
    expect(after.message).toContain('closed')
  })

  it('ClusterError (-11) when no seed can be reached', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as { port: number }).port
    await new Promise<void>((r) => probe.close(() => r()))
    const err = await failure(aerospike.client({ hosts: [['127.0.0.1', port]] }).connect())
    expect(err).toBeInstanceOf(aerospike.ClusterError)
    expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_CLUSTER)
  })

  it('ClusterError (-10) when the connection fails mid-command', async () => {
    const s = await startServer({ port: 0 })
    const c = await aerospike.client({ hosts: s.hosts, tendInterval: 60_000 }).connect()
    try {
      s.setFaults({ dropResponses: true })
      const pending = failure(c.get(fresh(), { totalTimeout: 2000, maxRetries: 0 }))
      await new Promise((r) => setImmediate(r))
      await s.stop()
      const err = await pending
      expect(err).toBeInstanceOf(aerospike.ClusterError)
      expect(err.resultCode).toBe(aerospike.AEROSPIKE_ERR_CONNECTION)
    } finally {
      await c.close()
    }
  })
})
