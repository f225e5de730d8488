import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from './raw-client.js'

describe('embedded server basics', () => {
  let server: RunningServer
  let conn: RawConnection

  beforeAll(async () => {
    server = await startServer({ port: 0, nodeId: 'bb9000000000a01' })
    conn = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    conn.close()
    await server.stop()
  })

  it('listens on a random port and reports where', () => {
    expect(server.port).toBeGreaterThan(0)
    expect(server.host).toBe('127.0.0.1')
    expect(server.hosts).toEqual([['127.0.0.1', server.port]])
    expect(server.nodeId).toBe('BB9000000000A01')
  })

  it('answers the tend info commands', async () => {
    const info = await conn.info('node', 'partition-generation', 'build', 'namespaces')
    expect(info.get('node')).toBe('BB9000000000A01')
    expect(info.get('partition-generation')).toBe('0')
    expect(info.get('build')).toBe('8.1.2.0')
    expect(info.get('namespaces')).toBe('test;bar')
  })

  it('stores a record and reads it back', async () => {
    const put = await conn.msg(
      request({ info2: Info2.WRITE }, keyFields('test', 'demo', 'k1'), [
        op(OpType.WRITE, 'i', 42),
        op(OpType.WRITE, 's', 'hello'),
      ]),
    )
    expect(put.header.resultCode).toBe(0)
    expect(put.header.generation).toBe(1)
    const get = await conn.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'demo', 'k1')),
    )
    expect(get.header.resultCode).toBe(0)
    expect(get.header.generation).toBe(1)
    expect(binsOf(get)).toEqual({ i: 42, s: 'hello' })
  })

  it('rejects bad options and an address already in use', async () => {
    await expect(startServer({ port: 70000 })).rejects.toThrow(RangeError)
    await expect(startServer({ port: 0, namespaces: [] })).rejects.toThrow(/at least one namespace/)
    await expect(startServer({ port: 0, namespaces: [{ name: 'a/b' }] })).rejects.toThrow(
      /bad namespace name/,
    )
    await expect(startServer({ port: 0, namespaces: [{ name: 'x' }, { name: 'x' }] })).rejects.toThrow(
      /unique/,
    )
    await expect(startServer({ port: 0, namespaces: [{ name: 'x', defaultTtl: -1 }] })).rejects.toThrow(
      /defaultTtl/,
    )
    await expect(startServer({ port: 0, nodeId: 'xyz' })).rejects.toThrow(/nodeId/)
    await expect(startServer({ port: 0, faults: { delayMs: -5 } })).rejects.toThrow(/delayMs/)
    await expect(startServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })

  it('stop() closes open connections and can be called twice', async () => {
    const s = await startServer({ port: 0 })
    const c = await RawConnection.open(s.port)
    await Promise.all([s.stop(), s.stop(), c.closed])
    await expect(RawConnection.open(s.port)).rejects.toThrow()
  })
})
