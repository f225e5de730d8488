// The client's batch codec: REPEAT rows, per-row fields, parent flags and filter; the response decoder's checks.
import { afterAll, describe, expect, it } from 'vitest'
import type { ResolvedBatchPolicy } from '../../../src/client/batch/batch-policy.js'
import type { BatchRecord } from '../../../src/client/batch/batch-record.js'
import { type BatchRows, encodeBatchRequest, parentFlags } from '../../../src/client/batch/batch-request.js'
import { NO_TRAILER, readBatchBody } from '../../../src/client/batch/batch-response.js'
import { operateSpec, readSpec, removeSpec } from '../../../src/client/batch/batch-row.js'
import { binsToOps } from '../../../src/client/commands/operate.js'
import * as C from '../../../src/client/constants.js'
import { exp } from '../../../src/client/exp/index.js'
import { Key } from '../../../src/client/key.js'
import { DEFAULT_POLICIES } from '../../../src/client/policies.js'
import {
  compressFrame,
  decodeMessage,
  FieldType,
  messageBody,
  ParseError,
  ProtoType,
} from '../../../src/protocol/index.js'
import { BatchRowReader, parseBatchParent } from '../../../src/server/batch/batch-rows.js'
import { resolveOptions } from '../../../src/server/options.js'
import { Store } from '../../../src/server/storage/store.js'

const policy = (p: Partial<ResolvedBatchPolicy> = {}): ResolvedBatchPolicy => ({
  ...DEFAULT_POLICIES.batch,
  ...p,
})
const store = new Store(resolveOptions().namespaces)
afterAll(() => store.close())

/** Per row of a request, whether the server reads it as a REPEAT of the row before (it reuses that row's request). */
function repeated(frame: Buffer): boolean[] {
  const parent = parseBatchParent(frame.subarray(8))
  if (typeof parent === 'number') throw new Error('bad parent')
  const reader = new BatchRowReader(parent, store)
  const out: boolean[] = []
  let previous: unknown
  for (let row = reader.next(); row !== undefined; row = reader.next()) {
    if (row === null) throw new Error('malformed')
    out.push(row.request === previous)
    previous = row.request
  }
  return out
}

describe('batch requests', () => {
  const k = (set: string, i: number): Key => new Key('test', set, `k${i}`)

  it('repeats a row only after a row with the same spec, namespace and set', () => {
    const spec = readSpec(policy(), 'all')
    const other = readSpec(policy(), 'header')
    const keys = [k('a', 1), k('a', 2), k('b', 3), k('b', 4), k('b', 5), new Key('bar', 'b', 'x')]
    const rows: BatchRows = { keys, specs: [spec, spec, spec, spec, other, other] }
    const frame = encodeBatchRequest(rows, [0, 1, 2, 3, 4, 5], policy())
    expect(repeated(frame)).toEqual([false, true, false, true, false, false])
    expect(frame.length).toBeLessThan(encodeBatchRequest(rows, [0, 2, 4, 1, 3, 5], policy()).length)
  })

  it('never repeats after a row sending its user key, and sends the key with each such row', () => {
    const keys = [k('a', 1), k('a', 2)]
    const spec = operateSpec(policy({ key: C.POLICY_KEY_SEND }), binsToOps({ v: 1 }, keys[0]!), keys[0]!)
    const frame = encodeBatchRequest({ keys, specs: [spec, spec] }, [0, 1], policy())
    const parent = parseBatchParent(frame.subarray(8))
    if (typeof parent === 'number') throw new Error('bad parent')
    const reader = new BatchRowReader(parent, store)
    const rows = [reader.next(), reader.next()]
    expect(rows.map((r) => r?.request.fields[FieldType.KEY]?.toString('latin1'))).toEqual([
      '\x03k1',
      '\x03k2',
    ])
  })

  it('sends only the given rows, with their row indices', () => {
    const spec = readSpec(policy(), 'all')
    const keys = [k('a', 0), k('a', 1), k('a', 2), k('a', 3)]
    const frame = encodeBatchRequest({ keys, specs: keys.map(() => spec) }, [3, 1], policy())
    const parent = parseBatchParent(frame.subarray(8))
    if (typeof parent === 'number') throw new Error('bad parent')
    const reader = new BatchRowReader(parent, store)
    expect([reader.next(), reader.next(), reader.next()].map((r) => r?.index)).toEqual([3, 1, undefined])
  })

  it('puts the policy filter in the parent and a record filter in its row', () => {
    const filter = exp.eq(exp.intBin('a'), exp.intVal(3))
    const own = exp.binExists('b')
    const keys = [k('a', 1)]
    const spec = operateSpec(policy(), binsToOps({ v: 1 }, keys[0]!), keys[0]!, {
      policy: { filterExpression: own },
    })
    const frame = encodeBatchRequest({ keys, specs: [spec] }, [0], policy({ filterExpression: filter }))
    const parent = parseBatchParent(frame.subarray(8))
    if (typeof parent === 'number') throw new Error('bad parent')
    expect(parent.filter).toEqual(filter.bytes)
    const row = new BatchRowReader(parent, store).next()
    expect(row?.request.fields[FieldType.FILTER_EXP]).toEqual(own.bytes)
  })

  it('parent flags follow allowInline, allowInlineSSD and respondAllKeys', () => {
    expect(parentFlags(policy())).toBe(0x0d)
    expect(parentFlags(policy({ allowInline: false, allowInlineSSD: true, respondAllKeys: false }))).toBe(
      0x0a,
    )
  })

  it('delete rows carry DELETE and the generation check, never existence bits or a TTL', () => {
    const key = k('a', 1)
    const spec = removeSpec(policy({ exists: C.POLICY_EXISTS_CREATE_ONLY, ttl: 50 }), key, {
      meta: { gen: 4 },
    })
    expect(spec).toMatchObject({
      info1: 0,
      info2: 0x01 | 0x02 | 0x04 | 0x80,
      info3: 0,
      generation: 4,
      recordTtl: 0,
    })
  })
})

describe('batch responses', () => {
  const keys = [new Key('test', 's', 'a'), new Key('test', 's', 'b')]
  const rows: BatchRows = { keys, specs: [readSpec(policy(), 'all'), readSpec(policy(), 'all')] }
  const outcome = () => ({
    rows,
    inputs: keys,
    records: new Array<BatchRecord<unknown>>(2),
    waiting: new Int32Array([7, 7]),
  })
  const message = (index: number, code = 0, info3 = 0): Buffer => {
    const b = Buffer.alloc(22)
    b[0] = 22
    b[3] = info3
    b[5] = code
    b.writeUInt32BE(index, 14)
    return b
  }

  it('fills rows by index and returns the trailer code', () => {
    const o = outcome()
    expect(readBatchBody(Buffer.concat([message(1, 2), message(0)]), 7, o)).toBe(NO_TRAILER)
    expect(readBatchBody(message(0, 0, 1), 7, o)).toBe(0)
    expect(o.records.map((r) => [r.result, r.record?.bins])).toEqual([
      [0, {}],
      [2, undefined],
    ])
    expect(Array.from(o.waiting)).toEqual([0, 0])
  })

  it('refuses an index not asked for, a row answered twice, a truncated message', () => {
    expect(() => readBatchBody(message(5), 7, outcome())).toThrow(ParseError)
    expect(() => readBatchBody(message(0), 8, outcome())).toThrow(ParseError)
    expect(() => readBatchBody(Buffer.concat([message(0), message(0)]), 7, outcome())).toThrow(ParseError)
    expect(() => readBatchBody(message(0).subarray(0, 10), 7, outcome())).toThrow(ParseError)
    const badOps = message(0)
    badOps.writeUInt16BE(1, 20)
    expect(() => readBatchBody(badOps, 7, outcome())).toThrow(ParseError)
  })

  it('reads compressed frames, refuses other proto types', () => {
    const header = Buffer.from([2, 3, 0, 0, 0, 0, 0, 0])
    header.writeUIntBE(22 * 20, 2, 6)
    const frame = Buffer.concat([header, ...Array.from({ length: 20 }, () => message(0))])
    const compressed = compressFrame(frame)
    const body = messageBody({ type: ProtoType.COMPRESSED, body: compressed.subarray(8) }, 'batch response')
    expect(decodeMessage(body.subarray(0, 22)).header.resultCode).toBe(0)
    expect(() => messageBody({ type: ProtoType.INFO, body: Buffer.alloc(0) }, 'batch response')).toThrow(
      ParseError,
    )
  })
})
