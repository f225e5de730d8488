import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startServerProcess } from '../../conformance/server-process.js'
import { RawConnection } from './raw-client.js'

const CLI = fileURLToPath(new URL('../../../src/cli/index.ts', import.meta.url))

/** Runs the CLI to completion; resolves with its exit code and output. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('aerospike-ts CLI', () => {
  it('serves the namespaces it is given and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess([
      '--namespace',
      'alpha',
      '--namespace',
      'beta',
      '--node-id',
      'C0FFEE',
    ])
    expect(server.nodeId).toBe('C0FFEE')
    const c = await RawConnection.open(server.port)
    expect(await c.info1('namespaces')).toBe('alpha;beta')
    c.close()
    expect(await server.stop()).toBe(0)
  })

  it('prints usage, and refuses unknown commands and bad options', async () => {
    const [help, unknown, badPort, badOption] = await Promise.all([
      run(['server', '--help']),
      run(['serve']),
      run(['server', '--port', 'x']),
      run(['server', '--bogus']),
    ])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: aerospike-ts server')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("unknown command 'serve'")
    expect(badPort.code).toBe(1)
    expect(badPort.stderr).toContain('--port must be an integer')
    expect(badOption.code).toBe(1)
  })
})
