// Mutated bit and HLL requests against the embedded server: every request is
// answered (a result code, never a dropped connection or a crash), bins are
// only ever stored well-formed, and the server keeps serving.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessage, Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { isValidSketch } from '../../../src/server/hll/sketch.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { loadCases, payloadBytes } from '../../unit/bits/golden-bithll.js'
import { keyFields, op, RawConnection, rawOp, request } from '../server/raw-client.js'

const OP_TYPES: Record<string, number> = { BIT_READ: 12, BIT_MODIFY: 13, HLL_READ: 15, HLL_MODIFY: 16 }

let server: RunningServer
let conn: RawConnection

beforeAll(async () => {
  server = await startServer({ port: 0 })
  conn = await RawConnection.open(server.port)
})

afterAll(async () => {
  conn?.close()
  await server?.stop()
})

/** Every single-op golden payload with its op type. */
const seeds = [...loadCases('bit'), ...loadCases('hll')].flatMap((c) =>
  c.wireOps
    .filter((w) => w.type in OP_TYPES)
    .map((w) => [OP_TYPES[w.type]!, payloadBytes(w.payload)] as const),
)

describe('mutated bit/HLL payloads against the embedded server', () => {
  it('answers each with a result code and stores only well-formed bins', async () => {
    const fields = keyFields('test', 'bitfuzz', 'r')
    const hll = Buffer.concat([Buffer.from([0, 4, 0]), Buffer.alloc(20)])
    const reset = request({ info2: Info2.WRITE }, fields, [
      op(OpType.WRITE, 'b', Buffer.from('f00faa55', 'hex')),
      rawOp(OpType.WRITE, ParticleType.HLL, 'h', hll),
    ])
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('b', 'h', 'x'),
        async ([type, payload], edits, bin) => {
          expect((await conn.msg(reset)).header.resultCode).toBe(0)
          const mutated = Buffer.from(payload)
          for (const [at, v] of edits) mutated[at % mutated.length] = v
          const write = type === OpType.BIT_MODIFY || type === OpType.HLL_MODIFY
          const header = write ? { info2: Info2.WRITE | Info2.RESPOND_ALL_OPS } : { info1: Info1.READ }
          const reply = await conn.msg(
            request(header, fields, [rawOp(type, ParticleType.BLOB, bin, mutated)]),
          )
          expect([0, 1, 4, 6, 12, 13, 17, 26]).toContain(reply.header.resultCode)
          const frame = await conn.request(request({ info1: Info1.READ | Info1.GET_ALL }, fields))
          for (const o of decodeMessage(frame.body).ops)
            if (o.particleType === ParticleType.HLL) expect(isValidSketch(o.value)).toBe(true)
        },
      ),
      { numRuns: 600 },
    )
  })
})
