// List and map CALLs inside expressions, evaluated by the CDT evaluator: the golden answers of Aerospike 8.1.
import { describe, expect, it } from 'vitest'
import { EXP_CALL_HANDLERS } from '../../../src/server/exp/call-handlers.js'
import { compileFilter } from '../../../src/server/exp/compile.js'
import { evaluateFilter } from '../../../src/server/exp/evaluate.js'
import { expRead, parseExpOp } from '../../../src/server/exp/exp-ops.js'
import { type ExpCase, loadExpCases, wireToBytes } from '../exp/golden-exp.js'
import { goldenRecord, particleToGolden } from '../exp/server-golden.js'

const NOW = Date.now()
const calls = { calls: EXP_CALL_HANDLERS }
/** CDT CALLs: system 0 (bit and HLL calls are systems 1 and 2). */
const isCdtCall = (c: ExpCase): boolean =>
  /\[127,\d+,(0|64),/.test(JSON.stringify(c.wireFilter ?? c.wireOps ?? null))
const cases = loadExpCases().filter(isCdtCall)

describe('golden list/map expressions through the CDT evaluator', () => {
  it('covers the list and map calls of the capture', () => {
    expect(cases.length).toBeGreaterThanOrEqual(21)
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    if (c.mode === 'filter') {
      const verdict = evaluateFilter(compileFilter(wireToBytes(c.wireFilter), calls), goldenRecord(c, NOW), {
        nowMs: NOW,
      })
      if (c.result === 'pass') expect(verdict).toBe(true)
      else expect(verdict === false || verdict === 'unknown', `verdict ${verdict}`).toBe(true)
      return
    }
    const [wire] = c.wireOps!
    const outcome = expRead(parseExpOp(wireToBytes(wire!.payload), false, calls), goldenRecord(c, NOW), {
      nowMs: NOW,
    })
    if (c.error) {
      expect(outcome.resultCode).toBe(c.error.code)
      return
    }
    expect(outcome.resultCode).toBe(0)
    expect(particleToGolden(outcome.value!)).toEqual((c.result as Record<string, unknown>)[wire!.bin])
  })
})
