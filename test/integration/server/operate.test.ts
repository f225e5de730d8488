import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, rawOp, replyBins, request } from './raw-client.js'

const W = Info2.WRITE
const R = Info1.READ

describe('operate', () => {
  let server: RunningServer
  let c: RawConnection

  beforeAll(async () => {
    server = await startServer({ port: 0 })
    c = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
  })

  const operate = (key: string, info1: number, info2: number, ...ops: ReturnType<typeof op>[]) =>
    c.msg(request({ info1, info2 }, keyFields('test', 'op', key), ops))

  it('runs ops in order; reads see earlier writes of the same call', async () => {
    const m = await operate(
      'o1',
      R,
      W,
      op(OpType.WRITE, 'a', 1),
      op(OpType.INCR, 'a', 2),
      op(OpType.READ, 'a'),
      op(OpType.WRITE, 's', 'x'),
      op(OpType.APPEND, 's', 'y'),
      op(OpType.READ, 's'),
    )
    expect(m.header).toMatchObject({ resultCode: 0, generation: 1 })
    expect(replyBins(m)).toEqual([
      ['a', 3],
      ['s', 'xy'],
    ])
  })

  it('answers one op per request op with respond-all-ops (several results for one bin)', async () => {
    const m = await operate(
      'o1',
      R,
      W | Info2.RESPOND_ALL_OPS,
      op(OpType.READ, 'a'),
      op(OpType.INCR, 'a', 10),
      op(OpType.READ, 'a'),
      op(OpType.READ, 'missing'),
    )
    expect(m.ops.map((o) => [o.op, o.name, o.particleType])).toEqual([
      [OpType.READ, 'a', 1],
      [OpType.INCR, 'a', 0],
      [OpType.READ, 'a', 1],
      [OpType.READ, 'missing', 0],
    ])
    expect(replyBins(m).map(([, v]) => v)).toEqual([3, null, 13, null])
  })

  it('a read of all bins inside a write', async () => {
    const m = await operate('o1', R | Info1.GET_ALL, W, op(OpType.WRITE, 'z', 9), op(OpType.READ, ''))
    expect(binsOf(m)).toEqual({ a: 13, s: 'xy', z: 9 })
    expect(m.ops.every((o) => o.op === OpType.READ)).toBe(true)
  })

  it('the delete op removes the record; later writes in the same call keep it', async () => {
    await operate('o2', 0, W, op(OpType.WRITE, 'a', 1), op(OpType.WRITE, 'b', 2))
    const kept = await operate(
      'o2',
      R,
      W,
      op(OpType.DELETE, ''),
      op(OpType.WRITE, 'c', 3),
      op(OpType.READ, 'a'),
    )
    expect(kept.header).toMatchObject({ resultCode: 0, generation: 2 })
    expect(kept.ops).toEqual([])
    expect(binsOf(await c.msg(request({ info1: R | Info1.GET_ALL }, keyFields('test', 'op', 'o2'))))).toEqual(
      { c: 3 },
    )
    const gone = await operate('o2', 0, W, op(OpType.DELETE, ''))
    expect(gone.header).toMatchObject({ resultCode: 0, generation: 0, recordTtl: 0 })
    expect(
      (await c.msg(request({ info1: R | Info1.GET_ALL }, keyFields('test', 'op', 'o2')))).header.resultCode,
    ).toBe(2)
  })

  it('the touch op renews the record in an operate', async () => {
    await operate('o3', 0, W, op(OpType.WRITE, 'a', 1))
    const m = await operate('o3', R, W, op(OpType.TOUCH, ''), op(OpType.READ, 'a'))
    expect(m.header).toMatchObject({ resultCode: 0, generation: 2 })
    expect(binsOf(m)).toEqual({ a: 1 })
  })

  it('a failing op fails the whole call and changes nothing', async () => {
    await operate('o4', 0, W, op(OpType.WRITE, 's', 'x'))
    const m = await operate(
      'o4',
      R,
      W,
      op(OpType.WRITE, 'a', 1),
      op(OpType.INCR, 's', 1),
      op(OpType.READ, 'a'),
    )
    expect(m.header).toMatchObject({ resultCode: 12, generation: 1 })
    expect(binsOf(await c.msg(request({ info1: R | Info1.GET_ALL }, keyFields('test', 'op', 'o4'))))).toEqual(
      { s: 'x' },
    )
  })

  it('refuses malformed combinations with 4', async () => {
    // A read op without info1 READ.
    expect(
      (await operate('o5', 0, W, op(OpType.WRITE, 'a', 1), op(OpType.READ, 'a'))).header.resultCode,
    ).toBe(4)
    // GET_ALL without a nameless read op.
    expect((await operate('o5', R | Info1.GET_ALL, W, op(OpType.WRITE, 'a', 1))).header.resultCode).toBe(4)
    // A read-all op with respond-all-ops, or mixed with ops that reply.
    expect(
      (await operate('o5', R | Info1.GET_ALL, W | Info2.RESPOND_ALL_OPS, op(OpType.READ, ''))).header
        .resultCode,
    ).toBe(4)
    expect(
      (await operate('o5', R | Info1.GET_ALL, W, op(OpType.READ, ''), op(OpType.READ, 'a'))).header
        .resultCode,
    ).toBe(4)
    // No ops at all, or an unknown op type.
    expect((await operate('o5', 0, W)).header.resultCode).toBe(4)
    expect((await operate('o5', 0, W, rawOp(6, 1, 'a', Buffer.alloc(8)))).header.resultCode).toBe(4)
    // A bin name over 15 bytes.
    expect((await operate('o5', 0, W, op(OpType.WRITE, 'a234567890123456', 1))).header.resultCode).toBe(21)
  })
})
