// A scan of 50,000 records (about 50 MB): the client's memory stays bounded while a slow consumer
// reads it, because the socket pauses instead of buffering; breaking out early stops the node.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type QueryEnv, startEnv, writeRecords } from './helpers.js'

let env: QueryEnv
const COUNT = 50_000
const CHILD = fileURLToPath(new URL('./slow-consumer.ts', import.meta.url))

beforeAll(async () => {
  env = await startEnv()
  await writeRecords(env.client, 'test', 'large', COUNT, (i) => ({ i, pad: `${i}`.padEnd(1000, '.') }))
}, 60_000)

afterAll(async () => {
  await env?.stop()
})

describe(`scan of ${COUNT.toLocaleString('en-US')} records`, () => {
  it('results() returns them all', async () => {
    const records = await env.client.query('test', 'large').results()
    expect(records).toHaveLength(COUNT)
    expect(new Set(records.map((r) => r.bins.i)).size).toBe(COUNT)
  })

  it('a slow consumer keeps the client bounded: peak live memory grows far less than the data', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', CHILD, String(env.server.port), 'large'],
        { cwd: fileURLToPath(new URL('../../../', import.meta.url)), timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      )
    })
    const { records, peakGrowthMiB } = JSON.parse(out) as { records: number; peakGrowthMiB: number }
    expect(records).toBe(COUNT)
    // The records take about 50 MiB on the wire and more decoded; the client holds a few MiB at a time.
    expect(peakGrowthMiB).toBeLessThan(24)
  }, 60_000)

  it('breaking out early ends the stream on the node at once', async () => {
    const start = Date.now()
    let n = 0
    for await (const r of env.client.query('test', 'large')) {
      expect(r.bins.pad).toHaveLength(1000)
      if (++n === 1000) break
    }
    expect(n).toBe(1000)
    expect(Date.now() - start).toBeLessThan(5000)
    expect(await env.client.query('test', 'large').results({ maxRecords: 10 })).toHaveLength(10)
  })

  it('abort() through a signal mid-stream stops it with ClientError', async () => {
    const controller = new AbortController()
    let n = 0
    const err = await (async () => {
      for await (const _ of env.client.query('test', 'large').stream({ signal: controller.signal })) {
        if (++n === 500) controller.abort()
      }
    })().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ClientError)
    expect(n).toBe(500)
  })
})
