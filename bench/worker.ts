/**
 * One measurement in its own process: one client, one workload, one concurrency. Prints a
 * Measurement as JSON on stdout. Started by bench/run.ts; the process holds nothing but the
 * client, so process.cpuUsage() is the client's CPU (and the harness loop's, the same for both).
 */
import { parseArgs } from 'node:util'
import { type Driver, officialDriver, oursDriver, type Target } from './drivers.js'
import { LatencyRecorder } from './latency.js'
import { isWorkload, type Measurement, type Workload } from './workloads.js'

const { values } = parseArgs({
  options: {
    client: { type: 'string' },
    workload: { type: 'string' },
    concurrency: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    hosts: { type: 'string' },
    namespace: { type: 'string' },
    set: { type: 'string' },
    keys: { type: 'string' },
    'pipeline-depth': { type: 'string' },
  },
})
const workload = values.workload ?? ''
if (!isWorkload(workload)) throw new Error(`unknown workload ${workload}`)
const target: Target = {
  hosts: values.hosts!,
  namespace: values.namespace!,
  set: values.set!,
  keys: Number(values.keys),
  // At least one connection per concurrent loop, and never below the clients' default of 100.
  maxConnsPerNode: Math.max(100, Number(values.concurrency)),
  pipelineDepth: values['pipeline-depth'] === undefined ? undefined : Number(values['pipeline-depth']),
}
const concurrency = Number(values.concurrency)
const driver = values.client === 'official' ? await officialDriver(target) : await oursDriver(target)

/** A fast, seeded pseudo-random key picker (xorshift32), the same sequence for both clients. */
function randomKeys(seed: number, keys: number): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) % keys
  }
}

/** The call the workload makes for the n-th operation of a loop; resolves to the records handled. */
function stepOf(d: Driver, w: Workload, keys: number): (n: number, pick: () => number) => Promise<number> {
  switch (w) {
    case 'put':
      return (n) => d.put(n % keys)
    case 'get':
      return (n) => d.get(n % keys)
    case 'operate':
      return (n) => d.operate(n % keys)
    case 'batchRead':
      return (n) => d.batchRead(n)
    case 'scan':
      return () => d.scan()
    case 'mixed':
      // 80% reads, 20% updates, over random keys of the whole key space.
      return (_n, pick) => (pick() % 5 === 0 ? d.update(pick()) : d.get(pick()))
  }
}

const step = stepOf(driver, workload, target.keys)
const latencies = new LatencyRecorder()

/** Runs `concurrency` loops of `step` until `seconds` have passed; returns the ops and records done. */
async function run(seconds: number): Promise<{ ops: number; records: number }> {
  const end = performance.now() + seconds * 1000
  let next = 0
  let ops = 0
  let records = 0
  const loop = async (id: number): Promise<void> => {
    const pick = randomKeys(id * 7919 + 17, target.keys)
    while (performance.now() < end) {
      const t0 = performance.now()
      const handled = await step(next++, pick)
      latencies.add(performance.now() - t0)
      records += handled
      ops++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, id) => loop(id)))
  return { ops, records }
}

await run(Number(values.warmup))
latencies.clear()
const cpu = process.cpuUsage()
const start = performance.now()
const { ops, records } = await run(Number(values.seconds))
const seconds = (performance.now() - start) / 1000
const used = process.cpuUsage(cpu)
await driver.close()
const [p50, p99, p999] = latencies.percentiles([0.5, 0.99, 0.999])
const m: Measurement = {
  ops,
  records,
  seconds,
  opsPerSecond: ops / seconds,
  recordsPerSecond: records / seconds,
  cpuMicrosPerOp: (used.user + used.system) / ops,
  p50: p50!,
  p99: p99!,
  p999: p999!,
}
process.stdout.write(`${JSON.stringify(m)}\n`)
process.exit(0)
