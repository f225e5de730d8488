// The server value model: decoding details and the cross-type total order.
import { describe, expect, it } from 'vitest'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import {
  compareValues,
  decodeSValue,
  encodeSValue,
  SBytes,
  SExt,
  SList,
  SMap,
  SSpecial,
  type SValue,
} from '../../../src/server/value.js'

const str = (s: string) => SBytes.str(s)
const blob = (...b: number[]) => new SBytes(ParticleType.BLOB, Buffer.from(b))

describe('compareValues', () => {
  it('orders the classes nil < false < true < int < string < list < map < blob < float < geo', () => {
    const ascending: SValue[] = [
      null,
      false,
      true,
      -5n,
      2n ** 64n - 1n,
      str(''),
      str('a'),
      new SList([]),
      new SList([1n]),
      new SMap([], []),
      new SMap([str('a')], [1n]),
      new SBytes(SBytes.UNTYPED, Buffer.alloc(0)),
      blob(),
      blob(1),
      -1.5,
      2,
      new SBytes(ParticleType.GEOJSON, Buffer.from('{}')),
      SSpecial.INFINITY,
    ]
    for (let i = 1; i < ascending.length; i++)
      expect(compareValues(ascending[i - 1]!, ascending[i]!)).toBe(-1)
  })

  it('never makes an int equal to a float', () => {
    expect(compareValues(1n, 1)).toBe(-1)
  })

  it('compares lists element-wise, then by length; maps by size first', () => {
    expect(compareValues(new SList([1n, 9n]), new SList([2n]))).toBe(-1)
    expect(compareValues(new SList([1n]), new SList([1n, 0n]))).toBe(-1)
    expect(compareValues(new SMap([str('z')], [1n]), new SMap([str('a'), str('b')], [1n, 1n]))).toBe(-1)
  })

  it('ends the whole comparison as equal when a WILDCARD is met, at any depth', () => {
    expect(compareValues(new SList([1n, SSpecial.WILDCARD]), new SList([1n, 5n, 6n]))).toBe(0)
    expect(
      compareValues(new SList([new SList([SSpecial.WILDCARD]), 9n]), new SList([new SList([3n]), 1n])),
    ).toBe(0)
    expect(compareValues(new SList([2n, SSpecial.WILDCARD]), new SList([1n, 5n]))).toBe(1)
  })
})

describe('decoding', () => {
  it('takes any ext but the 0xff specials as a list/map header, and keeps a leading special as an element', () => {
    const headed = decodeSValue(Buffer.from([0x92, 0xd4, 0x05, 0x00, 0x01])) as SList
    expect(headed.items).toEqual([1n])
    expect(headed.flags).toBe(5)
    const special = decodeSValue(Buffer.from([0x92, 0xd4, 0xff, 0x00, 0x01])) as SList
    expect(special.items).toEqual([SSpecial.WILDCARD, 1n])
  })

  it('keeps an empty string without a type byte as untyped bytes, and writes it back as such', () => {
    const v = decodeSValue(Buffer.from([0xa0]))
    expect(v).toEqual(new SBytes(SBytes.UNTYPED, Buffer.alloc(0)))
    expect(encodeSValue(v)).toEqual(Buffer.from([0xa0]))
  })

  it('keeps other ext values', () => {
    expect(decodeSValue(Buffer.from([0x91, 0x01]))).toEqual(new SList([1n]))
    expect(decodeSValue(Buffer.from([0xd5, 0x07, 0x01, 0x02]))).toEqual(new SExt(7, Buffer.from([1, 2])))
  })
})
