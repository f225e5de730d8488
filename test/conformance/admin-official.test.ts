// The official client (aerospike@6.7.1) against the embedded server in security mode: login, role checks and
// its whole admin API, agreeing with what our client reads and writes on the same server.
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Client,
  client as createClient,
  PRIV_READ,
  PRIV_SINDEX_ADMIN,
  PRIV_WRITE,
} from '../../src/index.js'
import { type SecureServerProcess, startSecureServerProcess } from './admin-server-process.js'

const SECURITY = {
  users: [
    { user: 'admin', password: 'admin', roles: ['user-admin', 'read-write'] },
    { user: 'reader', password: 'reader-pass', roles: ['read'] },
  ],
}

/** The official client's error code of a rejected call. */
async function errorCode(p: Promise<unknown>): Promise<number> {
  return p.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => (e as { code: number }).code,
  )
}

describe('official client against the embedded server in security mode', () => {
  let server: SecureServerProcess
  let official: Aerospike.Client
  let ours: Client
  const hosts = (): Aerospike.Host[] => [{ addr: '127.0.0.1', port: server.port }]

  beforeAll(async () => {
    server = await startSecureServerProcess({ security: SECURITY })
    official = await Aerospike.connect({
      hosts: hosts(),
      user: 'admin',
      password: 'admin',
      log: { level: Aerospike.log.OFF },
    })
    ours = await createClient({ hosts: [['127.0.0.1', server.port]] }).connect('admin', 'admin')
  })
  afterAll(async () => {
    official?.close()
    await ours?.close()
    await server?.stop()
  })

  it('logs in with user and password and reads and writes', async () => {
    const key = new Aerospike.Key('test', 'demo', 'official')
    await official.put(key, { v: 1 })
    expect((await official.get(key)).bins).toEqual({ v: 1 })
    expect((await ours.get(['test', 'demo', 'official'])).bins).toEqual({ v: 1 })
  })

  it('gets 65 for a wrong password and 81 for a write with a read-only role', async () => {
    const config = { hosts: hosts(), log: { level: Aerospike.log.OFF } }
    expect(await errorCode(Aerospike.connect({ ...config, user: 'admin', password: 'nope' }))).toBe(65)
    const reader = await Aerospike.connect({ ...config, user: 'reader', password: 'reader-pass' })
    try {
      expect((await reader.get(new Aerospike.Key('test', 'demo', 'official'))).bins).toEqual({ v: 1 })
      expect(await errorCode(reader.put(new Aerospike.Key('test', 'demo', 'official'), { v: 2 }))).toBe(81)
    } finally {
      reader.close()
    }
  })

  it('administers users: what it writes our client reads, and the other way round', async () => {
    await official.createUser('off-user', 'pw1', ['read'])
    expect(await ours.adminQueryUserInfo('off-user')).toMatchObject({ user: 'off-user', roles: ['read'] })
    await official.grantRoles('off-user', ['write'])
    await ours.adminRevokeRoles('off-user', ['read'])
    const user = await official.queryUser('off-user')
    expect(user).toMatchObject({ name: 'off-user', roles: ['write'], connsInUse: 0 })
    const names = (await official.queryUsers()).map((u: { name: string }) => u.name)
    expect(names).toEqual((await ours.adminQueryUsersInfo()).map((u) => u.user))

    await official.changePassword('off-user', 'pw2')
    const logged = await createClient({ hosts: [['127.0.0.1', server.port]] }).connect('off-user', 'pw2')
    await logged.close()
    await ours.adminCreateUser('our-user', 'pw3', ['read-write'])
    const theirs = await Aerospike.connect({
      hosts: hosts(),
      user: 'our-user',
      password: 'pw3',
      log: { level: Aerospike.log.OFF },
    })
    await theirs.put(new Aerospike.Key('test', 'demo', 'ours'), { v: 3 })
    theirs.close()
    await official.dropUser('off-user')
    expect(await errorCode(official.queryUser('off-user'))).toBe(60)
  })

  it('administers roles: privileges, allowlists and quotas read the same from both clients', async () => {
    await official.createRole(
      'off-role',
      [
        new Aerospike.admin.Privilege(Aerospike.privilegeCode.READ, { namespace: 'test', set: 'demo' }),
        new Aerospike.admin.Privilege(Aerospike.privilegeCode.SINDEX_ADMIN),
      ],
      null,
      ['127.0.0.1'],
      7,
      8,
    )
    expect(await ours.adminQueryRole('off-role')).toEqual({
      name: 'off-role',
      privileges: [{ code: PRIV_READ, ns: 'test', set: 'demo' }, { code: PRIV_SINDEX_ADMIN }],
      allowlist: ['127.0.0.1'],
      readQuota: 7,
      writeQuota: 8,
    })
    await ours.adminGrantPrivileges('off-role', [{ code: PRIV_WRITE, ns: 'test' }])
    await official.revokePrivileges('off-role', [
      new Aerospike.admin.Privilege(Aerospike.privilegeCode.SINDEX_ADMIN),
    ])
    await official.setWhitelist('off-role', ['10.0.0.0/8'])
    await official.setQuotas('off-role', 70, 80)
    const role = await official.queryRole('off-role')
    expect(role).toMatchObject({ name: 'off-role', whitelist: ['10.0.0.0/8'], readQuota: 70, writeQuota: 80 })
    expect(role.privileges).toEqual([
      new Aerospike.admin.Privilege(Aerospike.privilegeCode.READ, { namespace: 'test', set: 'demo' }),
      new Aerospike.admin.Privilege(Aerospike.privilegeCode.WRITE, { namespace: 'test', set: '' }),
    ])
    const officialNames = (await official.queryRoles()).map((r: { name: string }) => r.name)
    expect(officialNames).toEqual((await ours.adminQueryRoles()).map((r) => r.name))
    expect(officialNames).toContain('read-write-udf')
    await official.dropRole('off-role')
    expect(await errorCode(official.queryRole('off-role'))).toBe(70)
  })
})
