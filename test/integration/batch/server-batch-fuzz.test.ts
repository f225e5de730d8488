// Fuzzing the server's batch path: mutated batch requests always end in a trailer (or a closed connection),
// never crash the server, never hang it, and the server keeps answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessages, Info1, Info2, Info3, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { keyField, keyFields, op, RawConnection, request } from '../server/raw-client.js'
import { batchRequest } from './batch-frames.js'

/** mulberry32: deterministic, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SEEDS = [
  batchRequest([
    { key: 'a' },
    { key: 'b', repeat: true },
    { key: 'c', info1: Info1.READ, ops: [op(OpType.READ, 'v')] },
  ]),
  batchRequest(
    [
      {
        key: 'a',
        flags: 0x0e,
        info1: 0,
        info2: Info2.WRITE | Info2.RESPOND_ALL_OPS,
        ops: [op(OpType.WRITE, 'v', 1)],
      },
      { key: 'b', flags: 0x1e, info1: 0, info2: Info2.WRITE | Info2.DELETE, fields: [keyField('b')] },
      {
        key: 'c',
        flags: 0x0e,
        info1: 1,
        info2: Info2.WRITE,
        ops: [op(OpType.INCR, 'n', 1), op(OpType.READ, 'n')],
      },
    ],
    { parentFlags: 0x01 },
  ),
]

function mutate(rand: () => number, src: Buffer): Buffer {
  let body = Buffer.from(src.subarray(8))
  const n = 1 + Math.floor(rand() * 4)
  for (let m = 0; m < n; m++) {
    const kind = rand()
    // Keep info1 BATCH most of the time, so the batch path is what gets fuzzed.
    const at = 1 + Math.floor(rand() * (body.length - 1))
    if (kind < 0.7) body[at === 1 ? 2 : at] = Math.floor(rand() * 256)
    else if (kind < 0.9) body = body.subarray(0, Math.max(22, Math.floor(rand() * body.length)))
    else body = Buffer.concat([body, Buffer.from([Math.floor(rand() * 256), Math.floor(rand() * 256)])])
  }
  const h = Buffer.alloc(8)
  h[0] = 2
  h[1] = 3
  h.writeUIntBE(body.length, 2, 6)
  return Buffer.concat([h, body])
}

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0 })
})
afterAll(async () => {
  await server?.stop()
})

describe('batch fuzzing', () => {
  it('600 mutated batch requests each end with a trailer; the server still answers', async () => {
    const rand = prng(0xba7c4)
    let conn = await RawConnection.open(server.port)
    let trailers = 0
    for (let i = 0; i < 600; i++) {
      conn.send(mutate(rand, SEEDS[i % SEEDS.length]!))
      for (;;) {
        const f = await conn.nextWithin(2000)
        if (f === 'timeout') throw new Error(`request ${i} got no answer in time`)
        if (f === undefined) {
          conn = await RawConnection.open(server.port)
          break
        }
        const messages = decodeMessages(f.body)
        if (messages.some((m) => m.header.info3 & Info3.LAST)) {
          trailers++
          break
        }
      }
    }
    expect(trailers).toBeGreaterThan(500)
    const reply = await conn.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'batch', 'zz')),
    )
    expect(reply.header.resultCode).toBe(2)
    conn.close()
  })
})
