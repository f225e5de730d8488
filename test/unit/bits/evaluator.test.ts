import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packToBuffer } from '../../../src/protocol/msgpack.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { BitsError } from '../../../src/server/bits/bits-error.js'
import { bitsModify } from '../../../src/server/bits/bits-modify.js'
import { bitsRead } from '../../../src/server/bits/bits-read.js'
import type { Particle } from '../../../src/server/particle.js'

// The bit evaluator beyond the golden table: policy flags, negative offsets,
// integer edge cases, malformed payloads, and a bit-by-bit model.

const LIMITS = { maxBytes: 1024 * 1024 }
const blob = (hex: string): Particle => ({ type: ParticleType.BLOB, data: Buffer.from(hex, 'hex') })
const modify = (bin: Particle | undefined, ...payload: unknown[]) =>
  bitsModify(bin, packToBuffer(payload as never), LIMITS)?.toString('hex')
const read = (bin: Particle, ...payload: unknown[]) => {
  const p = bitsRead(bin, packToBuffer(payload as never))
  return p.type === ParticleType.BLOB ? p.data.toString('hex') : p.data.readBigInt64BE(0)
}
function code(f: () => unknown): number {
  try {
    f()
  } catch (e) {
    if (e instanceof BitsError) return e.resultCode
    throw e
  }
  return 0
}

const B = blob('f00faa55')
const NO_FAIL = 4
const PARTIAL = 8

describe('bit modify policies', () => {
  it('PARTIAL clips a region that runs past the end; NO_FAIL skips it', () => {
    expect(code(() => modify(B, 7, 24, 16, 0))).toBe(26)
    expect(modify(B, 7, 24, 16, PARTIAL)).toBe('f00faaaa')
    expect(modify(B, 7, 24, 16, NO_FAIL)).toBeUndefined()
    expect(modify(B, 4, 24, 16, blob('ffff').data, PARTIAL)).toBe('f00faaff')
    expect(modify(B, 8, 28, 8, 2, PARTIAL)).toBe('f00faa54')
  })

  it('a region that starts past the end fails even with PARTIAL, and NO_FAIL skips it', () => {
    expect(code(() => modify(B, 7, 32, 8, PARTIAL))).toBe(26)
    expect(modify(B, 7, 32, 8, NO_FAIL | PARTIAL)).toBeUndefined()
  })

  it('remove: past the end fails with 4; PARTIAL removes to the end; NO_FAIL skips', () => {
    expect(code(() => modify(B, 2, 4, 1, 0))).toBe(4)
    expect(modify(B, 2, 4, 1, NO_FAIL)).toBeUndefined()
    expect(modify(B, 2, 2, 8, PARTIAL)).toBe('f00f')
  })

  it('integer ops on a region past the end fail with 26 (PARTIAL is not allowed for them)', () => {
    expect(code(() => modify(B, 10, 28, 8, 1, 0, 0))).toBe(26)
    expect(modify(B, 10, 28, 8, 1, NO_FAIL, 0)).toBeUndefined()
    expect(code(() => modify(B, 10, 0, 8, 1, PARTIAL, 0))).toBe(4)
  })

  it('only resize and insert create a bin; UPDATE_ONLY never does; NO_FAIL turns refusals into no-ops', () => {
    expect(modify(undefined, 1, 2, blob('ab').data, 0)).toBe('0000ab')
    expect(code(() => modify(undefined, 3, 0, 8, blob('ff').data, 0))).toBe(17)
    expect(modify(undefined, 3, 0, 8, blob('ff').data, NO_FAIL)).toBeUndefined()
    expect(code(() => modify(undefined, 1, 0, blob('ab').data, 2))).toBe(17)
    expect(modify(undefined, 0, 0, 0, 0)).toBeUndefined()
  })

  it('CREATE_ONLY on an existing bin is checked before the bin type', () => {
    expect(code(() => modify({ type: ParticleType.STRING, data: Buffer.from('x') }, 0, 4, 1, 0))).toBe(6)
    expect(code(() => modify({ type: ParticleType.STRING, data: Buffer.from('x') }, 0, 4, 0, 0))).toBe(12)
  })

  it('GROW_ONLY/SHRINK_ONLY refusals honour NO_FAIL', () => {
    expect(modify(B, 0, 2, NO_FAIL, 2)).toBeUndefined()
    expect(modify(B, 0, 6, NO_FAIL, 4)).toBeUndefined()
    expect(modify(B, 0, 4, 0, 0)).toBeUndefined()
    expect(modify(B, 0, 0, 0, 0)).toBe('')
  })
})

describe('bit offsets', () => {
  it('a negative offset counts from the end', () => {
    expect(read(B, 50, -8, 8)).toBe('55')
    expect(modify(B, 1, -1, blob('ff').data, 0)).toBe('f00faaff55')
    expect(modify(B, 2, -2, 1, 0)).toBe('f00f55')
  })

  it('a negative offset before the start, or on a missing bin, fails with 4', () => {
    expect(code(() => read(B, 50, -33, 8))).toBe(4)
    expect(code(() => modify(undefined, 1, -1, blob('ff').data, 0))).toBe(4)
  })

  it('offsets and sizes beyond the server limits fail with 4', () => {
    expect(code(() => read(B, 50, 2 ** 30 + 1, 8))).toBe(4)
    expect(code(() => read(B, 50, 0, 0))).toBe(4)
    expect(code(() => read(B, 54, 0, 65))).toBe(4)
    expect(code(() => modify(B, 8, 0, 8, 2 ** 30 + 1, 0))).toBe(4)
  })

  it('a blob larger than the namespace allows fails with 13 before it is built', () => {
    expect(code(() => bitsModify(B, packToBuffer([0, 2048, 0, 0]), { maxBytes: 1024 }))).toBe(13)
    expect(code(() => bitsModify(B, packToBuffer([0, 2 ** 27, 0, 0]), LIMITS))).toBe(4)
  })
})

describe('bit integers', () => {
  const z = blob('0000000000000000')
  it('64-bit fields round-trip signed and unsigned values', () => {
    const set = blob(modify(z, 12, 0, 64, -2n, 0)!)
    expect(read(set, 54, 0, 64)).toBe(-2n)
    expect(read(set, 54, 0, 64, 1)).toBe(-2n)
    expect(read(set, 54, 60, 4)).toBe(14n)
    expect(read(set, 54, 60, 4, 1)).toBe(-2n)
  })

  it('signed add saturates at the extremes; the server does not flag a sum of exactly 0', () => {
    const p = blob('7f')
    expect(code(() => modify(p, 10, 0, 8, 1, 0, 1))).toBe(26)
    expect(modify(p, 10, 0, 8, 1, 0, 1 | 2)).toBe('7f')
    expect(modify(blob('80'), 11, 0, 8, 1, 0, 1 | 2)).toBe('80')
    expect(modify(blob('80'), 10, 0, 8, 0x80, 0, 1)).toBe('00')
  })

  it('unsigned subtract saturates at 0; the value is masked to the field size', () => {
    expect(modify(blob('05'), 11, 0, 8, 6, 0, 2)).toBe('00')
    expect(modify(blob('05'), 10, 0, 8, 0x101, 0, 0)).toBe('06')
    expect(modify(blob('05'), 10, 4, 4, 0xb, 0, 4)).toBe('00')
  })

  it('a field spanning 9 bytes keeps the bits around it', () => {
    const ff = blob('ffffffffffffffffff')
    expect(modify(ff, 12, 4, 64, 0, 0)).toBe('f0000000000000000f')
  })
})

describe('bit scans', () => {
  it('rscan, as on the server, also looks at the bits of the first byte before the region', () => {
    expect(read(blob('f0'), 53, 6, 2, true)).toBe(-3n)
    expect(read(blob('f000'), 53, 6, 10, true)).toBe(-3n)
    expect(read(blob('f1'), 53, 6, 2, true)).toBe(1n)
  })

  it('lscan and rscan answer -1 when nothing matches', () => {
    expect(read(blob('00ff'), 52, 0, 8, true)).toBe(-1n)
    expect(read(blob('00ff'), 53, 8, 8, false)).toBe(-1n)
    expect(read(blob('0000000000000001'), 52, 0, 64, true)).toBe(63n)
  })
})

describe('malformed bit payloads', () => {
  it.each([
    ['not an array', Buffer.from([0x05])],
    ['empty array', Buffer.from([0x90])],
    ['unknown op', packToBuffer([49, 0, 8])],
    ['modify code on the read path', packToBuffer([3, 0, 8, Buffer.from([1])])],
    ['too few args', packToBuffer([50, 0])],
    ['too many args', packToBuffer([50, 0, 8, 1])],
    ['a string offset', packToBuffer([50, 'x', 8])],
    ['a float size', packToBuffer([50, 0, 1.5])],
    ['truncated', Buffer.from([0x93, 0x32, 0x00])],
    ['scan value not a bool', packToBuffer([52, 0, 8, 1])],
    ['bad getInt flag', packToBuffer([54, 0, 8, 2])],
  ])('%s on a read answers 4', (_name, payload) => {
    expect(code(() => bitsRead(B, payload))).toBe(4)
  })

  it.each([
    ['read code on the modify path', packToBuffer([50, 0, 8])],
    ['empty bytes', packToBuffer([3, 0, 8, Buffer.alloc(0), 0])],
    ['bytes shorter than the size', packToBuffer([3, 0, 16, Buffer.from([1]), 0])],
    ['CREATE_ONLY|UPDATE_ONLY', packToBuffer([0, 4, 3, 0])],
    ['a flag the op does not take', packToBuffer([3, 0, 8, Buffer.from([1]), 1])],
    ['GROW_ONLY|SHRINK_ONLY', packToBuffer([0, 4, 0, 6])],
    ['SATURATE|WRAP', packToBuffer([10, 0, 8, 1, 0, 6])],
    ['unknown resize flag', packToBuffer([0, 4, 0, 8])],
    ['zero remove size', packToBuffer([2, 0, 0, 0])],
  ])('%s on a modify answers 4', (_name, payload) => {
    expect(code(() => bitsModify(B, payload, LIMITS))).toBe(4)
  })

  it('answers a result or a BitsError for any mutation of a valid payload', () => {
    const seeds = [
      packToBuffer([3, 4, 8, Buffer.from([0xab]), 0]),
      packToBuffer([10, 8, 8, 1, 0, 0]),
      packToBuffer([0, 6, 0, 1]),
      packToBuffer([52, 8, 24, true]),
      packToBuffer([54, 16, 8, 1]),
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.boolean(),
        (seed, edits, asModify) => {
          const payload = Buffer.from(seed)
          for (const [at, v] of edits) payload[at % payload.length] = v
          const outcome = code(() => (asModify ? bitsModify(B, payload, LIMITS) : bitsRead(B, payload)))
          expect([0, 4, 6, 12, 13, 17, 26]).toContain(outcome)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

/** A bit-by-bit model of the region ops (the clean semantics the server's byte loops implement). */
function toBits(buf: Buffer): number[] {
  return [...buf].flatMap((b) => Array.from({ length: 8 }, (_, i) => (b >> (7 - i)) & 1))
}
function fromBits(bits: number[]): string {
  const out = Buffer.alloc(bits.length / 8)
  bits.forEach((b, i) => {
    out[i >> 3]! |= b << (7 - (i & 7))
  })
  return out.toString('hex')
}

describe('region ops agree with a bit-by-bit model', () => {
  const arb = fc
    .uint8Array({ minLength: 1, maxLength: 24 })
    .chain((bytes) =>
      fc.tuple(
        fc.constant(Buffer.from(bytes)),
        fc.integer({ min: 0, max: bytes.length * 8 - 1 }),
        fc.integer({ min: 1, max: bytes.length * 8 }),
        fc.uint8Array({ minLength: bytes.length + 1, maxLength: bytes.length + 1 }),
        fc.integer({ min: 0, max: bytes.length * 8 + 2 }),
      ),
    )
    .filter(([b, off, size]) => off + size <= b.length * 8)

  it('set, or, xor, and, not, lshift, rshift, get and count', () => {
    fc.assert(
      fc.property(arb, ([data, off, size, operand, shift]) => {
        const bin = { type: ParticleType.BLOB, data }
        const bits = toBits(data)
        const src = toBits(Buffer.from(operand))
        const apply = (f: (i: number) => number) =>
          fromBits(bits.map((b, i) => (i >= off && i < off + size ? f(i - off) : b)))
        const arg = Buffer.from(operand)
        expect(modify(bin, 3, off, size, arg, 0)).toBe(apply((i) => src[i]!))
        expect(modify(bin, 4, off, size, arg, 0)).toBe(apply((i) => bits[off + i]! | src[i]!))
        expect(modify(bin, 5, off, size, arg, 0)).toBe(apply((i) => bits[off + i]! ^ src[i]!))
        expect(modify(bin, 6, off, size, arg, 0)).toBe(apply((i) => bits[off + i]! & src[i]!))
        expect(modify(bin, 7, off, size, 0)).toBe(apply((i) => 1 - bits[off + i]!))
        expect(modify(bin, 8, off, size, shift, 0)).toBe(
          apply((i) => (i + shift < size ? bits[off + i + shift]! : 0)),
        )
        expect(modify(bin, 9, off, size, shift, 0)).toBe(
          apply((i) => (i - shift >= 0 ? bits[off + i - shift]! : 0)),
        )
        const region = bits.slice(off, off + size)
        const padded = [...region, ...new Array((8 - (size % 8)) % 8).fill(0)]
        expect(read(bin, 50, off, size)).toBe(fromBits(padded))
        expect(read(bin, 51, off, size)).toBe(BigInt(region.filter((b) => b === 1).length))
        expect(read(bin, 52, off, size, true)).toBe(BigInt(region.indexOf(1)))
      }),
      { numRuns: 400 },
    )
  })

  it('getInt, setInt and add on fields up to 64 bits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 9, maxLength: 12 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 64 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (bytes, off, size, value) => {
          const bin = { type: ParticleType.BLOB, data: Buffer.from(bytes) }
          const bits = toBits(bin.data)
          const field = bits.slice(off, off + size).reduce((v, b) => (v << 1n) | BigInt(b), 0n)
          expect(read(bin, 54, off, size)).toBe(BigInt.asIntN(64, field))
          expect(read(bin, 54, off, size, 1)).toBe(BigInt.asIntN(size, field))
          const mask = (1n << BigInt(size)) - 1n
          const stored = blob(modify(bin, 12, off, size, value, 0)!)
          expect(read(stored, 54, off, size)).toBe(BigInt.asIntN(64, value & mask))
          const wrapped = blob(modify(bin, 10, off, size, value, 0, 4)!)
          expect(read(wrapped, 54, off, size)).toBe(BigInt.asIntN(64, (field + value) & mask))
        },
      ),
      { numRuns: 400 },
    )
  })
})
