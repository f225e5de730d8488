import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeInfoRequest } from '../../../src/protocol/info.js'
import { decodeMessage, Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from './raw-client.js'

const put = (key: string, n: number): Buffer =>
  request({ info2: Info2.WRITE }, keyFields('test', 'conn', key), [op(OpType.WRITE, 'n', n)])
const get = (key: string): Buffer =>
  request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'conn', key))

describe('connections', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ port: 0 })
  })
  afterAll(async () => {
    await server.stop()
  })

  it('serves many connections at once', async () => {
    const conns = await Promise.all(Array.from({ length: 64 }, () => RawConnection.open(server.port)))
    await Promise.all(
      conns.map(async (c, i) => {
        expect((await c.msg(put(`many${i}`, i))).header.resultCode).toBe(0)
      }),
    )
    const values = await Promise.all(conns.map(async (c, i) => binsOf(await c.msg(get(`many${i}`))).n))
    expect(values).toEqual(conns.map((_, i) => i))
    expect(
      Number(/client_connections=(\d+)/.exec(await conns[0]!.info1('statistics'))![1]),
    ).toBeGreaterThanOrEqual(64)
    for (const c of conns) c.close()
  })

  it('answers requests sent back to back in order', async () => {
    const c = await RawConnection.open(server.port)
    const n = 200
    const frames: Buffer[] = []
    for (let i = 0; i < n; i++) frames.push(put(`pipe${i}`, i), get(`pipe${i}`))
    frames.push(encodeInfoRequest(['build']))
    // One write; the server reads every request and must answer each in turn.
    c.send(Buffer.concat(frames))
    for (let i = 0; i < n; i++) {
      const w = decodeMessage((await c.next())!.body)
      expect(w.header.resultCode).toBe(0)
      expect(binsOf(decodeMessage((await c.next())!.body))).toEqual({ n: i })
    }
    expect((await c.next())!.body.toString()).toBe('build\t8.1.2.0\n')
    c.close()
  })

  it('handles requests split across many small chunks', async () => {
    const c = await RawConnection.open(server.port)
    const bytes = Buffer.concat([put('split', 7), get('split')])
    for (let i = 0; i < bytes.length; i += 3) c.send(bytes.subarray(i, i + 3))
    expect(decodeMessage((await c.next())!.body).header.resultCode).toBe(0)
    expect(binsOf(decodeMessage((await c.next())!.body))).toEqual({ n: 7 })
    c.close()
  })

  it('delays replies when asked (test-only faults), keeping their order', async () => {
    const s = await startServer({ port: 0, faults: { delayMs: 500 } })
    const c = await RawConnection.open(s.port)
    const t0 = Date.now()
    c.send(Buffer.concat([put('d', 1), get('d')]))
    // Info is not delayed unless faults.info is set: it overtakes the delayed replies.
    const other = await RawConnection.open(s.port)
    expect(await other.info1('build')).toBe('8.1.2.0')
    expect(await c.nextWithin(0)).toBe('timeout')
    const first = await c.next()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(490)
    expect(decodeMessage(first!.body).header.resultCode).toBe(0)
    expect(binsOf(decodeMessage((await c.next())!.body))).toEqual({ n: 1 })
    s.setFaults({ delayMs: 0 })
    expect((await c.msg(get('d'))).header.resultCode).toBe(0)
    c.close()
    other.close()
    await s.stop()
  })

  it('drops replies when asked, then recovers', async () => {
    const s = await startServer({ port: 0 })
    const c = await RawConnection.open(s.port)
    s.setFaults({ dropResponses: true })
    c.send(put('dropped', 1))
    expect(await c.nextWithin(200)).toBe('timeout')
    // Dropped requests are not executed.
    expect(await c.info1('namespace/test')).toMatch(/;objects=0;/)
    s.setFaults({ info: true })
    c.send(encodeInfoRequest(['build']))
    expect(await c.nextWithin(200)).toBe('timeout')
    s.setFaults({ dropResponses: false, info: false })
    expect((await c.msg(put('kept', 1))).header.resultCode).toBe(0)
    c.close()
    await s.stop()
  })

  it('stop() ends pending delayed replies without keeping the process busy', async () => {
    const s = await startServer({ port: 0, faults: { delayMs: 60_000 } })
    const c = await RawConnection.open(s.port)
    c.send(get('x'))
    await s.stop()
    await c.closed
    expect(await c.next()).toBeUndefined()
  })
})
