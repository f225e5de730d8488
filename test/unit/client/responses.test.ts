// Decoding single-record responses: bins, collapsed operate results, ordered results, TTLs, bad bytes.
import { describe, expect, it } from 'vitest'
import type { Node } from '../../../src/client/cluster/node.js'
import { OperateResult, operateCommand } from '../../../src/client/commands/operate.js'
import { existsCommand, getCommand } from '../../../src/client/commands/read.js'
import { Key } from '../../../src/client/key.js'
import { DEFAULT_POLICIES } from '../../../src/client/policies.js'
import { CITRUSLEAF_EPOCH, ttlFromVoidTime } from '../../../src/client/record.js'
import * as aerospike from '../../../src/index.js'
import {
  emptyHeader,
  encodeMessage,
  OpType,
  type OutgoingOp,
  ParseError,
  ParticleType,
  packToBuffer,
} from '../../../src/protocol/index.js'

const key = new Key('test', 'demo', 'k')
const context = { key, node: { name: 'N1', address: '127.0.0.1:3000' } as Node, isWrite: false }
const int = (name: string, v: number): OutgoingOp => {
  const value = Buffer.alloc(8)
  value.writeBigInt64BE(BigInt(v))
  return { op: OpType.READ, particleType: ParticleType.INTEGER, name, value }
}
const list = (name: string, v: unknown[]): OutgoingOp => ({
  op: OpType.CDT_READ,
  particleType: ParticleType.LIST,
  name,
  value: packToBuffer(v as never),
})
const nil = (name: string): OutgoingOp => ({
  op: OpType.WRITE,
  particleType: 0,
  name,
  value: Buffer.alloc(0),
})
const response = (ops: OutgoingOp[], resultCode = 0, generation = 4, recordTtl = 0) =>
  encodeMessage({ ...emptyHeader(), resultCode, generation, recordTtl }, [], ops).subarray(8)

const get = getCommand(key, DEFAULT_POLICIES.read)
const operate = operateCommand(key, [aerospike.operations.read('a')], undefined, DEFAULT_POLICIES.operate, 0)
const ordered = operateCommand(
  key,
  [aerospike.operations.read('a')],
  undefined,
  DEFAULT_POLICIES.operate,
  OperateResult.ORDERED,
)

describe('responses', () => {
  it('get decodes every bin with the generation and TTL', () => {
    const r = get.parse(response([int('a', 1), list('l', [1, 'x'])]), context)
    expect(r.bins).toEqual({ a: 1, l: [1, 'x'] })
    expect(r.meta).toEqual({ gen: 4, ttl: 0xffff_ffff })
    expect(r.key).toBe(key)
  })

  it('operate collapses several results for one bin into an array and drops nulls', () => {
    const r = operate.parse(
      response([int('a', 1), nil('w'), int('a', 2), list('l', [3]), list('l', [4]), int('a', 3)]),
      context,
    )
    expect(r.bins).toEqual({ a: [1, 2, 3], l: [[3], [4]] })
  })

  it('operateOrdered keeps every result in op order', () => {
    const r = ordered.parse(response([int('a', 1), nil('w'), int('a', 2)]), context)
    expect(r.orderedBins).toEqual([
      ['a', 1],
      ['w', null],
      ['a', 2],
    ])
  })

  it('exists reports a missing record as meta null, other codes as errors', () => {
    const exists = existsCommand(key, DEFAULT_POLICIES.read)
    expect(exists.parse(response([], 2), context)).toEqual({ key, meta: null })
    expect(exists.parse(response([], 0, 3), context).meta?.gen).toBe(3)
    expect(() => exists.parse(response([], 27), context)).toThrow(aerospike.FilteredOut)
  })

  it('turns result codes into their error classes with node and key', () => {
    try {
      get.parse(response([], 2), context)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(aerospike.RecordNotFound)
      expect((err as aerospike.AerospikeError).node).toBe('N1')
      expect((err as aerospike.AerospikeError).key).toBe(key)
      expect((err as Error).message).toContain('[node N1 127.0.0.1:3000, key test/demo/k]')
    }
  })

  it('throws ParseError for truncated or inconsistent bodies', () => {
    const good = response([int('a', 1)])
    for (let cut = 0; cut < good.length; cut++)
      expect(() => get.parse(good.subarray(0, cut), context)).toThrow(ParseError)
    expect(() => get.parse(Buffer.concat([good, Buffer.from([0])]), context)).toThrow(ParseError)
  })

  it('converts void times to TTLs (never expire: 0xFFFFFFFF; at least 1)', () => {
    const now = (CITRUSLEAF_EPOCH + 1000) * 1000
    expect(ttlFromVoidTime(0, now)).toBe(0xffff_ffff)
    expect(ttlFromVoidTime(1300, now)).toBe(300)
    expect(ttlFromVoidTime(1000, now)).toBe(1)
    expect(ttlFromVoidTime(5, now)).toBe(1)
  })
})
