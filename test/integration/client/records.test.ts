// Every single-record call and policy of the client against the embedded server.
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { operations: op } = aerospike
let server: RunningServer
let client: aerospike.Client
const added: aerospike.NodeEvent[] = []
let counter = 0
/** A fresh key per test, so tests do not see each other's records. */
const fresh = (set = 'records'): aerospike.KeyTuple => ['test', set, `k${++counter}`]

beforeAll(async () => {
  server = await startServer({ port: 0 })
  const c = aerospike.client({ hosts: server.hosts })
  c.on('nodeAdded', (e) => added.push(e))
  client = await c.connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('connection and info', () => {
  it('connects, names its node and reports it with nodeAdded', async () => {
    expect(client.isConnected()).toBe(true)
    expect(client.getNodeNames()).toEqual([server.nodeId])
    expect(added).toEqual([{ nodeName: server.nodeId, address: `${server.host}:${server.port}` }])
    expect(await client.ping()).toBe(true)
  })

  it('connect() resolves to the client itself; new Client(config) works the same', async () => {
    const c = new aerospike.Client({ hosts: [`${server.host}:${server.port}`] })
    expect(await c.connect()).toBe(c)
    expect(await c.connect()).toBe(c)
    await c.close()
    expect(c.isConnected()).toBe(false)
    expect(await c.ping()).toBe(false)
  })

  it('sends info commands to every node, a random node or a named node', async () => {
    expect(await client.infoAll('namespaces')).toEqual([
      { nodeName: server.nodeId, errorCode: 0, response: 'test;bar' },
    ])
    expect(await client.infoRandomNode('namespaces', { timeout: 500 })).toBe('test;bar')
    expect(await client.infoNode(server.nodeId, 'node')).toBe(server.nodeId)
    expect(await client.infoAll('no-such-command')).toEqual([
      { nodeName: server.nodeId, errorCode: 4, response: 'ERROR:4:unrecognized command' },
    ])
    await expect(client.infoNode('NOPE', 'node')).rejects.toThrow(aerospike.ClusterError)
    await expect(client.infoAll('a\nb')).rejects.toThrow(aerospike.InvalidArgError)
  })

  it('checks the cluster name', async () => {
    const ok = await aerospike.client({ hosts: server.hosts, clusterName: 'aerospike-ts' }).connect()
    await ok.close()
    await expect(aerospike.client({ hosts: server.hosts, clusterName: 'prod' }).connect()).rejects.toThrow(
      /cluster name mismatch: expected 'prod'/,
    )
  })
})

describe('the quickstart', () => {
  it('runs as written', async () => {
    const c = await aerospike.client({ hosts: server.hosts }).connect()
    const key = ['test', 'demo', 'user1']
    await c.put(
      key,
      { name: 'Alice', age: 30 },
      { ttl: 300 },
      { exists: aerospike.POLICY_EXISTS_CREATE_ONLY },
    )
    const record = await c.get(key)
    expect(record.bins).toEqual({ name: 'Alice', age: 30 })
    expect(record.meta.gen).toBe(1)
    await c.put(key, { n: 1 }, { gen: record.meta.gen }, { gen: aerospike.POLICY_GEN_EQ })
    expect((await c.get(key)).bins).toEqual({ name: 'Alice', age: 30, n: 1 })
    await c.close()
  })
})

describe('values and keys', () => {
  it('round-trips every value type', async () => {
    const key = fresh()
    const bins = {
      int: 42,
      neg: -7,
      big: 9223372036854775807n,
      small: -9223372036854775808n,
      float: 1.5,
      double: new aerospike.Double(2),
      str: 'héllo 漢字 😀',
      empty: '',
      bytes: Buffer.from('deadbeef', 'hex'),
      bool: true,
      list: [1, 'two', 3.5, [4, 5], { a: 1 }],
      map: { nested: { q: [1, 2] }, x: 1 },
      intMap: new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
      geo: new aerospike.GeoJSON({ type: 'Point', coordinates: [103.9, 1.3] }),
    }
    await client.put(key, bins)
    const { bins: got } = await client.get(key)
    expect(got).toEqual({ ...bins, double: 2, geo: expect.any(aerospike.GeoJSON) })
    expect((got.geo as aerospike.GeoJSON).toObject()).toEqual({ type: 'Point', coordinates: [103.9, 1.3] })
  })

  it('addresses records by every user key type, by Key object and by digest', async () => {
    for (const userKey of ['s', 12, 12n ** 10n, Buffer.from([1, 2, 3])]) {
      await client.put(['test', 'keys', userKey], { v: String(userKey) })
      expect((await client.get(['test', 'keys', userKey])).bins.v).toBe(String(userKey))
    }
    const key = new aerospike.Key('test', 'keys', 's')
    const record = await client.get(key)
    expect(record.key).toBe(key)
    const byDigest = await client.get(['test', 'keys', null, key.digest])
    expect(byDigest.bins.v).toBe('s')
    await client.put(['test', null, 'no-set'], { v: 1 })
    expect((await client.get(['test', undefined, 'no-set'])).bins).toEqual({ v: 1 })
  })

  it('takes a key array that was not written as a tuple', async () => {
    const key = ['test', 'records', 'plain-array']
    await client.put(key, { name: 'Alice', age: 30 })
    expect((await client.get(key)).bins).toEqual({ name: 'Alice', age: 30 })
    await expect(client.get(['test', 'records'])).rejects.toThrow(aerospike.InvalidArgError)
  })

  it('returns the key it was given, with its digest', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const record = await client.get(key)
    const [ns, set, userKey, digest] = record.key
    expect([ns, set, userKey]).toEqual(key)
    expect(digest).toEqual(new aerospike.Key(key[0], key[1], key[2]).digest)
  })
})

describe('put and get', () => {
  it('creates a record at generation 1 and counts writes', async () => {
    const key = fresh()
    await client.put(key, { name: 'Alice', age: 30 })
    let record = await client.get(key)
    expect(record.bins).toEqual({ name: 'Alice', age: 30 })
    expect(record.meta.gen).toBe(1)
    await client.put(key, { age: 31 })
    record = await client.get(key)
    expect(record.bins).toEqual({ name: 'Alice', age: 31 })
    expect(record.meta.gen).toBe(2)
  })

  it('a null bin removes the bin; removing the last bin deletes the record', async () => {
    const key = fresh()
    await client.put(key, { a: 1, b: 2 })
    await client.put(key, { b: null })
    expect((await client.get(key)).bins).toEqual({ a: 1 })
    await client.put(key, { a: null })
    expect((await client.exists(key)).meta).toBeNull()
  })

  it('honours TTLs: seconds, never expire, do not update, the client default', async () => {
    const key = fresh()
    await client.put(key, { a: 1 }, { ttl: 300 })
    expect((await client.get(key)).meta.ttl).toBeGreaterThan(295)
    await client.put(key, { a: 2 }, { ttl: aerospike.TTL_DONT_UPDATE })
    const kept = (await client.get(key)).meta.ttl
    expect(kept).toBeGreaterThan(295)
    expect(kept).toBeLessThanOrEqual(300)
    await client.put(key, { a: 3 }, { ttl: aerospike.TTL_NEVER_EXPIRE })
    expect((await client.get(key)).meta.ttl).toBe(0xffff_ffff)
    await client.put(key, { a: 4 }, { ttl: aerospike.TTL_CLIENT_DEFAULT }, { ttl: 120 })
    expect((await client.get(key)).meta.ttl).toBeLessThanOrEqual(120)
    await client.put(key, { a: 5 }, undefined, { ttl: 60 })
    expect((await client.get(key)).meta.ttl).toBeLessThanOrEqual(60)
  })

  it('applies the exists policies', async () => {
    const key = fresh()
    await expect(
      client.put(key, { a: 1 }, undefined, { exists: aerospike.POLICY_EXISTS_UPDATE_ONLY }),
    ).rejects.toThrow(aerospike.RecordNotFound)
    await expect(
      client.put(key, { a: 1 }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE_ONLY }),
    ).rejects.toThrow(aerospike.RecordNotFound)
    await client.put(key, { a: 1, b: 2 }, undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY })
    await expect(
      client.put(key, { a: 1 }, undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY }),
    ).rejects.toThrow(aerospike.RecordExistsError)
    await client.put(key, { c: 3 }, undefined, { exists: aerospike.POLICY_EXISTS_UPDATE })
    expect((await client.get(key)).bins).toEqual({ a: 1, b: 2, c: 3 })
    await client.put(key, { d: 4 }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE })
    expect((await client.get(key)).bins).toEqual({ d: 4 })
    await client.put(key, { e: 5 }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE_ONLY })
    expect((await client.get(key)).bins).toEqual({ e: 5 })
    const other = fresh()
    await client.put(other, { f: 6 }, undefined, { exists: aerospike.POLICY_EXISTS_REPLACE })
    expect((await client.get(other)).bins).toEqual({ f: 6 })
  })

  it('applies the generation policies', async () => {
    const key = fresh()
    await client.put(key, { n: 1 })
    const { meta } = await client.get(key)
    await client.put(key, { n: 2 }, { gen: meta.gen }, { gen: aerospike.POLICY_GEN_EQ })
    await expect(
      client.put(key, { n: 3 }, { gen: meta.gen }, { gen: aerospike.POLICY_GEN_EQ }),
    ).rejects.toThrow(aerospike.RecordGenerationError)
    await expect(client.put(key, { n: 3 }, { gen: 1 }, { gen: aerospike.POLICY_GEN_GT })).rejects.toThrow(
      aerospike.RecordGenerationError,
    )
    await client.put(key, { n: 3 }, { gen: 10 }, { gen: aerospike.POLICY_GEN_GT })
    expect((await client.get(key)).bins.n).toBe(3)
  })

  it('accepts the other write policy fields and read policy fields', async () => {
    const key = fresh()
    await client.put(key, { a: 1 }, undefined, {
      key: aerospike.POLICY_KEY_SEND,
      commitLevel: aerospike.POLICY_COMMIT_LEVEL_MASTER,
      durableDelete: false,
      totalTimeout: 2000,
      socketTimeout: 1000,
      maxRetries: 1,
      sleepBetweenRetries: 10,
    })
    const record = await client.get(key, {
      replica: aerospike.POLICY_REPLICA_MASTER,
      readModeAP: aerospike.POLICY_READ_MODE_AP_ALL,
      readTouchTtlPercent: aerospike.READ_TOUCH_TTL_PERCENT_DONT_RESET,
    })
    expect(record.bins).toEqual({ a: 1 })
    expect((await client.get(key, { replica: aerospike.POLICY_REPLICA_SEQUENCE })).bins).toEqual({ a: 1 })
  })

  it('uses the policy defaults given in the config', async () => {
    const c = await aerospike
      .client({ hosts: server.hosts, policies: { write: { exists: aerospike.POLICY_EXISTS_CREATE_ONLY } } })
      .connect()
    try {
      const key = fresh()
      await c.put(key, { a: 1 })
      await expect(c.put(key, { a: 2 })).rejects.toThrow(aerospike.RecordExistsError)
      // A per-call policy wins over the configured default.
      await c.put(key, { a: 2 }, undefined, { exists: aerospike.POLICY_EXISTS_IGNORE })
    } finally {
      await c.close()
    }
  })
})

describe('select, exists, remove, touch', () => {
  it('select reads the named bins only', async () => {
    const key = fresh()
    await client.put(key, { a: 1, b: 2, c: 3 })
    expect((await client.select(key, ['a', 'c'])).bins).toEqual({ a: 1, c: 3 })
    expect((await client.select(key, ['zz'])).bins).toEqual({})
    await expect(client.select(fresh(), ['a'])).rejects.toThrow(aerospike.RecordNotFound)
  })

  it('exists gives the metadata, or meta null without throwing', async () => {
    const key = fresh()
    expect(await client.exists(key)).toEqual({ key: new aerospike.Key(key[0], key[1], key[2]), meta: null })
    await client.put(key, { a: 1 }, { ttl: 100 })
    const { meta } = await client.exists(key)
    expect(meta!.gen).toBe(1)
    expect(meta!.ttl).toBeLessThanOrEqual(100)
  })

  it('remove deletes, RecordNotFound when missing, with a generation check', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    await expect(client.remove(key, { gen: 5 }, { gen: aerospike.POLICY_GEN_EQ })).rejects.toThrow(
      aerospike.RecordGenerationError,
    )
    await client.remove(key, { gen: 1 }, { gen: aerospike.POLICY_GEN_EQ })
    expect((await client.exists(key)).meta).toBeNull()
    await expect(client.remove(key)).rejects.toThrow(aerospike.RecordNotFound)
  })

  it('touch resets the TTL and bumps the generation; RecordNotFound when missing', async () => {
    const key = fresh()
    await client.put(key, { a: 1 }, { ttl: 100 })
    await client.touch(key, 500)
    const { meta } = await client.get(key)
    expect(meta.gen).toBe(2)
    expect(meta.ttl).toBeGreaterThan(400)
    await expect(client.touch(fresh(), 10)).rejects.toThrow(aerospike.RecordNotFound)
  })
})

describe('append, prepend, increment, removeBin', () => {
  it('appends and prepends strings and bytes', async () => {
    const key = fresh()
    await client.put(key, { s: 'hello', b: Buffer.from([2]) })
    await client.append(key, 's', ' world')
    await client.prepend(key, 's', '>> ')
    await client.append(key, 'b', Buffer.from([3]))
    await client.prepend(key, 'b', Buffer.from([1]))
    expect((await client.get(key)).bins).toEqual({ s: '>> hello world', b: Buffer.from([1, 2, 3]) })
  })

  it('increments integers and floats, creating missing bins', async () => {
    const key = fresh()
    await client.put(key, { i: 42, d: 1.5 })
    await client.increment(key, 'i', 8)
    await client.increment(key, 'd', 0.25)
    await client.increment(key, 'new', -3)
    await client.increment(key, 'i', 2n)
    await client.increment(key, 'f', new aerospike.Double(2))
    expect((await client.get(key)).bins).toEqual({ i: 52, d: 1.75, new: -3, f: 2 })
    // The Double made 'f' a float bin: an integer increment no longer applies to it.
    await expect(client.increment(key, 'f', 1)).rejects.toThrow(aerospike.BinTypeError)
    await expect(client.increment(key, 'd', 1)).rejects.toThrow(aerospike.BinTypeError)
  })

  it('removeBin removes the named bins', async () => {
    const key = fresh()
    await client.put(key, { a: 1, b: 2, c: 3 })
    await client.removeBin(key, ['a', 'c'])
    expect((await client.get(key)).bins).toEqual({ b: 2 })
  })

  it('single-op writes take meta and policy', async () => {
    const key = fresh()
    await client.put(key, { n: 1 })
    await expect(client.increment(key, 'n', 1, { gen: 7 }, { gen: aerospike.POLICY_GEN_EQ })).rejects.toThrow(
      aerospike.RecordGenerationError,
    )
    await client.increment(key, 'n', 1, { gen: 1, ttl: 77 }, { gen: aerospike.POLICY_GEN_EQ })
    const record = await client.get(key)
    expect(record.bins.n).toBe(2)
    expect(record.meta.ttl).toBeLessThanOrEqual(77)
    await expect(
      client.append(key, 's', 'x', undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY }),
    ).rejects.toThrow(aerospike.RecordExistsError)
  })
})

describe('operate and operateOrdered', () => {
  it('runs the ops in order and returns the reads', async () => {
    const key = fresh()
    await client.put(key, { i: 50 })
    const record = await client.operate(key, [op.increment('i', 1), op.read('i')])
    expect(record.bins).toEqual({ i: 51 })
    expect(record.meta.gen).toBe(2)
  })

  it('collapses several results for one bin into an array, in op order', async () => {
    const key = fresh()
    await client.put(key, { i: 1 })
    const record = await client.operate(key, [
      op.write('w', 'x'),
      op.read('w'),
      op.append('w', 'y'),
      op.read('w'),
      op.read('i'),
    ])
    expect(record.bins).toEqual({ w: ['x', 'xy'], i: 1 })
  })

  it('operateOrdered keeps each result with its bin name, in op order', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const result = await client.operateOrdered(key, [
      op.write('b', 'x'),
      op.read('b'),
      op.increment('a', 5),
      op.read('a'),
      op.read('b'),
    ])
    expect(result.orderedBins).toEqual([
      ['b', 'x'],
      ['a', 6],
      ['b', 'x'],
    ])
    expect(result.meta.gen).toBe(2)
  })

  it('reads every bin with a nameless read, and handles touch and delete ops', async () => {
    const key = fresh()
    await client.put(key, { a: 1, b: 2 })
    expect((await client.operate(key, [op.read()])).bins).toEqual({ a: 1, b: 2 })
    const touched = await client.operate(key, [op.touch(50), op.read('a')])
    expect(touched.meta.ttl).toBeLessThanOrEqual(50)
    await client.operate(key, [op.delete()])
    expect((await client.exists(key)).meta).toBeNull()
  })

  it('accepts plain operation objects with the OPERATOR_* codes', async () => {
    const key = fresh()
    const record = await client.operate(key, [
      { op: aerospike.OPERATOR_WRITE, bin: 'n', val: 10 },
      { op: aerospike.OPERATOR_INCR, bin: 'n', val: 5 },
      { op: aerospike.OPERATOR_READ, bin: 'n', val: null },
    ])
    expect(record.bins).toEqual({ n: 15 })
  })

  it('honours meta and the write policy', async () => {
    const key = fresh()
    await expect(
      client.operate(key, [op.write('a', 1)], undefined, { exists: aerospike.POLICY_EXISTS_UPDATE_ONLY }),
    ).rejects.toThrow(aerospike.RecordNotFound)
    const record = await client.operate(key, [op.write('a', 1), op.read('a')], { ttl: 30 })
    expect(record.meta.ttl).toBeLessThanOrEqual(30)
  })
})

describe('events', () => {
  it('emits nodeRemoved and disconnected when the node goes, and nodeAdded when it is back', async () => {
    const s = await startServer({ port: 0 })
    const c = await aerospike.client({ hosts: s.hosts, tendInterval: 20 }).connect()
    try {
      const removed = once(c, 'nodeRemoved')
      const disconnected = once(c, 'disconnected')
      await s.stop()
      expect((await removed)[0]).toEqual({ nodeName: s.nodeId, address: `${s.host}:${s.port}` })
      await disconnected
      expect(c.isConnected()).toBe(false)
      const back = await startServer({ port: s.port, nodeId: s.nodeId })
      try {
        const [event] = await once(c, 'nodeAdded')
        expect(event).toEqual({ nodeName: s.nodeId, address: `${s.host}:${s.port}` })
        expect(c.isConnected()).toBe(true)
      } finally {
        await c.close()
        await back.stop()
      }
    } finally {
      await c.close()
    }
  })
})
