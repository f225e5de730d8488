import { describe, expect, it } from 'vitest'
import { compileExpression, compileFilter } from '../../../src/server/exp/compile.js'
import { evaluateFilter } from '../../../src/server/exp/evaluate.js'
import { ExpBuildError } from '../../../src/server/exp/exp-error.js'
import { expRead, parseExpOp } from '../../../src/server/exp/exp-ops.js'
import { type ExpCase, loadExpCases, wireToBytes } from './golden-exp.js'
import { goldenRecord, particleToGolden } from './server-golden.js'

// The `exp` group of cdt-semantics.json: what a real Aerospike 8.1.2 answered
// for 206 expressions. Our evaluator must give the same answers.

const NOW = Date.now()
const cases = loadExpCases()
/** CALL instructions (list/map/bit/HLL) need the CDT evaluator, which is not on this branch. */
const usesCall = (c: ExpCase): boolean => JSON.stringify(c.wireFilter ?? c.wireOps ?? null).includes('[127,')
const filterCases = cases.filter((c) => c.mode === 'filter' && c.wireFilter !== undefined && !usesCall(c))
const valueCases = cases.filter((c) => c.mode !== 'filter' && !usesCall(c))
const callCases = cases.filter(usesCall)

describe('filters of the golden exp cases', () => {
  it.each(filterCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const bytes = wireToBytes(c.wireFilter)
    if (typeof c.result === 'object' && c.result !== null) {
      const expected = (c.result as { error: number }).error
      expect(() => compileFilter(bytes)).toThrow(ExpBuildError)
      try {
        compileFilter(bytes)
      } catch (e) {
        expect((e as ExpBuildError).resultCode).toBe(expected)
      }
      return
    }
    const verdict = evaluateFilter(compileFilter(bytes), goldenRecord(c, NOW), { nowMs: NOW })
    if (c.result === 'pass') expect(verdict).toBe(true)
    else expect(verdict === false || verdict === 'unknown', `verdict ${verdict}`).toBe(true)
  })
})

describe('exp.operations.read values of the golden exp cases', () => {
  it.each(valueCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const [wire] = c.wireOps!
    const op = parseExpOp(wireToBytes(wire!.payload), false)
    const outcome = expRead(op, goldenRecord(c, NOW), { nowMs: NOW })
    if (c.error) {
      expect(outcome.resultCode).toBe(c.error.code)
      return
    }
    expect(outcome.resultCode).toBe(0)
    expect(particleToGolden(outcome.value!)).toEqual((c.result as Record<string, unknown>)[wire!.bin])
  })
})

describe('CALL expressions without the CDT evaluator', () => {
  it('the golden table has list, map and bit calls', () => {
    expect(callCases.length).toBeGreaterThanOrEqual(20)
  })

  it.each(callCases.map((c) => [c.id, c] as const))(
    '%s is refused with 16 (unsupported) until the CDT evaluator is plugged in',
    (_id, c) => {
      const bytes =
        c.mode === 'filter' ? wireToBytes(c.wireFilter) : (wireToBytes(c.wireOps![0]!.payload) as Buffer)
      const compile = () => (c.mode === 'filter' ? compileFilter(bytes) : parseExpOp(bytes, false))
      expect(compile).toThrow(ExpBuildError)
      try {
        compile()
      } catch (e) {
        expect((e as ExpBuildError).resultCode).toBe(16)
      }
    },
  )
})

describe('golden coverage', () => {
  it('checks every case', () => {
    const nodeClientOnly = cases.filter((c) => c.mode === 'filter' && c.wireFilter === undefined)
    expect(filterCases.length + valueCases.length + callCases.length + nodeClientOnly.length).toBe(
      cases.length,
    )
    expect(filterCases.length).toBeGreaterThanOrEqual(110)
    expect(valueCases.length).toBeGreaterThanOrEqual(45)
  })

  it('compileExpression accepts any value type but a bare special', () => {
    expect(() => compileExpression(Buffer.from([0xd4, 0xff, 0x00]))).toThrow(ExpBuildError)
    expect(compileExpression(Buffer.from([0x05])).type).toBe(2)
  })
})
