// Pages: maxRecords with a partition filter reads a set page by page, every record exactly once, the
// cursor surviving JSON between pages (as a web API hands it out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type QueryEnv, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
const COUNT = 10_000
const PAGE = 777

beforeAll(async () => {
  env = await startEnv()
  await writeRecords(env.client, 'test', 'pages', COUNT, (i) => ({ i }))
})

afterAll(async () => {
  await env?.stop()
})

describe('pagination', () => {
  it(`reads ${COUNT} records in pages of ${PAGE}: every record exactly once, the cursor passed as JSON`, async () => {
    const seen = new Set<number>()
    let cursor = JSON.stringify(aerospike.partitionFilterAll())
    let pages = 0
    for (;;) {
      const filter = JSON.parse(cursor) as aerospike.PartitionFilter
      if (filter.done) break
      const page = await env.client
        .query('test', 'pages')
        .results({ maxRecords: PAGE, partitionFilter: filter })
      pages++
      expect(page.length).toBeLessThanOrEqual(PAGE)
      for (const r of page) {
        const i = r.bins.i as number
        expect(seen.has(i), `record ${i} returned twice`).toBe(false)
        seen.add(i)
      }
      cursor = JSON.stringify(filter)
    }
    expect(seen.size).toBe(COUNT)
    // 12 full pages, the 13th with the last 676 records (done, as it was not full).
    expect(pages).toBe(Math.ceil(COUNT / PAGE))
  })

  it('query.partitionStatus() is the same cursor when no filter is given', async () => {
    const q = env.client.query('test', 'pages')
    const first = await q.results({ maxRecords: PAGE })
    expect(first).toHaveLength(PAGE)
    const status = q.partitionStatus()!
    expect(status.done).toBe(false)
    expect(status.partitions).toHaveLength(4096)
    const rest = await env.client.query('test', 'pages').results({ partitionFilter: status })
    expect(rest).toHaveLength(COUNT - PAGE)
    expect(status.done).toBe(true)
  })

  it('pages through a partition range and through a secondary-index query the same way', async () => {
    await env.client.indexIntegerCreate('test', 'pages', 'i', 'pages_i')
    const filter = aerospike.partitionFilterByRange(100, 2000)
    const seen = new Set<number>()
    const predicate = aerospike.predicates.between('i', 1000, 5999)
    while (!filter.done) {
      const page = await env.client
        .query('test', 'pages')
        .where(predicate)
        .results({ maxRecords: 100, partitionFilter: filter })
      for (const r of page) {
        const i = r.bins.i as number
        expect(seen.has(i)).toBe(false)
        seen.add(i)
      }
    }
    const all = await env.client
      .query('test', 'pages')
      .where(predicate)
      .results({ partitionFilter: aerospike.partitionFilterByRange(100, 2000) })
    expect(seen.size).toBe(all.length)
    expect(seen.size).toBeGreaterThan(1000)
    await env.client.indexRemove('test', 'pages_i')
  })
})
