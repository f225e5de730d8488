// Indexes stay in step with the data: later writes, updates, deletes, expiry (before and after the
// sweep) and truncation, with and without a cut-off. Date and the sweep's interval are faked.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type QueryEnv, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
let client: aerospike.Client
const p = aerospike.predicates
const NSUP_PERIOD = 5

/** The `n` bins the index query for n in [lo, hi] returns, sorted. */
async function indexed(set: string, lo: number, hi: number): Promise<number[]> {
  const records = await client
    .query('test', set)
    .where(p.between('n', lo, hi))
    .results()
  return records.map((r) => r.bins.n as number).sort((a, b) => a - b)
}

/** The `entries` the server reports for an index. */
async function entries(name: string): Promise<number> {
  const stat = await client.infoRandomNode(`sindex-stat:namespace=test;indexname=${name}`)
  return Number(/entries=(\d+)/.exec(stat)![1])
}

beforeAll(async () => {
  vi.useFakeTimers({
    toFake: ['Date', 'setInterval', 'clearInterval'],
    now: new Date('2026-03-01T00:00:00Z'),
  })
  env = await startEnv({ namespaces: [{ name: 'test', nsupPeriod: NSUP_PERIOD }] })
  client = env.client
})

afterAll(async () => {
  await env?.stop()
  vi.useRealTimers()
})

beforeEach(() => {
  vi.setSystemTime(Date.now() + 1000)
})

describe('an index follows the data', () => {
  it('sees records written after it was built, updates and deletes', async () => {
    await writeRecords(client, 'test', 'later', 10, (i) => ({ n: i }))
    await client.indexIntegerCreate('test', 'later', 'n', 'later_n')
    expect(await indexed('later', 0, 100)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    await client.put(['test', 'later', 'new'], { n: 50 })
    await client.put(['test', 'later', 'k3'], { n: 1000 })
    await client.remove(['test', 'later', 'k4'])
    await client.put(['test', 'later', 'k5'], { n: null, other: 1 })
    await client.put(['test', 'later', 'k6'], { n: 'not a number' })
    expect(await indexed('later', 0, 100)).toEqual([0, 1, 2, 7, 8, 9, 50])
    expect(await indexed('later', 1000, 1000)).toEqual([1000])
    expect(await entries('later_n')).toBe(8)
    await client.removeBin(['test', 'later', 'k7'], ['n'])
    expect(await indexed('later', 0, 100)).toEqual([0, 1, 2, 8, 9, 50])
  })

  it('a list index follows list changes', async () => {
    await client.indexCreate({
      namespace: 'test',
      set: 'lists',
      bin: 'l',
      name: 'lists_l',
      type: aerospike.INDEX_NUMERIC,
      collectionType: aerospike.INDEX_TYPE_LIST,
    })
    await client.put(['test', 'lists', 'a'], { l: [1, 2] })
    const contains = async (v: number) =>
      (
        await client
          .query('test', 'lists')
          .where(p.contains('l', aerospike.INDEX_TYPE_LIST, v))
          .results()
      ).length
    expect(await contains(2)).toBe(1)
    await client.put(['test', 'lists', 'a'], { l: [3] })
    expect(await contains(2)).toBe(0)
    expect(await contains(3)).toBe(1)
  })

  it('expired records leave query results at once and the index at the next sweep', async () => {
    await writeRecords(client, 'test', 'ttl', 6, (i) => ({ n: i }), { ttl: 10 })
    await writeRecords(client, 'test', 'ttl', 2, (i) => ({ n: 100 + i }), { prefix: 'keep', ttl: -1 })
    await client.indexIntegerCreate('test', 'ttl', 'n', 'ttl_n')
    expect(await indexed('ttl', 0, 1000)).toEqual([0, 1, 2, 3, 4, 5, 100, 101])
    vi.setSystemTime(Date.now() + 11_000)
    expect(await indexed('ttl', 0, 1000)).toEqual([100, 101])
    expect(await client.query('test', 'ttl').results()).toHaveLength(2)
    expect(await entries('ttl_n')).toBe(8)
    vi.advanceTimersByTime(NSUP_PERIOD * 1000)
    expect(await entries('ttl_n')).toBe(2)
  })
})

describe('truncate', () => {
  it('removes every record of the set, from scans and indexes', async () => {
    await writeRecords(client, 'test', 'trunc', 20, (i) => ({ n: i }))
    await client.indexIntegerCreate('test', 'trunc', 'n', 'trunc_n')
    await client.truncate('test', 'trunc')
    expect(await client.query('test', 'trunc').results()).toEqual([])
    expect(await indexed('trunc', 0, 100)).toEqual([])
    expect(await entries('trunc_n')).toBe(0)
    await client.put(['test', 'trunc', 'after'], { n: 7 })
    expect(await indexed('trunc', 0, 100)).toEqual([7])
  })

  it('with a cut-off removes only records last updated before it', async () => {
    await writeRecords(client, 'test', 'cut', 5, (i) => ({ n: i }))
    vi.setSystemTime(Date.now() + 1000)
    const cutOff = BigInt(Date.now()) * 1_000_000n
    vi.setSystemTime(Date.now() + 1000)
    await writeRecords(client, 'test', 'cut', 3, (i) => ({ n: 10 + i }), { prefix: 'late' })
    await client.put(['test', 'cut', 'k0'], { n: 99 })
    vi.setSystemTime(Date.now() + 1000)
    await client.truncate('test', 'cut', cutOff)
    const left = await client.query('test', 'cut').results()
    expect(left.map((r) => r.bins.n).sort()).toEqual([10, 11, 12, 99])
  })

  it('a cut-off as a number of nanoseconds works too; one in the future is refused', async () => {
    await client.put(['test', 'cutn', 'a'], { n: 1 })
    vi.setSystemTime(Date.now() + 1000)
    await client.truncate('test', 'cutn', Date.now() * 1e6)
    expect(await client.query('test', 'cutn').results()).toEqual([])
    const err = await client.truncate('test', 'cutn', (Date.now() + 60_000) * 1e6).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ServerError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_PARAM)
  })

  it('without a set truncates the whole namespace', async () => {
    await client.put(['test', 'one', 'a'], { n: 1 })
    await client.put(['test', null, 'b'], { n: 2 })
    await client.truncate('test', null)
    expect(await client.query('test').results()).toEqual([])
  })

  it('bad arguments are InvalidArgError', async () => {
    await expect(client.truncate('', 'x')).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.truncate('test', 'a;b')).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.truncate('test', 'x', -1)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.truncate('test', 'x', Number.NaN)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
  })
})
