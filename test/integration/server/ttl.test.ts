import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { FieldType, Info1, Info2, Info3, type MessageHeader, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { keyFields, op, RawConnection, request } from './raw-client.js'

/** Unix time (s) of the Citrusleaf epoch, the origin of void times. */
const CL_EPOCH = 1_262_304_000
const nowVoid = (): number => Math.floor(Date.now() / 1000) - CL_EPOCH
const W = Info2.WRITE

describe('TTL and expiry', () => {
  let server: RunningServer
  let c: RawConnection

  beforeAll(async () => {
    // Only Date and the sweep's interval timer are faked: sockets keep working.
    vi.useFakeTimers({
      toFake: ['Date', 'setInterval', 'clearInterval'],
      now: new Date('2026-01-01T00:00:00Z'),
    })
    server = await startServer({
      port: 0,
      namespaces: [
        { name: 'test', defaultTtl: 100, nsupPeriod: 5 },
        { name: 'nonsup', nsupPeriod: 0 },
        { name: 'allowed', nsupPeriod: 0, allowTtlWithoutNsup: true, defaultTtl: 30 },
      ],
    })
    c = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
    vi.useRealTimers()
  })
  beforeEach(() => vi.setSystemTime(new Date('2026-01-01T00:00:00Z')))

  const put = async (ns: string, key: string, recordTtl: number, header: Partial<MessageHeader> = {}) =>
    (
      await c.msg(
        request({ info2: W, recordTtl, ...header }, keyFields(ns, 't', key), [op(OpType.WRITE, 'a', 1)]),
      )
    ).header
  const head = async (ns: string, key: string, recordTtl = 0) =>
    (await c.msg(request({ info1: Info1.READ | Info1.GET_NO_BINS, recordTtl }, keyFields(ns, 't', key))))
      .header
  const objects = async (ns: string) =>
    Number(/(?:^|;)objects=(\d+)/.exec(await c.info1(`namespace/${ns}`))![1])

  it('TTL 0 takes the namespace default; -1 never expires; n expires in n seconds', async () => {
    expect(await put('test', 'd', 0)).toMatchObject({ resultCode: 0, recordTtl: nowVoid() + 100 })
    expect(await put('test', 'never', 0xffffffff)).toMatchObject({ resultCode: 0, recordTtl: 0 })
    expect(await put('test', 'n', 50)).toMatchObject({ resultCode: 0, recordTtl: nowVoid() + 50 })
  })

  it('TTL -2 keeps the current expiry, and uses the default for a new record', async () => {
    const first = await put('test', 'keep', 50)
    vi.setSystemTime(Date.now() + 10_000)
    expect(await put('test', 'keep', 0xfffffffe)).toMatchObject({ generation: 2, recordTtl: first.recordTtl })
    expect(await put('test', 'keep-new', 0xfffffffe)).toMatchObject({ recordTtl: nowVoid() + 100 })
  })

  it('refuses a TTL over 10 years (4)', async () => {
    expect((await put('test', 'long', 315_360_001)).resultCode).toBe(4)
    expect((await put('test', 'long', 0xfffffffd)).resultCode).toBe(4)
    expect((await put('test', 'long', 315_360_000)).resultCode).toBe(0)
  })

  it('refuses expiring records when nothing would remove them (22), unless allowed', async () => {
    expect((await put('nonsup', 'x', 10)).resultCode).toBe(22)
    expect((await put('nonsup', 'x', 0xffffffff)).resultCode).toBe(0)
    expect((await put('nonsup', 'x', 0)).resultCode).toBe(0)
    expect(await put('allowed', 'x', 0)).toMatchObject({ resultCode: 0, recordTtl: nowVoid() + 30 })
  })

  it('an expired record is invisible at once, and reclaimed by the sweep', async () => {
    await put('test', 'e1', 10)
    const before = await objects('test')
    vi.setSystemTime(Date.now() + 11_000)
    const got = await head('test', 'e1')
    expect(got.resultCode).toBe(2)
    // Not found, but the reply still carries the expired record's metadata (as the server does).
    expect(got.generation).toBe(1)
    const touch = await c.msg(request({ info2: W }, keyFields('test', 't', 'e1'), [op(OpType.TOUCH, '')]))
    expect(touch.header.resultCode).toBe(2)
    expect((await put('test', 'e1', 10, { info3: Info3.UPDATE_ONLY })).resultCode).toBe(2)
    // Still in the index until the sweep runs.
    expect(await objects('test')).toBe(before)
    vi.advanceTimersByTime(5_000)
    expect(await objects('test')).toBeLessThan(before)
    expect(await c.info1('namespace/test')).toMatch(/;expired_objects=[1-9]/)
  })

  it('a write to an expired record creates a new one', async () => {
    await put('test', 'e2', 10)
    await put('test', 'e2', 10)
    vi.setSystemTime(Date.now() + 11_000)
    expect(await put('test', 'e2', 10, { info2: W | Info2.CREATE_ONLY })).toMatchObject({
      resultCode: 0,
      generation: 1,
    })
  })

  it('a new record replacing an expired one may live in another set', async () => {
    await put('test', 'e4', 10)
    vi.setSystemTime(Date.now() + 11_000)
    const [ns, , digest] = keyFields('test', 't', 'e4')
    const moved = request(
      { info2: W },
      [ns!, { type: FieldType.SET, data: Buffer.from('moved') }, digest!],
      [op(OpType.WRITE, 'a', 1)],
    )
    expect((await c.msg(moved)).header).toMatchObject({ resultCode: 0, generation: 1 })
    expect(await c.info1('sets/test/moved')).toMatch(/^objects=1:tombstones=0:data_used_bytes=64:/)
    const before = Number(/^objects=(\d+)/.exec(await c.info1('sets/test/t'))![1])
    await put('test', 'e5', 10)
    expect(await c.info1('sets/test/t')).toMatch(new RegExp(`^objects=${before + 1}:`))
  })

  it('deleting an expired record not yet swept succeeds, as on the server', async () => {
    await put('test', 'e3', 10)
    vi.setSystemTime(Date.now() + 11_000)
    const del = await c.msg(request({ info2: W | Info2.DELETE }, keyFields('test', 't', 'e3')))
    expect(del.header.resultCode).toBe(0)
  })

  it('read-touch renews the TTL when the remaining part is below the given percent', async () => {
    const first = await put('test', 'rt', 100)
    vi.setSystemTime(Date.now() + 30_000)
    // 70% of the TTL remains: a 50% threshold does not touch.
    expect((await head('test', 'rt', 50)).recordTtl).toBe(first.recordTtl)
    expect((await head('test', 'rt', 50)).recordTtl).toBe(first.recordTtl)
    vi.setSystemTime(Date.now() + 30_000)
    // 40% remains: the read answers with the old expiry, then the record is touched.
    expect((await head('test', 'rt', 50)).recordTtl).toBe(first.recordTtl)
    const after = await head('test', 'rt', 0xffffffff)
    expect(after).toMatchObject({ generation: 1, recordTtl: nowVoid() + 100 })
    expect((await head('test', 'rt', 101)).resultCode).toBe(4)
  })
})
