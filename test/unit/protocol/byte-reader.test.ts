import { describe, expect, it } from 'vitest'
import { ByteReader, copyBytes, decodeUtf8 } from '../../../src/protocol/byte-reader.js'
import { ParseError } from '../../../src/protocol/codec-errors.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')

describe('ByteReader', () => {
  it('reads every width big-endian, front to back', () => {
    const r = new ByteReader(
      hex(
        'ff 0102 0201 fffffffe 80000000 010203040506 ffffffffffffffff 8000000000000000 3fc00000 3ff8000000000000',
      ),
    )
    expect(r.u8()).toBe(0xff)
    expect(r.u16()).toBe(0x0102)
    expect(r.u16le()).toBe(0x0102)
    expect(r.u32()).toBe(0xfffffffe)
    expect(r.i32()).toBe(-0x80000000)
    expect(r.u48()).toBe(0x010203040506)
    expect(r.u64()).toBe(0xffff_ffff_ffff_ffffn)
    expect(r.i64()).toBe(-0x8000_0000_0000_0000n)
    expect(r.f32()).toBe(1.5)
    expect(r.f64()).toBe(1.5)
    expect(r.remaining).toBe(0)
  })

  it('throws ParseError on every overrun, without moving', () => {
    const r = new ByteReader(hex('010203'))
    expect(() => r.u32()).toThrow(ParseError)
    expect(r.pos).toBe(0)
    r.skip(2)
    for (const read of [() => r.u16(), () => r.u16le(), () => r.i32(), () => r.u48(), () => r.u64()])
      expect(read).toThrow(ParseError)
    expect(() => r.i64()).toThrow(ParseError)
    expect(() => r.f32()).toThrow(ParseError)
    expect(() => r.f64()).toThrow(ParseError)
    expect(() => r.bytes(2)).toThrow(ParseError)
    expect(() => r.utf8(2)).toThrow(ParseError)
    expect(() => r.skip(2)).toThrow(ParseError)
    expect(() => r.need(-1)).toThrow(ParseError)
    expect(r.u8()).toBe(3)
    expect(() => r.u8()).toThrow(/truncated input/)
  })

  it('stays inside [start, end) of a larger buffer', () => {
    const r = new ByteReader(hex('00 aabb cc'), 1, 3)
    expect(r.u16()).toBe(0xaabb)
    expect(() => r.u8()).toThrow(ParseError)
    expect(() => new ByteReader(hex('00'), 0, 2)).toThrow(ParseError)
    expect(() => new ByteReader(hex('00'), 1, 0)).toThrow(ParseError)
  })

  it('returns zero-copy views from bytes()', () => {
    const buf = hex('0102030405')
    const view = new ByteReader(buf, 1).bytes(3)
    expect(view).toEqual(hex('020304'))
    view[0] = 9
    expect(buf[1]).toBe(9)
  })

  it('decodes UTF-8 text of every length and script', () => {
    for (const s of [
      '',
      'a',
      'bin_name',
      'exactly-16-bytes',
      'a longer ascii string of 40 characters..',
      'héllo',
      '漢字😀',
    ])
      expect(new ByteReader(Buffer.from(s)).utf8(Buffer.byteLength(s))).toBe(s)
  })
})

describe('decodeUtf8', () => {
  it('decodes a slice, ASCII or not, short or long', () => {
    const buf = Buffer.from('xxhéllo wörld, a longer text than sixteen bytesxx')
    expect(decodeUtf8(buf, 2, buf.length - 2)).toBe('héllo wörld, a longer text than sixteen bytes')
    expect(decodeUtf8(Buffer.from('xidx'), 1, 3)).toBe('id')
    expect(decodeUtf8(Buffer.from('xé'), 1, 3)).toBe('é')
    expect(decodeUtf8(Buffer.alloc(0), 0, 0)).toBe('')
  })

  it('replaces invalid UTF-8 instead of throwing', () => {
    expect(decodeUtf8(hex('61ff62'), 0, 3)).toBe('a\ufffdb')
  })
})

describe('copyBytes', () => {
  it('copies short and long slices into independent Buffers', () => {
    for (const n of [0, 5, 64, 65, 1000]) {
      const src = Buffer.alloc(n + 4, 7)
      const out = copyBytes(src, 2, n + 2)
      expect(out).toEqual(Buffer.alloc(n, 7))
      src.fill(1)
      expect(out).toEqual(Buffer.alloc(n, 7))
    }
  })
})
