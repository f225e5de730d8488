// Logging in to the embedded server in security mode: refused logins, expired sessions, allowlists, and role checks on every kind of command.
import { describe, expect, it } from 'vitest'
import {
  AdminError,
  AEROSPIKE_ERR_INVALID_USER,
  AEROSPIKE_ERR_ROLE_VIOLATION,
  AEROSPIKE_INVALID_CREDENTIAL,
  AEROSPIKE_NOT_WHITELISTED,
  AEROSPIKE_OK,
  ClusterError,
  PRIV_READ,
  predicates,
} from '../../../src/index.js'
import { connectAs, rejection, securedServer, USERS } from './admin-helpers.js'

describe('login', () => {
  it('a wrong password is AdminError INVALID_CREDENTIAL (65)', async () => {
    const server = await securedServer()
    const err = await rejection(connectAs(server, 'app', 'wrong'))
    expect(err).toBeInstanceOf(AdminError)
    expect(err.resultCode).toBe(AEROSPIKE_INVALID_CREDENTIAL)
    expect(err.message).toContain("login of user 'app' refused")
  })

  it('an unknown user is AdminError INVALID_USER (60)', async () => {
    const server = await securedServer()
    const err = await rejection(connectAs(server, 'nobody', 'x'))
    expect(err).toBeInstanceOf(AdminError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_INVALID_USER)
  })

  it('without credentials, the seed refuses every info request: ClusterError naming it', async () => {
    const server = await securedServer()
    const err = await rejection(connectAs(server))
    expect(err).toBeInstanceOf(ClusterError)
    expect(err.message).toContain('ERROR:80:not authenticated')
  })

  it('takes user and password from the config too', async () => {
    const server = await securedServer()
    const c = await connectAs(server, undefined, undefined, { user: 'reader', password: 'reader-pass' })
    expect(await c.exists(['test', 'demo', 'none'])).toMatchObject({ meta: null })
  })

  it('after the sessions expire, new connections log in again and carry on', async () => {
    const server = await securedServer()
    const c = await connectAs(server, 'app', 'app-pass', { minConnsPerNode: 0 })
    await c.put(['test', 'demo', 's'], { v: 1 })
    server.expireSessions()
    // More commands at once than pooled connections: the new connections get EXPIRED_SESSION, then log in.
    const results = await Promise.all(Array.from({ length: 8 }, () => c.get(['test', 'demo', 's'])))
    expect(results.map((r) => r.bins.v)).toEqual(Array(8).fill(1))
    server.expireSessions()
    expect(await c.infoAll('build')).toMatchObject([{ errorCode: 0 }])
  })

  it('an allowlist refuses logins from other addresses with NOT_WHITELISTED (82)', async () => {
    const server = await securedServer({
      users: [
        ...USERS,
        { user: 'far', password: 'far-pass', roles: ['far-only'] },
        { user: 'near', password: 'near-pass', roles: ['near-only'] },
      ],
      roles: [
        { name: 'far-only', privileges: [{ code: PRIV_READ }], whitelist: ['10.9.8.7', '192.168.0.0/16'] },
        { name: 'near-only', privileges: [{ code: PRIV_READ }], whitelist: ['127.0.0.0/8', '::1'] },
      ],
    })
    const err = await rejection(connectAs(server, 'far', 'far-pass'))
    expect(err).toBeInstanceOf(AdminError)
    expect(err.resultCode).toBe(AEROSPIKE_NOT_WHITELISTED)
    await connectAs(server, 'near', 'near-pass')
  })
})

describe('role checks', () => {
  it('a read-only user reads but cannot write, delete or touch (81)', async () => {
    const server = await securedServer()
    const app = await connectAs(server, 'app', 'app-pass')
    await app.put(['test', 'demo', 'k'], { v: 1 })
    const reader = await connectAs(server, 'reader', 'reader-pass')
    expect((await reader.get(['test', 'demo', 'k'])).bins).toEqual({ v: 1 })
    for (const call of [
      () => reader.put(['test', 'demo', 'k'], { v: 2 }),
      () => reader.remove(['test', 'demo', 'k']),
      () => reader.touch(['test', 'demo', 'k'], 100),
      () => reader.increment(['test', 'demo', 'k'], 'v', 1),
    ]) {
      const err = await rejection(call())
      expect(err).toBeInstanceOf(AdminError)
      expect(err.resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
    }
    expect((await reader.get(['test', 'demo', 'k'])).bins).toEqual({ v: 1 })
  })

  it('a write-only user writes and deletes but cannot read, scan or operate with reads', async () => {
    const server = await securedServer({
      users: [...USERS, { user: 'writer', password: 'writer-pass', roles: ['write'] }],
    })
    const writer = await connectAs(server, 'writer', 'writer-pass')
    await writer.put(['test', 'demo', 'w'], { v: 1 })
    await writer.remove(['test', 'demo', 'w'])
    for (const call of [
      () => writer.get(['test', 'demo', 'w']),
      () => writer.query('test', 'demo').results(),
      () => writer.increment(['test', 'demo', 'w'], 'v', 1).then(() => writer.get(['test', 'demo', 'w'])),
    ])
      expect((await rejection(call())).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
  })

  it('batch rows are checked one by one', async () => {
    const server = await securedServer({
      users: [...USERS, { user: 'demo-only', password: 'demo-pass', roles: ['demo-reader'] }],
      roles: [{ name: 'demo-reader', privileges: [{ code: PRIV_READ, ns: 'test', set: 'demo' }] }],
    })
    const app = await connectAs(server, 'app', 'app-pass')
    await app.put(['test', 'demo', 1], { v: 1 })
    await app.put(['test', 'other', 1], { v: 2 })
    const user = await connectAs(server, 'demo-only', 'demo-pass')
    const { batchRecords } = await user.batchRead([
      ['test', 'demo', 1],
      ['test', 'other', 1],
    ])
    expect(batchRecords.map((r) => r.result)).toEqual([AEROSPIKE_OK, AEROSPIKE_ERR_ROLE_VIOLATION])
    expect(batchRecords[0]!.record?.bins).toEqual({ v: 1 })
  })

  it('scans and queries need read on their namespace and set', async () => {
    const server = await securedServer({
      users: [...USERS, { user: 'demo-only', password: 'demo-pass', roles: ['demo-reader'] }],
      roles: [{ name: 'demo-reader', privileges: [{ code: PRIV_READ, ns: 'test', set: 'demo' }] }],
    })
    const app = await connectAs(server, 'app', 'app-pass')
    for (let i = 0; i < 5; i++) await app.put(['test', 'demo', i], { v: i })
    const admin = await connectAs(server, 'admin', 'admin', {})
    await admin.adminGrantRoles('app', ['sindex-admin'])
    await app.indexIntegerCreate('test', 'demo', 'v', 'demo_v')
    const user = await connectAs(server, 'demo-only', 'demo-pass')
    expect(await user.query('test', 'demo').results()).toHaveLength(5)
    expect(
      await user
        .query('test', 'demo')
        .where(predicates.between('v', 1, 3))
        .results(),
    ).toHaveLength(3)
    expect((await rejection(user.query('test', 'other').results())).resultCode).toBe(
      AEROSPIKE_ERR_ROLE_VIOLATION,
    )
    expect((await rejection(user.query('test').results())).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
  })

  it('index, truncate and info commands need their admin privileges', async () => {
    const server = await securedServer({
      users: [
        ...USERS,
        { user: 'ops', password: 'ops-pass', roles: ['read-write', 'sindex-admin', 'demo-truncate'] },
      ],
      roles: [{ name: 'demo-truncate', privileges: [{ code: 14, ns: 'test', set: 'demo' }] }],
    })
    const app = await connectAs(server, 'app', 'app-pass')
    for (const call of [
      () => app.indexIntegerCreate('test', 'demo', 'v', 'idx'),
      () => app.indexRemove('test', 'idx'),
      () => app.truncate('test', 'demo'),
    ]) {
      const err = await rejection(call())
      expect(err.resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
      expect(err.message).toMatch(/role violation - requires permission '(sindex-admin|truncate)'/)
    }
    expect(await app.infoRandomNode('sindex-exists:namespace=test;indexname=idx')).toBe(
      "ERROR:81:role violation - requires permission 'sindex-admin'",
    )
    // Commands without a permission only need the login.
    expect(await app.infoRandomNode('namespaces')).toBe('test;bar')

    const ops = await connectAs(server, 'ops', 'ops-pass')
    await ops.indexIntegerCreate('test', 'demo', 'v', 'idx')
    await ops.indexRemove('test', 'idx')
    await ops.truncate('test', 'demo')
    expect((await rejection(ops.truncate('test', 'other'))).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
    expect((await rejection(ops.truncate('test', null))).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
  })
})
