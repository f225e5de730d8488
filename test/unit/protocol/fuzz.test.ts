import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { ByteReader } from '../../../src/protocol/byte-reader.js'
import { ParseError } from '../../../src/protocol/codec-errors.js'
import { compressFrame, decompressFrame } from '../../../src/protocol/compression.js'
import { FrameReader, PROTO_HEADER_SIZE, ProtoType } from '../../../src/protocol/frame.js'
import {
  decodePartitionBitmap,
  parseFeatures,
  parseHostPort,
  parseInfoCommand,
  parseInfoFailure,
  parseInfoInt,
  parseInfoRequest,
  parseInfoResponse,
  parseKeyValues,
  parsePeers,
  parseReplicas,
  parseReplicasAll,
  parseReplicasMaster,
  parseServices,
} from '../../../src/protocol/info.js'
import { decodeMessage, decodeMessages, readMessage } from '../../../src/protocol/message.js'
import { MsgpackReader, unpack } from '../../../src/protocol/msgpack.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { decodeParticle } from '../../../src/protocol/particles.js'

// Seeds are fixed so a failure reproduces; run counts keep the whole file to a few seconds.
const SEED = 20260101
const RUNS = 1500

const golden = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/golden', name), 'utf8'))

/** Every frame of the golden captures (requests and responses, proto header included). */
function goldenFrames(): Buffer[] {
  const hex: string[] = []
  const crud = golden('official-client-crud.json') as {
    cluster_tend_at_connect: Array<{ request: string; responses: string[] }>
    steps: Array<{ exchanges: Array<{ request: string; responses: string[] }> }>
  }
  for (const e of [...crud.cluster_tend_at_connect, ...crud.steps.flatMap((s) => s.exchanges)])
    hex.push(e.request, ...e.responses)
  const info = golden('cluster-3node-info.json') as {
    exchanges: Array<{ request: string; response: string }>
  }
  for (const e of info.exchanges) hex.push(e.request, e.response)
  const failover = golden('cluster-3node-failover.json') as {
    phases: Array<{ exchanges: Array<{ request: string; response: string }> }>
  }
  for (const e of failover.phases.flatMap((p) => p.exchanges)) hex.push(e.request, e.response)
  const cdt = golden('cdt-semantics.json') as {
    cases: Array<{ frames?: { request: string; response: string } }>
  }
  for (const c of cdt.cases) if (c.frames) hex.push(c.frames.request, c.frames.response)
  return [...new Set(hex)].map((h) => Buffer.from(h, 'hex'))
}

const frames = goldenFrames()
const messageFrames = frames.filter((f) => f[1] === ProtoType.MESSAGE)
const infoFrames = frames.filter((f) => f[1] === ProtoType.INFO)
const compressedFrames = messageFrames.filter((f) => f.length > 200).map((f) => compressFrame(f))

/** Msgpack payloads found in the golden frames: list/map bin values and CDT op arguments. */
const msgpackPayloads: Buffer[] = messageFrames.flatMap((f) => {
  try {
    return decodeMessages(f.subarray(PROTO_HEADER_SIZE)).flatMap((m) =>
      m.ops
        .filter(
          (o) =>
            o.particleType === ParticleType.LIST ||
            o.particleType === ParticleType.MAP ||
            o.op === 3 ||
            o.op === 4,
        )
        .map((o) => Buffer.from(o.value)),
    )
  } catch {
    return []
  }
})

/** Info values found in the golden frames (peers, replicas, features...). */
const infoValues: string[] = infoFrames.flatMap((f) => [
  ...parseInfoResponse(f.subarray(PROTO_HEADER_SIZE)).values(),
])

/** One way of damaging a byte string. */
type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(fc.nat(255), fc.constantFrom(0, 0xff, 0x7f, 0x80)),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
)

/** Applies the mutations in order; positions wrap around the current length. */
function mutate(input: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = Buffer.from(input)
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1)
    if (m.kind === 'set' && at < b.length) b[at] = m.value
    else if (m.kind === 'truncate') b = b.subarray(0, at)
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)])
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)])
  }
  return b
}

/** A corpus item, damaged (or, one time in six, random bytes). */
const damaged = (corpus: readonly Buffer[]): fc.Arbitrary<Buffer> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([b, m]) => mutate(b, m)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
  )

/** Runs `decode`; anything thrown must be the codec's ParseError. */
function decodesOrParseError(decode: () => unknown): void {
  try {
    decode()
  } catch (err) {
    if (!(err instanceof ParseError)) throw new Error(`decoder threw ${String(err)} instead of ParseError`)
  }
}

/** Decodes everything a client or server would decode from an AS_MSG body. */
function decodeBody(body: Buffer): void {
  for (const m of decodeMessages(body)) {
    for (const f of m.fields) void f.data
    for (const o of m.ops) decodeParticle(o.particleType, o.buf, o.start, o.end)
  }
}

/** Decodes an info body and runs every value parser over every value. */
function decodeInfo(body: Buffer): void {
  for (const value of parseInfoResponse(body).values()) parseInfoValue(value)
}

/** Runs every info value parser over `value`, each one allowed to throw ParseError. */
function parseInfoValue(value: string): void {
  const parsers: Array<(v: string) => unknown> = [
    parsePeers,
    parseReplicas,
    parseReplicasAll,
    parseReplicasMaster,
    parseServices,
    parseFeatures,
    parseInfoInt,
    parseInfoFailure,
    parseKeyValues,
    parseInfoCommand,
    decodePartitionBitmap,
    (v) => parseHostPort(v, 3000),
  ]
  for (const parse of parsers) decodesOrParseError(() => parse(value))
}

describe('fuzzing the decoders with damaged golden frames', () => {
  let allocUnsafe: MockInstance<typeof Buffer.allocUnsafe>
  let alloc: MockInstance<typeof Buffer.alloc>

  beforeEach(() => {
    allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe')
    alloc = vi.spyOn(Buffer, 'alloc')
  })
  afterEach(() => vi.restoreAllMocks())

  /** Forgets the allocations made so far (by fast-check building the input). */
  function startCounting(): void {
    allocUnsafe.mockClear()
    alloc.mockClear()
  }

  /** Asserts no Buffer allocation made since `startCounting` was larger than `limit` bytes. */
  function expectAllocationsWithin(limit: number): void {
    for (const [size] of [...allocUnsafe.mock.calls, ...alloc.mock.calls])
      expect(size).toBeLessThanOrEqual(limit)
  }

  it('has a corpus of golden frames and payloads', () => {
    expect(messageFrames.length).toBeGreaterThan(100)
    expect(infoFrames.length).toBeGreaterThan(100)
    expect(msgpackPayloads.length).toBeGreaterThan(50)
    expect(infoValues.some((v) => v.startsWith('4,3000,['))).toBe(true)
  })

  it('FrameReader fed in random chunks yields frames or throws ParseError, and copies no more than it holds', () => {
    fc.assert(
      fc.property(
        damaged(frames),
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 8 }),
        (bytes, cuts) => {
          startCounting()
          const r = new FrameReader()
          let pos = 0
          decodesOrParseError(() => {
            for (const cut of [...cuts, bytes.length]) {
              r.push(bytes.subarray(pos, pos + cut))
              pos += cut
              for (let f = r.next(); f; f = r.next()) {
                if (f.type === ProtoType.MESSAGE) decodeBody(f.body)
                else if (f.type === ProtoType.INFO) decodeInfo(f.body)
                else if (f.type === ProtoType.COMPRESSED) decompressFrame(f.body)
              }
            }
          })
          expectAllocationsWithin(bytes.length)
        },
      ),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('decodeMessage, decodeMessages and readMessage decode AS_MSG bodies or throw ParseError', () => {
    fc.assert(
      fc.property(damaged(messageFrames.map((f) => f.subarray(PROTO_HEADER_SIZE))), (body) => {
        startCounting()
        decodesOrParseError(() => decodeMessage(body))
        decodesOrParseError(() => decodeBody(body))
        decodesOrParseError(() => {
          const r = new ByteReader(body)
          while (r.remaining > 0) readMessage(r)
        })
        expectAllocationsWithin(body.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('unpack, readValue, skipValue and readRaw decode msgpack or throw ParseError, failing fast on huge headers', () => {
    const huge = [0xdd, 0xdf, 0xdb, 0xc6, 0xc9].map((b) => Buffer.from([b, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]))
    fc.assert(
      fc.property(damaged([...msgpackPayloads, ...huge]), (bytes) => {
        startCounting()
        decodesOrParseError(() => unpack(bytes))
        decodesOrParseError(() => new MsgpackReader(bytes).readValue())
        decodesOrParseError(() => new MsgpackReader(bytes).skipValue())
        decodesOrParseError(() => new MsgpackReader(bytes).readRaw())
        expectAllocationsWithin(bytes.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('decodeParticle decodes any bytes of any particle type or throws ParseError', () => {
    fc.assert(
      fc.property(fc.nat(255), damaged(msgpackPayloads), (type, bytes) => {
        startCounting()
        decodesOrParseError(() => decodeParticle(type, bytes, 0, bytes.length))
        expectAllocationsWithin(bytes.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('the info parsers parse any text or throw ParseError', () => {
    const text = fc.oneof(
      damaged(infoValues.map((v) => Buffer.from(v))).map((b) => b.toString('latin1')),
      fc.string({ unit: fc.constantFrom(...'[],:;=/\t\n0123456789ABab.-'), maxLength: 80 }),
    )
    fc.assert(
      fc.property(text, (value) => {
        parseInfoValue(value)
        decodesOrParseError(() => parseInfoRequest(Buffer.from(value)))
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it('decompressFrame inflates or throws ParseError, never beyond the declared size', () => {
    fc.assert(
      fc.property(damaged(compressedFrames.map((f) => f.subarray(PROTO_HEADER_SIZE))), (body) => {
        let inner: Buffer | undefined
        decodesOrParseError(() => {
          inner = decompressFrame(body)
        })
        if (inner) expect(inner.length).toBe(Number(body.readBigUInt64BE(0)))
      }),
      { seed: SEED, numRuns: RUNS / 4 },
    )
  })
})
