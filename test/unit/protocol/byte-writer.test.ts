import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'

const hex = (b: Buffer): string => b.toString('hex')

/** Writes with `write` into a buffer of exactly `size` bytes and returns the hex. */
function written(size: number, write: (w: ByteWriter) => void): string {
  const w = ByteWriter.alloc(size)
  write(w)
  expect(w.pos).toBe(size)
  return hex(w.buf)
}

describe('ByteWriter', () => {
  it('writes every fixed width big-endian (and u16le), chained', () => {
    expect(
      written(2 + 2 + 2 + 4 + 4 + 6, (w) =>
        w.u8(0xff).u8(0x01).u16(0x0102).u16le(0x0102).u32(0xfffffffe).i32(-2).u48(0x010203040506),
      ),
    ).toBe('ff01' + '0102' + '0201' + 'fffffffe' + 'fffffffe' + '010203040506')
    expect(written(12, (w) => w.f32(1.5).f64(1.5))).toBe('3fc00000' + '3ff8000000000000')
  })

  it('writes int64 from numbers and bigints, including the edges', () => {
    const cases: Array<[number | bigint, string]> = [
      [0, '0000000000000000'],
      [1, '0000000000000001'],
      [-1, 'ffffffffffffffff'],
      [42, '000000000000002a'],
      [Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
      [Number.MIN_SAFE_INTEGER, 'ffe0000000000001'],
      [2 ** 60, '1000000000000000'],
      [-(2 ** 63), '8000000000000000'],
      [0x7fff_ffff_ffff_ffffn, '7fffffffffffffff'],
      [-0x8000_0000_0000_0000n, '8000000000000000'],
      [0xffff_ffff_ffff_ffffn, 'ffffffffffffffff'],
      [-2n, 'fffffffffffffffe'],
    ]
    for (const [v, out] of cases) expect(written(8, (w) => w.i64(v))).toBe(out)
  })

  it('writes UTF-8 text: short ASCII, long ASCII and multi-byte', () => {
    for (const s of [
      '',
      'id',
      'exactly-thirty-two-bytes-long!!!',
      'more than thirty-two bytes of ascii text',
      'héllo 漢字 😀',
    ]) {
      const len = Buffer.byteLength(s)
      expect(written(len, (w) => w.utf8(s, len))).toBe(hex(Buffer.from(s)))
    }
    expect(written(3, (w) => w.ascii('abc'))).toBe('616263')
  })

  it('copies byte arrays of any length', () => {
    for (const n of [0, 3, 32, 33, 500]) {
      const data = Uint8Array.from({ length: n }, (_, i) => i & 0xff)
      expect(written(n + 1, (w) => w.u8(9).bytes(data))).toBe(`09${hex(Buffer.from(data))}`)
    }
  })

  it('starts at the given offset of an existing buffer', () => {
    const buf = Buffer.alloc(4)
    new ByteWriter(buf, 2).u16(0xabcd)
    expect(hex(buf)).toBe('0000abcd')
  })
})
