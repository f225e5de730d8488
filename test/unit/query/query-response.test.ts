// Decoding scan/query answers: records with their partition and index value, partition-done
// messages, the end of a stream, error messages, and malformed bodies.
import { describe, expect, it } from 'vitest'
import { readQueryFrame } from '../../../src/client/query/query-response.js'
import type { Record } from '../../../src/client/record.js'
import {
  ByteWriter,
  computeDigest,
  FieldType,
  Info3,
  ParseError,
  partitionId,
} from '../../../src/protocol/index.js'

/** A message: header with info3/result/generation, then fields and READ ops of int bins. */
function message(opts: {
  info3?: number
  result?: number
  generation?: number
  fields?: Array<[number, Buffer]>
  bins?: Array<[string, number]>
}): Buffer {
  const fields = opts.fields ?? []
  const bins = opts.bins ?? []
  let size = 22
  for (const [, d] of fields) size += 5 + d.length
  for (const [n] of bins) size += 8 + n.length + 8
  const w = ByteWriter.alloc(size)
  w.u8(22)
    .u8(0)
    .u8(0)
    .u8(opts.info3 ?? 0)
    .u8(0)
    .u8(opts.result ?? 0)
  w.u32(opts.generation ?? 1)
    .u32(0)
    .u32(0)
    .u16(fields.length)
    .u16(bins.length)
  for (const [t, d] of fields)
    w.u32(d.length + 1)
      .u8(t)
      .bytes(d)
  for (const [n, v] of bins)
    w.u32(4 + n.length + 8)
      .u8(1)
      .u8(1)
      .u8(0)
      .u8(n.length)
      .bytes(Buffer.from(n))
      .i64(v)
  return w.buf
}

function collect(body: Buffer) {
  const records: Array<[Record, number, bigint | undefined]> = []
  const done: Array<[number, number]> = []
  const end = readQueryFrame(
    body,
    {
      record: (r, pid, bval) => records.push([r, pid, bval]),
      partitionDone: (pid, code) => done.push([pid, code]),
    },
    Date.now(),
  )
  return { records, done, end }
}

const digest = computeDigest('s', 'k')
const bval = Buffer.alloc(8)
bval.writeBigInt64LE(-5n)
const record = message({
  fields: [
    [FieldType.NAMESPACE, Buffer.from('test')],
    [FieldType.DIGEST, digest],
    [FieldType.SET, Buffer.from('s')],
    [FieldType.KEY, Buffer.from([3, 0x6b])],
    [FieldType.BVAL_ARRAY, bval],
  ],
  bins: [['a', 7]],
})

describe('readQueryFrame', () => {
  it('decodes records (key with user key, bins, partition, index value) until LAST', () => {
    const { records, end } = collect(Buffer.concat([record, record, message({ info3: Info3.LAST })]))
    expect(end).toEqual({ resultCode: 0 })
    expect(records).toHaveLength(2)
    const [r, pid, b] = records[0]!
    expect(r.key.userKey).toBe('k')
    expect(r.key.set).toBe('s')
    expect(r.bins).toEqual({ a: 7 })
    expect(pid).toBe(partitionId(digest))
    expect(b).toBe(-5n)
  })

  it('a frame without LAST continues the stream', () => {
    expect(collect(record).end).toBeUndefined()
  })

  it('partition-done messages carry the partition in the generation; unavailable ones are reported', () => {
    const { done, end } = collect(
      Buffer.concat([
        message({ info3: Info3.PARTITION_DONE, result: 11, generation: 1234 }),
        message({ info3: Info3.PARTITION_DONE, result: 0, generation: 99 }),
      ]),
    )
    expect(done).toEqual([[1234, 11]])
    expect(end).toBeUndefined()
  })

  it('an error result ends the stream; LAST carries its result too', () => {
    expect(collect(message({ result: 201 })).end).toEqual({ resultCode: 201 })
    expect(collect(message({ info3: Info3.LAST, result: 15 })).end).toEqual({ resultCode: 15 })
  })

  it('malformed bodies are ParseError', () => {
    expect(() => collect(record.subarray(0, record.length - 1))).toThrow(ParseError)
    const noDigest = message({ fields: [[FieldType.NAMESPACE, Buffer.from('test')]] })
    expect(() => collect(noDigest)).toThrow(/digest/)
    const noNamespace = message({ fields: [[FieldType.DIGEST, digest]] })
    expect(() => collect(noNamespace)).toThrow(/namespace/)
    const shortDigest = message({ fields: [[FieldType.DIGEST, digest.subarray(0, 19)]] })
    expect(() => collect(shortDigest)).toThrow(ParseError)
    const badHeader = Buffer.from(record)
    badHeader[0] = 21
    expect(() => collect(badHeader)).toThrow(ParseError)
  })
})
