/** Starts the embedded server from source in a child process, so its CPU is not counted as the benchmarked client's. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A running server process: its port and how to stop it. */
export interface ServerProcess {
  port: number
  stop: () => void
}

/** Spawns `aerospike-ts server --port 0` (through tsx) and resolves once it listens. */
export function startServerProcess(): Promise<ServerProcess> {
  const cli = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'server', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // Never leave the server behind, even when the benchmark fails.
  const stop = (): void => {
    child.kill('SIGTERM')
  }
  process.once('exit', stop)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on \S+:(\d+)/.exec(out)
      if (m) resolve({ port: Number(m[1]), stop })
    })
    child.once('exit', (code) => reject(new Error(`the embedded server exited with ${code}`)))
  })
}
