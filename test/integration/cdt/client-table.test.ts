// Our client runs the whole CDT golden table (lists, maps, contexts) against the embedded server: the same
// table the official client runs in test/conformance/cdt-official.test.ts, with the same expected answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { decodeParticle } from '../../../src/protocol/particles.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { type Particle, particleToSValue, sValueToParticle } from '../../../src/server/particle.js'
import { buildOp } from '../../unit/cdt/golden-ops.js'
import {
  fromGolden,
  type Golden,
  type GoldenCase,
  loadGoldenCases,
  toGolden,
} from '../../unit/cdt/golden-values.js'
import { keyFields, RawConnection, rawOp, request } from '../server/raw-client.js'

const NS = 'test'
const SET = 'cdt_table'

/** What our client returns for a golden result value: the server's bytes read with the client's value model. */
function clientResult(v: Golden): unknown {
  const p = sValueToParticle(fromGolden(v))
  return decodeParticle(p.type, p.data, 0, p.data.length)
}

/**
 * The bins `operate` returns for a golden case: every non-nil result, several
 * results of one bin collected in op order (the request asks for one result per op).
 */
function expectedBins(c: GoldenCase): Record<string, unknown> {
  const entries: Array<[string, Golden]> = c.resultOps ?? Object.entries(c.result ?? {})
  const bins: Record<string, unknown> = {}
  const many = new Set<string>()
  for (const [bin, v] of entries) {
    if (v === null) continue
    const value = clientResult(v)
    if (!(bin in bins)) bins[bin] = value
    else if (many.has(bin)) (bins[bin] as unknown[]).push(value)
    else {
      many.add(bin)
      bins[bin] = [bins[bin], value]
    }
  }
  return bins
}

/** True when a case's modify ops carry map values: the official client sends those key-ordered, ours unordered. */
function writesMapValues(c: GoldenCase): boolean {
  return c.ops.some(
    (o, i) => c.wireOps[i]!.type === 'CDT_MODIFY' && JSON.stringify(o.args ?? {}).includes('"$map"'),
  )
}

/** Drops the key-ordered flag of maps nested inside lists and maps (top-level bins keep theirs). */
function withoutNestedMapOrder(v: Golden, nested = false): Golden {
  if (Array.isArray(v)) return v.map((x) => withoutNestedMapOrder(x, true))
  if (v === null || typeof v !== 'object') return v
  const o = v as Record<string, Golden>
  if ('$list' in o) return { ...o, $list: (o.$list as Golden[]).map((x) => withoutNestedMapOrder(x, true)) }
  if (!('$map' in o)) return v
  const pairs = (o.$map as Array<[Golden, Golden]>).map(([k, x]) => [k, withoutNestedMapOrder(x, true)])
  return nested && o.$mapFlags === 1 ? { $map: pairs } : { ...o, $map: pairs }
}

function expectedAfter(c: GoldenCase): Record<string, Golden> | null {
  if (c.after === null || !writesMapValues(c)) return c.after
  return Object.fromEntries(Object.entries(c.after).map(([k, v]) => [k, withoutNestedMapOrder(v)]))
}

describe('our client runs the CDT golden table against the embedded server', () => {
  let server: RunningServer
  let client: aerospike.Client
  let raw: RawConnection

  beforeAll(async () => {
    server = await startServer({ port: 0 })
    client = await aerospike.client({ hosts: server.hosts }).connect()
    raw = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    raw?.close()
    await client?.close()
    await server?.stop()
  })

  /** The record's bins in golden encoding, read raw (null: no record). */
  async function readRaw(id: string): Promise<Record<string, Golden> | null> {
    const m = await raw.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields(NS, SET, id)))
    if (m.header.resultCode === 2) return null
    expect(m.header.resultCode).toBe(0)
    return Object.fromEntries(
      m.ops.map((o) => [
        o.name,
        toGolden(particleToSValue({ type: o.particleType, data: o.value } as Particle)),
      ]),
    )
  }

  /** Stores a record exactly as the real server held it before the case (its stored form, flags included). */
  async function seed(id: string, bins: Record<string, Golden> | null): Promise<void> {
    await raw.msg(request({ info2: Info2.WRITE | Info2.DELETE }, keyFields(NS, SET, id)))
    if (bins === null || Object.keys(bins).length === 0) return
    const ops = Object.entries(bins).map(([name, v]) => {
      const p = sValueToParticle(fromGolden(v))
      return rawOp(OpType.WRITE, p.type, name, p.data)
    })
    const m = await raw.msg(request({ info2: Info2.WRITE }, keyFields(NS, SET, id), ops))
    expect(m.header.resultCode).toBe(0)
  }

  const cases = loadGoldenCases().filter(
    (c) => (c.group === 'list' || c.group === 'map' || c.group === 'ctx') && !c.error?.clientSide,
  )
  for (const c of cases) {
    it(c.id, async () => {
      await seed(c.id, c.before)
      expect(await readRaw(c.id)).toEqual(c.before)
      const outcome = await client.operate([NS, SET, c.id], c.ops.map(buildOp)).then(
        (r) => ({ bins: r.bins as Record<string, unknown> }),
        (e: unknown) => ({ code: (e as aerospike.AerospikeError).resultCode }),
      )
      expect(outcome).toEqual(c.error ? { code: c.error.code } : { bins: expectedBins(c) })
      expect(await readRaw(c.id)).toEqual(expectedAfter(c))
    })
  }
})
