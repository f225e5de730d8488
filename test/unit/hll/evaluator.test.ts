import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packToBuffer, RawMsgpack } from '../../../src/protocol/msgpack.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { HLL } from '../../../src/protocol/values.js'
import { HllError } from '../../../src/server/hll/hll-error.js'
import { hllModify } from '../../../src/server/hll/hll-modify.js'
import { hllRead } from '../../../src/server/hll/hll-read.js'
import { murmur3x64 } from '../../../src/server/hll/murmur3.js'
import type { Particle } from '../../../src/server/particle.js'

// The HLL evaluator beyond the golden table: the hash, element forms, policy
// flags, bit-count rules, estimator accuracy and malformed payloads.

type Packed = Parameters<typeof packToBuffer>[0]
const pk = (...payload: Packed[]) => packToBuffer(payload)
function code(f: () => unknown): number {
  try {
    f()
  } catch (e) {
    if (e instanceof HllError) return e.resultCode
    throw e
  }
  return 0
}
/** Runs modify ops in turn on one bin; returns the bin. */
function build(...payloads: Buffer[]): Particle {
  let bin: Particle | undefined
  for (const p of payloads) bin = hllModify(bin, p).updated ?? bin
  return bin!
}
const count = (bin: Particle) => hllRead(bin, pk(50)).data.readBigInt64BE(0)
const intOf = (p: Particle | undefined) => p!.data.readBigInt64BE(0)
const words = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + from}`)
const asHll = (p: Particle) => new HLL(p.data)

describe('MurmurHash3 x64 128', () => {
  it('matches the published vectors', () => {
    expect(murmur3x64(Buffer.alloc(0))).toEqual([0n, 0n])
    expect(murmur3x64(Buffer.from('The quick brown fox jumps over the lazy dog'))).toEqual([
      0xe34bbc7bbc071b6cn,
      0x7a433ca9c49a9347n,
    ])
  })
})

describe('HLL elements', () => {
  const addRaw = (element: string) =>
    hllModify(undefined, pk(1, new RawMsgpack(Buffer.from(`91${element}`, 'hex')), 8, -1, 0)).updated!.data

  it('hashes every msgpack form of a value as its compact form', () => {
    expect(addRaw('cc05')).toEqual(addRaw('05'))
    expect(addRaw('d005')).toEqual(addRaw('05'))
    expect(addRaw('d3ffffffffffffffff')).toEqual(addRaw('ff'))
    expect(addRaw('cd00ff')).toEqual(addRaw('ccff'))
    expect(addRaw('d9020361')).toEqual(addRaw('a20361'))
    expect(addRaw('c4020361')).toEqual(addRaw('a20361'))
    expect(addRaw('c5000404616263')).toEqual(addRaw('a404616263'))
    expect(addRaw('c70100ab')).toEqual(addRaw('d400ab'))
  })

  it('keeps a bin-family item that no smaller header could hold as it is', () => {
    const long = `04${'ab'.repeat(39)}`
    expect(addRaw(`c428${long}`)).not.toEqual(addRaw(`d928${long}`))
  })

  it('refuses list and map elements, an empty list and malformed msgpack with 4', () => {
    expect(code(() => hllModify(undefined, pk(1, [[1]], 8, -1, 0)))).toBe(4)
    expect(code(() => hllModify(undefined, pk(1, [new Map([[1, 2]])], 8, -1, 0)))).toBe(4)
    expect(code(() => hllModify(undefined, pk(1, [], 8, -1, 0)))).toBe(4)
    expect(code(() => hllModify(undefined, pk(1, 'a', 8, -1, 0)))).toBe(4)
    expect(code(() => hllModify(undefined, Buffer.from('9501910c', 'hex')))).toBe(4)
  })
})

describe('HLL modify rules', () => {
  const h8 = build(pk(1, words('w', 20), 8, -1, 0))

  it('init keeps the bin bit counts it is not given, and refuses a pair over 64 bits with 26', () => {
    const mh = build(pk(0, 10, 20, 0))
    expect(hllRead(build(pk(0, 10, 20, 0), pk(0, 12, -1, 0)), pk(55)).data).toEqual(
      Buffer.from([0x92, 12, 20]),
    )
    expect(hllRead(hllModify(mh, pk(0, -1, -1, 0)).updated!, pk(55)).data).toEqual(
      Buffer.from([0x92, 10, 20]),
    )
    expect(code(() => hllModify(mh, pk(0, 16, -1, 0)).updated)).toBe(0)
    expect(code(() => hllModify(build(pk(0, 16, 48, 0)), pk(0, -1, 49, 0)))).toBe(26)
    expect(code(() => hllModify(undefined, pk(0, 16, 49, 0)))).toBe(4)
    expect(code(() => hllModify(undefined, pk(0, -1, 4, 0)))).toBe(26)
    expect(code(() => hllModify(undefined, pk(0)))).toBe(26)
  })

  it('UPDATE_ONLY on a missing bin answers 17, or does nothing with NO_FAIL', () => {
    expect(code(() => hllModify(undefined, pk(0, 8, -1, 2)))).toBe(17)
    expect(hllModify(undefined, pk(0, 8, -1, 2 | 4))).toEqual({})
    expect(code(() => hllModify(undefined, pk(1, ['a'], 8, -1, 2)))).toBe(4)
  })

  it('refreshCount and fold need the bin (17)', () => {
    expect(code(() => hllModify(undefined, pk(3)))).toBe(17)
    expect(code(() => hllModify(undefined, pk(4, 6)))).toBe(17)
  })

  it('fold keeps the count close and refuses more index bits (26)', () => {
    const folded = hllModify(h8, pk(4, 5)).updated!
    expect(hllRead(folded, pk(55)).data).toEqual(Buffer.from([0x92, 5, 0]))
    expect(Number(count(folded))).toBeGreaterThan(14)
    expect(hllModify(h8, pk(4, 8)).updated!.data).toEqual(h8.data)
    expect(code(() => hllModify(h8, pk(4, 9)))).toBe(26)
  })

  it('setUnion refuses to drop index or min-hash bits without ALLOW_FOLD (26), and folds with it', () => {
    const h6 = build(pk(1, words('x', 5), 6, -1, 0))
    const mh = build(pk(1, words('y', 5), 8, 4, 0))
    expect(code(() => hllModify(h8, pk(2, [asHll(h6)], 0)))).toBe(26)
    expect(code(() => hllModify(mh, pk(2, [asHll(h8)], 0)))).toBe(26)
    const merged = hllModify(h8, pk(2, [asHll(h6)], 8)).updated!
    expect(hllRead(merged, pk(55)).data).toEqual(Buffer.from([0x92, 6, 0]))
    expect(hllRead(hllModify(mh, pk(2, [asHll(h8)], 8)).updated!, pk(55)).data).toEqual(
      Buffer.from([0x92, 8, 0]),
    )
    expect(code(() => hllModify(h8, pk(2, [asHll(h8)], 1)))).toBe(6)
  })

  it('add answers the number of registers it raised, and clears the count cache', () => {
    const refreshed = hllModify(h8, pk(3))
    expect(intOf(refreshed.result)).toBe(count(h8))
    expect(refreshed.updated!.data.readBigUInt64LE(3)).toBe(count(h8))
    const added = hllModify(refreshed.updated!, pk(1, ['new-1', 'new-2'], -1, -1, 0))
    expect(added.updated!.data.readBigUInt64LE(3)).toBe(intOf(added.result) > 0n ? 0n : count(h8))
  })

  it('a stored count cache is what getCount answers', () => {
    const data = Buffer.from(h8.data)
    data.writeBigUInt64LE(12345n, 3)
    expect(count({ type: ParticleType.HLL, data })).toBe(12345n)
  })
})

describe('HLL bins and arguments', () => {
  it('a bin of another type answers 12, a corrupt HLL bin 1', () => {
    const str = { type: ParticleType.STRING, data: Buffer.from('x') }
    expect(code(() => hllRead(str, pk(50)))).toBe(12)
    expect(code(() => hllModify(str, pk(0, 8, -1, 0)))).toBe(12)
    const corrupt = { type: ParticleType.HLL, data: Buffer.from('000800', 'hex') }
    expect(code(() => hllRead(corrupt, pk(50)))).toBe(1)
  })

  it('HLL arguments with bad flags, bit counts or sizes answer 4', () => {
    const h = build(pk(0, 8, -1, 0))
    const good = Buffer.from(h.data)
    const bad = (hll: Buffer) => code(() => hllRead(h, pk(52, [new HLL(hll)])))
    const withByte = (i: number, v: number) => {
      const b = Buffer.from(good)
      b[i] = v
      return b
    }
    expect(bad(good)).toBe(0)
    expect(bad(withByte(0, 1))).toBe(4)
    expect(bad(withByte(1, 3))).toBe(4)
    expect(bad(withByte(2, 3))).toBe(4)
    expect(bad(good.subarray(1))).toBe(4)
    expect(bad(good.subarray(0, 11))).toBe(4)
    expect(code(() => hllRead(h, pk(52, [])))).toBe(4)
    expect(code(() => hllRead(h, pk(52, new HLL(good))))).toBe(0)
  })

  it('intersecting more than 2 HLLs needs equal non-zero min-hash bits everywhere', () => {
    const plain = build(pk(1, ['a'], 8, -1, 0))
    const mh = build(pk(1, ['a'], 8, 6, 0))
    expect(code(() => hllRead(plain, pk(53, [asHll(plain), asHll(plain), asHll(plain)])))).toBe(4)
    expect(code(() => hllRead(plain, pk(53, [asHll(mh), asHll(mh), asHll(mh)])))).toBe(26)
    expect(code(() => hllRead(mh, pk(54, [asHll(mh), asHll(mh), asHll(mh)])))).toBe(0)
    expect(code(() => hllRead(plain, pk(53, [asHll(plain), asHll(plain)])))).toBe(0)
  })

  it('answers a result or an HllError for any mutation of a valid payload', () => {
    const bin = build(pk(1, words('m', 10), 6, 4, 0))
    const seeds = [
      pk(1, ['a', 7, 1.5], 8, 4, 0),
      pk(2, [asHll(bin)], 8),
      pk(54, [asHll(bin)]),
      pk(56, ['a']),
      pk(0, 6, 4, 0),
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.boolean(),
        (seed, edits, modify) => {
          const payload = Buffer.from(seed)
          for (const [at, v] of edits) payload[at % payload.length] = v
          const outcome = code(() => (modify ? hllModify(bin, payload) : hllRead(bin, payload)))
          expect([0, 4, 6, 17, 26]).toContain(outcome)
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('HLL estimates', () => {
  it('counts 20,000 distinct values within 2% with 14 index bits', () => {
    const bin = build(pk(1, words('v', 20000), 14, -1, 0))
    expect(Math.abs(Number(count(bin)) - 20000) / 20000).toBeLessThan(0.02)
  })

  it('estimates unions, intersections and similarity of overlapping sets', () => {
    for (const minhash of [-1, 16]) {
      const a = build(pk(1, words('s', 4000), 12, minhash, 0))
      const b = build(pk(1, words('s', 4000, 2000), 12, minhash, 0))
      const union = Number(intOf(hllRead(a, pk(52, [asHll(b)]))))
      const inter = Number(intOf(hllRead(a, pk(53, [asHll(b)]))))
      const sim = hllRead(a, pk(54, [asHll(b)])).data.readDoubleBE(0)
      expect(Math.abs(union - 6000) / 6000).toBeLessThan(0.05)
      expect(Math.abs(inter - 2000) / 2000).toBeLessThan(minhash < 0 ? 0.3 : 0.1)
      expect(Math.abs(sim - 1 / 3)).toBeLessThan(minhash < 0 ? 0.1 : 0.04)
    }
  })

  it('mayContain answers 1 for added values and mostly 0 for others', () => {
    const bin = build(pk(1, words('k', 50), 12, 8, 0))
    expect(intOf(hllRead(bin, pk(56, words('k', 50))))).toBe(1n)
    const misses = words('other', 50).filter((w) => intOf(hllRead(bin, pk(56, [w]))) === 0n)
    expect(misses.length).toBeGreaterThan(40)
  })

  it('similarity of empty min-hash sketches is NaN, of an empty and a full one 0', () => {
    const empty = build(pk(0, 8, 4, 0))
    const full = build(pk(1, ['a', 'b'], 8, 4, 0))
    expect(Number.isNaN(hllRead(empty, pk(54, [asHll(empty)])).data.readDoubleBE(0))).toBe(true)
    expect(hllRead(full, pk(54, [asHll(empty)])).data.readDoubleBE(0)).toBe(0)
    expect(intOf(hllRead(full, pk(53, [asHll(empty)])))).toBe(0n)
  })
})
