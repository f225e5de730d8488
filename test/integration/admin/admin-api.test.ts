// Every admin call of the client against the embedded server in security mode, and against a server without security.
import { describe, expect, it } from 'vitest'
import {
  AdminError,
  AEROSPIKE_ERR_INVALID_USER,
  AEROSPIKE_ERR_ROLE_VIOLATION,
  AEROSPIKE_INVALID_CREDENTIAL,
  AEROSPIKE_INVALID_ROLE,
  AEROSPIKE_ROLE_ALREADY_EXISTS,
  AEROSPIKE_SECURITY_NOT_SUPPORTED,
  AEROSPIKE_USER_ALREADY_EXISTS,
  ClientError,
  client as createClient,
  InvalidArgError,
  PRIV_DATA_ADMIN,
  PRIV_READ,
  PRIV_READ_WRITE,
  PRIV_SINDEX_ADMIN,
  PRIV_TRUNCATE,
  PRIV_WRITE,
} from '../../../src/index.js'
import { connectAs, plainServer, rejection, securedServer } from './admin-helpers.js'

describe('user administration', () => {
  it('creates a user who can then log in with its roles, and drops it', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminCreateUser('alice', 'alice-pass', ['read-write'])
    expect(await admin.adminQueryUserInfo('alice')).toMatchObject({ user: 'alice', roles: ['read-write'] })

    const alice = await connectAs(server, 'alice', 'alice-pass')
    await alice.put(['test', 'demo', 'a'], { v: 1 })
    expect((await alice.get(['test', 'demo', 'a'])).bins).toEqual({ v: 1 })
    expect((await admin.adminQueryUserInfo('alice')).connsInUse).toBeGreaterThan(0)

    await admin.adminDropUser('alice')
    const err = await rejection(admin.adminQueryUserInfo('alice'))
    expect(err).toBeInstanceOf(AdminError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_INVALID_USER)
    const login = await rejection(connectAs(server, 'alice', 'alice-pass'))
    expect(login.resultCode).toBe(AEROSPIKE_ERR_INVALID_USER)
  })

  it('lists every user with roles and connection counts', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    const users = await admin.adminQueryUsersInfo()
    expect(users.map((u) => [u.user, u.roles])).toEqual([
      ['admin', ['user-admin']],
      ['app', ['read-write']],
      ['reader', ['read']],
    ])
    expect(users[0]!.connsInUse).toBeGreaterThan(0)
    expect(users[1]!.connsInUse).toBe(0)
  })

  it('grants and revokes roles, which take effect at once', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    const reader = await connectAs(server, 'reader', 'reader-pass')
    const write = (): Promise<void> => reader.put(['test', 'demo', 'r'], { v: 1 })
    expect((await rejection(write())).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)

    await admin.adminGrantRoles('reader', ['write', 'truncate'])
    expect((await admin.adminQueryUserInfo('reader')).roles).toEqual(['read', 'write', 'truncate'])
    await write()

    await admin.adminRevokeRoles('reader', ['write'])
    expect((await admin.adminQueryUserInfo('reader')).roles).toEqual(['read', 'truncate'])
    expect((await rejection(write())).resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
  })

  it("sets another user's password as an administrator", async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminChangePassword('app', 'changed')
    expect((await rejection(connectAs(server, 'app', 'app-pass'))).resultCode).toBe(
      AEROSPIKE_INVALID_CREDENTIAL,
    )
    await connectAs(server, 'app', 'changed')
    await admin.adminSetPassword('app', 'set-again')
    await connectAs(server, 'app', 'set-again')
  })

  it('changes its own password with the old one, and logs in with the new one from then on', async () => {
    const server = await securedServer()
    const app = await connectAs(server, 'app', 'app-pass', { minConnsPerNode: 0 })
    await app.adminChangePassword('app', 'new-pass')
    // A new session (after the old ones end) logs in with the new password.
    server.expireSessions()
    const gets = await Promise.all(Array.from({ length: 6 }, (_, i) => app.exists(['test', 'demo', i])))
    expect(gets).toHaveLength(6)
    expect((await rejection(connectAs(server, 'app', 'app-pass'))).resultCode).toBe(
      AEROSPIKE_INVALID_CREDENTIAL,
    )
    await connectAs(server, 'app', 'new-pass')
  })

  it('refuses to create an existing user or one with an unknown role', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    expect((await rejection(admin.adminCreateUser('app', 'x', []))).resultCode).toBe(
      AEROSPIKE_USER_ALREADY_EXISTS,
    )
    expect((await rejection(admin.adminCreateUser('bob', 'x', ['no-such-role']))).resultCode).toBe(
      AEROSPIKE_INVALID_ROLE,
    )
    expect((await rejection(admin.adminGrantRoles('nobody', ['read']))).resultCode).toBe(
      AEROSPIKE_ERR_INVALID_USER,
    )
  })

  it('lets only user-admins administer users, but anyone read their own user', async () => {
    const server = await securedServer()
    const app = await connectAs(server, 'app', 'app-pass')
    for (const call of [
      () => app.adminCreateUser('x', 'y', []),
      () => app.adminDropUser('reader'),
      () => app.adminSetPassword('reader', 'p'),
      () => app.adminGrantRoles('app', ['user-admin']),
      () => app.adminQueryUserInfo('reader'),
      () => app.adminQueryUsersInfo(),
      () => app.adminCreateRole('r', [{ code: PRIV_READ }]),
    ]) {
      const err = await rejection(call())
      expect(err).toBeInstanceOf(AdminError)
      expect(err.resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
    }
    expect((await app.adminQueryUserInfo('app')).roles).toEqual(['read-write'])
    expect((await app.adminQueryRole('read-write')).privileges).toEqual([{ code: PRIV_READ_WRITE }])
  })
})

describe('role administration', () => {
  it('creates a role with scoped privileges, allowlist and quotas, and reads it back', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminCreateRole(
      'demo-reader',
      [{ code: PRIV_READ, ns: 'test', set: 'demo' }, { code: PRIV_SINDEX_ADMIN }],
      undefined,
      ['127.0.0.1', '10.0.0.0/8'],
      100,
      50,
    )
    expect(await admin.adminQueryRole('demo-reader')).toEqual({
      name: 'demo-reader',
      privileges: [{ code: PRIV_READ, ns: 'test', set: 'demo' }, { code: PRIV_SINDEX_ADMIN }],
      allowlist: ['127.0.0.1', '10.0.0.0/8'],
      readQuota: 100,
      writeQuota: 50,
    })
    const names = (await admin.adminQueryRoles()).map((r) => r.name)
    expect(names).toEqual([
      'user-admin',
      'sys-admin',
      'data-admin',
      'udf-admin',
      'sindex-admin',
      'read',
      'read-write',
      'read-write-udf',
      'write',
      'truncate',
      'demo-reader',
    ])
    expect((await rejection(admin.adminCreateRole('demo-reader', []))).resultCode).toBe(
      AEROSPIKE_ROLE_ALREADY_EXISTS,
    )
    expect((await rejection(admin.adminCreateRole('read', []))).resultCode).toBe(
      AEROSPIKE_ROLE_ALREADY_EXISTS,
    )
  })

  it('grants and revokes privileges, and users of the role gain and lose them at once', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminCreateRole('custom', [{ code: PRIV_READ, ns: 'test' }])
    await admin.adminCreateUser('carol', 'carol-pass', ['custom'])
    const carol = await connectAs(server, 'carol', 'carol-pass')
    await admin.adminGrantPrivileges('custom', [{ code: PRIV_WRITE, ns: 'test', set: 'demo' }])
    await carol.put(['test', 'demo', 'c'], { v: 1 })
    expect((await rejection(carol.put(['test', 'other', 'c'], { v: 1 }))).resultCode).toBe(
      AEROSPIKE_ERR_ROLE_VIOLATION,
    )
    expect((await rejection(carol.put(['bar', 'demo', 'c'], { v: 1 }))).resultCode).toBe(
      AEROSPIKE_ERR_ROLE_VIOLATION,
    )
    await admin.adminRevokePrivileges('custom', [{ code: PRIV_WRITE, ns: 'test', set: 'demo' }])
    expect((await admin.adminQueryRole('custom')).privileges).toEqual([{ code: PRIV_READ, ns: 'test' }])
    expect((await rejection(carol.put(['test', 'demo', 'c'], { v: 2 }))).resultCode).toBe(
      AEROSPIKE_ERR_ROLE_VIOLATION,
    )
    expect((await carol.get(['test', 'demo', 'c'])).bins).toEqual({ v: 1 })
  })

  it('sets and clears the allowlist and the quotas', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminCreateRole('limited', [{ code: PRIV_TRUNCATE, ns: 'test' }])
    await admin.adminSetWhitelist('limited', ['192.168.1.0/24', '::1'])
    await admin.adminSetQuotas('limited', 10, 20)
    expect(await admin.adminQueryRole('limited')).toMatchObject({
      allowlist: ['192.168.1.0/24', '::1'],
      readQuota: 10,
      writeQuota: 20,
    })
    await admin.adminSetWhitelist('limited', [])
    await admin.adminSetQuotas('limited')
    expect(await admin.adminQueryRole('limited')).toMatchObject({
      allowlist: [],
      readQuota: 0,
      writeQuota: 0,
    })
  })

  it('drops a role, which its users lose; predefined roles cannot change', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    await admin.adminCreateRole('temp', [{ code: PRIV_DATA_ADMIN }])
    await admin.adminGrantRoles('app', ['temp'])
    await admin.adminDropRole('temp')
    expect((await admin.adminQueryUserInfo('app')).roles).toEqual(['read-write'])
    expect((await rejection(admin.adminQueryRole('temp'))).resultCode).toBe(AEROSPIKE_INVALID_ROLE)
    for (const call of [
      () => admin.adminDropRole('read'),
      () => admin.adminGrantPrivileges('read', [{ code: PRIV_WRITE }]),
      () => admin.adminSetQuotas('read-write', 1, 1),
      () => admin.adminDropRole('temp'),
    ])
      expect((await rejection(call())).resultCode).toBe(AEROSPIKE_INVALID_ROLE)
  })
})

describe('admin calls: bad arguments and servers without security', () => {
  it('refuses bad arguments before sending anything', async () => {
    const server = await securedServer()
    const admin = await connectAs(server, 'admin', 'admin')
    const bad: Array<() => Promise<unknown>> = [
      () => admin.adminCreateUser('', 'p', []),
      () => admin.adminCreateUser('u'.repeat(64), 'p', []),
      () => admin.adminCreateUser('u', 5 as unknown as string, []),
      () => admin.adminGrantRoles('u', 'read' as unknown as string[]),
      () => admin.adminCreateRole('r', [{ code: 99 }]),
      () => admin.adminCreateRole('r', [{ code: PRIV_DATA_ADMIN, ns: 'test' }]),
      () => admin.adminCreateRole('r', [{ code: PRIV_READ, set: 'demo' }]),
      () => admin.adminSetWhitelist('r', ['a,b']),
      () => admin.adminSetQuotas('r', -1, 0),
      () => admin.adminQueryRole('r', { timeout: -5 }),
    ]
    for (const call of bad) expect(await rejection(call())).toBeInstanceOf(InvalidArgError)
  })

  it('fails with a ClientError before connect', async () => {
    const c = createClient({ hosts: [['127.0.0.1', 1]] })
    expect(await rejection(c.adminQueryUsersInfo())).toBeInstanceOf(ClientError)
  })

  it('a server without security (Community Edition) refuses every admin call with 51', async () => {
    const server = await plainServer()
    const c = await connectAs(server, 'admin', 'admin')
    const calls: Array<() => Promise<unknown>> = [
      () => c.adminCreateUser('u', 'p', ['read']),
      () => c.adminDropUser('u'),
      () => c.adminChangePassword('u', 'p'),
      () => c.adminSetPassword('u', 'p'),
      () => c.adminGrantRoles('u', ['read']),
      () => c.adminRevokeRoles('u', ['read']),
      () => c.adminQueryUserInfo('u'),
      () => c.adminQueryUsersInfo(),
      () => c.adminCreateRole('r', [{ code: PRIV_READ }]),
      () => c.adminDropRole('r'),
      () => c.adminGrantPrivileges('r', [{ code: PRIV_READ }]),
      () => c.adminRevokePrivileges('r', [{ code: PRIV_READ }]),
      () => c.adminQueryRole('r'),
      () => c.adminQueryRoles(),
      () => c.adminSetWhitelist('r', ['127.0.0.1']),
      () => c.adminSetQuotas('r', 1, 1),
    ]
    for (const call of calls) {
      const err = await rejection(call())
      expect(err).toBeInstanceOf(AdminError)
      expect(err.resultCode).toBe(AEROSPIKE_SECURITY_NOT_SUPPORTED)
      expect(err.message).toContain('Security is not supported')
    }
    // The client still works for data.
    await c.put(['test', 'demo', 1], { v: 1 })
  })
})
