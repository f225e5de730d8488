// Every batch call and policy of the client against the embedded server: per-record results, order, identity, sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { operations: op } = aerospike
let server: RunningServer
let client: aerospike.Client
let counter = 0
/** A fresh key per call, so tests do not see each other's records. */
type Tuple = [namespace: string, set: string, userKey: string]
const fresh = (set = 'batch'): Tuple => ['test', set, `k${++counter}`]
const freshKeys = (n: number, set = 'batch'): Tuple[] => Array.from({ length: n }, () => fresh(set))

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

async function putAll(keys: readonly Tuple[]): Promise<void> {
  await Promise.all(keys.map((k, i) => client.put(k, { i, s: `v${i}` })))
}

describe('batchRead', () => {
  it('reads every bin of found keys; missing keys are results, not errors', async () => {
    const keys = freshKeys(4)
    await putAll(keys.slice(0, 3))
    const { batchRecords } = await client.batchRead(keys)
    expect(batchRecords.map((r) => r.result)).toEqual([
      aerospike.AEROSPIKE_OK,
      aerospike.AEROSPIKE_OK,
      aerospike.AEROSPIKE_OK,
      aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND,
    ])
    expect(batchRecords.map((r) => r.record?.bins ?? null)).toEqual([
      { i: 0, s: 'v0' },
      { i: 1, s: 'v1' },
      { i: 2, s: 'v2' },
      null,
    ])
    expect(batchRecords[0]!.record!.meta.gen).toBe(1)
    expect(batchRecords[0]!.record!.key.digest).toEqual(new aerospike.Key(...keys[0]!).digest)
    expect(batchRecords.every((r) => r.inDoubt === false)).toBe(true)
  })

  it('follows the seed pattern', async () => {
    const keys = freshKeys(3)
    await putAll(keys.slice(0, 2))
    const processed: unknown[] = []
    const missing: unknown[] = []
    const batch = await client.batchRead(keys)
    for (const br of batch.batchRecords) {
      if (br.result === aerospike.AEROSPIKE_OK && br.record) processed.push(br.record.bins)
      else if (br.result === aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND) missing.push(br.key)
      else throw new Error(`Batch error: code=${br.result}`)
    }
    expect(processed).toEqual([
      { i: 0, s: 'v0' },
      { i: 1, s: 'v1' },
    ])
    expect(missing).toEqual([keys[2]])
  })

  it('reads the named bins, or only the header with []', async () => {
    const keys = freshKeys(2)
    await putAll(keys)
    const selected = await client.batchRead(keys, ['s', 'nope'])
    expect(selected.batchRecords.map((r) => r.record!.bins)).toEqual([{ s: 'v0' }, { s: 'v1' }])
    const headers = await client.batchRead([...keys, fresh()], [])
    expect(headers.batchRecords.map((r) => [r.result, r.record?.bins, r.record?.meta.gen])).toEqual([
      [0, {}, 1],
      [0, {}, 1],
      [2, undefined, undefined],
    ])
  })

  it('keeps input order and the very key values passed, duplicates included', async () => {
    const keys = freshKeys(5)
    await putAll(keys)
    const asKey = new aerospike.Key(...keys[1]!)
    const input = [keys[3]!, asKey, keys[3]!, keys[0]!, keys[4]!, keys[3]!]
    const { batchRecords } = await client.batchRead(input)
    expect(batchRecords).toHaveLength(input.length)
    for (const [i, r] of batchRecords.entries()) expect(r.key).toBe(input[i])
    expect(batchRecords.map((r) => r.record!.bins.i)).toEqual([3, 1, 3, 0, 4, 3])
  })

  it('handles 5,000 keys in input order', async () => {
    const keys = freshKeys(5000, 'big')
    await client.batchWrite(keys.map((k, i) => [k, { i }] as const))
    const shuffled = keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => ((a[1] * 7919) % 5000) - ((b[1] * 7919) % 5000))
    const { batchRecords } = await client.batchRead(shuffled.map(([k]) => k))
    expect(batchRecords.map((r) => r.record!.bins.i)).toEqual(shuffled.map(([, i]) => i))
  })

  it('resolves to no records for no keys', async () => {
    expect(await client.batchRead([])).toEqual({ batchRecords: [] })
  })

  it('accepts digest-only keys and keys of several namespaces and sets', async () => {
    const a = fresh('s1')
    const b: Tuple = ['bar', 's2', `k${++counter}`]
    await client.put(a, { v: 'a' })
    await client.put(b, { v: 'b' })
    const byDigest = new aerospike.Key('test', 's1', null, new aerospike.Key(...a).digest)
    const { batchRecords } = await client.batchRead([a, b, byDigest])
    expect(batchRecords.map((r) => r.record!.bins.v)).toEqual(['a', 'b', 'a'])
  })

  it('applies the read policy fields (readTouchTtlPercent, readModeAP, replica)', async () => {
    const k = fresh()
    await client.put(k, { v: 1 }, { ttl: 100 })
    const { batchRecords } = await client.batchRead([k], undefined, {
      readTouchTtlPercent: -1,
      readModeAP: aerospike.POLICY_READ_MODE_AP_ALL,
      replica: aerospike.POLICY_REPLICA_MASTER,
    })
    expect(batchRecords[0]!.record!.meta.ttl).toBeGreaterThan(90)
    expect(batchRecords[0]!.record!.meta.ttl).toBeLessThanOrEqual(100)
  })

  it('a key in a namespace the cluster does not have fails the call (20)', async () => {
    const err = await client.batchRead([fresh(), ['nope', 'batch', 'x']]).then(
      () => undefined,
      (e: unknown) => e as aerospike.AerospikeError,
    )
    expect(err?.resultCode).toBe(20)
  })

  it('rejects bad arguments before sending anything', async () => {
    await expect(client.batchRead('nope' as never)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.batchRead([['test', 'demo']] as never)).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
    await expect(client.batchRead([fresh()], [42] as never)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.batchRead([fresh()], undefined, { nope: 1 } as never)).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
    await expect(client.batchRead([fresh()], undefined, { maxConcurrentNodes: -1 })).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
  })
})

describe('batchWrite', () => {
  it('writes bins per record with per-record meta, and mixes in operation entries', async () => {
    const [a, b, c] = freshKeys(3)
    await client.put(c!, { n: 1, s: 'x' })
    const { batchRecords } = await client.batchWrite([
      [a!, { x: 1, y: 'two' }],
      [b!, { z: [1, 2] }, { ttl: 500 }],
      { key: c!, ops: [op.increment('n', 10), op.append('s', 'y'), op.read('n'), op.read('s')] },
    ])
    expect(batchRecords.map((r) => r.result)).toEqual([0, 0, 0])
    expect(batchRecords.map((r) => r.key)).toEqual([a, b, c])
    expect(batchRecords[0]!.record!.bins).toEqual({})
    expect(batchRecords[2]!.record!.bins).toEqual({ n: 11, s: 'xy' })
    expect((await client.get(a!)).bins).toEqual({ x: 1, y: 'two' })
    const bRecord = await client.get(b!)
    expect(bRecord.bins).toEqual({ z: [1, 2] })
    expect(bRecord.meta.ttl).toBeGreaterThan(490)
  })

  it('reports per-record generation, exists and bin-type failures as results', async () => {
    const [a, b, c, d] = freshKeys(4)
    await client.put(a!, { v: 1 })
    await client.put(b!, { v: 1 })
    await client.put(c!, { s: 'text' })
    const { batchRecords } = await client.batchWrite([
      [a!, { v: 2 }, { gen: 5 }],
      { key: b!, ops: [op.write('v', 2)], policy: { exists: aerospike.POLICY_EXISTS_CREATE_ONLY } },
      { key: c!, ops: [op.increment('s', 1)] },
      { key: d!, ops: [op.write('v', 1)], policy: { exists: aerospike.POLICY_EXISTS_UPDATE } },
      [a!, { v: 3 }, { gen: 1 }],
    ])
    expect(batchRecords.map((r) => r.result)).toEqual([
      aerospike.AEROSPIKE_ERR_RECORD_GENERATION,
      aerospike.AEROSPIKE_ERR_RECORD_EXISTS,
      aerospike.AEROSPIKE_ERR_BIN_TYPE,
      aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND,
      aerospike.AEROSPIKE_OK,
    ])
    expect(batchRecords.map((r) => r.record === null)).toEqual([true, true, true, true, false])
    expect(batchRecords.every((r) => !r.inDoubt)).toBe(true)
    expect((await client.get(a!)).bins).toEqual({ v: 3 })
  })

  it('uses the batch policy write fields for every record (exists, gen, ttl, key)', async () => {
    const [a, b] = freshKeys(2)
    await client.put(a!, { v: 1 })
    const created = await client.batchWrite(
      [
        [a!, { v: 2 }],
        [b!, { v: 2 }],
      ],
      {
        exists: aerospike.POLICY_EXISTS_CREATE_ONLY,
      },
    )
    expect(created.batchRecords.map((r) => r.result)).toEqual([5, 0])
    const gt = await client.batchWrite(
      [
        [a!, { v: 3 }, { gen: 1 }],
        [b!, { v: 3 }, { gen: 9 }],
      ],
      { gen: aerospike.POLICY_GEN_GT, ttl: 1000, key: aerospike.POLICY_KEY_SEND },
    )
    expect(gt.batchRecords.map((r) => r.result)).toEqual([3, 0])
    const stored = await client.get(b!)
    expect(stored.meta.ttl).toBeGreaterThan(990)
    expect(stored.bins).toEqual({ v: 3 })
  })

  it('a null bin removes it; record-level per-record key send', async () => {
    const k = fresh()
    await client.put(k, { a: 1, b: 2 })
    const { batchRecords } = await client.batchWrite([[k, { a: null }, { key: aerospike.POLICY_KEY_SEND }]])
    expect(batchRecords[0]!.result).toBe(0)
    expect((await client.get(k)).bins).toEqual({ b: 2 })
  })

  it('rejects malformed entries before sending anything', async () => {
    const k = fresh()
    const bad: unknown[] = [
      [[k]],
      [[k, { v: 1 }, {}, 'extra']],
      [[k, 'bins']],
      [{ key: k, ops: [] }],
      [{ key: k, ops: [{ op: 99999 }] }],
      [[k, { v: 1 }, { nope: 1 }]],
      [[k, { v: 1 }, { gen: -1 }]],
      [{ key: k, ops: [op.write('v', 1)], policy: { socketTimeout: 5 } }],
      ['not an entry'],
    ]
    for (const records of bad) {
      await expect(client.batchWrite(records as never), JSON.stringify(records)).rejects.toBeInstanceOf(
        aerospike.InvalidArgError,
      )
    }
    await expect(client.exists(k)).resolves.toMatchObject({ meta: null })
  })
})

describe('batchOperate', () => {
  it('runs the same operations on every key, reads included', async () => {
    const keys = freshKeys(3)
    await putAll(keys.slice(0, 2))
    const { batchRecords } = await client.batchOperate(keys, [
      op.increment('i', 5),
      op.read('i'),
      op.read('s'),
    ])
    expect(batchRecords.map((r) => [r.result, r.record?.bins])).toEqual([
      [0, { i: 5, s: 'v0' }],
      [0, { i: 6, s: 'v1' }],
      // A missing record is created by the increment.
      [0, { i: 5 }],
    ])
  })

  it('read-only operations read; touch on a missing record is a not-found result', async () => {
    const keys = freshKeys(2)
    await putAll(keys.slice(0, 1))
    const read = await client.batchOperate(keys, [op.read('s')])
    expect(read.batchRecords.map((r) => [r.result, r.record?.bins])).toEqual([
      [0, { s: 'v0' }],
      [2, undefined],
    ])
    const touched = await client.batchOperate(keys, [op.touch(300)])
    expect(touched.batchRecords.map((r) => r.result)).toEqual([0, 2])
    expect((await client.get(keys[0]!)).meta.ttl).toBeGreaterThan(290)
  })

  it('rejects an empty or malformed operation list', async () => {
    await expect(client.batchOperate([fresh()], [])).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.batchOperate([fresh()], [{ op: -5 }])).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
  })
})

describe('batchRemove', () => {
  it('removes records; missing ones and generation mismatches are results', async () => {
    const [a, b, c, d] = freshKeys(4)
    await putAll([a!, b!, c!])
    const { batchRecords } = await client.batchRemove([a!, [b!, { gen: 7 }], [c!, { gen: 1 }], d!])
    expect(batchRecords.map((r) => r.result)).toEqual([0, 3, 0, 2])
    expect(batchRecords.map((r) => r.key)).toEqual([a, b, c, d])
    expect((await client.batchRead([a!, b!, c!], [])).batchRecords.map((r) => r.result)).toEqual([2, 0, 2])
  })

  it('takes the batch policy generation mode with per-record generations', async () => {
    const k = fresh()
    await client.put(k, { v: 1 })
    await client.put(k, { v: 2 })
    const r = await client.batchRemove([[k, { gen: 1 }]], { gen: aerospike.POLICY_GEN_GT })
    expect(r.batchRecords[0]!.result).toBe(aerospike.AEROSPIKE_ERR_RECORD_GENERATION)
    const s = await client.batchRemove([[k, { gen: 3 }]], { gen: aerospike.POLICY_GEN_GT })
    expect(s.batchRecords[0]!.result).toBe(0)
  })

  it('rejects a generation policy without per-record generations, and unknown meta fields', async () => {
    await expect(client.batchRemove([fresh()], { gen: aerospike.POLICY_GEN_EQ })).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
    await expect(client.batchRemove([[fresh(), { ttl: 5 }]])).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
  })
})

describe('batch policy', () => {
  it('respondAllKeys false: a row error stops the batch and the call rejects with it', async () => {
    const [a, b] = freshKeys(2)
    await putAll([a!, b!])
    const err = await client
      .batchWrite(
        [
          [a!, { v: 1 }, { gen: 9 }],
          [b!, { v: 1 }],
        ],
        { respondAllKeys: false },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(err).toBeInstanceOf(aerospike.RecordGenerationError)
    // Not found is not an error: it never stops a batch.
    const read = await client.batchRead([a!, fresh()], undefined, { respondAllKeys: false })
    expect(read.batchRecords.map((r) => r.result)).toEqual([0, 2])
  })

  it('transport fields and inline flags are accepted; defaults come from the client config', async () => {
    const keys = freshKeys(3)
    await putAll(keys)
    const r = await client.batchRead(keys, ['i'], {
      totalTimeout: 2000,
      socketTimeout: 500,
      maxRetries: 1,
      sleepBetweenRetries: 5,
      maxConcurrentNodes: 1,
      allowInline: false,
      allowInlineSSD: true,
    })
    expect(r.batchRecords.map((x) => x.record!.bins)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
    const c = await aerospike
      .client({ hosts: server.hosts, policies: { batch: { respondAllKeys: false, totalTimeout: 3000 } } })
      .connect()
    try {
      const err = await c.batchWrite([[keys[0]!, { v: 1 }, { gen: 42 }]]).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(aerospike.RecordGenerationError)
    } finally {
      await c.close()
    }
  })

  it('the calls need a connected client', async () => {
    const c = aerospike.client({ hosts: server.hosts })
    await expect(c.batchRead([fresh()])).rejects.toBeInstanceOf(aerospike.ClientError)
  })
})
