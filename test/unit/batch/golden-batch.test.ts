// Golden, client side: our batch requests for the captured steps are the official client's bytes,
// and our decoder turns the recorded response frames into the recorded per-key results.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { binOp } from '../../../src/client/basic-operations.js'
import type { ResolvedBatchPolicy } from '../../../src/client/batch/batch-policy.js'
import type { BatchRecord } from '../../../src/client/batch/batch-record.js'
import { type BatchRows, encodeBatchRequest } from '../../../src/client/batch/batch-request.js'
import { NO_TRAILER, readBatchBody } from '../../../src/client/batch/batch-response.js'
import { operateSpec, type RowSpec, readSpec, removeSpec } from '../../../src/client/batch/batch-row.js'
import { binsToOps } from '../../../src/client/commands/operate.js'
import { Key } from '../../../src/client/key.js'
import { OpFlag } from '../../../src/client/operation.js'
import { encodeOperation } from '../../../src/client/operation-table.js'
import * as ops from '../../../src/client/operations.js'
import { DEFAULT_POLICIES } from '../../../src/client/policies.js'
import { FrameReader, messageBody, OpType } from '../../../src/protocol/index.js'
import { BatchRowReader, parseBatchParent } from '../../../src/server/batch/batch-rows.js'
import { resolveOptions } from '../../../src/server/options.js'
import { Store } from '../../../src/server/storage/store.js'

interface Step {
  label: string
  result: Array<{ status: number; bins?: Record<string, unknown> }>
  exchanges: Array<{ request: string; responses: string[] }>
}
const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/official-client-crud.json', import.meta.url), 'utf8'),
) as { steps: Step[] }
const step = (label: string): Step => golden.steps.find((s) => s.label === label)!

const policy: ResolvedBatchPolicy = { ...DEFAULT_POLICIES.batch }
const key = (k: string): Key => new Key('test', 'golden', k)
const seeded = (n: number): Key[] => Array.from({ length: n }, (_, i) => key(`b${i}`))

/** The cases: each step's keys and the specs our calls give them. */
function rowsOf(label: string): BatchRows {
  switch (label) {
    case 'batchRead 8 + 2 missing': {
      const keys = [...seeded(8), key('missing1'), key('missing2')]
      return { keys, specs: keys.map(() => all) }
    }
    case 'batchRead select bin': {
      const spec = readSpec(policy, [binOp(OpType.READ, 's', OpFlag.READ, 'batchRead')])
      return { keys: seeded(3), specs: [spec, spec, spec] }
    }
    case 'batchExists': {
      const spec = readSpec(policy, 'header')
      return { keys: seeded(3), specs: [spec, spec, spec] }
    }
    default: {
      const keys = [key('bw1'), key('b0'), key('b7'), key('b1'), key('missing3')]
      const specs: RowSpec[] = [
        operateSpec(policy, binsToOps({ a: 1, b: 'two' }, keys[0]!), keys[0]!),
        operateSpec(policy, [ops.increment('i', 100), ops.read('i')].map(encodeOperation), keys[1]!),
        removeSpec(policy, keys[2]!),
        all,
        removeSpec(policy, keys[4]!),
      ]
      return { keys, specs }
    }
  }
}
const all = readSpec(policy, 'all')
const LABELS = ['batchRead 8 + 2 missing', 'batchRead select bin', 'batchExists', 'batchWrite mixed']

const store = new Store(resolveOptions().namespaces)
afterAll(() => store.close())

/** A request's rows as the server reads them (REPEAT rows expanded). */
function decodedRows(frame: Buffer): unknown[] {
  const parent = parseBatchParent(frame.subarray(8))
  if (typeof parent === 'number') throw new Error(`bad batch parent: ${parent}`)
  const reader = new BatchRowReader(parent, store)
  const out: unknown[] = []
  for (let row = reader.next(); row !== undefined; row = reader.next()) {
    if (row === null) throw new Error('malformed row')
    const { fields, ops: rowOps, ...header } = row.request
    out.push({
      index: row.index,
      digest: row.digest.toString('hex'),
      ns: row.ns.name,
      header,
      fields: fields
        .map((f, type) => (f === undefined ? undefined : [type, f.toString('hex')]))
        .filter(Boolean),
      ops: rowOps.map((o) => [o.op, o.particleType, o.name, o.value.toString('hex')]),
    })
  }
  return out
}

describe('our batch requests carry the official client’s rows', () => {
  for (const label of LABELS) {
    it(label, () => {
      const rows = rowsOf(label)
      const ours = encodeBatchRequest(
        rows,
        rows.keys.map((_, i) => i),
        policy,
      )
      const theirs = Buffer.from(step(label).exchanges[0]!.request, 'hex')
      expect(decodedRows(ours)).toEqual(decodedRows(theirs))
      // Parent header and flags too: info1 BATCH, the total timeout, flags 0x0d.
      expect(ours.subarray(8, 30)).toEqual(theirs.subarray(8, 30))
      expect(ours[39]).toBe(theirs[39])
      // Rows with bin lists are sent whole by the official client; we send them as REPEAT rows.
      if (label !== 'batchRead select bin') expect(ours).toEqual(theirs)
      else expect(ours.length).toBeLessThan(theirs.length)
    })
  }
})

describe('our decoder reads the recorded responses to the recorded results', () => {
  for (const label of LABELS) {
    it(label, () => {
      const rows = rowsOf(label)
      const n = rows.keys.length
      const records = new Array<BatchRecord<unknown>>(n)
      const outcome = { rows, inputs: rows.keys, records, waiting: new Int32Array(n).fill(1) }
      const reader = new FrameReader()
      for (const hex of step(label).exchanges[0]!.responses) reader.push(Buffer.from(hex, 'hex'))
      const trailers: number[] = []
      for (let f = reader.next(); f !== undefined; f = reader.next())
        trailers.push(readBatchBody(messageBody(f, 'batch response'), 1, outcome))
      expect(trailers).toEqual([NO_TRAILER, 0])
      // Our results drop null op results (as operate does); the official client keeps them as null.
      const expected = step(label).result.map((r) =>
        r.status === 0
          ? {
              result: 0,
              bins: Object.fromEntries(Object.entries(r.bins ?? {}).filter(([, v]) => v !== null)),
            }
          : { result: r.status, bins: undefined },
      )
      expect(records.map((r) => ({ result: r.result, bins: r.record?.bins }))).toEqual(expected)
      expect(records.map((r) => r.key)).toEqual(rows.keys)
      expect(records.every((r) => r.inDoubt === false)).toBe(true)
    })
  }
})
