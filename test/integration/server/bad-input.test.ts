import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compressFrame } from '../../../src/protocol/compression.js'
import { decodeMessage, FieldType, Info1, Info2, Info3, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { keyFields, op, RawConnection, request } from './raw-client.js'

const get = request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'bad', 'k'))

/** A frame with the given header bytes and body. */
function frame(version: number, type: number, body: Buffer, size = body.length): Buffer {
  const h = Buffer.alloc(8)
  h[0] = version
  h[1] = type
  h.writeUIntBE(size, 2, 6)
  return Buffer.concat([h, body])
}

describe('bad input', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ port: 0 })
  })
  afterAll(async () => {
    await server.stop()
  })

  const closesAfter = async (bytes: Buffer): Promise<void> => {
    const c = await RawConnection.open(server.port)
    // A valid request first: its reply is due and still sent, then the connection closes.
    c.send(Buffer.concat([get, bytes]))
    expect(decodeMessage((await c.next())!.body).header.resultCode).toBe(2)
    await c.closed
    expect(await c.next()).toBeUndefined()
  }

  it('closes the connection on a wrong proto version', async () => {
    await closesAfter(frame(1, 3, get.subarray(8)))
    await closesAfter(frame(0, 3, get.subarray(8)))
  })

  it('closes the connection on an unknown proto type', async () => {
    for (const type of [0, 5, 6, 255]) await closesAfter(frame(2, type, Buffer.alloc(4)))
  })

  it('closes the connection on a frame over 128 MiB, without waiting for its body', async () => {
    await closesAfter(frame(2, 3, Buffer.alloc(0), 128 * 1024 * 1024 + 1))
  })

  it('closes the connection on a TLS ClientHello', async () => {
    await closesAfter(Buffer.from([22, 3, 1, 0, 0xa5, 1, 0, 0, 0xa1, 3, 3]))
  })

  it('answers a malformed message with 4 and keeps the connection', async () => {
    const c = await RawConnection.open(server.port)
    const body = get.subarray(8)
    const bad = [
      // Shorter than the message header.
      body.subarray(0, 10),
      // A field of size 0.
      Buffer.concat([
        Buffer.from(body.subarray(0, 18)),
        Buffer.from([0, 1, 0, 0]),
        Buffer.from([0, 0, 0, 0, 0]),
      ]),
      // Bytes left over after the last op.
      Buffer.concat([body, Buffer.from([1, 2, 3])]),
      // A field running past the end.
      Buffer.concat([body.subarray(0, 22), Buffer.from([0, 0, 1, 0, 0])])
        .fill(0, 18, 20)
        .fill(1, 19, 20),
      // An op whose name overruns it.
      Buffer.concat([
        Buffer.from(body.subarray(0, 18)),
        Buffer.from([0, 0, 0, 1]),
        Buffer.from([0, 0, 0, 4, 1, 0, 0, 9]),
      ]),
    ]
    for (const b of bad) {
      const m = await c.msg(frame(2, 3, b))
      expect(m.header.resultCode).toBe(4)
    }
    expect(decodeMessage((await c.request(get)).body).header.resultCode).toBe(2)
    c.close()
  })

  it('answers compressed, security and batch requests as a CE server without those features, and a scan without partitions as 8.1 does', async () => {
    const c = await RawConnection.open(server.port)
    expect((await c.msg(compressFrame(get))).header.resultCode).toBe(25)
    const admin = await c.request(frame(2, 2, Buffer.alloc(16)))
    expect(admin.type).toBe(2)
    expect([...admin.body]).toEqual([0, 51, ...Array(14).fill(0)])
    expect((await c.request(frame(0, 2, Buffer.alloc(16)))).body[1]).toBe(51)
    const batch = await c.msg(
      request({ info1: Info1.READ | Info1.BATCH }, [{ type: FieldType.BATCH_INDEX, data: Buffer.alloc(5) }]),
    )
    expect(batch.header).toMatchObject({ resultCode: 4, info3: Info3.LAST })
    const scan = await c.msg(
      request({ info1: Info1.READ, info3: Info3.PARTITION_DONE }, [keyFields('test', 'bad', 'k')[0]!]),
    )
    // 8.1 basic queries must name partitions (PID_ARRAY or DIGEST_ARRAY): unsupported feature.
    expect(scan.header).toMatchObject({ resultCode: 16, info3: 0 })
    const scanBadNs = await c.msg(
      request({ info1: Info1.READ }, [{ type: FieldType.NAMESPACE, data: Buffer.from('x') }]),
    )
    expect(scanBadNs.header.resultCode).toBe(20)
    const udf = keyFields('test', 'bad', 'k', { type: FieldType.UDF_PACKAGE_NAME, data: Buffer.from('m') })
    expect((await c.msg(request({ info2: Info2.WRITE }, udf))).header.resultCode).toBe(4)
    const mrt = keyFields('test', 'bad', 'k', { type: FieldType.MRT_ID, data: Buffer.alloc(8) })
    expect(
      (await c.msg(request({ info2: Info2.WRITE }, mrt, [op(OpType.WRITE, 'a', 1)]))).header.resultCode,
    ).toBe(25)
    c.close()
  })
})
