import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { Double } from '../../../src/protocol/values.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, rawOp, request } from './raw-client.js'

const W = Info2.WRITE

describe('increment, append, prepend, touch and delete', () => {
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

  const write = (key: string, ...ops: ReturnType<typeof op>[]) =>
    c.msg(request({ info2: W }, keyFields('test', 'mod', key), ops))
  const get = async (key: string) =>
    binsOf(await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'mod', key))))

  it('increments integers (creating a missing bin) and wraps at 64 bits', async () => {
    expect((await write('i', op(OpType.INCR, 'n', 5))).header).toMatchObject({ resultCode: 0, generation: 1 })
    await write('i', op(OpType.INCR, 'n', -7))
    expect(await get('i')).toEqual({ n: -2 })
    await write('i', op(OpType.WRITE, 'max', 9223372036854775807n), op(OpType.INCR, 'max', 1))
    expect((await get('i')).max).toBe(-9223372036854775808n)
  })

  it('increments floats', async () => {
    await write('f', op(OpType.WRITE, 'd', 1.5))
    await write('f', op(OpType.INCR, 'd', new Double(0.25)))
    expect(await get('f')).toEqual({ d: 1.75 })
  })

  it('refuses an increment of the wrong type (12), reporting the record metadata', async () => {
    await write('t', op(OpType.WRITE, 's', 'x'), op(OpType.WRITE, 'n', 1), op(OpType.WRITE, 'd', 1.5))
    for (const bad of [op(OpType.INCR, 's', 1), op(OpType.INCR, 'n', 1.5), op(OpType.INCR, 'd', 1)]) {
      expect((await write('t', bad)).header).toMatchObject({ resultCode: 12, generation: 1 })
    }
    expect(
      (await write('t', rawOp(OpType.INCR, ParticleType.INTEGER, 'n', Buffer.alloc(3)))).header.resultCode,
    ).toBe(4)
    expect(await get('t')).toEqual({ s: 'x', n: 1, d: 1.5 })
  })

  it('appends and prepends strings and blobs, same type only', async () => {
    await write('s', op(OpType.WRITE, 's', 'b'), op(OpType.WRITE, 'bl', Buffer.from([2])))
    await write('s', op(OpType.APPEND, 's', 'c'), op(OpType.PREPEND, 's', 'a'))
    await write('s', op(OpType.APPEND, 'bl', Buffer.from([3])), op(OpType.PREPEND, 'bl', Buffer.from([1])))
    expect(await get('s')).toEqual({ s: 'abc', bl: Buffer.from([1, 2, 3]) })
    expect((await write('s', op(OpType.APPEND, 's', Buffer.from([1])))).header.resultCode).toBe(12)
    expect((await write('s', op(OpType.APPEND, 'bl', 'x'))).header.resultCode).toBe(12)
    await write('s', op(OpType.WRITE, 'n', 1))
    expect((await write('s', op(OpType.PREPEND, 'n', 'x'))).header.resultCode).toBe(12)
    expect((await write('s', op(OpType.APPEND, 'new', 'x'))).header.resultCode).toBe(0)
    expect((await get('s')).new).toBe('x')
  })

  it('touch renews metadata, needs the record', async () => {
    await write('touch', op(OpType.WRITE, 'a', 1))
    const t = await c.msg(
      request({ info2: W, recordTtl: 60 }, keyFields('test', 'mod', 'touch'), [op(OpType.TOUCH, '')]),
    )
    expect(t.header.resultCode).toBe(0)
    expect(t.header.generation).toBe(2)
    expect(t.header.recordTtl).toBeGreaterThan(0)
    const missing = await c.msg(
      request({ info2: W }, keyFields('test', 'mod', 'nope'), [op(OpType.TOUCH, '')]),
    )
    expect(missing.header.resultCode).toBe(2)
  })

  it('deletes with a generation check; a missing record is 2', async () => {
    await write('del', op(OpType.WRITE, 'a', 1))
    const del = (gen: number, flags = Info2.GENERATION) =>
      c.msg(request({ info2: W | Info2.DELETE | flags, generation: gen }, keyFields('test', 'mod', 'del')))
    expect((await del(5)).header).toMatchObject({ resultCode: 3, generation: 0 })
    expect((await del(1)).header.resultCode).toBe(0)
    expect((await del(1)).header.resultCode).toBe(2)
    expect(
      await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'mod', 'del'))),
    ).toMatchObject({
      header: { resultCode: 2 },
    })
  })
})
