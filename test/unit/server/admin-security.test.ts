// The server's security building blocks: session tokens and their TTL, permission scopes, allowlists, and option checks.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeAdminMessages, PrivilegeCode } from '../../../src/protocol/index.js'
import { handleSecureAdmin } from '../../../src/server/security/admin-handler.js'
import { allowlistMatches, isValidAllowlistEntry } from '../../../src/server/security/allowlist.js'
import { Perm, permName } from '../../../src/server/security/permissions.js'
import { resolveSecurity, resolveTlsServer } from '../../../src/server/security/security-options.js'
import { SecurityState } from '../../../src/server/security/security-state.js'
import { SessionTokens } from '../../../src/server/security/session-tokens.js'

describe('session tokens', () => {
  it('name their user until the TTL passes', () => {
    const tokens = new SessionTokens(60)
    const t0 = 1_700_000_000_000
    const token = tokens.issue('alice', t0)
    expect(tokens.verify(token, t0)).toEqual({ user: 'alice' })
    expect(tokens.verify(token, t0 + 59_999)).toEqual({ user: 'alice' })
    expect(tokens.verify(token, t0 + 60_000)).toBe('expired')
  })

  it('are refused when altered, truncated or signed by another server', () => {
    const tokens = new SessionTokens(60)
    const token = tokens.issue('alice')
    for (let i = 0; i < token.length; i++) {
      const altered = Buffer.from(token)
      altered[i]! ^= 0x01
      expect(tokens.verify(altered)).toBe('invalid')
    }
    expect(tokens.verify(token.subarray(0, token.length - 1))).toBe('invalid')
    expect(tokens.verify(Buffer.alloc(0))).toBe('invalid')
    expect(new SessionTokens(60).verify(token)).toBe('invalid')
  })

  it('all expire at once with expireAll; new ones are valid', () => {
    const tokens = new SessionTokens(60)
    const old = tokens.issue('alice')
    tokens.expireAll()
    expect(tokens.verify(old)).toBe('expired')
    expect(tokens.verify(tokens.issue('alice'))).toEqual({ user: 'alice' })
  })
})

describe('permissions', () => {
  const security = new SecurityState(
    resolveSecurity({
      users: [
        { user: 'scoped', password: 'p', roles: ['demo'] },
        { user: 'rw', password: 'p', roles: ['read-write'] },
        { user: 'two', password: 'p', roles: ['read', 'write'] },
        { user: 'data', password: 'p', roles: ['data-admin'] },
      ],
      roles: [
        {
          name: 'demo',
          privileges: [
            { code: PrivilegeCode.READ, ns: 'test', set: 'demo' },
            { code: PrivilegeCode.WRITE, ns: 'bar' },
            { code: PrivilegeCode.TRUNCATE, ns: 'test', set: 'demo' },
          ],
        },
      ],
    })!,
  )

  it('follow the privileges scope: namespace, then set', () => {
    expect(security.allows('scoped', Perm.READ, 'test', 'demo')).toBe(true)
    expect(security.allows('scoped', Perm.READ, 'test', 'other')).toBe(false)
    expect(security.allows('scoped', Perm.READ, 'test', '')).toBe(false)
    expect(security.allows('scoped', Perm.WRITE, 'bar', 'any')).toBe(true)
    expect(security.allows('scoped', Perm.WRITE, 'test', 'demo')).toBe(false)
    expect(security.allows('scoped', Perm.TRUNCATE, 'test', 'demo')).toBe(true)
    expect(security.allows('scoped', Perm.TRUNCATE, 'test', '')).toBe(false)
  })

  it('need every bit asked for, possibly from different privileges', () => {
    expect(security.allows('rw', Perm.READ | Perm.WRITE, 'test')).toBe(true)
    expect(security.allows('two', Perm.READ | Perm.WRITE, 'test')).toBe(true)
    expect(security.allows('scoped', Perm.READ | Perm.WRITE, 'bar')).toBe(false)
    expect(security.allows('rw', Perm.UDF_APPLY, 'test')).toBe(false)
    expect(security.allows('nobody', Perm.READ)).toBe(false)
  })

  it('data-admin covers indexes, UDFs and truncate; its users still cannot read', () => {
    for (const p of [Perm.SINDEX_ADMIN, Perm.UDF_ADMIN, Perm.TRUNCATE])
      expect(security.allows('data', p)).toBe(true)
    expect(security.allows('data', Perm.READ, 'test')).toBe(false)
    expect(security.allows('data', Perm.USER_ADMIN)).toBe(false)
  })

  it('are named as the server names them in role violations', () => {
    expect(permName(Perm.SINDEX_ADMIN)).toBe('sindex-admin')
    expect(permName(Perm.WRITE | Perm.READ)).toBe('read')
    expect(permName(Perm.USER_ADMIN)).toBe('user-admin')
  })
})

describe('allowlists', () => {
  it('accept addresses and CIDR ranges only', () => {
    for (const ok of ['127.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '::1', 'fd00::/8', '::/0'])
      expect(isValidAllowlistEntry(ok), ok).toBe(true)
    for (const bad of ['', 'localhost', '10.0.0.0/33', '::1/129', '1.2.3.4/8/1', '1.2.3.4/x', '1.2.3'])
      expect(isValidAllowlistEntry(bad), bad).toBe(false)
  })

  it('match client addresses, IPv4 clients of dual-stack sockets included', () => {
    expect(allowlistMatches(['127.0.0.0/8'], '127.0.0.1')).toBe(true)
    expect(allowlistMatches(['127.0.0.0/8'], '::ffff:127.0.0.1')).toBe(true)
    expect(allowlistMatches(['10.1.2.3'], '10.1.2.4')).toBe(false)
    expect(allowlistMatches(['::1'], '::1')).toBe(true)
    expect(allowlistMatches(['fd00::/8'], 'fd12::5')).toBe(true)
    expect(allowlistMatches(['10.0.0.0/8'], '')).toBe(false)
  })
})

describe('security options', () => {
  it('default to the admin user of a fresh Enterprise server', () => {
    const resolved = resolveSecurity({})!
    expect(resolved.users).toEqual([
      {
        name: 'admin',
        credential: '$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa',
        roles: ['user-admin'],
      },
    ])
    expect(resolved.sessionTtl).toBe(86400)
    expect(resolveSecurity(undefined)).toBeUndefined()
  })

  it('refuse unknown roles, duplicate names, bad privileges, allowlists and TTLs', () => {
    const bad: unknown[] = [
      { users: [{ user: 'u', password: 'p', roles: ['nope'] }] },
      {
        users: [
          { user: 'u', password: 'p' },
          { user: 'u', password: 'q' },
        ],
      },
      { users: [{ user: '', password: 'p' }] },
      { users: [{ user: 'u', password: 5 }] },
      { roles: [{ name: 'read' }] },
      { roles: [{ name: 'r' }, { name: 'r' }] },
      { roles: [{ name: 'r', privileges: [{ code: 99 }] }] },
      { roles: [{ name: 'r', privileges: [{ code: PrivilegeCode.SYS_ADMIN, ns: 'test' }] }] },
      { roles: [{ name: 'r', privileges: [{ code: PrivilegeCode.READ, set: 'demo' }] }] },
      { roles: [{ name: 'r', whitelist: ['nowhere'] }] },
      { roles: [{ name: 'r', readQuota: -1 }] },
      { sessionTtl: 0 },
      { sessionTtl: 1.5 },
      'yes',
    ]
    for (const o of bad) expect(() => resolveSecurity(o as never), JSON.stringify(o)).toThrow(/./)
  })

  it('check the TLS options', () => {
    expect(resolveTlsServer({ key: 'k', cert: 'c', requestCert: true })).toEqual({
      key: 'k',
      cert: 'c',
      requestCert: true,
    })
    for (const o of [
      { key: 'k' },
      { key: 1, cert: 'c' },
      { key: 'k', cert: 'c', ca: [1] },
      { key: 'k', cert: 'c', requestCert: 'y' },
    ])
      expect(() => resolveTlsServer(o as never)).toThrow(TypeError)
  })
})

describe('admin frames of arbitrary bytes', () => {
  it('always get a well-formed admin answer', () => {
    const security = new SecurityState(resolveSecurity({})!)
    const conn = {
      userAgent: undefined,
      user: 'admin',
      remoteAddress: '127.0.0.1',
      certificateName: undefined,
    }
    const header = fc.tuple(fc.constantFrom(0, 1), fc.nat(255), fc.nat(20), fc.nat(4))
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 120 }), ([scheme, result, command, count], rest) => {
        const body = Buffer.concat([
          Buffer.from([scheme, result, command, count, ...Array(12).fill(0)]),
          rest,
        ])
        const reply = handleSecureAdmin(security, body, conn)
        for (const frame of Array.isArray(reply) ? reply : [reply]) {
          expect(frame[1]).toBe(2)
          expect(decodeAdminMessages(frame.subarray(8)).length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
