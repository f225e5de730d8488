import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessages, FieldType, Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from './raw-client.js'

const W = Info2.WRITE

describe('limits', () => {
  let server: RunningServer
  let c: RawConnection

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      namespaces: [
        { name: 'test' },
        { name: 'small', maxRecordSize: 128 },
        { name: 'big', maxRecordSize: 8 << 20 },
      ],
    })
    c = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
  })

  it('a record over max-record-size is refused (13) and nothing is stored', async () => {
    const big = (n: number) =>
      c.msg(request({ info2: W }, keyFields('small', 's', 'big'), [op(OpType.WRITE, 'b', Buffer.alloc(n))]))
    // 35 header + 2 set + 1 bin count + 2 name + 5 blob header + 4 end mark = 49 bytes besides the value.
    expect((await big(80)).header.resultCode).toBe(13)
    expect(
      (await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('small', 's', 'big')))).header
        .resultCode,
    ).toBe(2)
    expect((await big(79)).header.resultCode).toBe(0)
    const grow = await c.msg(
      request({ info2: W }, keyFields('small', 's', 'big'), [op(OpType.WRITE, 'c', 1)]),
    )
    expect(grow.header).toMatchObject({ resultCode: 13, generation: 1 })
  })

  it('a bin name over 15 bytes is refused (21)', async () => {
    const name = (n: string) =>
      c.msg(request({ info2: W }, keyFields('test', 's', 'bn'), [op(OpType.WRITE, n, 1)]))
    expect((await name('a234567890123456')).header.resultCode).toBe(21)
    expect((await name('a23456789012345')).header.resultCode).toBe(0)
    expect((await name('é2345678901234')).header.resultCode).toBe(0)
    expect((await name('é23456789012345')).header.resultCode).toBe(21)
  })

  it('an unknown or missing namespace is refused (20)', async () => {
    const unknown = await c.msg(
      request({ info2: W }, keyFields('nope', 's', 'k'), [op(OpType.WRITE, 'a', 1)]),
    )
    expect(unknown.header.resultCode).toBe(20)
    const noNs = keyFields('test', 's', 'k').slice(1)
    expect((await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, noNs))).header.resultCode).toBe(20)
  })

  it('a digest that is not 20 bytes is refused (4)', async () => {
    const fields = [
      { type: FieldType.NAMESPACE, data: Buffer.from('test') },
      { type: FieldType.DIGEST, data: Buffer.alloc(19) },
    ]
    expect((await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, fields))).header.resultCode).toBe(4)
  })

  it('a record holds at most 32767 bins (4 beyond), and huge records stay fast', async () => {
    const ops = (n: number) => Array.from({ length: n }, (_, i) => op(OpType.WRITE, `b${i}`, i))
    const huge = (n: number) => c.msg(request({ info2: W }, keyFields('big', 's', `bins${n}`), ops(n)))
    expect((await huge(32768)).header.resultCode).toBe(4)
    expect((await huge(32767)).header.resultCode).toBe(0)
    const back = await c.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('big', 's', 'bins32767')),
    )
    expect(back.ops.length).toBe(32767)
    expect(binsOf(back).b32766).toBe(32766)
  })

  it('wraps the generation from 65535 to 1', async () => {
    const write = request({ info2: W }, keyFields('test', 's', 'gen'), [op(OpType.INCR, 'n', 1)])
    const total = 65536
    // Pipelined in large batches; each reply is one message.
    let last = 0
    for (let sent = 0; sent < total; ) {
      const n = Math.min(8192, total - sent)
      c.send(Buffer.concat(Array.from({ length: n }, () => write)))
      for (let i = 0; i < n; i++) {
        const f = await c.next()
        last = decodeMessages(f!.body)[0]!.header.generation
      }
      sent += n
    }
    expect(last).toBe(1)
    const m = await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 's', 'gen')))
    expect(m.header.generation).toBe(1)
    expect(binsOf(m)).toEqual({ n: total })
  })
})
