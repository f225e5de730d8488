// The golden bit/HLL cases replayed against the embedded server with the exact
// op bytes the official client sent to Aerospike 8.1.2 (independent of our
// client's encoders), and the four recorded exchanges compared byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { Info1, Info2 } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { HLL } from '../../../src/protocol/values.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import {
  type BitHllCase,
  expCallCases,
  expectedAnswers,
  loadCases,
  particleJson,
  payloadBytes,
} from '../../unit/bits/golden-bithll.js'
import { ourOperation } from '../../unit/bits/golden-builders.js'
import { goldenValue } from '../../unit/exp/golden-exp.js'
import { keyFields, RawConnection, rawOp, request } from '../server/raw-client.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const OP_TYPES: Record<string, number> = {
  BIT_READ: 12,
  BIT_MODIFY: 13,
  HLL_READ: 15,
  HLL_MODIFY: 16,
  EXP_READ: 7,
}
/** The set the capture wrote its bit/HLL records to. */
const SET = 'gold2_cdt'

let server: RunningServer
let client: aerospike.Client
let conn: RawConnection

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
  conn = await RawConnection.open(server.port)
})

afterAll(async () => {
  conn?.close()
  await client?.close()
  await server?.stop()
})

function clientValue(v: Json): aerospike.AerospikeValue {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '$hll' in v)
    return new HLL(Buffer.from(v.$hll as string, 'hex'))
  return goldenValue(v)
}

/** Writes the case's record as the capture did: its initial bins, then its setup ops. */
async function prepare(c: BitHllCase): Promise<aerospike.KeyTuple> {
  const key: aerospike.KeyTuple = ['test', SET, c.id]
  await client.remove(key).catch(() => undefined)
  await client.put(key, Object.fromEntries(Object.entries(c.initial).map(([k, v]) => [k, clientValue(v)])))
  if (c.setup) await client.operate(key, c.setup.map(ourOperation))
  return key
}

/** The record's bins as the server stores them, in the golden form. */
async function storedBins(key: aerospike.KeyTuple): Promise<Record<string, Json>> {
  const reply = await conn.msg(
    request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', SET, key[2]!)),
  )
  return Object.fromEntries(
    reply.ops.map((o) => [o.name, particleJson({ type: o.particleType, data: o.value })]),
  )
}

const cases = [...loadCases('bit'), ...loadCases('hll'), ...expCallCases()]

describe('golden bit/HLL op bytes against the embedded server', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const key = await prepare(c)
    const writes = c.wireOps.some((w) => w.type.endsWith('MODIFY'))
    const reads = c.wireOps.some((w) => !w.type.endsWith('MODIFY'))
    const ops = c.wireOps.map((w) =>
      rawOp(OP_TYPES[w.type]!, ParticleType.BLOB, w.bin, payloadBytes(w.payload)),
    )
    const header = {
      info1: reads ? Info1.READ : 0,
      info2: (writes ? Info2.WRITE : 0) | Info2.RESPOND_ALL_OPS,
    }
    const reply = await conn.msg(request(header, keyFields('test', SET, c.id), ops))
    expect(reply.header.resultCode).toBe(c.error?.code ?? 0)
    if (!c.error) {
      const answers = reply.ops.map((o) =>
        o.particleType === 0 ? null : particleJson({ type: o.particleType, data: o.value }),
      )
      expect(answers).toEqual(expectedAnswers(c).filter((a) => a !== undefined))
    }
    if (c.group !== 'exp') expect(await storedBins(key)).toEqual(c.after)
  })
})

describe('the recorded bit/HLL exchanges', () => {
  const recorded = cases.filter((c) => c.frames !== undefined)

  it('are the four the capture kept', () => {
    expect(recorded.map((c) => c.id)).toEqual([
      'bit.resize.grow',
      'bit.get',
      'hll.init',
      'hll.add.missingBin',
    ])
  })

  it.each(recorded.map((c) => [c.id, c] as const))('%s: the same response bytes', async (_id, c) => {
    const { request: req, response } = c.frames!
    await prepare(c)
    const frame = await conn.request(Buffer.from(req, 'hex'))
    const bytes = Buffer.concat([Buffer.from(response.slice(0, 16), 'hex'), frame.body])
    expect(bytes.toString('hex')).toBe(response)
  })
})
