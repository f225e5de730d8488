// Client side of security: config keys (TLS, TLS names, auth modes, credentials), the PRIV_* / AUTH_* constants, privilege checks.
import type { PeerCertificate } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { fromAdminPrivilege, toAdminPrivileges } from '../../../src/client/admin/privilege.js'
import { resolveConfig } from '../../../src/client/config.js'
import { tlsConnectOptions } from '../../../src/client/security/tls-config.js'
import * as aerospike from '../../../src/index.js'
import { InvalidArgError } from '../../../src/index.js'

describe('hosts with TLS names', () => {
  it.each([
    ['a.example:tls-name:3100', { host: 'a.example', port: 3100, tlsName: 'tls-name' }],
    ['10.0.0.1:tls-name:3000', { host: '10.0.0.1', port: 3000, tlsName: 'tls-name' }],
    ['[::1]:tls-name:3200', { host: '::1', port: 3200, tlsName: 'tls-name' }],
    ['a.example:3100', { host: 'a.example', port: 3100 }],
    ['[::1]:3200', { host: '::1', port: 3200 }],
    ['a.example', { host: 'a.example', port: 3000 }],
  ])('parses %s', (text, expected) => {
    expect(resolveConfig({ hosts: text }).hosts).toEqual([expected])
  })

  it('takes the name from tuples and objects', () => {
    expect(
      resolveConfig({
        hosts: [['h1', 3000, 'n1'], { host: 'h2', port: 3001, tlsName: 'n2' }, { host: 'h3', tlsName: '' }],
      }).hosts,
    ).toEqual([
      { host: 'h1', port: 3000, tlsName: 'n1' },
      { host: 'h2', port: 3001, tlsName: 'n2' },
      { host: 'h3', port: 3000 },
    ])
    expect(() => resolveConfig({ hosts: [{ host: 'h', tlsName: 5 }] as never })).toThrow(InvalidArgError)
  })
})

describe('security config', () => {
  it('validates tls: an object of known node:tls options', () => {
    expect(resolveConfig({ hosts: 'h', tls: { ca: 'PEM', rejectUnauthorized: true } }).tls).toEqual({
      ca: 'PEM',
      rejectUnauthorized: true,
    })
    expect(resolveConfig({ hosts: 'h' }).tls).toBeUndefined()
    for (const tls of [
      true,
      'yes',
      { cafile: 'x' },
      { ca: 5 },
      { rejectUnauthorized: 'no' },
      { servername: 1 },
    ])
      expect(() => resolveConfig({ hosts: 'h', tls: tls as never }), JSON.stringify(tls)).toThrow(
        InvalidArgError,
      )
  })

  it('checks the auth mode, and that external and PKI logins go over TLS', () => {
    expect(resolveConfig({ hosts: 'h' }).authMode).toBe(aerospike.AUTH_INTERNAL)
    expect(resolveConfig({ hosts: 'h', authMode: aerospike.AUTH_PKI, tls: {} }).authMode).toBe(
      aerospike.AUTH_PKI,
    )
    expect(() => resolveConfig({ hosts: 'h', authMode: 7 })).toThrow(InvalidArgError)
    expect(() => resolveConfig({ hosts: 'h', authMode: aerospike.AUTH_EXTERNAL })).toThrow(/needs tls/)
    expect(() => resolveConfig({ hosts: 'h', authMode: aerospike.AUTH_PKI })).toThrow(/client certificate/)
  })

  it('takes user and password together', () => {
    expect(resolveConfig({ hosts: 'h', user: 'u', password: 'p' })).toMatchObject({
      user: 'u',
      password: 'p',
    })
    expect(() => resolveConfig({ hosts: 'h', user: 'u' })).toThrow(InvalidArgError)
    expect(() => resolveConfig({ hosts: 'h', user: 1 as never, password: 'p' })).toThrow(InvalidArgError)
  })

  it('has an admin policy with a timeout', () => {
    expect(resolveConfig({ hosts: 'h', policies: { admin: { timeout: 250 } } }).policies.admin).toEqual({
      timeout: 250,
    })
    expect(() => resolveConfig({ hosts: 'h', policies: { admin: { retries: 1 } as never } })).toThrow(
      InvalidArgError,
    )
  })
})

describe('TLS connect options', () => {
  const cert = { subject: { CN: 'x' }, subjectaltname: 'DNS:node-a' } as unknown as PeerCertificate

  it('checks the certificate against the TLS name, and sends it as SNI', () => {
    const options = tlsConnectOptions({ ca: 'PEM' }, '10.0.0.1', 3000, 'node-a')
    expect(options).toMatchObject({ ca: 'PEM', host: '10.0.0.1', port: 3000, servername: 'node-a' })
    expect(options.checkServerIdentity!('10.0.0.1', cert)).toBeUndefined()
    expect(
      tlsConnectOptions({}, '10.0.0.1', 3000, 'node-b').checkServerIdentity!('10.0.0.1', cert),
    ).toBeInstanceOf(Error)
  })

  it('without a TLS name uses the host, sending no SNI for an IP address', () => {
    expect(tlsConnectOptions({}, 'db.example', 3000).servername).toBe('db.example')
    expect(tlsConnectOptions({}, '10.0.0.1', 3000).servername).toBeUndefined()
    expect(tlsConnectOptions({}, '10.0.0.1', 3000, '10.0.0.9').servername).toBeUndefined()
  })
})

describe('privileges and constants', () => {
  it("has aerospike-py's PRIV_* and AUTH_* values", () => {
    expect({
      PRIV_READ: aerospike.PRIV_READ,
      PRIV_WRITE: aerospike.PRIV_WRITE,
      PRIV_READ_WRITE: aerospike.PRIV_READ_WRITE,
      PRIV_READ_WRITE_UDF: aerospike.PRIV_READ_WRITE_UDF,
      PRIV_USER_ADMIN: aerospike.PRIV_USER_ADMIN,
      PRIV_SYS_ADMIN: aerospike.PRIV_SYS_ADMIN,
      PRIV_DATA_ADMIN: aerospike.PRIV_DATA_ADMIN,
      PRIV_UDF_ADMIN: aerospike.PRIV_UDF_ADMIN,
      PRIV_SINDEX_ADMIN: aerospike.PRIV_SINDEX_ADMIN,
      PRIV_TRUNCATE: aerospike.PRIV_TRUNCATE,
      AUTH_INTERNAL: aerospike.AUTH_INTERNAL,
      AUTH_EXTERNAL: aerospike.AUTH_EXTERNAL,
      AUTH_PKI: aerospike.AUTH_PKI,
    }).toEqual({
      PRIV_READ: 10,
      PRIV_WRITE: 13,
      PRIV_READ_WRITE: 11,
      PRIV_READ_WRITE_UDF: 12,
      PRIV_USER_ADMIN: 0,
      PRIV_SYS_ADMIN: 1,
      PRIV_DATA_ADMIN: 2,
      PRIV_UDF_ADMIN: 3,
      PRIV_SINDEX_ADMIN: 4,
      PRIV_TRUNCATE: 14,
      AUTH_INTERNAL: 0,
      AUTH_EXTERNAL: 1,
      AUTH_PKI: 2,
    })
  })

  it('converts privileges to the wire form and back', () => {
    const wire = toAdminPrivileges(
      [
        { code: aerospike.PRIV_READ, ns: 'test', set: 'demo' },
        { code: aerospike.PRIV_SYS_ADMIN, ns: null },
        { code: aerospike.PRIV_WRITE, ns: 'test' },
      ],
      'test',
    )
    expect(wire).toEqual([
      { code: 10, namespace: 'test', set: 'demo' },
      { code: 1, namespace: '', set: '' },
      { code: 13, namespace: 'test', set: '' },
    ])
    expect(wire.map(fromAdminPrivilege)).toEqual([
      { code: 10, ns: 'test', set: 'demo' },
      { code: 1 },
      { code: 13, ns: 'test' },
    ])
  })

  it('refuses unknown codes, scopes on global privileges, a set without namespace, and long names', () => {
    for (const list of [
      'read',
      [null],
      [{ code: 5 }],
      [{ code: '10' }],
      [{ code: aerospike.PRIV_USER_ADMIN, ns: 'test' }],
      [{ code: aerospike.PRIV_READ, set: 'demo' }],
      [{ code: aerospike.PRIV_READ, ns: 'n'.repeat(32) }],
      [{ code: aerospike.PRIV_READ, ns: 5 }],
    ])
      expect(() => toAdminPrivileges(list, 'test'), JSON.stringify(list)).toThrow(InvalidArgError)
  })
})
