// Index management through the client: create (each type and collection type, waiting until built),
// identical re-create, name clash, remove, and the errors the real 8.1 server reports for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type QueryEnv, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
let client: aerospike.Client
const p = aerospike.predicates

beforeAll(async () => {
  env = await startEnv()
  client = env.client
  await writeRecords(client, 'test', 'idx', 2000, (i) => ({
    n: i,
    s: `s${i % 10}`,
    b: Buffer.from([i % 4]),
    l: [i, i + 1],
    loc: new aerospike.GeoJSON({ type: 'Point', coordinates: [i / 100, 0] }),
  }))
})

afterAll(async () => {
  await env?.stop()
})

/** The index's entry in `sindex-list`, as key=value pairs. */
async function listed(name: string): Promise<Record<string, string> | undefined> {
  const list = await client.infoRandomNode('sindex-list:namespace=test')
  const entry = list.split(';').find((e) => e.includes(`:indexname=${name}:`))
  return entry === undefined ? undefined : Object.fromEntries(entry.split(':').map((kv) => kv.split('=')))
}

describe('creating indexes', () => {
  it('creates an index of each value type; each is built when the call resolves', async () => {
    await client.indexIntegerCreate('test', 'idx', 'n', 'idx_n')
    await client.indexStringCreate('test', 'idx', 's', 'idx_s')
    await client.indexBlobCreate('test', 'idx', 'b', 'idx_b')
    await client.indexGeo2dsphereCreate('test', 'idx', 'loc', 'idx_loc')
    for (const [name, type] of [
      ['idx_n', 'numeric'],
      ['idx_s', 'string'],
      ['idx_b', 'blob'],
      ['idx_loc', 'geo2dsphere'],
    ] as const) {
      expect(await listed(name)).toMatchObject({
        ns: 'test',
        set: 'idx',
        type,
        indextype: 'default',
        state: 'RW',
      })
      const stat = await client.infoRandomNode(`sindex-stat:namespace=test;indexname=${name}`)
      expect(stat).toMatch(/load_pct=100/)
    }
    expect(await client.query('test', 'idx').where(p.equals('n', 7)).results()).toHaveLength(1)
    expect(await client.query('test', 'idx').where(p.equals('s', 's3')).results()).toHaveLength(200)
    expect(
      await client
        .query('test', 'idx')
        .where(p.equals('b', Buffer.from([2])))
        .results(),
    ).toHaveLength(500)
  })

  it('indexCreate takes a collection type', async () => {
    await client.indexCreate({
      namespace: 'test',
      set: 'idx',
      bin: 'l',
      name: 'idx_l',
      type: aerospike.INDEX_NUMERIC,
      collectionType: aerospike.INDEX_TYPE_LIST,
    })
    expect(await listed('idx_l')).toMatchObject({ bin: 'l', type: 'numeric', indextype: 'list' })
    const r = await client
      .query('test', 'idx')
      .where(p.contains('l', aerospike.INDEX_TYPE_LIST, 5))
      .results()
    expect(r.map((x) => x.bins.n).sort()).toEqual([4, 5])
  })

  it('re-creating an identical index succeeds, as the 8.1 server answers', async () => {
    await expect(client.indexIntegerCreate('test', 'idx', 'n', 'idx_n')).resolves.toBeUndefined()
  })

  it('a name taken by a different definition is IndexFoundError', async () => {
    const err = await client.indexStringCreate('test', 'idx', 'n', 'idx_n').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.IndexFoundError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_INDEX_FOUND)
  })

  it('the same definition under a new name renames the index', async () => {
    await client.indexIntegerCreate('test', 'idx', 'n', 'idx_n2')
    expect(await listed('idx_n')).toBeUndefined()
    expect(await listed('idx_n2')).toMatchObject({ bin: 'n' })
    await client.indexIntegerCreate('test', 'idx', 'n', 'idx_n')
  })

  it('wait: false resolves at once; the index is usable once built', async () => {
    await writeRecords(client, 'test', 'idx-late', 20_000, (i) => ({ v: i }))
    await client.indexIntegerCreate('test', 'idx-late', 'v', 'idx_late', { wait: false })
    const stat = () => client.infoRandomNode('sindex-stat:namespace=test;indexname=idx_late')
    // Info round trips until the server reports it built.
    while (!/load_pct=100/.test(await stat()));
    const r = await client
      .query('test', 'idx-late')
      .where(p.between('v', 100, 199))
      .results()
    expect(r).toHaveLength(100)
  })

  it('an index of a namespace the node does not have: created as the server accepts it, but never built', async () => {
    await expect(
      client.indexIntegerCreate('nope', 'x', 'n', 'nope_n', { wait: false }),
    ).resolves.toBeUndefined()
    const err = await client.indexIntegerCreate('nope', 'x', 'n', 'nope_n2').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ServerError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_INVALID_NAMESPACE)
  })

  it('rejects bad arguments before sending', async () => {
    const bad: Array<() => Promise<void>> = [
      () => client.indexIntegerCreate('test', 'idx', 'n', ''),
      () => client.indexIntegerCreate('test', 'idx', 'n', 'x'.repeat(64)),
      () => client.indexIntegerCreate('test', 'idx', 'n', 'a;b'),
      () => client.indexIntegerCreate('test', 'idx', 'bin-name-too-long', 'n1'),
      () => client.indexCreate({ namespace: 'test', bin: 'n', name: 'n1', type: 9 }),
      () => client.indexCreate({ namespace: 'test', bin: 'n', name: 'n1', type: 0, collectionType: 7 }),
      () => client.indexIntegerCreate('test', 'idx', 'n', 'n1', { wait: 'yes' } as never),
      () => client.indexIntegerCreate('test', 'idx', 'n', 'n1', { nope: 1 } as never),
    ]
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(aerospike.InvalidArgError)
  })
})

describe('removing indexes and querying without one', () => {
  it('removes an index; removing one that does not exist succeeds, as in 8.1', async () => {
    await client.indexIntegerCreate('test', 'idx', 'n', 'idx_gone')
    await client.indexRemove('test', 'idx_gone')
    expect(await client.infoRandomNode('sindex-exists:namespace=test;indexname=idx_gone')).toBe('false')
    await expect(client.indexRemove('test', 'idx_gone')).resolves.toBeUndefined()
  })

  it('a predicate without a matching index is IndexNotFound', async () => {
    for (const predicate of [
      p.equals('no_index', 1),
      p.equals('n', 'a string'),
      p.contains('s', aerospike.INDEX_TYPE_LIST, 's1'),
    ]) {
      const err = await client
        .query('test', 'idx')
        .where(predicate)
        .results()
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(aerospike.IndexNotFound)
      expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_INDEX_NOT_FOUND)
    }
    const otherSet = await client
      .query('test', 'other')
      .where(p.equals('n', 1))
      .results()
      .catch((e: unknown) => e)
    expect(otherSet).toBeInstanceOf(aerospike.IndexNotFound)
  })
})
