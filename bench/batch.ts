/**
 * Benchmark: batchRead of 100 keys, aerospike-ts against the official client (aerospike@6.7.1),
 * both against the same embedded server running in another process. Reports batches/s, records/s
 * and client CPU per batch for each client, and their ratio. The clients take turns for `--rounds`
 * rounds (so a change in the machine's load hits both), and the medians are reported.
 *
 *   npx tsx bench/batch.ts [--concurrency 32] [--seconds 5] [--rounds 3] [--keys 10000] [--batch 100] [--port 0]
 *
 * With --port N (not 0) it benchmarks a server already listening on 127.0.0.1:N instead of
 * starting one (for example a real Aerospike, to compare).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as Aerospike from 'aerospike'
import * as aerospike from '../src/index.js'

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    keys: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    port: { type: 'string', default: '0' },
  },
})
const concurrency = Number(values.concurrency)
const seconds = Number(values.seconds)
const keyCount = Number(values.keys)
const batchSize = Number(values.batch)
const rounds = Number(values.rounds)

/** Starts the embedded server from source in a child process; resolves with its port and a stop function. */
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
    // Never leave the server behind, even when the benchmark fails.
    process.once('exit', () => child.kill('SIGTERM'))
  })
}

/** One measured run: batches per second and client CPU microseconds per batch. */
interface Figures {
  batchesPerSecond: number
  cpuMicrosPerBatch: number
}

/**
 * Runs `batch(n)` (n = the batch's number) from `concurrency` loops for `duration` seconds;
 * every batch must return `batchSize` found records.
 */
async function measure(batch: (n: number) => Promise<number>, duration = seconds): Promise<Figures> {
  const end = Date.now() + duration * 1000
  let done = 0
  let next = 0
  const loop = async (): Promise<void> => {
    while (Date.now() < end) {
      const found = await batch(next++)
      if (found !== batchSize) throw new Error(`a batch found ${found} of ${batchSize} records`)
      done++
    }
  }
  const cpu = process.cpuUsage()
  const start = Date.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  const elapsed = (Date.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  return { batchesPerSecond: done / elapsed, cpuMicrosPerBatch: (used.user + used.system) / done }
}

const server =
  values.port === '0' ? await startServerProcess() : { port: Number(values.port), stop: () => {} }

// The key windows each batch reads: batch n reads windows[n % windows.length].
const windowCount = Math.max(1, Math.floor(keyCount / batchSize))
const userKeys = Array.from({ length: keyCount }, (_, i) => `key-${i}`)

// aerospike-ts: load the data, then measure.
const ours = await aerospike.client({ hosts: [['127.0.0.1', server.port]] }).connect()
for (let w = 0; w < windowCount; w++) {
  const entries = userKeys
    .slice(w * batchSize, (w + 1) * batchSize)
    .map((k, i) => [['test', 'bench', k], { i: w * batchSize + i, s: `value-${k}`, d: i + 0.5 }] as const)
  const { batchRecords } = await ours.batchWrite(entries)
  if (batchRecords.some((r) => r.result !== 0)) throw new Error('loading the data failed')
}
const ourWindows = Array.from({ length: windowCount }, (_, w) =>
  userKeys.slice(w * batchSize, (w + 1) * batchSize).map((k) => ['test', 'bench', k] as const),
)
const countOurs = (r: aerospike.BatchRecords<unknown>): number => {
  let found = 0
  for (const br of r.batchRecords) if (br.result === 0) found++
  return found
}
const ourBatch = async (n: number): Promise<number> =>
  countOurs(await ours.batchRead(ourWindows[n % windowCount]!))

// The official client, same server, same data.
const official = await Aerospike.connect({
  hosts: [{ addr: '127.0.0.1', port: server.port }],
  log: { level: Aerospike.log.OFF },
})
const officialWindows = Array.from({ length: windowCount }, (_, w) =>
  userKeys
    .slice(w * batchSize, (w + 1) * batchSize)
    .map((k) => ({ key: new Aerospike.Key('test', 'bench', k), readAllBins: true })),
)
const officialBatch = async (n: number): Promise<number> => {
  const rows = await official.batchRead(officialWindows[n % windowCount]!)
  let found = 0
  for (const r of rows) if (r.status === 0) found++
  return found
}

// Warm both up, then take turns.
await measure(ourBatch, 1)
await measure(officialBatch, 1)
const oursRuns: Figures[] = []
const officialRuns: Figures[] = []
for (let r = 0; r < rounds; r++) {
  oursRuns.push(await measure(ourBatch))
  officialRuns.push(await measure(officialBatch))
}
await ours.close()
official.close()
server.stop()

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const medianOf = (runs: Figures[]): Figures => ({
  batchesPerSecond: median(runs.map((f) => f.batchesPerSecond)),
  cpuMicrosPerBatch: median(runs.map((f) => f.cpuMicrosPerBatch)),
})
const oursFigures = medianOf(oursRuns)
const officialFigures = medianOf(officialRuns)

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US')
const line = (name: string, f: Figures): string =>
  `${name.padEnd(16)} ${fmt(f.batchesPerSecond).padStart(8)} batches/s ${fmt(f.batchesPerSecond * batchSize).padStart(10)} records/s ${fmt(f.cpuMicrosPerBatch).padStart(7)} µs CPU/batch`
process.stdout.write(
  `batchRead of ${batchSize} keys (3 bins each), concurrency ${concurrency}, medians of ${rounds} rounds of ${seconds} s, embedded server in another process\n` +
    oursRuns
      .map(
        (f, r) =>
          `round ${r + 1}: ${fmt(f.batchesPerSecond)} vs ${fmt(officialRuns[r]!.batchesPerSecond)} batches/s\n`,
      )
      .join('') +
    `${line('aerospike-ts', oursFigures)}\n${line('official client', officialFigures)}\n` +
    `ratio: ${(oursFigures.batchesPerSecond / officialFigures.batchesPerSecond).toFixed(2)}x batches/s, ` +
    `${(oursFigures.cpuMicrosPerBatch / officialFigures.cpuMicrosPerBatch).toFixed(2)}x CPU per batch\n`,
)
