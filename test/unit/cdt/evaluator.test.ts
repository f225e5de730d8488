// The CDT evaluator beyond the golden table: payload forms, argument checking, storage rules, contexts.
import { describe, expect, it } from 'vitest'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { applyCdtOp, CdtError } from '../../../src/server/cdt/index.js'
import {
  type Particle,
  particleToSValue,
  sValueToParticle,
  toStoredParticle,
} from '../../../src/server/particle.js'
import { encodeSValue, SBytes, SList, SMap, SSpecial, type SValue } from '../../../src/server/value.js'
import { fromGolden, toGolden } from './golden-values.js'

const list = (...items: SValue[]) => new SList(items)
const str = (s: string) => SBytes.str(s)
const op = (...parts: SValue[]) => encodeSValue(new SList(parts))

function bin(golden: unknown): Particle {
  return sValueToParticle(fromGolden(golden))
}

function run(current: Particle | undefined, payload: Buffer, modify: boolean) {
  const out = applyCdtOp(current, payload, modify)
  return {
    result: out.result && toGolden(particleToSValue(out.result)),
    updated: out.updated && toGolden(particleToSValue(out.updated)),
  }
}

function code(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    if (e instanceof CdtError) return e.resultCode
    throw e
  }
  return 0
}

describe('payload forms', () => {
  it('accepts the legacy form: u16 op code, then an optional argument array', () => {
    const size = Buffer.from([0x00, 16])
    expect(run(bin([1, 2, 3]), size, false).result).toBe(3)
    const append = Buffer.concat([Buffer.from([0x00, 1]), encodeSValue(list(9n))])
    expect(run(bin([1]), append, true)).toEqual({ result: 2, updated: [1, 9] })
  })

  it('answers PARAMETER for an unknown op, a wrong op type, or bad arguments', () => {
    const l = bin([1, 2])
    expect(code(() => applyCdtOp(l, op(14n), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(1n, 5n), false))).toBe(4)
    expect(code(() => applyCdtOp(l, op(16n), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(17n), false))).toBe(4)
    expect(code(() => applyCdtOp(l, op(17n, 0n, 1n), false))).toBe(4)
    expect(code(() => applyCdtOp(l, op(17n, str('x')), false))).toBe(4)
    expect(code(() => applyCdtOp(l, Buffer.from([0x91]), false))).toBe(4)
    expect(code(() => applyCdtOp(l, Buffer.from([0x90]), false))).toBe(4)
  })

  it('answers INCOMPATIBLE_TYPE for a list op on a map bin and a map op on a list bin', () => {
    expect(code(() => applyCdtOp(bin({ $map: [['a', 1]] }), op(16n), false))).toBe(12)
    expect(code(() => applyCdtOp(bin([1]), op(96n), false))).toBe(12)
    expect(code(() => applyCdtOp(sValueToParticle(5n), op(1n, 1n), true))).toBe(12)
  })
})

describe('missing bins', () => {
  it('returns nothing for a read', () => {
    expect(applyCdtOp(undefined, op(16n), false)).toEqual({})
  })

  it('leaves the bin missing for a remove, and creates it for an append', () => {
    expect(applyCdtOp(undefined, op(7n, 0n), true)).toEqual({})
    expect(run(undefined, op(1n, 1n), true)).toEqual({ result: 1, updated: [1] })
  })

  it('creates an empty list even when the creating op changes nothing', () => {
    expect(run(undefined, op(2n, list()), true)).toEqual({ result: 0, updated: [] })
  })

  it('answers INCOMPATIBLE_TYPE for a sort', () => {
    expect(code(() => applyCdtOp(undefined, op(13n, 0n), true))).toBe(12)
  })
})

describe('stored values', () => {
  it('stores an unordered map sorted by key', () => {
    const m = new SMap([str('b'), str('a')], [1n, 2n])
    expect(run(bin([]), op(1n, m), true).updated).toEqual([
      {
        $map: [
          ['a', 2],
          ['b', 1],
        ],
      },
    ])
  })

  it('refuses duplicate keys, bad key types, unsorted ordered values and WILDCARD', () => {
    const l = bin([])
    expect(code(() => applyCdtOp(l, op(1n, new SMap([str('a'), str('a')], [1n, 2n])), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(1n, new SMap([1.5], [1n])), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(1n, new SMap([str('b'), str('a')], [1n, 2n], 1)), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(1n, new SList([2n, 1n], 1)), true))).toBe(4)
    expect(code(() => applyCdtOp(l, op(1n, SSpecial.WILDCARD), true))).toBe(4)
  })

  it('drops the persisted-index flag', () => {
    expect(run(undefined, op(0n, 0x11n), true).updated).toEqual({ $list: [], $listFlags: 1 })
    expect(run(undefined, op(64n, 0x11n), true).updated).toEqual({ $map: [], $mapFlags: 1 })
  })
})

describe('value selection', () => {
  it('matches a WILDCARD anywhere as equal: a prefix match on lists', () => {
    const l = bin([
      [1, 'a'],
      [2, 'b'],
      [1, 'c', 3],
    ])
    expect(run(l, op(22n, 7n, list(1n, SSpecial.WILDCARD)), false).result).toEqual([
      [1, 'a'],
      [1, 'c', 3],
    ])
  })

  it('treats INFINITY as above every value', () => {
    const l = bin([1, 'x', [1], 2.5])
    expect(run(l, op(25n, 7n, str(''), SSpecial.INFINITY), false).result).toEqual(['x', [1], 2.5])
  })
})

describe('sort', () => {
  it('sorts descending', () => {
    expect(run(bin([2, 3, 1]), op(13n, 1n), true).updated).toEqual([3, 2, 1])
  })

  it('refuses to drop duplicates of a descending sort', () => {
    expect(code(() => applyCdtOp(bin([2, 3, 1]), op(13n, 3n), true))).toBe(4)
  })
})

describe('contexts', () => {
  const ctx = (...parts: SValue[]) => new SList(parts)
  const withCtx = (c: SList, inner: SList) => encodeSValue(list(0xffn, c, inner))

  it('answers PARAMETER for a context on a bin that is not a list or map', () => {
    expect(code(() => applyCdtOp(sValueToParticle(1n), withCtx(ctx(0x10n, 0n), list(16n)), false))).toBe(4)
  })

  it('answers PARAMETER for an odd or empty context array', () => {
    expect(code(() => applyCdtOp(bin([[1]]), withCtx(ctx(0x10n), list(16n)), false))).toBe(4)
    expect(code(() => applyCdtOp(bin([[1]]), withCtx(ctx(), list(16n)), false))).toBe(4)
  })

  it('needs a create flag to address a missing bin', () => {
    expect(code(() => applyCdtOp(undefined, withCtx(ctx(0x10n, 0n), list(1n, 1n)), true))).toBe(26)
    expect(run(undefined, withCtx(ctx(0x90n, 2n), list(1n, 1n)), true).updated).toEqual([null, null, [1]])
  })

  it('refuses to create through a rank or value step', () => {
    expect(
      code(() => applyCdtOp(bin({ $map: [] }), withCtx(ctx(0x62n, str('k'), 0x11n, 0n), list(1n, 1n)), true)),
    ).toBe(26)
  })

  it('moves a changed element of an ordered list to its sorted place', () => {
    const l = sValueToParticle(new SList([list(1n), list(5n), list(9n)], 1))
    const out = run(l, withCtx(ctx(0x10n, 0n), list(9n, 0n, 7n)), true)
    expect(out.updated).toEqual({ $list: [[5], [7], [9]], $listFlags: 1 })
  })

  it('creates a map level with the order its create flag asks for', () => {
    const out = run(
      bin({ $map: [] }),
      withCtx(ctx(0xa2n, str('a'), 0x62n, str('b')), list(67n, str('k'), 1n)),
      true,
    )
    expect(out.updated).toEqual({ $map: [['a', { $map: [['b', { $map: [['k', 1]] }]] }]] })
    const top = run(undefined, withCtx(ctx(0xa2n, str('a')), list(67n, str('k'), 1n)), true)
    expect(top.updated).toEqual({ $map: [['a', { $map: [['k', 1]] }]], $mapFlags: 1 })
  })
})

describe('results', () => {
  it('returns nothing for a nil element and the blob particle for a blob element', () => {
    const l = sValueToParticle(new SList([null, new SBytes(ParticleType.BLOB, Buffer.from([1, 2]))]))
    expect(applyCdtOp(l, op(17n, 0n), false).result).toBeUndefined()
    expect(applyCdtOp(l, op(17n, 1n), false).result).toEqual({
      type: ParticleType.BLOB,
      data: Buffer.from([1, 2]),
    })
  })
})

describe('toStoredParticle', () => {
  it('sorts a written unordered map and reduces flags to the order bits', () => {
    const written = sValueToParticle(new SMap([str('c'), str('a')], [1n, new SList([], 0x11)]))
    expect(toGolden(particleToSValue(toStoredParticle(written)))).toEqual({
      $map: [
        ['a', { $list: [], $listFlags: 1 }],
        ['c', 1],
      ],
    })
  })

  it('refuses invalid list and map bins with code 1, and passes other particles through', () => {
    const dup = sValueToParticle(new SMap([str('a'), str('a')], [1n, 2n]))
    expect(code(() => toStoredParticle(dup))).toBe(1)
    expect(code(() => toStoredParticle({ type: ParticleType.LIST, data: Buffer.from([0x80]) }))).toBe(1)
    expect(code(() => toStoredParticle({ type: ParticleType.LIST, data: Buffer.from([0x92, 0x01]) }))).toBe(1)
    const int = sValueToParticle(7n)
    expect(toStoredParticle(int)).toBe(int)
  })
})

describe('bounded work', () => {
  it('answers RECORD_TOO_BIG for padding beyond the record size, before allocating it', () => {
    expect(code(() => applyCdtOp(bin([1]), op(3n, 0x7fff_ffffn, 1n), true))).toBe(13)
    expect(code(() => applyCdtOp(bin([1]), op(3n, 2000n, 1n), true, { maxRecordSize: 1000 }))).toBe(13)
    const deepPad = encodeSValue(list(0xffn, list(0x90n, 10n ** 12n), list(1n, 1n)))
    expect(code(() => applyCdtOp(undefined, deepPad, true))).toBe(13)
  })

  it('refuses contexts deeper than the value nesting limit', () => {
    const steps: SValue[] = []
    for (let i = 0; i < 300; i++) steps.push(0x62n, str('k'))
    expect(
      code(() => applyCdtOp(undefined, encodeSValue(list(0xffn, list(...steps), list(1n, 1n))), true)),
    ).toBe(4)
  })

  it('handles large lists and maps in n log n', () => {
    const n = 100_000
    const big = sValueToParticle(new SList(Array.from({ length: n }, (_, i) => BigInt((i * 7919) % n))))
    const ranks = applyCdtOp(big, op(24n, 3n, 0n), false).result!
    expect((particleToSValue(ranks) as SList).items.length).toBe(n)
    const items = new SList(Array.from({ length: n }, (_, i) => BigInt(n + i)))
    const added = run(big, op(2n, items, 0n, 1n), true)
    expect(added.result).toBe(2 * n)
    const m = sValueToParticle(
      new SMap(
        Array.from({ length: n }, (_, i) => BigInt(2 * i)),
        new Array(n).fill(0n),
      ),
    )
    const more = new SMap(
      Array.from({ length: n }, (_, i) => BigInt(2 * i + 1)),
      new Array(n).fill(1n),
    )
    expect(run(m, op(68n, more), true).result).toBe(2 * n)
  })
})
