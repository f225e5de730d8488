import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FieldType, Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { type ExpCase, loadExpCases, wireToBytes } from '../../unit/exp/golden-exp.js'
import { GOLDEN_SET, goldenToParticle, particleToGolden } from '../../unit/exp/server-golden.js'
import { keyField, keyFields, RawConnection, rawOp, request } from '../server/raw-client.js'

// Every `exp` case of cdt-semantics.json replayed against the embedded server
// with the exact filter and op bytes the official client sent to Aerospike 8.1:
// same records (bins, set, stored key, TTL 300), same answers.

type Json = Parameters<typeof goldenToParticle>[0]

const cases = loadExpCases()
const usesCall = (c: ExpCase): boolean => JSON.stringify(c.wireFilter ?? c.wireOps ?? null).includes('[127,')
const replayable = cases.filter((c) => (c.mode !== 'filter' || c.wireFilter !== undefined) && !usesCall(c))

/** Maps as the official client wrote them: key-ordered with sorted keys. */
function keyOrdered(v: Json): Json {
  if (Array.isArray(v)) return v.map(keyOrdered)
  if (v === null || typeof v !== 'object') return v
  if ('$map' in v) {
    const entries = (v.$map as Json[][]).map(([k, val]) => [k!, keyOrdered(val!)])
    entries.sort((a, b) => Buffer.compare(Buffer.from(String(a[0])), Buffer.from(String(b[0]))))
    return { $map: entries, $mapFlags: 1 }
  }
  return v
}

let server: RunningServer
let conn: RawConnection

beforeAll(async () => {
  server = await startServer({ port: 0 })
  conn = await RawConnection.open(server.port)
})

afterAll(async () => {
  conn.close()
  await server.stop()
})

async function writeInitial(c: ExpCase): Promise<void> {
  const fields = keyFields('test', GOLDEN_SET, c.id)
  await conn.msg(request({ info2: Info2.WRITE | Info2.DELETE }, fields))
  const ops = Object.entries(c.initial).map(([name, v]) => {
    const p = goldenToParticle(keyOrdered(v as Json))
    return rawOp(OpType.WRITE, p.type, name, p.data)
  })
  const put = await conn.msg(
    request({ info2: Info2.WRITE, recordTtl: c.meta?.ttl ?? 0 }, [...fields, keyField(c.id)], ops),
  )
  expect(put.header.resultCode).toBe(0)
}

describe('the golden exp cases against the embedded server', () => {
  it('replays most of the file', () => {
    expect(replayable.length).toBeGreaterThanOrEqual(170)
  })

  it.each(replayable.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    await writeInitial(c)
    const fields = keyFields('test', GOLDEN_SET, c.id)
    if (c.mode === 'filter') {
      const filter = { type: FieldType.FILTER_EXP, data: wireToBytes(c.wireFilter) }
      const reply = await conn.msg(request({ info1: Info1.READ | Info1.GET_ALL }, [...fields, filter]))
      const expected =
        c.result === 'pass' ? 0 : c.result === 'filtered' ? 27 : (c.result as { error: number }).error
      expect(reply.header.resultCode).toBe(expected)
      return
    }
    const [wire] = c.wireOps!
    const reply = await conn.msg(
      request({ info1: Info1.READ, info2: Info2.RESPOND_ALL_OPS }, fields, [
        rawOp(OpType.EXP_READ, ParticleType.BLOB, wire!.bin, wireToBytes(wire!.payload)),
      ]),
    )
    if (c.error) {
      expect(reply.header.resultCode).toBe(c.error.code)
      return
    }
    expect(reply.header.resultCode).toBe(0)
    expect(reply.ops).toHaveLength(1)
    const [o] = reply.ops
    expect(o!.op).toBe(OpType.EXP_READ)
    const value = particleToGolden({ type: o!.particleType, data: o!.value })
    expect(value).toEqual((c.result as Record<string, unknown>)[wire!.bin])
  })
})
