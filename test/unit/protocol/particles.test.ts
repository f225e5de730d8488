import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { EncodeError, ParseError } from '../../../src/protocol/codec-errors.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import {
  decodeParticle,
  particleSize,
  particleTypeOf,
  readIntegerParticle,
  writeParticle,
} from '../../../src/protocol/particles.js'
import { Double, GeoJSON, HLL, WILDCARD } from '../../../src/protocol/values.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')

/** The particle type and value bytes (hex) a client value is written as. */
function encode(v: unknown): [number, string] {
  const type = particleTypeOf(v)
  const w = ByteWriter.alloc(particleSize(type, v))
  writeParticle(w, type, v)
  expect(w.pos).toBe(w.buf.length)
  return [type, w.buf.toString('hex')]
}

/** Decodes value bytes given as hex. */
const decode = (type: number, text: string) => {
  const buf = hex(`ff${text}ff`)
  return decodeParticle(type, buf, 1, buf.length - 1)
}

describe('particle type ids', () => {
  it('match the server', () => {
    expect(ParticleType).toEqual({
      NULL: 0,
      INTEGER: 1,
      FLOAT: 2,
      STRING: 3,
      BLOB: 4,
      JAVA_BLOB: 7,
      CSHARP_BLOB: 8,
      PYTHON_BLOB: 9,
      RUBY_BLOB: 10,
      PHP_BLOB: 11,
      ERLANG_BLOB: 12,
      VECTOR: 16,
      BOOL: 17,
      HLL: 18,
      MAP: 19,
      LIST: 20,
      GEOJSON: 23,
    })
  })
})

describe('writing particles', () => {
  it('writes integers as 8-byte big-endian two’s complement, int64 edges included', () => {
    const cases: Array<[number | bigint, string]> = [
      [0, '0000000000000000'],
      [42, '000000000000002a'],
      [-7, 'fffffffffffffff9'],
      [Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
      [Number.MIN_SAFE_INTEGER, 'ffe0000000000001'],
      [2 ** 60, '1000000000000000'],
      [-(2 ** 63), '8000000000000000'],
      [9223372036854775807n, '7fffffffffffffff'],
      [-9223372036854775808n, '8000000000000000'],
      [5n, '0000000000000005'],
      [-0, '0000000000000000'],
    ]
    for (const [v, bytes] of cases) expect(encode(v), String(v)).toEqual([ParticleType.INTEGER, bytes])
  })

  it('refuses bigints outside int64', () => {
    expect(() => particleTypeOf(9223372036854775808n)).toThrow(EncodeError)
    expect(() => particleTypeOf(-9223372036854775809n)).toThrow(EncodeError)
  })

  it('writes fractions, NaN, infinities, integral numbers beyond int64 and Double as floats', () => {
    expect(encode(1.5)).toEqual([ParticleType.FLOAT, '3ff8000000000000'])
    expect(encode(new Double(1))).toEqual([ParticleType.FLOAT, '3ff0000000000000'])
    expect(encode(new Double(-0))).toEqual([ParticleType.FLOAT, '8000000000000000'])
    expect(encode(2 ** 63)).toEqual([ParticleType.FLOAT, '43e0000000000000'])
    expect(encode(Number.NaN)[0]).toBe(ParticleType.FLOAT)
    expect(encode(Number.POSITIVE_INFINITY)).toEqual([ParticleType.FLOAT, '7ff0000000000000'])
    expect(encode(-1e300)[0]).toBe(ParticleType.FLOAT)
  })

  it('writes strings as UTF-8, blobs raw, booleans as one byte', () => {
    expect(encode('')).toEqual([ParticleType.STRING, ''])
    expect(encode('hi')).toEqual([ParticleType.STRING, '6869'])
    expect(encode('h\u00e9llo \u6f22')).toEqual([
      ParticleType.STRING,
      Buffer.from('h\u00e9llo \u6f22').toString('hex'),
    ])
    expect(encode('x'.repeat(100))).toEqual([ParticleType.STRING, '78'.repeat(100)])
    expect(encode(hex('deadbeef'))).toEqual([ParticleType.BLOB, 'deadbeef'])
    expect(encode(Uint8Array.from([1, 2]))).toEqual([ParticleType.BLOB, '0102'])
    expect(encode(true)).toEqual([ParticleType.BOOL, '01'])
    expect(encode(false)).toEqual([ParticleType.BOOL, '00'])
    expect(encode(null)).toEqual([ParticleType.NULL, ''])
  })

  it('writes GeoJSON with zero flags and zero cells, HLL raw', () => {
    const text = '{"type":"Point","coordinates":[103.9,1.3]}'
    expect(encode(new GeoJSON(text))).toEqual([
      ParticleType.GEOJSON,
      `000000${Buffer.from(text).toString('hex')}`,
    ])
    expect(encode(new GeoJSON({ type: 'Point', coordinates: [1, 2] }))[1]).toBe(
      `000000${Buffer.from('{"type":"Point","coordinates":[1,2]}').toString('hex')}`,
    )
    expect(encode(new HLL(hex('0102')))).toEqual([ParticleType.HLL, '0102'])
  })

  it('writes lists and maps as msgpack', () => {
    expect(encode([1, 'a'])).toEqual([ParticleType.LIST, '9201a20361'])
    expect(encode({ a: 1 })).toEqual([ParticleType.MAP, '81a2036101'])
    expect(encode(Object.assign(Object.create(null), { a: 1 }))).toEqual([ParticleType.MAP, '81a2036101'])
    expect(encode(new Map([[1, 'one']]))).toEqual([ParticleType.MAP, '8101a4036f6e65'])
  })

  it('refuses everything else', () => {
    class Point {
      x = 1
    }
    for (const v of [
      undefined,
      Symbol('x'),
      () => 1,
      new Point(),
      new Date(),
      new Int16Array(2),
      new ArrayBuffer(2),
      WILDCARD,
    ])
      expect(() => particleTypeOf(v)).toThrow(EncodeError)
    expect(() => particleSize(99, 1)).toThrow(EncodeError)
    expect(() => writeParticle(ByteWriter.alloc(8), 99, 1)).toThrow(EncodeError)
  })
})

describe('reading particles', () => {
  it('reads integers: safe ones as numbers, others as bigints', () => {
    expect(decode(ParticleType.INTEGER, '000000000000002a')).toBe(42)
    expect(decode(ParticleType.INTEGER, 'fffffffffffffff9')).toBe(-7)
    expect(decode(ParticleType.INTEGER, '001fffffffffffff')).toBe(Number.MAX_SAFE_INTEGER)
    expect(decode(ParticleType.INTEGER, 'ffe0000000000001')).toBe(Number.MIN_SAFE_INTEGER)
    expect(decode(ParticleType.INTEGER, '0020000000000000')).toBe(2n ** 53n)
    expect(decode(ParticleType.INTEGER, 'ffe0000000000000')).toBe(-(2n ** 53n))
    expect(decode(ParticleType.INTEGER, '7fffffffffffffff')).toBe(9223372036854775807n)
    expect(decode(ParticleType.INTEGER, '8000000000000000')).toBe(-9223372036854775808n)
  })

  it('reads the 1, 2 and 4 byte integers the server accepts, and refuses other widths', () => {
    const buf = hex('ff fffe fffffffd')
    expect(readIntegerParticle(buf, 0, 1)).toBe(-1)
    expect(readIntegerParticle(buf, 1, 2)).toBe(-2)
    expect(readIntegerParticle(buf, 3, 4)).toBe(-3)
    expect(() => readIntegerParticle(buf, 0, 3)).toThrow(ParseError)
    expect(() => decode(ParticleType.INTEGER, '')).toThrow(ParseError)
  })

  it('reads floats, strings, booleans, blobs and null', () => {
    expect(decode(ParticleType.FLOAT, '3ff8000000000000')).toBe(1.5)
    expect(decode(ParticleType.FLOAT, '3ff0000000000000')).toBe(1)
    expect(decode(ParticleType.STRING, '')).toBe('')
    expect(decode(ParticleType.STRING, Buffer.from('héllo 漢字 😀').toString('hex'))).toBe('héllo 漢字 😀')
    expect(decode(ParticleType.BOOL, '01')).toBe(true)
    expect(decode(ParticleType.BOOL, '00')).toBe(false)
    expect(decode(ParticleType.NULL, '')).toBeNull()
    expect(decode(ParticleType.BLOB, 'deadbeef')).toEqual(hex('deadbeef'))
    for (let t = 7; t <= 12; t++) expect(decode(t, '0102')).toEqual(hex('0102'))
  })

  it('copies blobs so they outlive the receive buffer', () => {
    const buf = hex('00 0102 00')
    const blob = decodeParticle(ParticleType.BLOB, buf, 1, 3) as Buffer
    buf.fill(9)
    expect(blob).toEqual(hex('0102'))
  })

  it('reads GeoJSON, skipping index cells, and HLL', () => {
    const text = Buffer.from('{"type":"Point"}').toString('hex')
    expect(decode(ParticleType.GEOJSON, `000000${text}`)).toEqual(new GeoJSON('{"type":"Point"}'))
    const withCells = decode(
      ParticleType.GEOJSON,
      `000002 1111111111111111 2222222222222222 ${text}`,
    ) as GeoJSON
    expect(withCells).toBeInstanceOf(GeoJSON)
    expect(withCells.value).toBe('{"type":"Point"}')
    expect(decode(ParticleType.HLL, '0a0b')).toEqual(new HLL(hex('0a0b')))
  })

  it('reads lists and maps', () => {
    expect(decode(ParticleType.LIST, '9201a20361')).toEqual([1, 'a'])
    expect(decode(ParticleType.MAP, '81a2036101')).toEqual({ a: 1 })
  })

  it('throws ParseError for bad lengths, truncated GeoJSON and unknown types', () => {
    expect(() => decode(ParticleType.FLOAT, '3ff8')).toThrow(ParseError)
    expect(() => decode(ParticleType.BOOL, '0101')).toThrow(ParseError)
    expect(() => decode(ParticleType.GEOJSON, '0000')).toThrow(ParseError)
    expect(() => decode(ParticleType.GEOJSON, '000001 11')).toThrow(ParseError)
    expect(() => decode(ParticleType.LIST, '92 01')).toThrow(ParseError)
    expect(() => decode(ParticleType.VECTOR, '00')).toThrow(ParseError)
    expect(() => decode(5, '00')).toThrow(ParseError)
  })
})
