/**
 * Benchmark: a full scan of 100,000 small records with this client and with the official client
 * (aerospike@6.7.1), both against the same embedded server running in another process; then the
 * peak memory of this client while a slow consumer reads the scan.
 *
 *   npx tsx bench/scan.ts [--records 100000] [--runs 3]
 *
 * Each measurement runs in its own child process (`--child <mode> --port N`), so one client's
 * memory and JIT state never affect the other's.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
    port: { type: 'string' },
  },
})
const NAMESPACE = 'test'
const SET = 'scanbench'
const SELF = fileURLToPath(import.meta.url)

/** What a child reports: records read, seconds taken, peak memory (MiB; the slow child: live memory before). */
interface Measurement {
  records: number
  seconds: number
  peakHeapMiB: number
  peakRssMiB: number
  baselineMiB?: number
  baselineRssMiB?: number
}

/** Samples heap (+ external/array buffers) and RSS; `stop()` returns the peaks in MiB. */
function memorySampler(): { sample: () => void; stop: () => { heap: number; rss: number } } {
  let heap = 0
  let rss = 0
  const sample = (): void => {
    const m = process.memoryUsage()
    heap = Math.max(heap, m.heapUsed + m.external)
    rss = Math.max(rss, m.rss)
  }
  const timer = setInterval(sample, 5)
  return {
    sample,
    stop: () => {
      clearInterval(timer)
      sample()
      return { heap: heap / 2 ** 20, rss: rss / 2 ** 20 }
    },
  }
}

/** Scans a child runs: one to warm up (JIT, connections), then the timed ones; the fastest counts. */
const TIMED_SCANS = 3

/** Times `scan` (which resolves to the records read) after a warm-up; the fastest of TIMED_SCANS. */
async function fastest(scan: () => Promise<number>): Promise<Measurement> {
  await scan()
  let best: Measurement | undefined
  for (let i = 0; i < TIMED_SCANS; i++) {
    const mem = memorySampler()
    const start = performance.now()
    const records = await scan()
    const seconds = (performance.now() - start) / 1000
    const peak = mem.stop()
    if (best === undefined || seconds < best.seconds)
      best = { records, seconds, peakHeapMiB: peak.heap, peakRssMiB: peak.rss }
  }
  return best!
}

/** Child: full scans with this client, records handled one by one as they stream in (`foreach`). */
async function scanOurs(port: number, mode: string): Promise<Measurement> {
  const aerospike = await import('../src/index.js')
  const client = await aerospike.client({ hosts: [['127.0.0.1', port]] }).connect()
  const query = client.query(NAMESPACE, SET)
  let result: Measurement
  if (mode === 'slow') {
    // A slow consumer: a full event-loop turn (socket reads included) per record; one scan. Live
    // memory (after a forced collection) is sampled every 2000 records; RSS every 5 ms.
    const gc = (globalThis as { gc?: () => void }).gc!
    gc()
    const before = process.memoryUsage()
    const baselineMiB = (before.heapUsed + before.external) / 2 ** 20
    const mem = memorySampler()
    let live = 0
    const start = performance.now()
    let n = 0
    for await (const _ of query) {
      n++
      await new Promise((resolve) => setImmediate(resolve))
      if (n % 2000 === 0) {
        gc()
        const m = process.memoryUsage()
        live = Math.max(live, (m.heapUsed + m.external) / 2 ** 20)
      }
    }
    const peak = mem.stop()
    result = {
      records: n,
      seconds: (performance.now() - start) / 1000,
      peakHeapMiB: live,
      peakRssMiB: peak.rss,
      baselineMiB,
      baselineRssMiB: before.rss / 2 ** 20,
    }
  } else if (mode === 'ours-await') {
    result = await fastest(async () => {
      let n = 0
      for await (const _ of query) n++
      return n
    })
  } else {
    result = await fastest(async () => {
      let n = 0
      await query.foreach(() => {
        n++
      })
      return n
    })
  }
  await client.close()
  return result
}

/** Child: full scans with the official client, records handled from its stream's 'data' events. */
async function scanOfficial(port: number): Promise<Measurement> {
  const Aerospike = (await import('aerospike')).default
  const client = await Aerospike.connect({
    hosts: [{ addr: '127.0.0.1', port }],
    log: { level: Aerospike.log.OFF },
  })
  const result = await fastest(
    () =>
      new Promise<number>((resolve, reject) => {
        let count = 0
        const stream = client.query(NAMESPACE, SET).foreach()
        stream.on('data', () => {
          count++
        })
        stream.on('error', reject)
        stream.on('end', () => resolve(count))
      }),
  )
  client.close()
  return result
}

/** Runs this file as a child in `mode`; resolves with its measurement. */
function runChild(mode: string, port: number): Promise<Measurement> {
  const flags = mode === 'slow' ? ['--expose-gc'] : []
  const child = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', SELF, '--child', mode, '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`child ${mode} exited with ${code}`))
      else resolve(JSON.parse(out) as Measurement)
    })
  })
}

/** Starts the embedded server from source in a child process. */
function startServerProcess(): Promise<{ port: number; stop: () => void }> {
  const cli = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'server', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on \S+:(\d+)/.exec(out)
      if (m) resolve({ port: Number(m[1]), stop: () => child.kill('SIGTERM') })
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
    process.once('exit', () => child.kill('SIGTERM'))
  })
}

/** Writes `count` small records (an integer, a short string, a float) with 64 writes in flight. */
async function load(port: number, count: number): Promise<void> {
  const aerospike = await import('../src/index.js')
  const client = await aerospike.client({ hosts: [['127.0.0.1', port]] }).connect()
  let next = 0
  const writer = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      await client.put([NAMESPACE, SET, `key-${i}`], { i, s: `value-${i}`, d: i + 0.5 })
    }
  }
  await Promise.all(Array.from({ length: 64 }, writer))
  await client.close()
}

if (values.child !== undefined) {
  const port = Number(values.port)
  const mode = values.child
  const m = mode === 'official' ? await scanOfficial(port) : await scanOurs(port, mode)
  process.stdout.write(JSON.stringify(m))
  process.exit(0)
}

const records = Number(values.records)
const runs = Number(values.runs)
const server = await startServerProcess()
await load(server.port, records)
const rate = (m: Measurement): number => m.records / m.seconds
const rows: string[] = []
const fmt = (v: number): string => Math.round(v).toLocaleString('en-US')
for (let run = 1; run <= runs; run++) {
  // Alternate the order so no client always scans a warmer server.
  const order = run % 2 === 1 ? ['ours', 'ours-await', 'official'] : ['official', 'ours-await', 'ours']
  const m: Record<string, Measurement> = {}
  for (const mode of order) m[mode] = await runChild(mode, server.port)
  const [ours, awaited, official] = [rate(m.ours!), rate(m['ours-await']!), rate(m.official!)]
  rows.push(
    `| ${run} | ${fmt(ours)} | ${fmt(awaited)} | ${fmt(official)} | ${(ours / official).toFixed(2)}x |`,
  )
}
const slow = await runChild('slow', server.port)
server.stop()
process.stdout.write(
  `full scan of ${records.toLocaleString('en-US')} records (3 small bins), embedded server in another process\n` +
    '| run | this client, foreach (rec/s) | this client, for await (rec/s) | official client (rec/s) | ratio |\n' +
    `|---|---:|---:|---:|---:|\n${rows.join('\n')}\n` +
    `slow consumer (one event-loop turn per record): ${slow.records} records in ${slow.seconds.toFixed(1)} s, ` +
    `live heap+external ${slow.baselineMiB!.toFixed(1)} MiB before, peak ${slow.peakHeapMiB.toFixed(1)} MiB during; ` +
    `RSS ${slow.baselineRssMiB!.toFixed(1)} MiB before, peak ${slow.peakRssMiB.toFixed(1)} MiB\n`,
)
