import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, rawOp, replyBins, request } from './raw-client.js'

const R = Info1.READ

describe('reads', () => {
  let server: RunningServer
  let c: RawConnection

  beforeAll(async () => {
    server = await startServer({ port: 0 })
    c = await RawConnection.open(server.port)
    const put = request({ info2: Info2.WRITE, recordTtl: 1000 }, keyFields('test', 'rd', 'r1'), [
      op(OpType.WRITE, 'i', 7),
      op(OpType.WRITE, 's', 'x'),
      op(OpType.WRITE, 'b', true),
    ])
    expect((await c.msg(put)).header.resultCode).toBe(0)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
  })

  const read = (info1: number, ...ops: ReturnType<typeof op>[]) =>
    c.msg(request({ info1 }, keyFields('test', 'rd', 'r1'), ops))

  it('reads all bins with generation and void time', async () => {
    const m = await read(R | Info1.GET_ALL)
    expect(m.header).toMatchObject({ resultCode: 0, generation: 1 })
    expect(m.header.recordTtl).toBeGreaterThan(0)
    expect(replyBins(m)).toEqual([
      ['i', 7],
      ['s', 'x'],
      ['b', true],
    ])
  })

  it('reads selected bins, skipping missing ones unless every op must answer', async () => {
    expect(
      replyBins(await read(R, op(OpType.READ, 's'), op(OpType.READ, 'nope'), op(OpType.READ, 'i'))),
    ).toEqual([
      ['s', 'x'],
      ['i', 7],
    ])
    const all = await c.msg(
      request({ info1: R, info2: Info2.RESPOND_ALL_OPS }, keyFields('test', 'rd', 'r1'), [
        op(OpType.READ, 'nope'),
        op(OpType.READ, 'i'),
      ]),
    )
    expect(replyBins(all)).toEqual([
      ['nope', null],
      ['i', 7],
    ])
  })

  it('reads the header only (exists)', async () => {
    const m = await read(R | Info1.GET_NO_BINS)
    expect(m.header).toMatchObject({ resultCode: 0, generation: 1 })
    expect(m.ops).toEqual([])
    const missing = await c.msg(request({ info1: R | Info1.GET_NO_BINS }, keyFields('test', 'rd', 'nope')))
    expect(missing.header).toMatchObject({ resultCode: 2, generation: 0, recordTtl: 0 })
  })

  it('refuses bad reads: no ops (4), a long bin name (21), a write op (4)', async () => {
    expect((await read(R)).header).toMatchObject({ resultCode: 4, generation: 1 })
    expect((await read(R, op(OpType.READ, 'a234567890123456'))).header.resultCode).toBe(21)
    expect((await read(R, op(OpType.WRITE, 'x', 1))).header.resultCode).toBe(4)
    expect((await read(R, rawOp(OpType.READ, 0, 'a\0b', Buffer.alloc(0)))).header.resultCode).toBe(21)
  })

  it('a request that neither reads nor writes is refused (4)', async () => {
    expect((await c.msg(request({}, keyFields('test', 'rd', 'r1')))).header.resultCode).toBe(4)
  })

  it('keeps bin values byte for byte', async () => {
    const values = [
      '',
      'héllo 漢字 😀',
      Buffer.alloc(0),
      Buffer.from([0, 255]),
      -1,
      2 ** 53 - 1,
      -(2n ** 63n),
      0.1,
      false,
    ]
    const ops = values.map((v, i) => op(OpType.WRITE, `v${i}`, v))
    expect(
      (await c.msg(request({ info2: Info2.WRITE }, keyFields('test', 'rd', 'bytes'), ops))).header.resultCode,
    ).toBe(0)
    const m = await c.msg(request({ info1: R | Info1.GET_ALL }, keyFields('test', 'rd', 'bytes')))
    expect(Object.values(binsOf(m))).toEqual(values)
  })
})
