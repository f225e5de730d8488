import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from './server-process.js'

// The official client logs any trouble it has with a node (bad info replies, failed tends,
// unexpected frames) at WARN or ERROR. Connecting and tending against the embedded server must
// produce none.
describe('official client log while connecting and tending', () => {
  let server: ServerProcess
  let dir: string

  beforeAll(async () => {
    server = await startServerProcess()
    dir = mkdtempSync(join(tmpdir(), 'aerospike-ts-log-'))
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has no warnings or errors', async () => {
    const file = join(dir, 'client.log')
    const fd = openSync(file, 'w')
    const client = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: server.port }],
      log: { level: Aerospike.log.DEBUG, file: fd },
      tenderInterval: 250,
    })
    // Tending is driven by a timer, not by an event: let a few tend rounds run.
    await sleep(1100)
    const stats = await client.infoAny('statistics')
    // Connect plus at least three tend rounds of info requests reached the server.
    expect(Number(/info_complete=(\d+)/.exec(stats)?.[1])).toBeGreaterThanOrEqual(5)
    const key = new Aerospike.Key('test', 'demo', 'log')
    await client.put(key, { a: 1 })
    expect((await client.get(key)).bins).toEqual({ a: 1 })
    expect(client.getNodes().map((n) => n.name)).toEqual([server.nodeId])
    client.close()
    closeSync(fd)
    const log = readFileSync(file, 'utf8')
    expect(log).toContain(`node "${server.nodeId}"`)
    expect(log.split('\n').filter((line) => /\b(WARN|ERROR)\b/.test(line))).toEqual([])
  })
})
