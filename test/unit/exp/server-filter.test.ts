import { describe, expect, it } from 'vitest'
import { exp } from '../../../src/client/exp/index.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { ExpBuildError } from '../../../src/server/exp/exp-error.js'
import { compiledFilter, filterEvaluator } from '../../../src/server/exp/filter.js'
import { storedRecordView } from '../../../src/server/exp/record-views.js'
import type { StoredRecord } from '../../../src/server/storage/record.js'

const int = (n: number) => {
  const data = Buffer.alloc(8)
  data.writeBigInt64BE(BigInt(n))
  return { type: ParticleType.INTEGER, data }
}

const RECORD: StoredRecord = {
  digest: Buffer.alloc(20, 1),
  setName: 'demo',
  bins: [{ name: 'a', value: int(1) }],
  generation: 3,
  voidTime: 0,
  lastUpdateMs: 500_000,
  key: Buffer.from([3, 0x6b]),
  storageSize: 64,
}
const ns = undefined as never

describe('filterEvaluator (field 43)', () => {
  it('answers 0, 27 for false and unknown, and 4 for a bad filter', () => {
    expect(filterEvaluator(exp.eq(exp.intBin('a'), exp.intVal(1)).bytes, ns, RECORD)).toBe(0)
    expect(filterEvaluator(exp.eq(exp.intBin('a'), exp.intVal(2)).bytes, ns, RECORD)).toBe(27)
    expect(filterEvaluator(exp.eq(exp.intBin('b'), exp.intVal(1)).bytes, ns, RECORD)).toBe(27)
    expect(filterEvaluator(exp.intBin('a').bytes, ns, RECORD)).toBe(4)
    // eq(CALL bit op 16 on blob bin 'l', 2): not a bit read op, so the call is unknown.
    const callFilter = Buffer.from('9301957f02019110935106a16c02', 'hex')
    expect(filterEvaluator(callFilter, ns, RECORD)).toBe(27)
    // eq(CALL list size of bin 'l', 2): the CDT engine is plugged in; 'l' is missing, so unknown.
    const cdtFilter = Buffer.from('9301957f02009110935104a16c02', 'hex')
    expect(filterEvaluator(cdtFilter, ns, RECORD)).toBe(27)
  })

  it('compiles a filter once and reuses it, errors included', () => {
    const bytes = exp.gt(exp.intBin('a'), exp.intVal(0)).bytes
    expect(compiledFilter(Buffer.from(bytes))).toBe(compiledFilter(Buffer.from(bytes)))
    const bad = Buffer.from([0x91, 0x0a])
    const e = compiledFilter(bad)
    expect(e).toBeInstanceOf(ExpBuildError)
    expect(compiledFilter(Buffer.from(bad))).toBe(e)
  })

  it('keeps at most 256 filters', () => {
    const first = compiledFilter(exp.eq(exp.intBin('a'), exp.intVal(-1)).bytes)
    for (let i = 0; i < 300; i++) compiledFilter(exp.eq(exp.intBin('a'), exp.intVal(i)).bytes)
    expect(compiledFilter(exp.eq(exp.intBin('a'), exp.intVal(-1)).bytes)).not.toBe(first)
  })
})

describe('storedRecordView', () => {
  it('shows bins, the stored key, Unix times and the storage size', () => {
    const view = storedRecordView(RECORD)
    expect(view.bin('a')).toEqual(int(1))
    expect(view.bin('b')).toBeUndefined()
    expect(view.key).toEqual({ type: 3, data: Buffer.from('k') })
    expect(view.lastUpdateMs).toBe(1_262_304_000_000 + 500_000)
    expect(view.size).toBe(64)
    expect(view.setName).toBe('demo')
  })
})
