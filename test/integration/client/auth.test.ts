// connect(user, password): LOGIN on every node, AUTHENTICATE on every new connection, against a fake secured node.
import { afterEach, describe, expect, it } from 'vitest'
import {
  AdminError,
  AEROSPIKE_INVALID_CREDENTIAL,
  ClusterError,
  client as createClient,
} from '../../../src/index.js'
import { type FakeNode, startFakeNode } from './fake-node.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function node(security?: { user: string; password: string }): Promise<FakeNode> {
  const n = await startFakeNode(0, security)
  cleanups.push(() => n.stop())
  return n
}

describe('authentication', () => {
  it('logs in, then authenticates every new connection with the session token', async () => {
    const n = await node({ user: 'app', password: 'secret' })
    const client = await createClient({ hosts: [[n.host, n.port]], minConnsPerNode: 3 }).connect(
      'app',
      'secret',
    )
    cleanups.push(() => client.close())
    // The seed connection logged in; the two others opened for minConnsPerNode authenticated.
    expect(n.authenticated()).toBe(2)
    const records = await Promise.all(Array.from({ length: 8 }, (_, i) => client.get(['test', 'demo', i])))
    expect(records.every((r) => r.bins.v === 1)).toBe(true)
    expect(n.authenticated()).toBe(n.accepted() - 1)
  })

  it('a refused login is an AdminError with the server code', async () => {
    const n = await node({ user: 'app', password: 'secret' })
    const err = await createClient({ hosts: [[n.host, n.port]] })
      .connect('app', 'wrong')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AdminError)
    expect((err as AdminError).resultCode).toBe(AEROSPIKE_INVALID_CREDENTIAL)
    expect((err as Error).message).toContain("login of user 'app' refused")
  })

  it('without credentials, a secured cluster refuses the seed', async () => {
    const n = await node({ user: 'app', password: 'secret' })
    const err = await createClient({ hosts: [[n.host, n.port]] })
      .connect()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ClusterError)
    expect((err as Error).message).toContain('not authenticated')
  })

  it('a cluster without security accepts any credentials', async () => {
    const n = await node()
    const client = await createClient({ hosts: [[n.host, n.port]] }).connect('anyone', 'anything')
    cleanups.push(() => client.close())
    expect((await client.get(['test', 'demo', 'k'])).bins).toEqual({ v: 1 })
    expect(n.authenticated()).toBe(0)
  })
})
