// Every golden bit/HLL case (and the bit calls of the exp group) through our
// client and the embedded server: the builders, encoders, server evaluators
// and result decoding together give what Aerospike 8.1.2 gave the official
// client (answers, error codes, the stored blob and HLL bytes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type AerospikeValue, HLL } from '../../../src/protocol/values.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { type BitHllCase, expCallCases, expectedAnswers, loadCases } from '../../unit/bits/golden-bithll.js'
import { ourOperation } from '../../unit/bits/golden-builders.js'
import { goldenValue } from '../../unit/exp/golden-exp.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

let server: RunningServer
let client: aerospike.Client

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

/** A client value in the golden file's JSON form. */
function golden(v: AerospikeValue | undefined): Json | undefined {
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return { $int: v.toString() }
  if (Buffer.isBuffer(v)) return { $blob: v.toString('hex') }
  if (v instanceof HLL) return { $hll: v.value.toString('hex') }
  if (Array.isArray(v)) return v.map((x) => golden(x) ?? null)
  throw new Error(`no golden form for ${String(v)}`)
}

/** A golden bin as our client writes it. */
function clientValue(v: Json): AerospikeValue {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '$hll' in v)
    return new HLL(Buffer.from(v.$hll as string, 'hex'))
  return goldenValue(v)
}

const cases: BitHllCase[] = [...loadCases('bit'), ...loadCases('hll'), ...expCallCases()]
const bitOrHll = (c: BitHllCase) => c.group !== 'exp'

async function recordBins(key: aerospike.KeyTuple): Promise<Record<string, Json | undefined>> {
  const r = await client.get(key)
  return Object.fromEntries(Object.entries(r.bins).map(([k, v]) => [k, golden(v)]))
}

describe('golden bit/HLL cases through our client', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const key: aerospike.KeyTuple = ['test', 'bithll', c.id]
    await client.remove(key).catch(() => undefined)
    await client.put(key, Object.fromEntries(Object.entries(c.initial).map(([k, v]) => [k, clientValue(v)])))
    if (c.setup) await client.operate(key, c.setup.map(ourOperation))
    if (bitOrHll(c)) expect(await recordBins(key)).toEqual(c.before)
    const run = client.operateOrdered(key, c.ops.map(ourOperation))
    if (c.error) {
      await expect(run).rejects.toMatchObject({ resultCode: c.error.code })
    } else {
      const { orderedBins } = await run
      expect(orderedBins.map(([, v]) => golden(v))).toEqual(expectedAnswers(c).filter((a) => a !== undefined))
    }
    if (bitOrHll(c)) expect(await recordBins(key)).toEqual(c.after)
  })
})
