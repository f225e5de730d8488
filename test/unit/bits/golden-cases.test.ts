import { describe, expect, it } from 'vitest'
import { BitsError } from '../../../src/server/bits/bits-error.js'
import { bitsModify } from '../../../src/server/bits/bits-modify.js'
import { bitsRead } from '../../../src/server/bits/bits-read.js'
import { binsOf, loadCases, particleJson, payloadBytes } from './golden-bithll.js'

// Every bitwise-op case of the golden table, run on the evaluator directly:
// the same answer, error code and stored blob as Aerospike 8.1.2.

const LIMITS = { maxBytes: 1024 * 1024 }
const cases = loadCases('bit')
const opCases = cases.filter((c) => c.wireOps.every((w) => w.type.startsWith('BIT_')))

describe('golden bit cases on the evaluator', () => {
  it('covers the op cases of the group (the others are expression reads)', () => {
    expect(opCases.length).toBe(40)
    expect(cases.filter((c) => !opCases.includes(c)).every((c) => c.wireOps[0]!.type === 'EXP_READ')).toBe(
      true,
    )
  })

  it.each(opCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const bins = binsOf(c.before)
    const [w] = c.wireOps
    const run = () => {
      const current = bins.get(w!.bin)
      if (w!.type === 'BIT_READ')
        return current === undefined ? null : particleJson(bitsRead(current, payloadBytes(w!.payload)))
      const updated = bitsModify(current, payloadBytes(w!.payload), LIMITS)
      if (updated) bins.set(w!.bin, { type: 4, data: updated })
      return null
    }
    if (c.error) {
      expect(run).toThrow(BitsError)
      try {
        run()
      } catch (e) {
        expect((e as BitsError).resultCode).toBe(c.error.code)
      }
      return
    }
    expect(run()).toEqual(c.result?.[w!.bin] ?? null)
    expect(Object.fromEntries([...bins].map(([k, p]) => [k, particleJson(p)]))).toEqual(c.after)
  })
})
