/**
 * `npm run bench`: aerospike-ts against the official client (aerospike@6.7.1) on the same server,
 * the same data and the same concurrency. Each measurement runs in its own process; the clients
 * take turns. Prints a table and writes bench/results/*.json, docs/benchmarks-ratios.svg and the
 * generated part of docs/benchmarks.md.
 *
 *   npm run bench -- [--hosts host:port[,host:port]] [--seconds 5] [--warmup 1] [--rounds 1]
 *                    [--concurrency 1,32,128] [--workloads put,get,operate,batchRead,scan,mixed]
 *                    [--keys 100000] [--namespace test] [--set bench] [--pipeline-depth N] [--dry-run]
 *
 * Without --hosts (or AEROSPIKE_HOSTS) it starts the embedded server in a separate process.
 * The scan workload always runs one scan at a time, whatever --concurrency says.
 */
import { spawn } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as aerospike from '../src/index.js'
import { BATCH_SIZE, binsOf, type Target, userKey } from './drivers.js'
import { type Comparison, markdownTable, type RunReport, writeReport } from './report.js'
import { type ServerProcess, startServerProcess } from './server-process.js'
import { isWorkload, type Measurement, WORKLOADS, type Workload } from './workloads.js'

const { values } = parseArgs({
  options: {
    hosts: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
    workloads: { type: 'string', default: WORKLOADS.join(',') },
    keys: { type: 'string', default: '100000' },
    namespace: { type: 'string', default: 'test' },
    set: { type: 'string', default: 'bench' },
    'pipeline-depth': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
})

const workloads = values.workloads.split(',').map((w) => w.trim())
for (const w of workloads)
  if (!isWorkload(w)) throw new Error(`unknown workload "${w}"; known: ${WORKLOADS.join(', ')}`)
const concurrencies = values.concurrency.split(',').map(Number)
if (concurrencies.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error('--concurrency takes positive integers')
/** The option `name` as a number of at least `min` (an integer when `integer`). */
function numberOption(name: 'rounds' | 'seconds' | 'warmup' | 'keys', min: number, integer: boolean): number {
  const v = Number(values[name])
  if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v)))
    throw new Error(
      `--${name} takes ${integer ? 'an integer' : 'a number'} of at least ${min}, not "${values[name]}"`,
    )
  return v
}
const rounds = numberOption('rounds', 1, true)
const seconds = numberOption('seconds', 0.1, false)
const warmup = numberOption('warmup', 0, false)
const keys = numberOption('keys', BATCH_SIZE, true)

const hostsArg = values.hosts ?? process.env.AEROSPIKE_HOSTS
let server: ServerProcess | undefined
if (hostsArg === undefined) server = await startServerProcess()
const target: Omit<Target, 'maxConnsPerNode'> = {
  hosts: hostsArg ?? `127.0.0.1:${server!.port}`,
  namespace: values.namespace,
  set: values.set,
  keys,
}

/** Writes every benchmark record (five bins each) with batch writes, 8 batches in flight. */
async function load(): Promise<string> {
  const client = await aerospike.client({ hosts: target.hosts }).connect()
  const build = await client.infoRandomNode('build')
  let next = 0
  const writer = async (): Promise<void> => {
    while (next < keys) {
      const from = next
      next = Math.min(keys, next + BATCH_SIZE)
      const entries = []
      for (let i = from; i < next; i++)
        entries.push([[target.namespace, target.set, userKey(i)], binsOf(i)] as const)
      const { batchRecords } = await client.batchWrite(entries)
      const failed = batchRecords.find((r) => r.result !== 0)
      if (failed) throw new Error(`loading the benchmark records failed with result ${failed.result}`)
    }
  }
  await Promise.all(Array.from({ length: 8 }, writer))
  await client.close()
  return build.trim()
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))

/** Runs one measurement in a child process. */
function measure(client: 'ours' | 'official', workload: Workload, concurrency: number): Promise<Measurement> {
  const args = [
    '--import',
    'tsx',
    WORKER,
    `--client=${client}`,
    `--workload=${workload}`,
    `--concurrency=${concurrency}`,
    `--seconds=${seconds}`,
    `--warmup=${warmup}`,
    `--hosts=${target.hosts}`,
    `--namespace=${target.namespace}`,
    `--set=${target.set}`,
    `--keys=${keys}`,
  ]
  if (client === 'ours' && values['pipeline-depth'] !== undefined)
    args.push(`--pipeline-depth=${values['pipeline-depth']}`)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0)
        reject(new Error(`${client} ${workload} at concurrency ${concurrency} failed (exit ${code})`))
      else resolve(JSON.parse(out) as Measurement)
    })
  })
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** The median of each figure over the rounds. */
function medianOf(runs: Measurement[]): Measurement {
  const out = {} as Record<keyof Measurement, number>
  for (const k of Object.keys(runs[0]!) as (keyof Measurement)[]) out[k] = median(runs.map((r) => r[k]))
  return out
}

const loadAverage = loadavg()
const build = await load()
const results: Comparison[] = []
try {
  for (const workload of workloads as Workload[]) {
    for (const concurrency of workload === 'scan' ? [1] : concurrencies) {
      const ours: Measurement[] = []
      const official: Measurement[] = []
      for (let r = 0; r < rounds; r++) {
        // Alternate who goes first, so neither always meets a warmer (or more fragmented) server.
        if (r % 2 === 0) {
          ours.push(await measure('ours', workload, concurrency))
          official.push(await measure('official', workload, concurrency))
        } else {
          official.push(await measure('official', workload, concurrency))
          ours.push(await measure('ours', workload, concurrency))
        }
      }
      const c: Comparison = { workload, concurrency, ours: medianOf(ours), official: medianOf(official) }
      results.push(c)
      process.stderr.write(
        `${workload} @${concurrency}: ${Math.round(c.ours.opsPerSecond)} vs ${Math.round(c.official.opsPerSecond)} ops/s\n`,
      )
    }
  }
} finally {
  server?.stop()
}

const report: RunReport = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    loadAverage,
  },
  server: server
    ? `embedded aerospike-ts server (build ${build}) in a separate process`
    : `${target.hosts} (build ${build})`,
  settings: {
    seconds,
    warmup,
    rounds,
    keys,
    concurrency: concurrencies,
    pipelineDepth: values['pipeline-depth'],
  },
  results,
}
process.stdout.write(markdownTable(report))
if (!values['dry-run']) {
  for (const f of writeReport(report, new URL('../', import.meta.url))) process.stdout.write(`wrote ${f}\n`)
}
