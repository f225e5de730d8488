// The pool lending connections to pipelined exchanges: fill order, depth, release once, and nodes without the feature.
import { describe, expect, it } from 'vitest'
import type { FrameSink, NodeConnection } from '../../../src/client/cluster/connection.js'
import { Node } from '../../../src/client/cluster/node.js'
import { ConnectionPool, type PoolOptions } from '../../../src/client/cluster/pool.js'
import type { Frame } from '../../../src/protocol/index.js'

/** A connection whose in-flight count the test sets. */
class CountingConnection implements NodeConnection {
  lastUsed = Date.now()
  inFlight = 0
  closed = false
  constructor(readonly id: number) {}
  info(): Promise<Map<string, string>> {
    return Promise.reject(new Error('not used'))
  }
  exchange(): Promise<Frame> {
    return Promise.reject(new Error('not used'))
  }
  send(_request: Buffer, _sink: FrameSink): void {}
  pause(): void {}
  resume(): void {}
  close(): void {
    this.closed = true
  }
}

const OPTIONS: PoolOptions = { max: 10, min: 0, idleTimeout: 0, connectTimeout: 100, pipelineDepth: 4 }

function pool(options: Partial<PoolOptions> = {}): { pool: ConnectionPool; opened: CountingConnection[] } {
  const opened: CountingConnection[] = []
  const p = new ConnectionPool(
    { host: '127.0.0.1', port: 3000 },
    { ...OPTIONS, ...options },
    async () => {
      const c = new CountingConnection(opened.length)
      opened.push(c)
      return c
    },
    'N1',
  )
  return { pool: p, opened }
}

/** Acquires a connection for one exchange and marks one more request in flight on it, as execute does. */
async function lend(p: ConnectionPool): Promise<CountingConnection> {
  const conn = (p.tryAcquireForExchange() ??
    (await p.acquireForExchange(Number.POSITIVE_INFINITY))) as CountingConnection
  conn.inFlight++
  return conn
}

describe('pool: pipelined exchanges', () => {
  it('fills one connection up to pipelineDepth before the next', async () => {
    const { pool: p, opened } = pool()
    const conns = await Promise.all(Array.from({ length: 10 }, () => lend(p)))
    expect(conns.map((c) => c.id)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
    expect(opened).toHaveLength(3)
  })

  it('exchanges arriving while a connection opens join it', async () => {
    const { pool: p, opened } = pool()
    const pending = Array.from({ length: 6 }, () => p.acquireForExchange(Number.POSITIVE_INFINITY))
    const conns = (await Promise.all(pending)) as CountingConnection[]
    expect(conns.map((c) => c.id)).toEqual([0, 0, 0, 0, 1, 1])
    expect(opened).toHaveLength(2)
  })

  it('a connection goes back to the pool once, when its last exchange completes', async () => {
    const { pool: p } = pool()
    const a = await lend(p)
    const b = await lend(p)
    expect(b).toBe(a)
    a.inFlight = 0
    p.releaseExchange(a)
    p.releaseExchange(b)
    // Back exactly once: one idle connection, then the pool has to open a new one.
    expect(p.tryAcquire()).toBe(a)
    expect(p.tryAcquire()).toBeUndefined()
  })

  it('pipelineDepth 1: one exchange per connection', async () => {
    const { pool: p, opened } = pool({ pipelineDepth: 1 })
    await Promise.all(Array.from({ length: 3 }, () => lend(p)))
    expect(opened).toHaveLength(3)
  })

  it('a node that does not announce pipelining gets one exchange per connection', async () => {
    const opened: CountingConnection[] = []
    const connector = async (): Promise<NodeConnection> => {
      const c = new CountingConnection(opened.length)
      opened.push(c)
      return c
    }
    const without = new Node('N1', { host: '127.0.0.1', port: 3000 }, new Set(['peers']), OPTIONS, connector)
    await Promise.all(Array.from({ length: 3 }, () => lend(without.pool)))
    expect(opened).toHaveLength(3)
    const withIt = new Node(
      'N2',
      { host: '127.0.0.1', port: 3001 },
      new Set(['pipelining']),
      OPTIONS,
      connector,
    )
    await Promise.all(Array.from({ length: 3 }, () => lend(withIt.pool)))
    expect(opened).toHaveLength(4)
  })
})
