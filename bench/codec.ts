/** Codec micro-benchmarks: ns per op for the hot paths of src/protocol (run: npm run bench:codec). */
import { computeDigest } from '../src/protocol/digest.js'
import { PROTO_HEADER_SIZE } from '../src/protocol/frame.js'
import {
  decodeMessage,
  emptyHeader,
  encodeMessage,
  FieldType,
  Info1,
  Info2,
  type MessageHeader,
  OpType,
  type OutgoingField,
} from '../src/protocol/message.js'
import { decodeParticle } from '../src/protocol/particles.js'
import type { AerospikeValue } from '../src/protocol/values.js'

/** One benchmark: a name and a function doing one op (its result is kept so it is not optimised away). */
interface Case {
  name: string
  run: () => unknown
}

const WARMUP_MS = 300
const SAMPLE_MS = 200
const SAMPLES = 7

/** Median ns per op of `run` over SAMPLES timed samples, after a warm-up. */
function measure(run: () => unknown): number {
  let sink: unknown
  const until = performance.now() + WARMUP_MS
  while (performance.now() < until) for (let i = 0; i < 1000; i++) sink = run()
  const perOp: number[] = []
  for (let s = 0; s < SAMPLES; s++) {
    let ops = 0
    const start = process.hrtime.bigint()
    const stop = performance.now() + SAMPLE_MS
    while (performance.now() < stop) {
      for (let i = 0; i < 1000; i++) sink = run()
      ops += 1000
    }
    perOp.push(Number(process.hrtime.bigint() - start) / ops)
  }
  if (sink === Symbol.for('never')) console.log(sink)
  perOp.sort((a, b) => a - b)
  return perOp[SAMPLES >> 1]!
}

// Per-namespace/set fields are what a client caches: only the digest changes per key.
const namespaceField: OutgoingField = { type: FieldType.NAMESPACE, data: Buffer.from('test') }
const setField: OutgoingField = { type: FieldType.SET, data: Buffer.from('demo') }
const digest = computeDigest('demo', 'user:12345')
const keyFields: OutgoingField[] = [namespaceField, setField, { type: FieldType.DIGEST, data: digest }]

const getHeader: MessageHeader = { ...emptyHeader(), info1: Info1.READ | Info1.GET_ALL, transactionTtl: 1000 }
const putHeader: MessageHeader = { ...emptyHeader(), info2: Info2.WRITE, transactionTtl: 1000 }
const bins: Record<string, AerospikeValue> = {
  id: 12345,
  name: 'Jane Doe',
  score: 97.25,
  active: true,
  tag: Buffer.from('0123456789abcdef'),
}

/** A 5-bin response frame body, as a server sends it for a get of `bins`. */
function responseBody(): Buffer {
  const ops = Object.entries(bins).map(([name, value]) => ({ op: OpType.READ, name, value }))
  const header: MessageHeader = { ...emptyHeader(), generation: 3, recordTtl: 500_000_000 }
  const frame = encodeMessage(header, [], ops)
  return frame.subarray(PROTO_HEADER_SIZE)
}
const response = responseBody()

/** Decodes a record response into a bins object, as a client's get does. */
function decodeRecord(body: Buffer): Record<string, AerospikeValue> {
  const m = decodeMessage(body)
  const out: Record<string, AerospikeValue> = {}
  for (const o of m.ops) out[o.name] = decodeParticle(o.particleType, o.buf, o.start, o.end)
  return out
}

const cases: Case[] = [
  { name: 'encode get request (3 fields)', run: () => encodeMessage(getHeader, keyFields, []) },
  {
    name: 'encode put of 5 bins',
    run: () =>
      encodeMessage(putHeader, keyFields, [
        { op: OpType.WRITE, name: 'id', value: bins.id },
        { op: OpType.WRITE, name: 'name', value: bins.name },
        { op: OpType.WRITE, name: 'score', value: bins.score },
        { op: OpType.WRITE, name: 'active', value: bins.active },
        { op: OpType.WRITE, name: 'tag', value: bins.tag },
      ]),
  },
  { name: 'decode 5-bin response', run: () => decodeRecord(response) },
  { name: 'digest of a string key', run: () => computeDigest('demo', 'user:12345') },
]

console.log(`Node ${process.version}, ${process.platform}-${process.arch}`)
console.log('| operation | ns/op |')
console.log('|---|---:|')
for (const c of cases) console.log(`| ${c.name} | ${Math.round(measure(c.run))} |`)
