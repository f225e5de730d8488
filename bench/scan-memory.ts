/**
 * The memory a full scan costs this client when its consumer is slow: 100,000 small records read
 * with one event-loop turn per record, live heap (after forced collections) and RSS sampled.
 * Shows that back-pressure keeps the client from buffering the whole scan.
 *
 *   npm run bench:scan-memory [-- --records 100000]
 */
import { parseArgs } from 'node:util'
import * as aerospike from '../src/index.js'
import { startServerProcess } from './server-process.js'

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' } } })
const records = Number(values.records)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:scan-memory does)')

const server = await startServerProcess()
const client = await aerospike.client({ hosts: [['127.0.0.1', server.port]] }).connect()
let next = 0
const writer = async (): Promise<void> => {
  while (next < records) {
    const i = next++
    await client.put(['test', 'scanmemory', `key-${i}`], { i, s: `value-${i}`, d: i + 0.5 })
  }
}
await Promise.all(Array.from({ length: 64 }, writer))

const mib = (bytes: number): number => bytes / 2 ** 20
gc()
const before = process.memoryUsage()
let peakLive = 0
let peakRss = before.rss
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 5)
const start = performance.now()
let n = 0
for await (const _ of client.query('test', 'scanmemory')) {
  n++
  await new Promise((resolve) => setImmediate(resolve))
  if (n % 2000 === 0) {
    gc()
    const m = process.memoryUsage()
    peakLive = Math.max(peakLive, m.heapUsed + m.external)
  }
}
clearInterval(rssTimer)
const seconds = (performance.now() - start) / 1000
await client.close()
server.stop()
if (n !== records) throw new Error(`the scan returned ${n} of ${records} records`)
process.stdout.write(
  `slow consumer (one event-loop turn per record): ${n} records in ${seconds.toFixed(1)} s; ` +
    `live heap+external ${mib(before.heapUsed + before.external).toFixed(1)} MiB before, peak ${mib(peakLive).toFixed(1)} MiB; ` +
    `RSS ${mib(before.rss).toFixed(1)} MiB before, peak ${mib(peakRss).toFixed(1)} MiB\n`,
)
