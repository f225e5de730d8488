// The admin (security) codec: bcrypt credentials, admin messages and their fields, against hand-written bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AdminCommand,
  AEROSPIKE_PASSWORD_SALT,
  bcrypt,
  decodeAdminMessage,
  decodeAdminMessages,
  EncodeError,
  encodeAdminFrame,
  encodeAdminMessage,
  hashPassword,
  ParseError,
  PrivilegeCode,
} from '../../../src/protocol/index.js'

describe('bcrypt', () => {
  // Reference hashes from crypt(3) (libxcrypt).
  it.each([
    ['admin', AEROSPIKE_PASSWORD_SALT, '$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa'],
    ['password', AEROSPIKE_PASSWORD_SALT, '$2a$10$7EqJtq98hPqEX7fNZaFWoOqUH6KN8IKy3Yk5Kz..RHGKNAUCoP/LG'],
    ['', AEROSPIKE_PASSWORD_SALT, '$2a$10$7EqJtq98hPqEX7fNZaFWoOLCkFexA7A9eoJ0Ew.mTDdk.E60D.9zS'],
    ['héllo wörld', AEROSPIKE_PASSWORD_SALT, '$2a$10$7EqJtq98hPqEX7fNZaFWoOXZ4mXwuCrkdyH4K70lKTBXm.ZU0DMoC'],
    [
      'a-very-long-password-that-goes-on-and-on-and-on-for-more-than-seventy-two-bytes-yes',
      AEROSPIKE_PASSWORD_SALT,
      '$2a$10$7EqJtq98hPqEX7fNZaFWoOR5sYUAhstrBVI9Hm/gyPnaovQ2Lwp3S',
    ],
    [
      'secret',
      '$2a$04$abcdefghijklmnopqrstuu',
      '$2a$04$abcdefghijklmnopqrstuu2r9OfJnfCsdneAXAGHnS4UpFFP8WIrW',
    ],
  ])('bcrypt(%j) matches crypt(3)', (password, setting, expected) => {
    expect(bcrypt(password, setting)).toBe(expected)
  })

  it('rejects a malformed setting', () => {
    expect(() => bcrypt('x', '$2b$10$7EqJtq98hPqEX7fNZaFWoO')).toThrow(/setting/)
    expect(() => bcrypt('x', '$2a$03$7EqJtq98hPqEX7fNZaFWoO')).toThrow(/cost/)
  })
})

describe('hashPassword', () => {
  it('is bcrypt with the Aerospike salt, and remembers recent hashes', () => {
    expect(hashPassword('admin')).toBe('$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa')
    const start = performance.now()
    expect(hashPassword('admin')).toBe('$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa')
    expect(performance.now() - start).toBeLessThan(20)
  })
})

const hex = (s: string): string => Buffer.from(s).toString('hex')
const header = (result: number, command: number, fields: number): string =>
  `00${result.toString(16).padStart(2, '0')}${command.toString(16).padStart(2, '0')}${fields.toString(16).padStart(2, '0')}${'00'.repeat(12)}`

describe('admin messages', () => {
  it('encodes LOGIN with its fields after the 16-byte header', () => {
    const frame = encodeAdminMessage({
      command: AdminCommand.LOGIN,
      result: 0,
      fields: { user: 'u', credential: 'hash' },
    })
    expect(frame.toString('hex')).toBe(
      `0202${(16 + 6 + 9).toString(16).padStart(12, '0')}` +
        header(0, 20, 2) +
        '000000020075' +
        `0000000503${hex('hash')}`,
    )
  })

  it('encodes roles, privileges, allowlist and quotas as the Go client lays them out', () => {
    const frame = encodeAdminMessage({
      command: AdminCommand.CREATE_ROLE,
      result: 0,
      fields: {
        role: 'r',
        privileges: [
          { code: PrivilegeCode.READ, namespace: 'test', set: 'demo' },
          { code: PrivilegeCode.SYS_ADMIN, namespace: '', set: '' },
          { code: PrivilegeCode.WRITE, namespace: '', set: '' },
        ],
        whitelist: ['10.0.0.0/8', '127.0.0.1'],
        readQuota: 5,
      },
    })
    const privileges = `03 0a 04${hex('test')} 04${hex('demo')} 01 0d 00 00`.replaceAll(' ', '')
    const allow = hex('10.0.0.0/8,127.0.0.1')
    const body =
      header(0, 10, 4) +
      `000000020b${hex('r')}` +
      `${(privileges.length / 2 + 1).toString(16).padStart(8, '0')}0c${privileges}` +
      `${(allow.length / 2 + 1).toString(16).padStart(8, '0')}0d${allow}` +
      '000000050e00000005'
    expect(frame.subarray(8).toString('hex')).toBe(body)
    expect(frame.readUIntBE(2, 6)).toBe(body.length / 2)
    const back = decodeAdminMessage(frame.subarray(8))
    expect(back.fields.privileges).toEqual([
      { code: 10, namespace: 'test', set: 'demo' },
      { code: 1, namespace: '', set: '' },
      { code: 13, namespace: '', set: '' },
    ])
    expect(back.fields.whitelist).toEqual(['10.0.0.0/8', '127.0.0.1'])
    expect(back.fields.readQuota).toBe(5)
  })

  it('round-trips every field', () => {
    const fields = {
      user: 'üser',
      password: 'p',
      oldPassword: 'o',
      credential: 'c',
      clearPassword: 'clear',
      sessionToken: Buffer.from([1, 2, 3]),
      sessionTtl: 86400,
      roles: ['read', 'write'],
      role: 'r',
      privileges: [{ code: 11, namespace: 'ns', set: '' }],
      whitelist: ['::1'],
      readQuota: 1,
      writeQuota: 2,
      readInfo: [1, 2, 3, 4],
      writeInfo: [5],
      connections: 7,
    }
    const frame = encodeAdminMessage({ command: 9, result: 0, fields })
    expect(decodeAdminMessage(frame.subarray(8))).toEqual({ scheme: 0, command: 9, result: 0, fields })
  })

  it('packs several messages in one frame, as query answers come', () => {
    const frame = encodeAdminFrame([
      { command: 0, result: 0, fields: { user: 'a', roles: [] } },
      { command: 0, result: 0, fields: { user: 'b', roles: ['read'] } },
      { command: 0, result: 50, fields: {} },
    ])
    const messages = decodeAdminMessages(frame.subarray(8))
    expect(messages.map((m) => [m.result, m.fields.user])).toEqual([
      [0, 'a'],
      [0, 'b'],
      [50, undefined],
    ])
    expect(() => decodeAdminMessage(frame.subarray(8))).toThrow(ParseError)
  })

  it('decodes an answer, skips unknown fields and refuses truncated or inconsistent bytes', () => {
    const body = Buffer.from(`${header(0, 0, 2)}000000030199990000000305${hex('zz')}`, 'hex')
    const answer = decodeAdminMessage(body)
    expect(answer.result).toBe(0)
    expect(answer.fields.sessionToken).toEqual(Buffer.from('zz'))
    expect(() => decodeAdminMessage(body.subarray(0, 20))).toThrow(ParseError)
    expect(() => decodeAdminMessage(body.subarray(0, 10))).toThrow(ParseError)
    // A zero-size field, an integer of 3 bytes, a role list longer than its field.
    expect(() => decodeAdminMessage(Buffer.from(`${header(0, 0, 1)}00000000`, 'hex'))).toThrow(ParseError)
    expect(() => decodeAdminMessage(Buffer.from(`${header(0, 0, 1)}0000000406000000`, 'hex'))).toThrow(
      ParseError,
    )
    expect(() => decodeAdminMessage(Buffer.from(`${header(0, 0, 1)}000000030a0105`, 'hex'))).toThrow(
      ParseError,
    )
    // Bytes left over inside a field.
    expect(() => decodeAdminMessage(Buffer.from(`${header(0, 0, 1)}000000040a000000`, 'hex'))).toThrow(
      ParseError,
    )
  })

  it('refuses values the fields cannot carry', () => {
    const long = 'x'.repeat(256)
    expect(() => encodeAdminMessage({ command: 5, result: 0, fields: { roles: [long] } })).toThrow(
      EncodeError,
    )
    expect(() =>
      encodeAdminMessage({
        command: 5,
        result: 0,
        fields: { roles: Array.from({ length: 256 }, () => 'r') },
      }),
    ).toThrow(EncodeError)
    expect(() => encodeAdminMessage({ command: 15, result: 0, fields: { readQuota: -1 } })).toThrow(
      EncodeError,
    )
    expect(() =>
      encodeAdminMessage({
        command: 12,
        result: 0,
        fields: { privileges: [{ code: 10, namespace: long, set: '' }] },
      }),
    ).toThrow(EncodeError)
  })
})

describe('admin decoding of arbitrary bytes', () => {
  it('returns messages or throws ParseError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeAdminMessages(Buffer.from(bytes))
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('round-trips any message of valid fields', () => {
    const name = fc.string({ maxLength: 20 })
    const privilege = fc.oneof(
      fc.record({ code: fc.constantFrom(0, 1, 2, 3, 4), namespace: fc.constant(''), set: fc.constant('') }),
      fc.record({ code: fc.constantFrom(10, 11, 12, 13, 14), namespace: name, set: name }),
    )
    const fields = fc.record(
      {
        user: name,
        roles: fc.array(name, { maxLength: 5 }),
        privileges: fc.array(privilege, { maxLength: 5 }),
        readQuota: fc.nat(),
        sessionToken: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fields, fc.nat(255), (f, result) => {
        const frame = encodeAdminMessage({ command: 0, result, fields: f })
        expect(decodeAdminMessage(frame.subarray(8))).toEqual({ scheme: 0, command: 0, result, fields: f })
      }),
      { numRuns: 500 },
    )
  })
})
