// Property: random sequences of ordered-list ops give the same answers from the CDT evaluator as from a plain model.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyCdtOp, CdtError } from '../../../src/server/cdt/index.js'
import { type Particle, particleToSValue } from '../../../src/server/particle.js'
import { encodeSValue, SList } from '../../../src/server/value.js'
import { type Model, plain, steps } from './ordered-list-model.js'

describe('ordered list: evaluator vs model', () => {
  it('gives the same results, errors and contents for random op sequences', () => {
    fc.assert(
      fc.property(fc.array(steps, { maxLength: 25 }), (seq) => {
        // Start from an empty ordered list.
        let bin: Particle = applyCdtOp(undefined, encodeSValue(new SList([0n, 1n])), true).updated!
        let model: Model = []
        for (const step of seq) {
          const expected = step.model(model)
          let got: { result: unknown; bin: Particle } | { error: number }
          try {
            const out = applyCdtOp(bin, encodeSValue(new SList(step.payload)), step.modify)
            got = { result: plain(out.result), bin: out.updated ?? bin }
          } catch (e) {
            if (!(e instanceof CdtError)) throw e
            got = { error: e.resultCode }
          }
          if ('error' in expected) {
            expect(got).toEqual(expected)
            continue
          }
          expect('error' in got ? got : got.result).toEqual(expected.result)
          if ('error' in got) return
          bin = got.bin
          model = expected.list
          const stored = particleToSValue(bin) as SList
          expect(stored.flags).toBe(1)
          expect(stored.items.map((x) => Number(x as bigint))).toEqual(model)
        }
      }),
      { numRuns: 300 },
    )
  })
})
