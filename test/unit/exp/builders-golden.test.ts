import { describe, expect, it } from 'vitest'
import { InvalidArgError } from '../../../src/client/errors.js'
import { type ExpCase, loadExpCases, NotOurBuilder, treeToExpression, wireToBytes } from './golden-exp.js'

/** Cases the real server answered 4 for a type error our builders catch before sending. */
const REJECTED_LOCALLY = new Set([
  'exp.int.vsFloat',
  'exp.str.vsInt',
  'exp.float.vsInt',
  'exp.and.single',
  'exp.arith.mixedTypes',
  'exp.arith.powInts',
  'exp.min.mixedTypes',
  'exp.cond.typeMismatch',
])

/** Builders outside this issue: CDT/bit calls (CDT helper) and the deprecated size metadata. */
const NOT_OURS = /^(lists|maps|bit|hll|nodeRaw)\.|^(deviceSize|memorySize)$/

interface Sample {
  id: string
  tree: unknown
  wire: unknown
}

function samples(c: ExpCase): Sample[] {
  if (c.mode === 'filter') return [{ id: c.id, tree: c.filter, wire: c.wireFilter }]
  return (c.ops ?? []).map((op, i) => ({
    id: `${c.id}#${i}`,
    tree: op.args.exp,
    wire: (c.wireOps?.[i]?.payload as unknown[] | undefined)?.[0],
  }))
}

function usesOtherBuilders(tree: unknown): boolean {
  if (!Array.isArray(tree))
    return typeof tree === 'object' && tree !== null && Object.values(tree).some(usesOtherBuilders)
  if (typeof tree[0] === 'string' && NOT_OURS.test(tree[0])) return true
  return tree.some(usesOtherBuilders)
}

const all = loadExpCases().flatMap(samples)
const ours = all.filter((s) => !usesOtherBuilders(s.tree))
const encodable = ours.filter((s) => !REJECTED_LOCALLY.has(s.id))

describe('exp builders against the bytes the official client sent to Aerospike 8.1', () => {
  it('covers most of the golden expressions', () => {
    expect(encodable.length).toBeGreaterThanOrEqual(165)
  })

  it('the golden wire helper reproduces the recorded request frames', () => {
    const framed = loadExpCases().filter((c) => c.frames && c.mode === 'filter')
    expect(framed.length).toBeGreaterThan(0)
    for (const c of framed) {
      const filter = wireToBytes(c.wireFilter)
      const field = Buffer.concat([Buffer.from([0, 0, 0, 0, 43]), filter])
      field.writeUInt32BE(filter.length + 1, 0)
      expect(Buffer.from(c.frames!.request, 'hex').includes(field), c.id).toBe(true)
    }
  })

  it.each(encodable.map((s) => [s.id, s] as const))('%s encodes byte for byte', (_id, s) => {
    const e = treeToExpression(s.tree)
    expect(e.bytes.toString('hex')).toBe(wireToBytes(s.wire).toString('hex'))
  })

  it.each([...REJECTED_LOCALLY].map((id) => [id] as const))('%s is rejected before sending', (id) => {
    const s = ours.find((x) => x.id === id)!
    expect(() => treeToExpression(s.tree)).toThrow(InvalidArgError)
  })

  it('leaves CDT and bit calls to their own builders', () => {
    const others = all.filter((s) => usesOtherBuilders(s.tree) && s.tree !== null)
    for (const s of others) expect(() => treeToExpression(s.tree), s.id).toThrow(NotOurBuilder)
  })
})
