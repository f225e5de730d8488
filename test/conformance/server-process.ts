/** Test helper: runs the embedded server in a child process (the official client cannot reach a server in its own process during connect). */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url))

/** A server running in a child process. */
export interface ServerProcess {
  readonly port: number
  readonly nodeId: string
  /** Sends SIGTERM and resolves once the process has exited cleanly. */
  stop(): Promise<number | null>
}

/** Starts `aerospike-ts server --port 0` (plus `args`) from source and waits until it listens. */
export function startServerProcess(args: readonly string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'server', '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (\S+):(\d+) \(node ([0-9A-F]+)\)/.exec(out)
      if (m) {
        resolve({
          port: Number(m[2]),
          nodeId: m[3]!,
          stop: () => {
            child.kill('SIGTERM')
            return exited
          },
        })
      }
    })
    child.once('error', reject)
    void exited.then((code) => reject(new Error(`server process exited (${code}) before listening: ${err}`)))
  })
}
