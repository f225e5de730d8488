import { describe, expect, it } from 'vitest'
import type { WireOp } from '../../../src/client/operation.js'
import { encodeOperation } from '../../../src/client/operation-table.js'
import * as aerospike from '../../../src/index.js'
import { OpType } from '../../../src/protocol/message.js'
import type { RawMsgpack } from '../../../src/protocol/msgpack.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { expCallCases, loadCases, payloadBytes } from './golden-bithll.js'
import { ourOperation } from './golden-builders.js'

// Our bit/HLL builders and encoders against the ops the official client sent
// to Aerospike 8.1 (the golden `wireOps`): the same op types and the same
// msgpack bytes.

const OP_TYPES: Record<string, number> = {
  BIT_READ: OpType.BIT_READ,
  BIT_MODIFY: OpType.BIT_MODIFY,
  HLL_READ: OpType.HLL_READ,
  HLL_MODIFY: OpType.HLL_MODIFY,
  EXP_READ: OpType.EXP_READ,
}

const cases = [...loadCases('bit'), ...loadCases('hll'), ...expCallCases()]
const bytesOf = (w: WireOp) => (w.value as RawMsgpack).bytes

describe('golden bit/HLL ops encoded by our builders', () => {
  it('covers every bit and hll case and the bit calls of the exp group', () => {
    expect(cases.length).toBe(44 + 28 + 2)
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    c.ops.forEach((step, i) => {
      const wire = c.wireOps[i]!
      const ours = encodeOperation(ourOperation(step))
      expect(ours.op).toBe(OP_TYPES[wire.type])
      expect(ours.bin).toBe(wire.bin)
      expect(bytesOf(ours).toString('hex')).toBe(payloadBytes(wire.payload).toString('hex'))
    })
  })
})

describe('bit and HLL wire ops', () => {
  const { bitOperations: bit, hllOperations: hll } = aerospike

  it('read ops are BIT_READ/HLL_READ, modify ops BIT_MODIFY/HLL_MODIFY, all BLOB particles answering every op', () => {
    for (const [op, type, write] of [
      [bit.bitGet('b', 0, 8), OpType.BIT_READ, false],
      [bit.bitNot('b', 0, 8), OpType.BIT_MODIFY, true],
      [hll.hllDescribe('h'), OpType.HLL_READ, false],
      [hll.hllRefreshCount('h'), OpType.HLL_MODIFY, true],
    ] as const) {
      const w = encodeOperation(op)
      expect(w.op).toBe(type)
      expect(w.particleType).toBe(ParticleType.BLOB)
      expect(w.flags).toBe((write ? 0x04 : 0x01) | 0x08)
    }
  })

  it('lscan sends LSCAN (52), unlike aerospike@6.7.1', () => {
    expect(bytesOf(encodeOperation(bit.bitLscan('b', 8, 24, true))).toString('hex')).toBe('94340818c3')
  })

  it('count, lscan and getInt have the server forms', () => {
    expect(bytesOf(encodeOperation(bit.bitCount('b', 0, 32))).toString('hex')).toBe('93330020')
    expect(bytesOf(encodeOperation(bit.bitGetInt('b', -8, 8, true))).toString('hex')).toBe('9436f80801')
    expect(
      bytesOf(encodeOperation(bit.bitAdd('b', 0, 64, -1n, true, aerospike.BIT_OVERFLOW_WRAP))).toString(
        'hex',
      ),
    ).toBe('960a0040ff0005')
  })

  it('mayContain and raw HLL bytes in a union', () => {
    expect(bytesOf(encodeOperation(hll.hllMayContain('h', ['a', 1]))).toString('hex')).toBe('923892a2036101')
    const raw = Buffer.from('000400', 'hex')
    expect(bytesOf(encodeOperation(hll.hllGetUnionCount('h', [raw]))).toString('hex')).toBe(
      '923491a412000400',
    )
  })

  it.each([
    ['a missing bin name', () => bit.bitGet(undefined as unknown as string, 0, 8)],
    ['a bin name over 15 bytes', () => bit.bitGet('b234567890123456', 0, 8)],
    ['a fractional offset', () => bit.bitGet('b', 0.5, 8)],
    ['a negative size', () => bit.bitGet('b', 0, -8)],
    ['a string as bytes', () => bit.bitSet('b', 0, 8, 'x' as unknown as Buffer)],
    ['a non-boolean scan value', () => bit.bitLscan('b', 0, 8, 1 as unknown as boolean)],
    ['an integer beyond 64 bits', () => bit.bitSetInt('b', 0, 8, 1n << 64n)],
    ['a negative policy', () => bit.bitNot('b', 0, 8, -1)],
    ['a string action', () => bit.bitAdd('b', 0, 8, 1, false, 'WRAP' as unknown as number)],
    ['values that are not an array', () => hll.hllAdd('h', 'a' as unknown as string[], 8)],
    ['a value the packer cannot send', () => hll.hllAdd('h', [Symbol('x') as unknown as string], 8)],
    ['an HLL list of strings', () => hll.hllGetUnion('h', ['x' as unknown as Buffer])],
    ['a policy with string flags', () => hll.hllInit('h', 8, undefined, { flags: 'x' as unknown as number })],
    ['missing index bits', () => hll.hllFold('h', undefined as unknown as number)],
  ])('%s is refused before sending', (_name, build) => {
    expect(() => encodeOperation(build())).toThrow(aerospike.InvalidArgError)
  })
})

describe('bit and HLL constants', () => {
  it("have aerospike-py's values", () => {
    const exported = aerospike as unknown as Record<string, unknown>
    expect(Object.fromEntries(Object.entries(exported).filter(([k]) => /^(BIT|HLL)_/.test(k)))).toEqual({
      BIT_WRITE_DEFAULT: 0,
      BIT_WRITE_CREATE_ONLY: 1,
      BIT_WRITE_UPDATE_ONLY: 2,
      BIT_WRITE_NO_FAIL: 4,
      BIT_WRITE_PARTIAL: 8,
      BIT_RESIZE_DEFAULT: 0,
      BIT_RESIZE_FROM_FRONT: 1,
      BIT_RESIZE_GROW_ONLY: 2,
      BIT_RESIZE_SHRINK_ONLY: 4,
      BIT_OVERFLOW_FAIL: 0,
      BIT_OVERFLOW_SATURATE: 2,
      BIT_OVERFLOW_WRAP: 4,
      HLL_WRITE_DEFAULT: 0,
      HLL_WRITE_CREATE_ONLY: 1,
      HLL_WRITE_UPDATE_ONLY: 2,
      HLL_WRITE_NO_FAIL: 4,
      HLL_WRITE_ALLOW_FOLD: 8,
    })
  })

  it("op codes are aerospike-py's (HLL refreshCount and mayContain, which it lacks, come after its last)", () => {
    expect(aerospike.bitOperations.bitResize('b', 1).op).toBe(4001)
    expect(aerospike.bitOperations.bitGetInt('b', 0, 8).op).toBe(4054)
    expect(aerospike.hllOperations.hllInit('h', 8).op).toBe(3001)
    expect(aerospike.hllOperations.hllSetUnion('h', []).op).toBe(3010)
    expect(aerospike.hllOperations.hllRefreshCount('h').op).toBe(3011)
    expect(aerospike.hllOperations.hllMayContain('h', []).op).toBe(3012)
  })
})
