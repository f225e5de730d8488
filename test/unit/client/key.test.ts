import { describe, expect, it } from 'vitest'
import { toKey } from '../../../src/client/key.js'
import { InvalidArgError, Key } from '../../../src/index.js'
import { computeDigest } from '../../../src/protocol/index.js'

describe('keys', () => {
  it('accepts a [namespace, set, userKey] tuple of every user key type', () => {
    for (const userKey of ['user1', 42, -7n, Buffer.from([1, 2, 3]), new Uint8Array([4])]) {
      const key = toKey(['test', 'demo', userKey])
      expect(key.namespace).toBe('test')
      expect(key.set).toBe('demo')
      expect(key.userKey).toBe(userKey)
      expect(key.digest).toEqual(computeDigest('demo', userKey))
    }
  })

  it('computes the documented digest and partition', () => {
    const key = new Key('test', 'demo', 'key1')
    expect(key.digest.toString('hex')).toBe('ec91192d4b7f8ce35d5d78d34bca65cbaaaac960')
    expect(key.partitionId).toBe(492)
  })

  it('takes a null or empty set as no set, and a digest instead of a user key', () => {
    expect(toKey(['test', null, 'a']).set).toBe('')
    expect(toKey(['test', undefined, 'a']).digest).toEqual(toKey(['test', '', 'a']).digest)
    const digest = computeDigest('demo', 'x')
    const byDigest = toKey(['test', 'demo', null, digest])
    expect(byDigest.userKey).toBeNull()
    expect(byDigest.digest).toEqual(digest)
    expect(byDigest.toString()).toBe(`test/demo/${digest.toString('hex')}`)
  })

  it('returns a Key argument itself and destructures like a key tuple', () => {
    const key = new Key('test', 'demo', 'user1')
    expect(toKey(key)).toBe(key)
    const [ns, set, userKey, digest] = key
    expect([ns, set, userKey, digest]).toEqual(['test', 'demo', 'user1', key.digest])
  })

  it.each([
    [['test', 'demo'], /tuple/],
    [['test', 'demo', 'k', Buffer.alloc(20), 'extra'], /tuple/],
    ['test/demo/k', /tuple/],
    [['', 'demo', 'k'], /namespace/],
    [['x'.repeat(32), 'demo', 'k'], /namespace/],
    [['test', 5, 'k'], /set must be a string/],
    [['test', 's'.repeat(64), 'k'], /longer than 63 bytes/],
    [['test', 'demo', 1.5], /not a safe integer/],
    [['test', 'demo', 2n ** 63n], /does not fit/],
    [['test', 'demo', { id: 1 }], /unsupported user key type Object/],
    [['test', 'demo', true], /unsupported user key type boolean/],
    [['test', 'demo', null], /user key or a digest/],
    [['test', 'demo', null, Buffer.alloc(19)], /digest must be 20 bytes/],
  ])('rejects bad key %# with InvalidArgError', (input, message) => {
    expect(() => toKey(input as never)).toThrow(InvalidArgError)
    expect(() => toKey(input as never)).toThrow(message)
  })
})
