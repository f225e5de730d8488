// Every list, map and context case the real Aerospike 8.1 server answered, replayed through the CDT evaluator.
import { describe, expect, it } from 'vitest'
import {
  type Golden,
  type GoldenCase,
  loadGoldenCases,
  particleFromGolden,
  particleToGolden,
  payloadFromGolden,
} from './golden-values.js'
import { type Bins, innerOpCode, operate } from './operate-sim.js'

/** Every case is reproduced. */
const NOT_COVERED: Record<string, string> = {}

function binsFrom(rec: Record<string, Golden> | null): Bins {
  if (rec === null) return undefined
  return new Map(Object.entries(rec).map(([k, v]) => [k, particleFromGolden(v)]))
}

function binsTo(bins: Bins): Record<string, Golden> | null {
  if (bins === undefined) return null
  return Object.fromEntries([...bins].map(([k, p]) => [k, particleToGolden(p)]))
}

function run(c: GoldenCase) {
  const ops = c.wireOps.map((w) => ({
    bin: w.bin,
    payload: payloadFromGolden(w.payload),
    modify: w.type === 'CDT_MODIFY',
  }))
  // The C client asks for respond-all-ops when an operate holds a map op.
  const respondAll = ops.some((o) => {
    const code = innerOpCode(o.payload)
    return code >= 64 && code < 128
  })
  return operate(binsFrom(c.before), ops, respondAll)
}

const cases = loadGoldenCases().filter((c) => c.group === 'list' || c.group === 'map' || c.group === 'ctx')

describe('golden CDT cases (real server answers)', () => {
  for (const c of cases) {
    const skip = NOT_COVERED[c.id]
    const test = skip ? it.skip : it
    test(`${c.id}: ${c.description}`, () => {
      const out = run(c)
      if (c.error) {
        expect(out.ok ? 'ok' : out.code).toBe(c.error.code)
      } else {
        expect(out.ok ? 'ok' : out.code).toBe('ok')
        if (!out.ok) return
        const result: Record<string, Golden> = {}
        for (const [bin, p] of out.entries) result[bin] = p === null ? null : particleToGolden(p)
        expect(result).toEqual(c.result)
        if (c.resultOps) {
          expect(out.entries.map(([bin, p]) => [bin, p === null ? null : particleToGolden(p)])).toEqual(
            c.resultOps,
          )
        }
      }
      expect(binsTo(out.bins)).toEqual(c.after)
    })
  }
})
