// The error-handling guide's code blocks, translated one by one (camelCase, await), against the embedded server.
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AerospikeError,
  AerospikeTimeoutError,
  ClusterError,
  RecordExistsError,
  RecordGenerationError,
  RecordNotFound,
} from '../../../src/exception.js'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

let server: RunningServer
let client: aerospike.Client

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('Catch Specific, Then Broad', () => {
  async function read(key: aerospike.KeyInput, logged: string[]): Promise<aerospike.Bins> {
    let bins: aerospike.Bins
    try {
      const record = await client.get(key)
      bins = record.bins
    } catch (e) {
      if (e instanceof RecordNotFound) {
        bins = {}
      } else if (e instanceof AerospikeTimeoutError) {
        throw e // retry or circuit-break
      } else if (e instanceof AerospikeError) {
        logged.push(`Aerospike error: ${e.message}`)
        throw e
      } else {
        throw e
      }
    }
    return bins
  }

  it('a missing record gives empty bins', async () => {
    expect(await read(['test', 'seed', 'missing'], [])).toEqual({})
  })

  it('a timeout is rethrown as is', async () => {
    server.setFaults({ dropResponses: true })
    try {
      await expect(client.get(['test', 'seed', 'missing'], { totalTimeout: 50 })).rejects.toThrow(
        AerospikeTimeoutError,
      )
    } finally {
      server.setFaults({ dropResponses: false })
    }
  })

  it('any other Aerospike error is logged and rethrown', async () => {
    const logged: string[] = []
    await expect(read(['nope', 'seed', 'k'], logged)).rejects.toThrow(aerospike.ServerError)
    expect(logged).toEqual([expect.stringContaining('Aerospike error: AEROSPIKE_ERR_INVALID_NAMESPACE (20)')])
  })
})

describe('Retry with Backoff', () => {
  async function getWithRetry(c: aerospike.Client, key: aerospike.KeyInput, maxRetries = 3) {
    for (let attempt = 0; attempt < maxRetries; attempt++) {
      try {
        return await c.get(key, { totalTimeout: 100, maxRetries: 0 })
      } catch (e) {
        if (!(e instanceof AerospikeTimeoutError || e instanceof ClusterError)) throw e
        if (attempt === maxRetries - 1) throw e
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt))
      }
    }
    throw new Error('unreachable')
  }

  it('succeeds once the server answers again', async () => {
    const key: aerospike.KeyTuple = ['test', 'seed', 'retry']
    await client.put(key, { v: 1 })
    server.setFaults({ dropResponses: true })
    const result = getWithRetry(client, key)
    // The first attempt times out (100 ms); the server answers again before the retry (after 100 ms more).
    setTimeout(() => server.setFaults({ dropResponses: false }), 150)
    expect((await result).bins).toEqual({ v: 1 })
  })

  it('gives up after maxRetries attempts with the last error', async () => {
    server.setFaults({ dropResponses: true })
    try {
      await expect(getWithRetry(client, ['test', 'seed', 'retry'], 2)).rejects.toThrow(AerospikeTimeoutError)
    } finally {
      server.setFaults({ dropResponses: false })
    }
  })

  it('does not retry errors that are not transient', async () => {
    await expect(getWithRetry(client, ['test', 'seed', 'absent'])).rejects.toThrow(RecordNotFound)
  })
})

describe('Optimistic Locking (CAS)', () => {
  async function incrementCounter(
    c: aerospike.Client,
    key: aerospike.KeyInput,
    binName: string,
  ): Promise<number> {
    for (;;) {
      try {
        const record = await c.get(key)
        const newVal = ((record.bins[binName] as number | undefined) ?? 0) + 1
        await c.put(key, { [binName]: newVal }, { gen: record.meta.gen }, { gen: aerospike.POLICY_GEN_EQ })
        return newVal
      } catch (e) {
        if (e instanceof RecordGenerationError) continue
        throw e
      }
    }
  }

  it('concurrent increments never lose an update', async () => {
    const key: aerospike.KeyTuple = ['test', 'seed', 'counter']
    await client.put(key, { hits: 0 })
    const values = await Promise.all(Array.from({ length: 20 }, () => incrementCounter(client, key, 'hits')))
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect((await client.get(key)).bins.hits).toBe(20)
  })
})

describe('Create-Only vs Upsert', () => {
  it('create-only raises RecordExistsError the second time; upsert never does', async () => {
    const key: aerospike.KeyTuple = ['test', 'seed', 'create-only']
    const bins = { name: 'Alice' }
    const outcomes: string[] = []
    for (let i = 0; i < 2; i++) {
      try {
        await client.put(key, bins, undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY })
        outcomes.push('created')
      } catch (e) {
        if (!(e instanceof RecordExistsError)) throw e
        outcomes.push('already exists')
      }
    }
    expect(outcomes).toEqual(['created', 'already exists'])
    // Upsert (default) -- never raises RecordExistsError
    await client.put(key, bins)
    await client.put(key, bins)
  })
})

describe('Batch Error Handling', () => {
  it('processes found records, reports missing keys, logs other result codes', async () => {
    const keys: aerospike.KeyTuple[] = [
      ['test', 'seed_batch', 'a'],
      ['test', 'seed_batch', 'b'],
      ['test', 'seed_batch', 'gone'],
    ]
    await client.put(keys[0]!, { n: 1 })
    await client.put(keys[1]!, { n: 2 })
    const processed: aerospike.Bins[] = []
    const missing: aerospike.KeyInput[] = []
    const warnings: string[] = []
    const batch = await client.batchRead(keys)
    for (const br of batch.batchRecords) {
      if (br.result === aerospike.AEROSPIKE_OK && br.record) processed.push(br.record.bins)
      else if (br.result === aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND) missing.push(br.key)
      else warnings.push(`Batch error: code=${br.result}`)
    }
    expect(processed).toEqual([{ n: 1 }, { n: 2 }])
    expect(missing).toEqual([keys[2]])
    expect(warnings).toEqual([])

    // Other per-record codes land in the last branch, they never throw.
    const writes = await client.batchWrite([[keys[0]!, { n: 3 }, { gen: 99 }]])
    for (const br of writes.batchRecords) {
      if (br.result === aerospike.AEROSPIKE_OK) processed.push({})
      else warnings.push(`Batch error: code=${br.result}`)
    }
    expect(warnings).toEqual([`Batch error: code=${aerospike.AEROSPIKE_ERR_RECORD_GENERATION}`])
  })
})

describe('Connection Lifecycle', () => {
  async function lifecycle(config: aerospike.ClientConfig): Promise<string> {
    let c: aerospike.Client
    try {
      c = await aerospike.client(config).connect()
    } catch (e) {
      if (e instanceof ClusterError) return `Cannot reach cluster: ${e.message}`
      throw e
    }
    try {
      await c.put(['test', 'seed', 'lifecycle'], { ok: true })
      return 'application logic ran'
    } finally {
      await c.close()
    }
  }

  it('runs the application logic and closes', async () => {
    expect(await lifecycle({ hosts: server.hosts })).toBe('application logic ran')
  })

  it('reports an unreachable cluster as ClusterError', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as { port: number }).port
    await new Promise<void>((r) => probe.close(() => r()))
    expect(await lifecycle({ hosts: [['127.0.0.1', port]], timeout: 200 })).toMatch(
      /^Cannot reach cluster: AEROSPIKE_ERR_CLUSTER \(-11\)/,
    )
  })
})

describe('Async', () => {
  async function getUser(c: aerospike.Client, userId: string): Promise<aerospike.Bins | null> {
    try {
      const record = await c.get(['app', 'users', userId])
      return record.bins
    } catch (e) {
      if (e instanceof RecordNotFound) return null
      throw e
    }
  }

  it('returns the bins, or null for a missing user', async () => {
    const s = await startServer({ port: 0, namespaces: [{ name: 'app' }] })
    const c = await aerospike.client({ hosts: s.hosts }).connect()
    try {
      await c.put(['app', 'users', 'u1'], { name: 'Ann' })
      expect(await getUser(c, 'u1')).toEqual({ name: 'Ann' })
      expect(await getUser(c, 'u2')).toBeNull()
    } finally {
      await c.close()
      await s.stop()
    }
  })
})

describe('Result Code Reference', () => {
  it.each([
    [0, 'AEROSPIKE_OK', undefined],
    [2, 'AEROSPIKE_ERR_RECORD_NOT_FOUND', aerospike.RecordNotFound],
    [5, 'AEROSPIKE_ERR_RECORD_EXISTS', aerospike.RecordExistsError],
    [9, 'AEROSPIKE_ERR_TIMEOUT', aerospike.AerospikeTimeoutError],
    [3, 'AEROSPIKE_ERR_RECORD_GENERATION', aerospike.RecordGenerationError],
    [13, 'AEROSPIKE_ERR_RECORD_TOO_BIG', aerospike.RecordTooBig],
    [27, 'AEROSPIKE_ERR_FILTERED_OUT', aerospike.FilteredOut],
  ])('%i is %s', (code, constant, Cls) => {
    expect((aerospike as unknown as Record<string, unknown>)[constant]).toBe(code)
    if (Cls !== undefined) expect(new Cls('x').resultCode).toBe(code)
  })
})
