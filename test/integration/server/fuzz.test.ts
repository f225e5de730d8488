import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeInfoRequest } from '../../../src/protocol/info.js'
import { decodeMessage, Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from './raw-client.js'

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
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

/** Valid requests the mutations start from. */
function seeds(): Buffer[] {
  const k = (n: string) => keyFields('test', 'fuzz', n)
  return [
    request({ info2: Info2.WRITE }, k('a'), [op(OpType.WRITE, 'i', 1), op(OpType.WRITE, 's', 'text')]),
    request({ info1: Info1.READ | Info1.GET_ALL }, k('a')),
    request({ info1: Info1.READ }, k('a'), [op(OpType.READ, 'i')]),
    request({ info1: Info1.READ, info2: Info2.WRITE | Info2.RESPOND_ALL_OPS }, k('b'), [
      op(OpType.INCR, 'n', 2),
      op(OpType.APPEND, 's', 'x'),
      op(OpType.READ, 'n'),
      op(OpType.WRITE, 'l', [1, 'two', { three: 3 }]),
    ]),
    request({ info2: Info2.WRITE | Info2.DELETE }, k('b')),
    request({ info2: Info2.WRITE, recordTtl: 60 }, k('c'), [op(OpType.TOUCH, '')]),
    encodeInfoRequest(['node', 'namespace/test', 'sets/test/fuzz', 'replicas', 'statistics']),
  ]
}

/** Re-frames `body` with a correct proto header of `type`. */
function framed(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8)
  h[0] = 2
  h[1] = type
  h.writeUIntBE(body.length, 2, 6)
  return Buffer.concat([h, body])
}

/** A well-framed request (the server answers each with exactly one frame): a seed, mutated, or random bytes. */
function wellFramed(rand: () => number, base: Buffer[]): Buffer {
  const pick = rand()
  if (pick < 0.15) return base[Math.floor(rand() * base.length)]!
  if (pick < 0.85) {
    const src = base[Math.floor(rand() * base.length)]!
    const body = Buffer.from(src.subarray(8))
    const mutations = 1 + Math.floor(rand() * 4)
    let out = body
    for (let m = 0; m < mutations; m++) {
      const kind = rand()
      if (kind < 0.6 && out.length > 0) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256)
      else if (kind < 0.8) out = out.subarray(0, Math.floor(rand() * out.length))
      else
        out = Buffer.concat([
          out,
          Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => rand() * 256)),
        ])
    }
    return framed(src[1]!, out)
  }
  const type = 1 + Math.floor(rand() * 4)
  return framed(type, Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => rand() * 256)))
}

describe('fuzz', () => {
  let server: RunningServer
  const warnings: string[] = []
  const rejections: unknown[] = []
  const onWarning = (w: Error): void => {
    warnings.push(w.message)
  }
  const onRejection = (r: unknown): void => {
    rejections.push(r)
  }

  beforeAll(async () => {
    process.on('warning', onWarning)
    process.on('unhandledRejection', onRejection)
    server = await startServer({ port: 0 })
  })
  afterAll(async () => {
    process.off('warning', onWarning)
    process.off('unhandledRejection', onRejection)
    await server.stop()
  })

  it('survives thousands of random and mutated frames over several connections', async () => {
    const base = seeds()
    await Promise.all(
      [1, 2, 3, 4].map(async (seed) => {
        const rand = prng(seed)
        let c = await RawConnection.open(server.port)
        for (let round = 0; round < 25; round++) {
          // A batch of well-framed requests, sent back to back: each gets exactly one reply.
          const batch = Array.from({ length: 40 }, () => wellFramed(rand, base))
          c.send(Buffer.concat(batch))
          for (const sent of batch) {
            const reply = await c.next()
            expect(reply, 'a well-framed request always gets a reply').toBeDefined()
            // Replies come back as the same kind of frame (compressed requests get a plain AS_MSG reply).
            expect(reply!.type).toBe(sent[1] === 4 ? 3 : sent[1])
          }
          if (rand() < 0.3) {
            // A broken proto header: the server closes the connection.
            c.send(
              Buffer.from(
                Array.from({ length: 8 + Math.floor(rand() * 20) }, (_, i) => (i === 0 ? 7 : rand() * 256)),
              ),
            )
            await c.closed
            c = await RawConnection.open(server.port)
          }
        }
        c.close()
      }),
    )
    const fresh = await RawConnection.open(server.port)
    const put = request({ info2: Info2.WRITE }, keyFields('test', 'fuzz', 'after'), [
      op(OpType.WRITE, 'ok', 1),
    ])
    expect((await fresh.msg(put)).header.resultCode).toBe(0)
    const got = await fresh.msg(
      request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'fuzz', 'after')),
    )
    expect(binsOf(got)).toEqual({ ok: 1 })
    expect(decodeMessage((await fresh.request(put)).body).header.generation).toBe(2)
    fresh.close()
    expect(warnings.filter((w) => w.includes('aerospike-ts'))).toEqual([])
    expect(rejections).toEqual([])
  })
})
