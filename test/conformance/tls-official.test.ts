// The official client (aerospike@6.7.1) over TLS to the embedded server: TLS names, a name mismatch, and PKI logins.
import { readFileSync } from 'node:fs'
import * as Aerospike from 'aerospike'
import { afterAll, describe, expect, it } from 'vitest'
import { AUTH_PKI, client as createClient } from '../../src/index.js'
import { type SecureServerProcess, startSecureServerProcess, tlsFixture } from './admin-server-process.js'

const TLS_NAME = 'aerospike-ts-test'
const running = new Map<boolean, Promise<SecureServerProcess>>()
afterAll(async () => {
  for (const s of running.values()) await (await s).stop()
})

/** The server (one per value of `requestCert`, shared by the tests). */
function start(requestCert = false): Promise<SecureServerProcess> {
  let s = running.get(requestCert)
  if (s === undefined) {
    s = startSecureServerProcess({
      tls: { requestCert },
      security: { users: [{ user: 'admin', password: 'admin', roles: ['user-admin', 'read-write'] }] },
    })
    running.set(requestCert, s)
  }
  return s
}

describe('official client over TLS', () => {
  it('connects with the TLS name, logs in and reads what our client wrote', async () => {
    const s = await start()
    const ours = await createClient({
      hosts: `127.0.0.1:${TLS_NAME}:${s.port}`,
      tls: { ca: readFileSync(tlsFixture('ca.pem')) },
    }).connect('admin', 'admin')
    await ours.put(['test', 'demo', 'tls'], { v: 'over tls' })
    await ours.close()
    const official = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: s.port, tlsname: TLS_NAME }],
      tls: { enable: true, cafile: tlsFixture('ca.pem') },
      user: 'admin',
      password: 'admin',
      log: { level: Aerospike.log.OFF },
    })
    try {
      expect((await official.get(new Aerospike.Key('test', 'demo', 'tls'))).bins).toEqual({ v: 'over tls' })
    } finally {
      official.close()
    }
  })

  it('refuses a TLS name the certificate does not carry', async () => {
    const s = await start()
    const err = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: s.port, tlsname: 'other-name' }],
      tls: { enable: true, cafile: tlsFixture('ca.pem') },
      user: 'admin',
      password: 'admin',
      connTimeoutMs: 1000,
      log: { level: Aerospike.log.OFF },
    }).then(
      (c) => {
        c.close()
        throw new Error('expected the connect to fail')
      },
      (e: unknown) => e as Aerospike.AerospikeError,
    )
    expect(err).toBeInstanceOf(Aerospike.AerospikeError)
  })

  it('creates a PKI user that logs in with its certificate (ours and the official client), not with a password', async () => {
    const s = await start(true)
    const mtls = {
      enable: true,
      cafile: tlsFixture('ca.pem'),
      certfile: tlsFixture('client.pem'),
      keyfile: tlsFixture('client.key'),
    }
    const admin = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: s.port, tlsname: TLS_NAME }],
      tls: mtls,
      user: 'admin',
      password: 'admin',
      log: { level: Aerospike.log.OFF },
    })
    try {
      await admin.createPKIUser('pki-user', ['read-write'])
    } finally {
      admin.close()
    }
    const pki = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: s.port, tlsname: TLS_NAME }],
      tls: mtls,
      authMode: Aerospike.auth.AUTH_PKI,
      log: { level: Aerospike.log.OFF },
    })
    try {
      await pki.put(new Aerospike.Key('test', 'demo', 'pki'), { v: 1 })
    } finally {
      pki.close()
    }
    const ours = await createClient({
      hosts: `127.0.0.1:${TLS_NAME}:${s.port}`,
      authMode: AUTH_PKI,
      tls: {
        ca: readFileSync(tlsFixture('ca.pem')),
        cert: readFileSync(tlsFixture('client.pem')),
        key: readFileSync(tlsFixture('client.key')),
      },
    }).connect()
    expect((await ours.get(['test', 'demo', 'pki'])).bins).toEqual({ v: 1 })
    await ours.close()
    const byPassword = createClient({
      hosts: `127.0.0.1:${TLS_NAME}:${s.port}`,
      tls: {
        ca: readFileSync(tlsFixture('ca.pem')),
        cert: readFileSync(tlsFixture('client.pem')),
        key: readFileSync(tlsFixture('client.key')),
      },
    })
    await expect(byPassword.connect('pki-user', 'nopassword')).rejects.toMatchObject({ resultCode: 65 })
  })
})
