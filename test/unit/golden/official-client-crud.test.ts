import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeDigest } from '../../../src/protocol/digest.js'
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../../../src/protocol/frame.js'
import { encodeInfoRequest, parseInfoRequest, parseInfoResponse } from '../../../src/protocol/info.js'
import {
  decodeMessage,
  decodeMessages,
  encodeMessage,
  Info3,
  type Message,
} from '../../../src/protocol/message.js'
import { decodeParticle } from '../../../src/protocol/particles.js'
import { type AerospikeValue, GeoJSON } from '../../../src/protocol/values.js'

/** One request frame and the response frames that answered it (hex, proto header included). */
interface Exchange {
  conn: number
  request: string
  responses: string[]
}
/** One client call of the capture: what it returned (result or error) and its frames. */
interface Step {
  label: string
  ok: boolean
  result: unknown
  error: { code: number; message: string } | null
  exchanges: Exchange[]
}
interface Capture {
  cluster_tend_at_connect: Exchange[]
  steps: Step[]
}

const capture: Capture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/golden/official-client-crud.json'), 'utf8'),
)

/**
 * A decoded value in the form the official client's result was recorded in:
 * bigints as "...n", Buffers as their JSON, GeoJSON as its text. Maps with
 * non-string keys (which aerospike-ts returns as Map, losslessly) were printed
 * by the official client as objects with the keys turned to strings, so a Map
 * is normalised the same way here.
 */
function printed(v: AerospikeValue): unknown {
  if (typeof v === 'bigint') return `${v}n`
  if (Buffer.isBuffer(v)) return v.toJSON()
  if (v instanceof GeoJSON) return v.value
  if (Array.isArray(v)) return v.map(printed)
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), printed(x)]))
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, printed(x)]))
  return v
}

/** The bins of a record message, as a client builds them (a later op of the same bin wins). */
function bins(m: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const o of m.ops) out[o.name] = printed(decodeParticle(o.particleType, o.buf, o.start, o.end))
  return out
}

/** Every AS_MSG of every response frame of a step, in order. */
function responseMessages(step: Step): Message[] {
  return step.exchanges.flatMap((e) =>
    e.responses.flatMap((hex) => {
      const frame = Buffer.from(hex, 'hex')
      return readProtoHeader(frame, 0).type === ProtoType.MESSAGE
        ? decodeMessages(frame.subarray(PROTO_HEADER_SIZE))
        : []
    }),
  )
}

/** Record messages of a scan/query stream (not the LAST or partition-done markers). */
const records = (step: Step): Message[] =>
  responseMessages(step).filter((m) => (m.header.info3 & (Info3.LAST | Info3.PARTITION_DONE)) === 0)

const sortedJson = (rows: unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort()

const allExchanges: Array<[string, Exchange]> = [
  ...capture.cluster_tend_at_connect.map((e, i): [string, Exchange] => [`tend ${i}`, e]),
  ...capture.steps.flatMap((s) => s.exchanges.map((e, i): [string, Exchange] => [`${s.label} #${i}`, e])),
]

describe('official-client-crud.json: every frame', () => {
  it.each(allExchanges)('%s: the request re-encodes byte for byte and every response decodes', (_, e) => {
    const request = Buffer.from(e.request, 'hex')
    const { type, size } = readProtoHeader(request, 0)
    expect(size).toBe(request.length - PROTO_HEADER_SIZE)
    const body = request.subarray(PROTO_HEADER_SIZE)
    if (type === ProtoType.MESSAGE) {
      const m = decodeMessage(body)
      expect(encodeMessage(m.header, m.fields, m.ops)).toEqual(request)
    } else {
      expect(type).toBe(ProtoType.INFO)
      expect(encodeInfoRequest(parseInfoRequest(body))).toEqual(request)
    }
    expect(e.responses.length).toBeGreaterThan(0)
    for (const hex of e.responses) {
      const frame = Buffer.from(hex, 'hex')
      const header = readProtoHeader(frame, 0)
      expect(header.size).toBe(frame.length - PROTO_HEADER_SIZE)
      const responseBody = frame.subarray(PROTO_HEADER_SIZE)
      if (header.type === ProtoType.MESSAGE) {
        const messages = decodeMessages(responseBody)
        expect(messages.length).toBeGreaterThan(0)
        for (const m of messages) for (const o of m.ops) decodeParticle(o.particleType, o.buf, o.start, o.end)
      } else {
        expect(header.type).toBe(ProtoType.INFO)
        const commands = parseInfoRequest(body)
        expect([...parseInfoResponse(responseBody).keys()]).toEqual(commands)
      }
    }
  })
})

describe('official-client-crud.json: decoded answers equal what the official client returned', () => {
  const steps = (pick: (s: Step) => boolean): Array<[string, Step]> =>
    capture.steps.filter(pick).map((s) => [s.label, s])
  const isRecord = (r: unknown): r is { bins: Record<string, unknown>; gen: number; ttl: number } =>
    typeof r === 'object' && r !== null && 'bins' in r && 'gen' in r && !('key' in r)

  it.each(steps((s) => s.ok && isRecord(s.result)))('%s: bins and generation', (_, step) => {
    const result = step.result as { bins: Record<string, unknown>; gen: number; ttl: number }
    const [m] = responseMessages(step)
    expect(m!.header.resultCode).toBe(0)
    expect(bins(m!)).toEqual(result.bins)
    expect(m!.header.generation).toBe(result.gen)
    if (result.ttl === -1) expect(m!.header.recordTtl).toBe(0)
  })

  it.each(steps((s) => s.ok && typeof s.result === 'object' && s.result !== null && 'key' in s.result))(
    '%s: the key digest the client computed (and the generation)',
    (_, step) => {
      const r = step.result as Record<string, unknown>
      const key = (('bins' in r ? r.key : r) as { set: string; key: unknown; digest: { data: number[] } })!
      const userKey =
        typeof key.key === 'object' && key.key !== null
          ? Buffer.from((key.key as { data: number[] }).data)
          : (key.key as string | number)
      expect([...computeDigest(key.set, userKey)]).toEqual(key.digest.data)
      const [m] = responseMessages(step)
      expect(m!.header.resultCode).toBe(0)
      if ('gen' in r) expect(m!.header.generation).toBe(r.gen)
    },
  )

  it.each(steps((s) => !s.ok && s.exchanges.length > 0))('%s: the server result code', (_, step) => {
    const [m] = responseMessages(step)
    expect(m!.header.resultCode).toBe(step.error!.code)
  })

  it.each(steps((s) => typeof s.result === 'boolean'))('%s: existence', (_, step) => {
    const [m] = responseMessages(step)
    expect(m!.header.resultCode === 0).toBe(step.result)
  })

  it.each(steps((s) => s.label.startsWith('batch')))('%s: every row, matched by its index', (_, step) => {
    const rows = step.result as Array<{ status: number; bins?: Record<string, unknown> }>
    const messages = responseMessages(step)
    const last = messages.at(-1)!
    expect(last.header.info3 & Info3.LAST).toBe(Info3.LAST)
    expect(last.header.resultCode).toBe(0)
    const byIndex = new Map(messages.slice(0, -1).map((m) => [m.header.transactionTtl, m]))
    expect(byIndex.size).toBe(rows.length)
    rows.forEach((row, i) => {
      const m = byIndex.get(i)!
      expect(m.header.resultCode).toBe(row.status)
      if (row.bins) expect(bins(m)).toEqual(row.bins)
      else expect(m.ops).toHaveLength(0)
    })
  })

  it.each(steps((s) => s.label.startsWith('scan') || s.label.startsWith('query maxRecords')))(
    '%s: the record count',
    (_, step) => {
      expect(records(step)).toHaveLength((step.result as { count: number }).count)
      expect(responseMessages(step).at(-1)!.header.info3 & Info3.LAST).toBe(Info3.LAST)
    },
  )

  it.each(steps((s) => s.label.startsWith('query') && Array.isArray(s.result)))(
    '%s: the records found through the index',
    (_, step) => {
      expect(sortedJson(records(step).map(bins))).toEqual(sortedJson(step.result as unknown[]))
    },
  )

  it.each(steps((s) => typeof s.result === 'string'))('%s: the info answer', (_, step) => {
    // The first exchange carries the command; index creation then polls sindex/<ns>/<name>.
    const text = Buffer.from(step.exchanges[0]!.responses[0]!, 'hex').subarray(PROTO_HEADER_SIZE).toString()
    if ((step.result as string).includes('\t')) expect(text).toBe(step.result)
    else expect([...parseInfoResponse(text).values()]).toEqual([step.result])
  })
})
