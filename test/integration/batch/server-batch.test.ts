// The embedded server's batch handling on raw frames: row layouts, per-row results as the real server gives them,
// the stop-on-error rules, malformed rows, bounded frames, and large batches that do not hold up other connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FieldType, Info1, Info2, Info3, OpType } from '../../../src/protocol/message.js'
import { BATCH_BLOCK_CAPACITY } from '../../../src/server/batch/batch-output.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyField, keyFields, op, RawConnection, request } from '../server/raw-client.js'
import { batchRequest, type RawRow, readBatch } from './batch-frames.js'

let server: RunningServer
let conn: RawConnection
let counter = 0
const fresh = (): string => `r${++counter}`

beforeAll(async () => {
  server = await startServer({ port: 0 })
  conn = await RawConnection.open(server.port)
})
afterAll(async () => {
  conn?.close()
  await server?.stop()
})

async function put(key: string, bins: Record<string, string | number>, set = 'batch'): Promise<void> {
  const ops = Object.entries(bins).map(([n, v]) => op(OpType.WRITE, n, v))
  const reply = await conn.msg(request({ info2: Info2.WRITE }, keyFields('test', set, key), ops))
  expect(reply.header.resultCode).toBe(0)
}

async function batch(rows: readonly RawRow[], options?: Parameters<typeof batchRequest>[1]) {
  conn.send(batchRequest(rows, options))
  return readBatch(conn)
}

const WRITE_ROW = 0x0e
const WRITE = Info2.WRITE | Info2.RESPOND_ALL_OPS

describe('read rows', () => {
  it('read all, selected bins and header only; REPEAT rows reuse the row before', async () => {
    const [a, b, missing] = [fresh(), fresh(), fresh()]
    await put(a, { i: 1, s: 'x' })
    await put(b, { i: 2, s: 'y' })
    const answer = await batch([
      { key: a },
      { key: b, repeat: true },
      { key: missing, repeat: true },
      { key: a, info1: Info1.READ, ops: [op(OpType.READ, 's')] },
      { key: b, repeat: true },
      { key: a, info1: Info1.READ | Info1.GET_NO_BINS },
    ])
    expect(answer.trailer.header.resultCode).toBe(0)
    expect(answer.rows.map((r) => [r.header.transactionTtl, r.header.resultCode])).toEqual([
      [0, 0],
      [1, 0],
      [2, 2],
      [3, 0],
      [4, 0],
      [5, 0],
    ])
    expect(binsOf(answer.byIndex.get(0)!)).toEqual({ i: 1, s: 'x' })
    expect(binsOf(answer.byIndex.get(1)!)).toEqual({ i: 2, s: 'y' })
    expect(binsOf(answer.byIndex.get(4)!)).toEqual({ s: 'y' })
    expect(answer.byIndex.get(5)!.ops).toEqual([])
    expect(answer.byIndex.get(5)!.header.generation).toBe(1)
    // A missing record reports generation and void time 0.
    expect(answer.byIndex.get(2)!.header).toMatchObject({ generation: 0, recordTtl: 0 })
    // Read results always carry op READ, and the header's info bits are clear.
    expect(answer.rows.flatMap((r) => r.ops.map((o) => o.op))).toEqual(
      answer.rows.flatMap((r) => r.ops.map(() => 1)),
    )
    expect(answer.rows.every((r) => r.header.info1 === 0 && r.header.info3 === 0)).toBe(true)
  })

  it('echoes the caller’s indices, whatever they are', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    const answer = await batch([
      { key: k, index: 77 },
      { key: k, index: 5, repeat: true },
    ])
    expect(answer.rows.map((r) => r.header.transactionTtl)).toEqual([77, 5])
  })

  it('rows of several namespaces and sets; old rows without info bits take the parent’s SC bits', async () => {
    const k = fresh()
    await put(k, { v: 'other' }, 'other')
    const answer = await batch([
      { key: k, set: 'other', flags: 0x00, info1: Info1.READ | Info1.GET_ALL },
      { key: k, ns: 'bar', set: 'other' },
    ])
    expect(answer.rows.map((r) => r.header.resultCode)).toEqual([0, 2])
    expect(binsOf(answer.rows[0]!)).toEqual({ v: 'other' })
  })
})

describe('write rows', () => {
  it('writes, operates and deletes with per-row generation, TTL, existence and send-key', async () => {
    const [a, b, c, d] = [fresh(), fresh(), fresh(), fresh()]
    await put(b, { n: 1 })
    await put(c, { n: 1 })
    const answer = await batch([
      {
        key: a,
        flags: WRITE_ROW,
        info1: 0,
        info2: WRITE,
        ttl: 300,
        fields: [keyField(a)],
        ops: [op(OpType.WRITE, 'x', 1), op(OpType.WRITE, 'y', 'two')],
      },
      {
        key: b,
        flags: WRITE_ROW,
        info1: Info1.READ,
        info2: WRITE,
        ops: [op(OpType.INCR, 'n', 10), op(OpType.READ, 'n')],
      },
      {
        key: c,
        flags: WRITE_ROW,
        info1: 0,
        info2: WRITE | Info2.GENERATION,
        gen: 9,
        ops: [op(OpType.WRITE, 'n', 2)],
      },
      {
        key: c,
        flags: WRITE_ROW,
        info1: 0,
        info2: WRITE | Info2.CREATE_ONLY,
        ops: [op(OpType.WRITE, 'n', 2)],
      },
      {
        key: d,
        flags: WRITE_ROW,
        info1: 0,
        info2: WRITE,
        info3: Info3.UPDATE_ONLY,
        ops: [op(OpType.WRITE, 'n', 2)],
      },
      { key: c, flags: WRITE_ROW, info1: 0, info2: WRITE | Info2.DELETE },
      { key: d, flags: WRITE_ROW, info1: 0, info2: WRITE | Info2.DELETE },
      { key: b, flags: WRITE_ROW, info1: 0, info2: WRITE, ops: [op(OpType.APPEND, 'n', 'x')] },
    ])
    expect(answer.trailer.header.resultCode).toBe(0)
    expect(answer.rows.map((r) => r.header.resultCode)).toEqual([0, 0, 3, 5, 2, 0, 2, 12])
    expect(answer.byIndex.get(0)!.ops.map((o) => [o.op, o.name, o.particleType])).toEqual([
      [OpType.WRITE, 'x', 0],
      [OpType.WRITE, 'y', 0],
    ])
    expect(answer.byIndex.get(1)!.ops.map((o) => o.op)).toEqual([OpType.INCR, OpType.READ])
    expect(binsOf(answer.byIndex.get(1)!)).toEqual({ n: 11 })
    expect(answer.byIndex.get(0)!.header.generation).toBe(1)
    expect(answer.byIndex.get(0)!.header.recordTtl).toBeGreaterThan(0)
    // Deletes report generation and void time 0.
    expect(answer.byIndex.get(5)!.header).toMatchObject({ resultCode: 0, generation: 0, recordTtl: 0 })
    const stored = await conn.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', a)),
    )
    expect(binsOf(stored)).toEqual({ x: 1, y: 'two' })
  })

  it('a row’s key field must match a stored key (19); a parent filter reaches rows without their own', async () => {
    const k = fresh()
    const keyed = await conn.msg(
      request({ info2: Info2.WRITE }, keyFields('test', 'batch', k, keyField(k)), [op(OpType.WRITE, 'v', 1)]),
    )
    expect(keyed.header.resultCode).toBe(0)
    const filter = Buffer.from([0x93, 0x01, 0x01, 0x01])
    const single = await conn.msg(
      request(
        { info1: Info1.READ | Info1.GET_ALL },
        keyFields('test', 'batch', k, { type: FieldType.FILTER_EXP, data: filter }),
      ),
    )
    const mismatch = await batch([
      { key: k, fields: [keyField('other')] },
      { key: k, fields: [keyField(k)] },
    ])
    expect(mismatch.rows.map((r) => r.header.resultCode)).toEqual([19, 0])
    const filtered = await batch(
      [{ key: k }, { key: k, fields: [{ type: FieldType.FILTER_EXP, data: filter }] }],
      {
        filter,
      },
    )
    expect(filtered.rows.map((r) => r.header.resultCode)).toEqual([
      single.header.resultCode,
      single.header.resultCode,
    ])
  })
})

describe('stopping on a row error', () => {
  const rows = (k: string, missing: string): RawRow[] => [
    { key: k },
    { key: missing, repeat: true },
    {
      key: k,
      flags: WRITE_ROW,
      info1: 0,
      info2: WRITE | Info2.GENERATION,
      gen: 99,
      ops: [op(OpType.WRITE, 'v', 2)],
    },
    { key: k },
  ]

  it('respond-all-keys: every row answers, the trailer is 0', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    const answer = await batch(rows(k, fresh()), { parentFlags: 0x05 })
    expect(answer.rows.map((r) => r.header.resultCode)).toEqual([0, 2, 3, 0])
    expect(answer.trailer.header.resultCode).toBe(0)
  })

  it('without it, the block holding the error is dropped and the trailer carries the error', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    const answer = await batch(rows(k, fresh()), { parentFlags: 0x01 })
    expect(answer.rows).toEqual([])
    expect(answer.trailer.header.resultCode).toBe(3)
    expect(answer.frameSizes).toEqual([22])
  })

  it('with report-error-record, the block holding the error is still sent', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    const answer = await batch(rows(k, fresh()), { parentFlags: 0x09 })
    expect(answer.rows.map((r) => r.header.resultCode)).toEqual([0, 2, 3, 0])
    expect(answer.trailer.header.resultCode).toBe(3)
  })

  it('not found and filtered out never stop a batch', async () => {
    const answer = await batch([{ key: fresh() }, { key: fresh(), repeat: true }], { parentFlags: 0x01 })
    expect(answer.rows.map((r) => r.header.resultCode)).toEqual([2, 2])
    expect(answer.trailer.header.resultCode).toBe(0)
  })
})

describe('malformed batches', () => {
  const trailerOnly = async (frame: Buffer): Promise<number> => {
    conn.send(frame)
    const answer = await readBatch(conn)
    expect(answer.rows).toEqual([])
    expect(answer.frameSizes).toEqual([22])
    expect(answer.trailer.header.info3).toBe(Info3.LAST)
    return answer.trailer.header.resultCode
  }

  it('no BATCH field, zero rows, a short field: a lone trailer with PARAMETER', async () => {
    expect(
      await trailerOnly(
        request({ info1: Info1.BATCH }, [{ type: FieldType.NAMESPACE, data: Buffer.from('test') }]),
      ),
    ).toBe(4)
    expect(await trailerOnly(batchRequest([], { count: 0 }))).toBe(4)
    expect(
      await trailerOnly(
        request({ info1: Info1.BATCH }, [{ type: FieldType.BATCH_INDEX, data: Buffer.from([0, 0]) }]),
      ),
    ).toBe(4)
    const truncatedField = request({ info1: Info1.BATCH }, [
      { type: FieldType.BATCH_INDEX, data: Buffer.alloc(9) },
    ])
    truncatedField.writeUInt32BE(1000, 30)
    expect(await trailerOnly(truncatedField)).toBe(4)
  })

  it('a REPEAT first row, a REPEAT after a row sending a key, an unknown namespace, missing rows: PARAMETER', async () => {
    const k = fresh()
    expect(await trailerOnly(batchRequest([{ key: k, repeat: true }]))).toBe(4)
    expect(
      await trailerOnly(
        batchRequest([
          { key: k, fields: [keyField(k)] },
          { key: k, repeat: true },
        ]),
      ),
    ).toBe(4)
    expect(await trailerOnly(batchRequest([{ key: k }, { key: k, ns: 'nope' }]))).toBe(4)
    expect(await trailerOnly(batchRequest([{ key: k }], { count: 3 }))).toBe(4)
  })

  it('rows before the malformed one still ran', async () => {
    const k = fresh()
    const answer = await batch(
      [
        { key: k, flags: WRITE_ROW, info1: 0, info2: WRITE, ops: [op(OpType.WRITE, 'v', 7)] },
        { key: k, ns: 'nope' },
      ],
      {},
    )
    expect(answer.trailer.header.resultCode).toBe(4)
    const stored = await conn.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', k)),
    )
    expect(binsOf(stored)).toEqual({ v: 7 })
  })

  it('extra bytes after the announced rows are ignored; a row op list overrunning the field is PARAMETER', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    const ok = await batch([{ key: k }], { tail: Buffer.from('junk') })
    expect([ok.rows.length, ok.trailer.header.resultCode]).toEqual([1, 0])
    const frame = batchRequest([{ key: k, info1: Info1.READ, ops: [op(OpType.READ, 'v')] }])
    // The frame ends with the op: size (4), op, particle, flags, name length, name 'v'. Grow its size past the end.
    frame.writeUInt32BE(200, frame.length - 9)
    conn.send(frame)
    const answer = await readBatch(conn)
    expect(answer.trailer.header.resultCode).toBe(4)
  })
})

describe('large batches', () => {
  it('results come in frames of at most one 128 KiB block', async () => {
    const keys = Array.from({ length: 300 }, () => fresh())
    const big = 'x'.repeat(1500)
    for (const k of keys) await put(k, { big })
    const answer = await batch(keys.map((key, i) => (i === 0 ? { key } : { key, repeat: true })))
    expect(answer.rows).toHaveLength(300)
    expect(answer.frameSizes.length).toBeGreaterThan(3)
    expect(Math.max(...answer.frameSizes)).toBeLessThanOrEqual(BATCH_BLOCK_CAPACITY)
    expect(answer.rows.every((r) => binsOf(r).big === big)).toBe(true)
  })

  it('a 10,000-row batch does not hold up another connection', async () => {
    const other = await RawConnection.open(server.port)
    try {
      const rows: RawRow[] = Array.from({ length: 10_000 }, (_, i) => ({
        key: `w${i}`,
        flags: WRITE_ROW,
        info1: 0,
        info2: WRITE,
        ops: [op(OpType.WRITE, 'v', i)],
      }))
      const order: string[] = []
      conn.send(batchRequest(rows))
      const done = readBatch(conn).then((a) => {
        order.push('batch')
        return a
      })
      const got = other
        .msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', 'nothing')))
        .then((m) => {
          order.push('get')
          return m
        })
      const [answer, reply] = await Promise.all([done, got])
      expect(reply.header.resultCode).toBe(2)
      expect(answer.rows).toHaveLength(10_000)
      expect(order).toEqual(['get', 'batch'])
    } finally {
      other.close()
    }
  })

  it('a request behind a batch on the same connection is answered after the batch', async () => {
    const k = fresh()
    await put(k, { v: 1 })
    conn.send(
      batchRequest(Array.from({ length: 2000 }, (_, i) => (i === 0 ? { key: k } : { key: k, repeat: true }))),
    )
    conn.send(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', k)))
    const answer = await readBatch(conn)
    expect(answer.rows).toHaveLength(2000)
    const next = await conn.next()
    expect(next!.body.readUInt16BE(20)).toBe(1)
  })

  it('a client hanging up mid-batch leaves the server serving others', async () => {
    const quitter = await RawConnection.open(server.port)
    quitter.send(
      batchRequest(
        Array.from({ length: 5000 }, (_, i) => (i === 0 ? { key: 'q' } : { key: 'q', repeat: true })),
      ),
    )
    quitter.close()
    const reply = await conn.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', 'nothing')),
    )
    expect(reply.header.resultCode).toBe(2)
  })
})
