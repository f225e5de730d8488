/**
 * Benchmark: the official client (aerospike@6.7.1) against the embedded server running in
 * another process. Measures puts/s and gets/s at a fixed concurrency.
 *
 *   npx tsx bench/server-official.ts [--concurrency 32] [--seconds 5] [--keys 10000] [--port 0]
 *
 * With --port N (not 0) it benchmarks a server already listening on 127.0.0.1:N instead of
 * starting one (for example a real Aerospike, to compare).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as Aerospike from 'aerospike'

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '5' },
    keys: { type: 'string', default: '10000' },
    port: { type: 'string', default: '0' },
  },
})
const concurrency = Number(values.concurrency)
const seconds = Number(values.seconds)
const keyCount = Number(values.keys)

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

/** Runs `op` from `concurrency` loops for `duration` seconds; returns operations per second. */
async function measure(op: (i: number) => Promise<unknown>, duration = seconds): Promise<number> {
  const end = Date.now() + duration * 1000
  let done = 0
  let next = 0
  const loop = async (): Promise<void> => {
    while (Date.now() < end) {
      await op(next++ % keyCount)
      done++
    }
  }
  const start = Date.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  return done / ((Date.now() - start) / 1000)
}

const server =
  values.port === '0' ? await startServerProcess() : { port: Number(values.port), stop: () => {} }
const client = await Aerospike.connect({
  hosts: [{ addr: '127.0.0.1', port: server.port }],
  log: { level: Aerospike.log.OFF },
})
const keys = Array.from({ length: keyCount }, (_, i) => new Aerospike.Key('test', 'bench', `key-${i}`))
const bins = (i: number) => ({ i, s: `value-${i}`, d: i + 0.5 })

// Warm up both processes (JIT, connection pool) before measuring.
await measure((i) => client.put(keys[i]!, bins(i)), 1)
const puts = await measure((i) => client.put(keys[i]!, bins(i)))
const gets = await measure((i) => client.get(keys[i]!))
client.close()
server.stop()

const row = (name: string, v: number): string =>
  `${name.padEnd(6)} ${Math.round(v).toLocaleString('en-US')} ops/s`
process.stdout.write(
  `official client -> embedded server, concurrency ${concurrency}, ${seconds} s each\n${row('puts', puts)}\n${row('gets', gets)}\n`,
)
