/**
 * Test helper: the embedded server with security (and optionally TLS) in a
 * child process, for the official client (which cannot reach a server in its
 * own process while it connects). The child is this same file run with a JSON
 * options argument; TLS options name files of test/fixtures/tls.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SecurityOptions } from '../../src/server/index.js'

const SELF = fileURLToPath(import.meta.url)
const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url))

/** What the child starts: security options, and TLS from fixture files. */
export interface ChildOptions {
  security?: SecurityOptions
  /** Serve TLS with the fixture server certificate; `requestCert` asks clients for theirs. */
  tls?: { requestCert?: boolean }
}

/** A server running in a child process. */
export interface SecureServerProcess {
  readonly port: number
  /** Sends SIGTERM and resolves once the process has exited. */
  stop(): Promise<number | null>
}

/** The path of a file of test/fixtures/tls. */
export function tlsFixture(name: string): string {
  return `${TLS_DIR}${name}`
}

/** Starts the child and waits until it listens. */
export function startSecureServerProcess(options: ChildOptions): Promise<SecureServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SELF, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on port (\d+)/.exec(out)
      if (m)
        resolve({
          port: Number(m[1]),
          stop: () => {
            child.kill('SIGTERM')
            return exited
          },
        })
    })
    child.once('error', reject)
    void exited.then((code) => reject(new Error(`server process exited (${code}) before listening: ${err}`)))
  })
}

/** The child: starts the server, reports its port, stops on SIGTERM. */
async function runChild(json: string): Promise<void> {
  const { startServer } = await import('../../src/server/index.js')
  const options = JSON.parse(json) as ChildOptions
  const server = await startServer({
    port: 0,
    security: options.security,
    tls:
      options.tls === undefined
        ? undefined
        : {
            key: readFileSync(tlsFixture('server.key')),
            cert: readFileSync(tlsFixture('server.pem')),
            ca: readFileSync(tlsFixture('ca.pem')),
            requestCert: options.tls.requestCert,
          },
  })
  process.stdout.write(`listening on port ${server.port}\n`)
  process.once('SIGTERM', () => {
    void server.stop().then(() => process.exit(0))
  })
}

if (process.argv[1] === SELF && process.argv[2] !== undefined) void runChild(process.argv[2])
