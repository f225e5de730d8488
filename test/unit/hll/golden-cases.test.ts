import { describe, expect, it } from 'vitest'
import { HllError } from '../../../src/server/hll/hll-error.js'
import { hllModify } from '../../../src/server/hll/hll-modify.js'
import { hllRead } from '../../../src/server/hll/hll-read.js'
import type { Particle } from '../../../src/server/particle.js'
import { binsOf, expectedAnswers, loadCases, particleJson, payloadBytes } from '../bits/golden-bithll.js'

// Every HLL-op case of the golden table, run on the evaluator directly: the
// same answers, error codes and stored HLL bytes as Aerospike 8.1.2.

const cases = loadCases('hll')
const opCases = cases.filter((c) => c.wireOps.every((w) => w.type.startsWith('HLL_')))

describe('golden hll cases on the evaluator', () => {
  it('covers the op cases of the group (the others are expression reads)', () => {
    expect(opCases.length).toBe(26)
  })

  it.each(opCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const bins = binsOf(c.before)
    const answers: unknown[] = []
    const run = () => {
      for (const w of c.wireOps) {
        const current = bins.get(w.bin)
        const payload = payloadBytes(w.payload)
        if (w.type === 'HLL_READ') {
          answers.push(current === undefined ? null : particleJson(hllRead(current, payload)))
          continue
        }
        const out = hllModify(current, payload)
        if (out.updated) bins.set(w.bin, out.updated)
        answers.push(out.result ? particleJson(out.result as Particle) : null)
      }
    }
    if (c.error) {
      expect(run).toThrow(HllError)
      try {
        run()
      } catch (e) {
        expect((e as HllError).resultCode).toBe(c.error.code)
      }
      return
    }
    run()
    expect(answers).toEqual(expectedAnswers(c).map((a) => a ?? null))
    expect(Object.fromEntries([...bins].map(([k, p]) => [k, particleJson(p)]))).toEqual(c.after)
  })
})
