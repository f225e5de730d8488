// Child process of large-scan.test.ts: scans a set with a slow consumer and reports the client's peak live memory.
// Run as: node --expose-gc --import tsx slow-consumer.ts <port> <set>
import * as aerospike from '../../../src/index.js'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')

/** Live memory after a full collection: heap in use plus Buffers outside the heap, MiB. */
function live(): number {
  gc!()
  const m = process.memoryUsage()
  return (m.heapUsed + m.external) / 2 ** 20
}

const [port, set] = [Number(process.argv[2]), process.argv[3]!]
const client = await aerospike.client({ hosts: [['127.0.0.1', port]] }).connect()
const baseline = live()
let peak = 0
let records = 0
for await (const _ of client.query('test', set)) {
  records++
  // Slow: a full event-loop turn per record, so the socket could deliver far more than is consumed.
  await new Promise((resolve) => setImmediate(resolve))
  if (records % 2000 === 0) peak = Math.max(peak, live() - baseline)
}
await client.close()
process.stdout.write(JSON.stringify({ records, peakGrowthMiB: peak }))
