import { describe, expect, it } from 'vitest'
import {
  AdminCommand,
  AdminField,
  decodeAdminResponse,
  encodeAdminRequest,
} from '../../../src/client/security/admin-message.js'
import { AEROSPIKE_PASSWORD_SALT, bcrypt } from '../../../src/client/security/bcrypt.js'
import { ParseError } from '../../../src/protocol/index.js'

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

describe('admin messages', () => {
  it('encodes LOGIN with its fields after the 16-byte header', () => {
    const frame = encodeAdminRequest(AdminCommand.LOGIN, [
      [AdminField.USER, Buffer.from('u')],
      [AdminField.CREDENTIAL, Buffer.from('hash')],
    ])
    expect(frame.toString('hex')).toBe(
      `0202${(16 + 6 + 9).toString(16).padStart(12, '0')}` +
        `00001402${'00'.repeat(12)}` +
        '000000020075' +
        `0000000503${Buffer.from('hash').toString('hex')}`,
    )
  })

  it('decodes an answer and refuses truncated bytes', () => {
    const body = Buffer.from(`0000000100000000000000000000000000000003057a7a`, 'hex')
    const answer = decodeAdminResponse(body)
    expect(answer.resultCode).toBe(0)
    expect(answer.fields.get(AdminField.SESSION_TOKEN)!.toString()).toBe('zz')
    expect(() => decodeAdminResponse(body.subarray(0, 20))).toThrow(ParseError)
    expect(() => decodeAdminResponse(body.subarray(0, 10))).toThrow(ParseError)
  })
})
