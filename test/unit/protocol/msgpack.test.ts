import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { EncodeError, ParseError } from '../../../src/protocol/codec-errors.js'
import {
  arrayHeaderSize,
  decodePrefixed,
  intSize,
  isInt64Number,
  kindOf,
  MAX_NESTING,
  MsgpackExt,
  MsgpackKind,
  MsgpackReader,
  mapHeaderSize,
  OrderedList,
  OrderedMap,
  type Packable,
  pack,
  packedSize,
  packToBuffer,
  RawMsgpack,
  RawString,
  setOwn,
  strHeaderSize,
  unpack,
  writeArrayHeader,
  writeInt,
  writeMapHeader,
  writeStrHeader,
} from '../../../src/protocol/msgpack.js'
import {
  type AerospikeValue,
  Double,
  GeoJSON,
  HLL,
  INFINITY,
  WILDCARD,
} from '../../../src/protocol/values.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')
const packed = (v: Packable): string => packToBuffer(v).toString('hex')
const reader = (s: string): MsgpackReader => new MsgpackReader(hex(s))

describe('integers', () => {
  // [value, compact encoding] at every boundary of every width.
  const cases: Array<[number | bigint, string]> = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, 'cc80'],
    [255, 'ccff'],
    [256, 'cd0100'],
    [65535, 'cdffff'],
    [65536, 'ce00010000'],
    [0xffffffff, 'ceffffffff'],
    [0x100000000, 'cf0000000100000000'],
    [Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
    [2n ** 53n, 'cf0020000000000000'],
    [2n ** 63n - 1n, 'cf7fffffffffffffff'],
    [2n ** 64n - 1n, 'cfffffffffffffffff'],
    [-1, 'ff'],
    [-32, 'e0'],
    [-33, 'd0df'],
    [-128, 'd080'],
    [-129, 'd1ff7f'],
    [-32768, 'd18000'],
    [-32769, 'd2ffff7fff'],
    [-(2 ** 31), 'd280000000'],
    [-(2 ** 31) - 1, 'd3ffffffff7fffffff'],
    [Number.MIN_SAFE_INTEGER, 'd3ffe0000000000001'],
    [-(2n ** 53n), 'd3ffe0000000000000'],
    [-(2n ** 63n), 'd38000000000000000'],
  ]

  it('are written in the smallest (compact) form, from numbers and bigints alike', () => {
    for (const [v, bytes] of cases) {
      expect(packed(v), String(v)).toBe(bytes)
      expect(intSize(v)).toBe(bytes.length / 2)
      const big = typeof v === 'bigint' ? v : BigInt(v)
      expect(packed(big), `${v}n`).toBe(bytes)
    }
  })

  it('read back exactly: numbers when safe, bigints otherwise', () => {
    for (const [v, bytes] of cases) {
      const expected = typeof v === 'bigint' && v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v
      expect(unpack(hex(bytes)), bytes).toBe(expected)
      expect(reader(bytes).readBigInt()).toBe(BigInt(v))
    }
  })

  it('reads the non-compact signed and unsigned forms too', () => {
    expect(unpack(hex('d001'))).toBe(1)
    expect(unpack(hex('d10001'))).toBe(1)
    expect(unpack(hex('d200000001'))).toBe(1)
    expect(unpack(hex('d30000000000000001'))).toBe(1)
    expect(unpack(hex('cc01'))).toBe(1)
    expect(unpack(hex('cf0000000000000001'))).toBe(1)
  })

  it('writes integral numbers inside int64 as integers and the rest as floats', () => {
    expect(isInt64Number(2 ** 60)).toBe(true)
    expect(packed(2 ** 60)).toBe('cf1000000000000000')
    expect(packed(-(2 ** 63))).toBe('d38000000000000000')
    expect(isInt64Number(2 ** 63)).toBe(false)
    expect(packed(2 ** 63)).toBe('cb43e0000000000000')
    expect(packed(-0)).toBe('00')
    expect(isInt64Number(0.5)).toBe(false)
    expect(isInt64Number(Number.NaN)).toBe(false)
  })

  it('refuses bigints beyond 64 bits', () => {
    expect(() => packToBuffer(2n ** 64n)).toThrow(EncodeError)
    expect(() => packToBuffer(-(2n ** 63n) - 1n)).toThrow(EncodeError)
    expect(() => writeInt(ByteWriter.alloc(9), 2n ** 64n)).toThrow(EncodeError)
    expect(() => writeInt(ByteWriter.alloc(9), -(2n ** 63n) - 1n)).toThrow(EncodeError)
  })
})

describe('floats, nil and booleans', () => {
  it('writes float64 always and reads float32 and float64', () => {
    expect(packed(1.5)).toBe('cb3ff8000000000000')
    expect(packed(new Double(1))).toBe('cb3ff0000000000000')
    expect(packed(Number.NaN)).toBe('cb7ff8000000000000')
    expect(unpack(hex('cb3ff8000000000000'))).toBe(1.5)
    expect(unpack(hex('ca3fc00000'))).toBe(1.5)
    expect(packed(null)).toBe('c0')
    expect(packed(true)).toBe('c3')
    expect(packed(false)).toBe('c2')
    expect(unpack(hex('c0'))).toBeNull()
    expect(unpack(hex('c3'))).toBe(true)
    expect(unpack(hex('c2'))).toBe(false)
  })
})

describe('strings, blobs, GeoJSON and HLL', () => {
  it('carry a particle-type byte inside the str payload, counted in its length', () => {
    expect(packed('x')).toBe('a20378')
    expect(packed('')).toBe('a103')
    expect(packed(hex('0102'))).toBe('a3040102')
    expect(packed(Uint8Array.from([9]))).toBe('a20409')
    expect(packed(new GeoJSON('{}'))).toBe('a3177b7d')
    expect(packed(new HLL(hex('aa')))).toBe('a212aa')
  })

  it('switch header at every str width boundary (the prefix byte included)', () => {
    const lengths: Array<[number, string]> = [
      [30, 'bf'],
      [31, 'd920'],
      [254, 'd9ff'],
      [255, 'da0100'],
      [65534, 'daffff'],
      [65535, 'db00010000'],
    ]
    for (const [n, header] of lengths) {
      const s = 'a'.repeat(n)
      const bytes = packToBuffer(s)
      expect(bytes.subarray(0, header.length / 2).toString('hex'), `${n}`).toBe(header)
      expect(bytes[header.length / 2]).toBe(3)
      expect(bytes.length).toBe(packedSize(s))
      expect(unpack(bytes)).toBe(s)
      expect(strHeaderSize(n + 1)).toBe(header.length / 2)
    }
  })

  it('decode by their prefix from the str and the bin families', () => {
    expect(unpack(hex('a30368 69'))).toBe('hi')
    expect(unpack(hex('c403 04 0102'))).toEqual(hex('0102'))
    expect(unpack(hex('c50003 03 6869'))).toBe('hi')
    expect(unpack(hex('c600000002 04 ff'))).toEqual(hex('ff'))
    expect(unpack(hex('d9 03 03 6869'))).toBe('hi')
    expect(unpack(hex('a3177b7d'))).toEqual(new GeoJSON('{}'))
    expect(unpack(hex('a212aa'))).toEqual(new HLL(hex('aa')))
    expect(unpack(hex('a3070102'))).toEqual(hex('0102'))
    expect(unpack(hex('a0'))).toBe('')
    expect(decodePrefixed(hex('036869'))).toBe('hi')
    expect(unpack(hex('a603c3a96cc3a9'))).toBe('\u00e9l\u00e9')
  })

  it('RawString is written without a prefix (bin names, variables, regexes)', () => {
    expect(packed(new RawString('bin'))).toBe('a362696e')
    expect(reader('a362696e').readRawString()).toBe('bin')
  })
})

describe('lists and maps', () => {
  it('write array and map headers of every width', () => {
    for (const [n, header] of [
      [15, '9f'],
      [16, 'dc0010'],
      [65535, 'dcffff'],
      [65536, 'dd00010000'],
    ] as const) {
      const w = ByteWriter.alloc(5)
      writeArrayHeader(w, n)
      expect(w.buf.subarray(0, w.pos).toString('hex')).toBe(header)
      expect(arrayHeaderSize(n)).toBe(header.length / 2)
    }
    for (const [n, header] of [
      [15, '8f'],
      [16, 'de0010'],
      [65536, 'df00010000'],
    ] as const) {
      const w = ByteWriter.alloc(5)
      writeMapHeader(w, n)
      expect(w.buf.subarray(0, w.pos).toString('hex')).toBe(header)
      expect(mapHeaderSize(n)).toBe(header.length / 2)
    }
    const w = ByteWriter.alloc(3)
    writeStrHeader(w, 65535)
    expect(w.buf.toString('hex')).toBe('daffff')
  })

  it('round-trip large lists and maps', () => {
    const list = Array.from({ length: 70000 }, (_, i) => i % 3)
    expect(packToBuffer(list).subarray(0, 5).toString('hex')).toBe('dd00011170')
    expect(unpack(packToBuffer(list))).toEqual(list)
    const obj: Record<string, number> = {}
    for (let i = 0; i < 20; i++) obj[`k${i}`] = i
    expect(packToBuffer(obj)[0]).toBe(0xde)
    expect(unpack(packToBuffer(obj))).toEqual(obj)
  })

  it('decode maps to a plain object when every key is a string, else to a Map', () => {
    expect(unpack(hex('82 a20361 01 a20362 02'))).toEqual({ a: 1, b: 2 })
    const mixed = unpack(hex('82 01 a4036f6e65 a20361 02')) as Map<AerospikeValue, AerospikeValue>
    expect(mixed).toBeInstanceOf(Map)
    expect([...mixed]).toEqual([
      [1, 'one'],
      ['a', 2],
    ])
    const blobKeys = unpack(hex('81 a3040102 c3')) as Map<AerospikeValue, AerospikeValue>
    expect([...blobKeys]).toEqual([[hex('0102'), true]])
    expect(unpack(hex('80'))).toEqual({})
  })

  it('write objects in JavaScript property order and Maps in insertion order', () => {
    expect(packed({ b: 1, 2: 2, a: 3 })).toBe('83 a20332 02 a20362 01 a20361 03'.replace(/ /g, ''))
    expect(
      packed(
        new Map<AerospikeValue, AerospikeValue>([
          ['b', 1],
          [2, 2],
        ]),
      ),
    ).toBe('82a203620102 02'.replace(/ /g, ''))
  })

  it('keep the server’s entry order when decoding', () => {
    const m = unpack(hex('82 02 a20362 01 a20361')) as Map<AerospikeValue, AerospikeValue>
    expect([...m.keys()]).toEqual([2, 1])
    expect(Object.keys(unpack(hex('82 a20362 01 a20361 02')) as object)).toEqual(['b', 'a'])
  })

  it('treat a "__proto__" key as an ordinary own property, both ways', () => {
    const decoded = unpack(hex('82 aa035f5f70726f746f5f5f 01 a20378 02')) as Record<string, AerospikeValue>
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true)
    expect(Object.keys(decoded)).toEqual(['__proto__', 'x'])
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toBe(1)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect(packToBuffer(decoded)).toEqual(hex('82 aa035f5f70726f746f5f5f 01 a20378 02'))
    expect(packToBuffer(JSON.parse('{"__proto__": 1, "x": 2}'))).toEqual(
      hex('82 aa035f5f70726f746f5f5f 01 a20378 02'),
    )
    const target: Record<string, number> = {}
    setOwn(target, '__proto__', 5)
    setOwn(target, 'y', 6)
    expect(Object.entries(target)).toEqual([
      ['__proto__', 5],
      ['y', 6],
    ])
    expect(() => packToBuffer({ __proto__: { a: 1 } } as unknown as Packable)).toThrow(EncodeError)
  })
})

describe('order headers and CDT specials', () => {
  it('write the key-ordered map example of protocol.md and an ordered list', () => {
    expect(packed(new OrderedMap([['a', 1]], 1))).toBe('82c70001c0a2036101')
    expect(packed(new OrderedList([3, 1], 1))).toBe('93c700010301')
    expect(packedSize(new OrderedMap([['a', 1]], 1))).toBe(9)
    expect(packedSize(new OrderedList([3, 1], 1))).toBe(6)
  })

  it('drop order headers when decoding', () => {
    expect(unpack(hex('82c70001c0a2036101'))).toEqual({ a: 1 })
    expect(unpack(hex('93c700010301'))).toEqual([3, 1])
    expect(unpack(hex('83c70001c001a4036f6e6502a40374776f'))).toEqual(
      new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
    )
    expect(unpack(hex('91c70001'))).toEqual([])
  })

  it('write WILDCARD and INFINITY as fixext 0xff and read them back as the same constants', () => {
    expect(packed(WILDCARD)).toBe('d4ff00')
    expect(packed(INFINITY)).toBe('d4ff01')
    expect(packed(['a', WILDCARD])).toBe('92a20361d4ff00')
    expect(unpack(hex('d4ff00'))).toBe(WILDCARD)
    expect(unpack(hex('d4ff01'))).toBe(INFINITY)
    expect(unpack(hex('d4ff02'))).toBeNull()
    expect(unpack(hex('d50a0102'))).toBeNull()
    expect(String(WILDCARD)).toBe('*')
    expect(String(INFINITY)).toBe('inf')
  })

  it('write ext items in every width and raw msgpack verbatim', () => {
    const sizes: Array<[number, string]> = [
      [1, 'd4'],
      [2, 'd5'],
      [4, 'd6'],
      [8, 'd7'],
      [16, 'd8'],
      [0, 'c700'],
      [3, 'c703'],
      [256, 'c80100'],
      [65536, 'c900010000'],
    ]
    for (const [n, header] of sizes) {
      const ext = new MsgpackExt(5, Buffer.alloc(n, 1))
      const bytes = packToBuffer(ext)
      expect(bytes.subarray(0, header.length / 2 + 1).toString('hex')).toBe(`${header}05`)
      expect(bytes.length).toBe(packedSize(ext))
      const back = new MsgpackReader(bytes).readExt()
      expect([back.type, back.data.length]).toEqual([5, n])
    }
    expect(packed([new RawMsgpack(hex('93010203'))])).toBe('9193010203')
  })
})

describe('MsgpackReader primitives', () => {
  it('peek at kinds without consuming', () => {
    const kinds: Array<[string, MsgpackKind]> = [
      ['c0', MsgpackKind.Nil],
      ['c3', MsgpackKind.Bool],
      ['05', MsgpackKind.Int],
      ['e0', MsgpackKind.Int],
      ['cd', MsgpackKind.Int],
      ['cb', MsgpackKind.Float],
      ['a1', MsgpackKind.Str],
      ['d9', MsgpackKind.Str],
      ['c4', MsgpackKind.Bin],
      ['91', MsgpackKind.Array],
      ['dc', MsgpackKind.Array],
      ['81', MsgpackKind.Map],
      ['df', MsgpackKind.Map],
      ['d4', MsgpackKind.Ext],
      ['c9', MsgpackKind.Ext],
    ]
    for (const [b, kind] of kinds) {
      expect(kindOf(Number.parseInt(b, 16)), b).toBe(kind)
      const r = reader(b)
      expect(r.peekKind()).toBe(kind)
      expect(r.pos).toBe(0)
    }
    expect(() => kindOf(0xc1)).toThrow(ParseError)
  })

  it('read each primitive and refuse the wrong kind with ParseError', () => {
    const r = reader('c0 c3 cd0102 cb3ff8000000000000 a3036869 93 c70001 92 01 02')
    expect(r.readNil()).toBeNull()
    expect(r.readBool()).toBe(true)
    expect(r.readInt()).toBe(0x102)
    expect(r.readFloat()).toBe(1.5)
    expect(r.readBytes()).toEqual(hex('036869'))
    expect(r.readArrayHeader()).toBe(3)
    expect(r.peekOrderHeader()).toBe(true)
    expect(r.readExt()).toMatchObject({ type: 1 })
    expect(r.readRaw()).toEqual(hex('920102'))
    expect(r.remaining).toBe(0)
    expect(() => reader('c3').readNil()).toThrow(ParseError)
    expect(() => reader('c0').readBool()).toThrow(ParseError)
    expect(() => reader('c0').readInt()).toThrow(ParseError)
    expect(() => reader('c0').readBigInt()).toThrow(ParseError)
    expect(() => reader('01').readFloat()).toThrow(ParseError)
    expect(() => reader('01').readBytesHeader()).toThrow(ParseError)
    expect(() => reader('01').readArrayHeader()).toThrow(ParseError)
    expect(() => reader('01').readMapHeader()).toThrow(ParseError)
    expect(() => reader('01').readExt()).toThrow(ParseError)
    const failed = reader('c0')
    expect(() => failed.readBool()).toThrow(/expected msgpack bool/)
    expect(failed.pos).toBe(0)
  })

  it('skip whole items of every kind', () => {
    const r = reader('c0 c2 d3ffffffffffffffff ca00000000 a20378 c40100 d4ff00 92 01 91 02 81 a20361 c0')
    for (let i = 0; i < 9; i++) r.skipValue()
    expect(r.remaining).toBe(0)
  })

  it('refuse headers that claim more elements than bytes left, at once', () => {
    expect(() => unpack(hex('dfffffffff'))).toThrow(/map of 4294967295 pairs/)
    expect(() => unpack(hex('ddffffffff'))).toThrow(/array of 4294967295 elements/)
    expect(() => reader('df80000000 00').skipValue()).toThrow(ParseError)
    expect(() => unpack(hex('dbffffffff 03'))).toThrow(ParseError)
    expect(() => unpack(hex('c9ffffffff 01'))).toThrow(ParseError)
  })

  it('refuse nesting deeper than the limit, and trailing bytes', () => {
    const deep = Buffer.concat([Buffer.alloc(MAX_NESTING + 2, 0x91), Buffer.from([0x01])])
    expect(() => unpack(deep)).toThrow(/nested deeper/)
    expect(() => new MsgpackReader(deep).skipValue()).toThrow(/nested deeper/)
    const ok = Buffer.concat([Buffer.alloc(MAX_NESTING, 0x91), Buffer.from([0x01])])
    expect(() => unpack(ok)).not.toThrow()
    expect(() => unpack(hex('01 02'))).toThrow(/trailing/)
    expect(() => unpack(hex(''))).toThrow(ParseError)
    expect(() => unpack(hex('c1'))).toThrow(ParseError)
    let nested: Packable = 1
    for (let i = 0; i <= MAX_NESTING + 1; i++) nested = [nested]
    expect(() => packedSize(nested)).toThrow(EncodeError)
  })

  it('refuse unsupported values on write', () => {
    for (const v of [
      undefined,
      () => 1,
      Symbol('s'),
      new Date(0),
      new Float64Array(1),
    ] as unknown as Packable[]) {
      expect(() => packedSize(v)).toThrow(EncodeError)
      expect(() => pack(ByteWriter.alloc(16), v)).toThrow(EncodeError)
    }
    expect(() => packToBuffer([1, undefined])).toThrow(EncodeError)
  })
})

describe('round trips (property)', () => {
  const key = fc.oneof(fc.string(), fc.integer())
  const value: fc.Arbitrary<AerospikeValue> = fc.letrec<{ v: AerospikeValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
      fc.string(),
      fc.uint8Array().map((a) => Buffer.from(a)),
      fc.array(tie('v'), { maxLength: 5 }),
      fc.dictionary(fc.string(), tie('v'), { maxKeys: 5 }),
      fc
        .array(fc.tuple(key, tie('v')), { maxLength: 5 })
        .map((entries) => new Map<AerospikeValue, AerospikeValue>(entries)),
    ),
  })).v

  /** What a value reads back as: safe bigints become numbers, Maps with only string keys become objects. */
  function normalised(v: AerospikeValue): AerospikeValue {
    if (typeof v === 'bigint') return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v
    if (Array.isArray(v)) return v.map(normalised)
    if (v instanceof Map) {
      const entries = [...v].map(([k, x]) => [normalised(k), normalised(x)] as const)
      if (entries.every(([k]) => typeof k === 'string')) {
        const obj: Record<string, AerospikeValue> = {}
        for (const [k, x] of entries) setOwn(obj, k as string, x)
        return obj
      }
      return new Map(entries)
    }
    if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const obj: Record<string, AerospikeValue> = {}
      for (const [k, x] of Object.entries(v)) setOwn(obj, k, normalised(x as AerospikeValue))
      return obj
    }
    return v
  }

  it('packedSize is exact and unpack(pack(v)) gives v back', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = packToBuffer(v)
        expect(bytes.length).toBe(packedSize(v))
        expect(unpack(bytes)).toEqual(normalised(v))
        const r = new MsgpackReader(bytes)
        r.skipValue()
        expect(r.remaining).toBe(0)
      }),
      { seed: 42, numRuns: 500 },
    )
  })
})
