import { describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'

// exp.bit and exp.hll: the CALL instruction each builder writes (the form the
// Java/Go/C clients send), their static types and their argument checks.

const { exp } = aerospike
const I = exp.intVal
const hex = (e: aerospike.Expression) => e.bytes.toString('hex')
const blob = exp.blobBin('b')
const hll = exp.hllBin('h')

describe('exp.bit wire forms', () => {
  it.each([
    ['resize', () => exp.bit.resize(undefined, I(4), 1, blob), '957f06419400040001'],
    [
      'insert',
      () => exp.bit.insert(1, I(1), exp.blobVal(Buffer.from([0xff])), blob),
      '957f064194010 1a204ff01',
    ],
    ['remove', () => exp.bit.remove(undefined, I(1), I(2), blob), '957f064194020102 00'],
    [
      'set',
      () => exp.bit.set(8, I(0), I(8), exp.blobVal(Buffer.from([1])), blob),
      '957f06419503000 8a2040108',
    ],
    [
      'or',
      () => exp.bit.or(undefined, I(0), I(8), exp.blobVal(Buffer.from([1])), blob),
      '957f0641950400 08a2040100',
    ],
    [
      'xor',
      () => exp.bit.xor(undefined, I(0), I(8), exp.blobVal(Buffer.from([1])), blob),
      '957f0641950500 08a2040100',
    ],
    [
      'and',
      () => exp.bit.and(undefined, I(0), I(8), exp.blobVal(Buffer.from([1])), blob),
      '957f0641950600 08a2040100',
    ],
    ['not', () => exp.bit.not(4, I(0), I(8), blob), '957f064194070008 04'],
    ['lshift', () => exp.bit.lshift(undefined, I(0), I(8), I(3), blob), '957f06419508000803 00'],
    ['rshift', () => exp.bit.rshift(undefined, I(0), I(8), I(3), blob), '957f06419509000803 00'],
    ['add', () => exp.bit.add(undefined, I(0), I(8), I(1), true, 2, blob), '957f0641960a00080100 03'],
    [
      'subtract',
      () => exp.bit.subtract(undefined, I(0), I(8), I(1), false, 4, blob),
      '957f0641960b00080100 04',
    ],
    ['setInt', () => exp.bit.setInt(undefined, I(0), I(8), I(7), blob), '957f0641950c00080700'],
    ['get', () => exp.bit.get(I(4), I(8), blob), '957f0601933204 08'],
    ['count', () => exp.bit.count(I(0), I(32), blob), '957f020193330020'],
    ['lscan', () => exp.bit.lscan(I(8), I(24), exp.boolVal(true), blob), '957f0201943408 18c3'],
    ['rscan', () => exp.bit.rscan(I(0), I(32), exp.boolVal(false), blob), '957f020194350020c2'],
    ['getInt', () => exp.bit.getInt(I(0), I(8), true, blob), '957f0201943600 0801'],
    ['getInt unsigned', () => exp.bit.getInt(I(0), I(8), false, blob), '957f02019336000 8'],
  ])('%s', (_name, build, payload) => {
    const e = build()
    expect(hex(e)).toBe(`${payload.replace(/ /g, '')}935106a162`)
  })

  it('modify ops are blobs, get a blob, the other reads integers', () => {
    expect(exp.bit.not(undefined, I(0), I(8), blob).valueType).toBe(exp.EXP_TYPE_BLOB)
    expect(exp.bit.get(I(0), I(8), blob).valueType).toBe(exp.EXP_TYPE_BLOB)
    expect(exp.bit.count(I(0), I(8), blob).valueType).toBe(exp.EXP_TYPE_INT)
  })

  it.each([
    ['a string bin', () => exp.bit.count(I(0), I(8), exp.stringBin('b'))],
    ['a float offset', () => exp.bit.count(exp.floatVal(0), I(8), blob)],
    [
      'a number instead of an expression',
      () => exp.bit.count(0 as unknown as aerospike.Expression, I(8), blob),
    ],
    ['an integer as bytes', () => exp.bit.set(undefined, I(0), I(8), I(1), blob)],
    ['an integer scan value', () => exp.bit.lscan(I(0), I(8), I(1), blob)],
    ['a negative policy', () => exp.bit.not(-1, I(0), I(8), blob)],
    ['a fractional action', () => exp.bit.add(undefined, I(0), I(8), I(1), false, 0.5, blob)],
  ])('refuses %s', (_name, build) => {
    expect(build).toThrow(aerospike.InvalidArgError)
  })
})

describe('nil operands', () => {
  it('modify ops accept nil (they create the value), read ops do not', () => {
    expect(hex(exp.bit.resize(undefined, I(1), 0, exp.nil()))).toBe('957f06419400010000c0')
    expect(hex(exp.hll.init(undefined, I(8), undefined, exp.nil()))).toBe('957f0942940008ff00c0')
    expect(() => exp.bit.count(I(0), I(8), exp.nil())).toThrow(aerospike.InvalidArgError)
    expect(() => exp.hll.getCount(exp.nil())).toThrow(aerospike.InvalidArgError)
  })
})

describe('exp.hll wire forms', () => {
  const list = exp.listVal(['a'])
  it.each([
    ['init', () => exp.hll.init(undefined, I(8), undefined, hll), '957f094294000 8ff00'],
    ['init with min-hash bits', () => exp.hll.init({ flags: 1 }, I(8), I(4), hll), '957f09429400080401'],
    ['add', () => exp.hll.add(undefined, list, I(8), undefined, hll), '957f0942950192 7e91a20361 08ff00'],
    [
      'add to an existing HLL',
      () => exp.hll.add({ flags: 4 }, list, undefined, undefined, hll),
      '957f09429501927e91a20361ffff04',
    ],
    ['getCount', () => exp.hll.getCount(hll), '957f02029132'],
    ['getUnion', () => exp.hll.getUnion(exp.listVal([]), hll), '957f0902923392 7e90'],
    ['getUnionCount', () => exp.hll.getUnionCount(exp.listVal([]), hll), '957f020292 34927e90'],
    ['getIntersectCount', () => exp.hll.getIntersectCount(exp.listVal([]), hll), '957f020292 35927e90'],
    ['getSimilarity', () => exp.hll.getSimilarity(exp.listVal([]), hll), '957f070292 36927e90'],
    ['describe', () => exp.hll.describe(hll), '957f04029137'],
    ['mayContain', () => exp.hll.mayContain(list, hll), '957f02029238927e91a20361'],
  ])('%s', (_name, build, payload) => {
    expect(hex(build())).toBe(`${payload.replace(/ /g, '')}935109a168`)
  })

  it.each([
    ['a blob bin', () => exp.hll.getCount(exp.blobBin('h'))],
    ['a non-list list', () => exp.hll.mayContain(I(1), hll)],
    ['string policy flags', () => exp.hll.init({ flags: 'x' as unknown as number }, I(8), undefined, hll)],
    ['float index bits', () => exp.hll.init(undefined, exp.floatVal(8), undefined, hll)],
  ])('refuses %s', (_name, build) => {
    expect(build).toThrow(aerospike.InvalidArgError)
  })
})
