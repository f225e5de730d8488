import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { EncodeError } from '../../../src/protocol/codec-errors.js'
import {
  computeDigest,
  DIGEST_SIZE,
  keyByteLength,
  keyParticleType,
  PARTITIONS,
  partitionId,
  type UserKey,
  writeKeyBytes,
} from '../../../src/protocol/digest.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { ripemd160 } from '../../../src/protocol/ripemd160.js'

describe('computeDigest', () => {
  it.each([
    ['demo', 'key1', 'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960', 492],
    ['demo', 1, 'b7f4b83889e2da67de683e1df6919a1eacc446c8', 1207],
    ['', 'a', '79e55340ff2911fc794c49ec2a8175bd9d7ca04c', 1401],
    ['demo', -1, 'e9d49a24c3debdc5a6d551d3e7087999a263bb97', 1257],
  ] as const)('gives the worked example of protocol.md §4 for (%s, %s)', (set, key, hex, pid) => {
    const digest = computeDigest(set, key)
    expect(digest.toString('hex')).toBe(hex)
    expect(digest.length).toBe(DIGEST_SIZE)
    expect(partitionId(digest)).toBe(pid)
  })

  it('hashes set name, key particle type and key bytes (the documented hash input)', () => {
    const input = Buffer.from('64656d6f036b657931', 'hex')
    expect(computeDigest('demo', 'key1')).toEqual(createHash('ripemd160').update(input).digest())
  })

  // The Go client's key tests (set "set"; the namespace is not hashed).
  const repeat = (c: string, n: number): string => c.repeat(n)
  it.each([
    [-(2n ** 63n), '7185c2a47fb02c996daed26b4e01b83240aee9d4'],
    [2n ** 63n - 1n, '1698328974afa62c8e069860c1516f780d63dbb8'],
    [-(2 ** 31), 'd635a867b755f8f54cdc6275e6fb437df82a728c'],
    [2 ** 31 - 1, 'fa8c47b8b898af1bbcb20af0d729ca68359a2645'],
    [-(2 ** 15), '7f41e9dd1f3fe3694be0430e04c8bfc7d51ec2af'],
    [2 ** 15 - 1, '309fc9c2619c4f65ff7f4cd82085c3ee7a31fc7c'],
    [-128, '93191e549f8f3548d7e2cfc958ddc8c65bcbe4c6'],
    [127, 'a58f7d98bf60e10fe369c82030b1c9dee053def9'],
    [-1, '22116d253745e29fc63fdf760b6e26f7e197e01d'],
    [0, '93d943aae37b017ad7e011b0c1d2e2143c2fb37d'],
    ['', '2819b1ff6e346a43b4f5f6b77a88bc3eaac22a83'],
    [repeat('s', 1), '607cddba7cd111745ef0a3d783d57f0e83c8f311'],
    [repeat('a', 10), '5979fb32a80da070ff356f7695455592272e36c2'],
    [repeat('m', 100), 'f00ad7dbcb4bd8122d9681bca49b8c2ffd4beeed'],
    [repeat('t', 1000), '07ac412d4c33b8628ab147b8db244ce44ae527f8'],
    [repeat('-', 10000), 'b42e64afbfccb05912a609179228d9249ea1c1a0'],
    [repeat('+', 100000), '0a3e888c20bb8958537ddd4ba835e4070bd51740'],
    [Buffer.alloc(0), '327e2877b8815c7aeede0d5a8620d4ef8df4a4b4'],
    [Buffer.from(repeat('s', 1)), 'ca2d96dc9a184d15a7fa2927565e844e9254e001'],
    [Buffer.from(repeat('a', 10)), 'd10982327b2b04c7360579f252e164a75f83cd99'],
    [Buffer.from(repeat('m', 100)), '475786aa4ee664532a7d1ea69cb02e4695fcdeed'],
    [Buffer.from(repeat('t', 1000)), '5a32b507518a49bf47fdaa3deca53803f5b2e8c3'],
    [Buffer.from(repeat('-', 10000)), 'ed65c63f7a1f8c6697eb3894b6409a95461fd982'],
    [Uint8Array.from(Buffer.from(repeat('+', 100000))), 'fe19770c371774ba1a1532438d4851b8a773a9e6'],
  ] as Array<[UserKey, string]>)('matches the Go client vector for key %#', (key, hex) => {
    expect(computeDigest('set', key).toString('hex')).toBe(hex)
  })

  it('gives the digest the official Node.js client computed for a Buffer key (blob, type 4)', () => {
    // From test/fixtures/golden/official-client-crud.json, step "put blob key".
    expect(computeDigest('golden', Buffer.from([1, 2, 3])).toString('hex')).toBe(
      'f4e7474f7097cbb376e49e73947d667cb2062d9b',
    )
  })

  it('hashes number and bigint keys alike, and non-ASCII set names as UTF-8', () => {
    expect(computeDigest('demo', 5)).toEqual(computeDigest('demo', 5n))
    const input = Buffer.concat([Buffer.from('sét'), Buffer.from([3]), Buffer.from('ü')])
    expect(computeDigest('sét', 'ü')).toEqual(createHash('ripemd160').update(input).digest())
  })

  it('refuses keys that are not string, safe integer, int64 bigint or bytes', () => {
    for (const key of [
      1.5,
      2 ** 53,
      Number.NaN,
      2n ** 63n,
      -(2n ** 63n) - 1n,
      null,
      true,
      {},
      [1],
    ] as unknown as UserKey[])
      expect(() => computeDigest('demo', key), String(key)).toThrow(EncodeError)
  })
})

describe('key particles', () => {
  it('uses integer 1, string 3 and blob 4', () => {
    expect(keyParticleType('a')).toBe(ParticleType.STRING)
    expect(keyParticleType(1)).toBe(ParticleType.INTEGER)
    expect(keyParticleType(1n)).toBe(ParticleType.INTEGER)
    expect(keyParticleType(Buffer.from('a'))).toBe(ParticleType.BLOB)
    expect(keyParticleType(new Uint8Array(1))).toBe(ParticleType.BLOB)
  })

  it('writes key bytes as a KEY field carries them', () => {
    const cases: Array<[UserKey, string]> = [
      ['key1', '6b657931'],
      ['é', 'c3a9'],
      [42, '000000000000002a'],
      [-1n, 'ffffffffffffffff'],
      [Buffer.from('0102', 'hex'), '0102'],
    ]
    for (const [key, hex] of cases) {
      const len = keyByteLength(key)
      const w = ByteWriter.alloc(len)
      writeKeyBytes(w, key, len)
      expect(w.buf.toString('hex')).toBe(hex)
    }
  })
})

describe('partitionId', () => {
  it('is the little-endian u32 of the first bytes, masked to 4095', () => {
    expect(PARTITIONS).toBe(4096)
    expect(partitionId(Buffer.from('ffff0000', 'hex'))).toBe(4095)
    expect(partitionId(Buffer.from('0110ffff', 'hex'))).toBe(1)
    expect(partitionId(Buffer.from('34120000', 'hex'))).toBe(0x234)
  })
})

describe('ripemd160', () => {
  it('matches node:crypto on the standard test strings', () => {
    const vectors: Array<[string, string]> = [
      ['', '9c1185a5c5e9fc54612808977ee8f548b2258d31'],
      ['abc', '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
      ['message digest', '5d0689ef49d2fae572b881b123a85ffa21595f36'],
      ['a'.repeat(1000000), '52783243c1697bdbe16d37f97f68f08325dc1528'],
    ]
    for (const [text, hex] of vectors) expect(ripemd160(Buffer.from(text)).toString('hex')).toBe(hex)
  })

  it('matches node:crypto on random inputs around every block boundary (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (bytes, skip) => {
        const padded = Buffer.concat([Buffer.alloc(skip, 0xee), bytes, Buffer.alloc(3, 0xee)])
        const expected = createHash('ripemd160').update(bytes).digest()
        expect(ripemd160(padded, skip, skip + bytes.length)).toEqual(expected)
      }),
      { seed: 7, numRuns: 600 },
    )
  })
})
