import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProtoType } from '../../src/protocol/frame.js'
import { parseInfoResponse } from '../../src/protocol/info.js'
import {
  decodeMessage,
  decodeMessages,
  FieldType,
  findField,
  Info1,
  Info2,
  Info3,
  type Message,
  OpType,
} from '../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../src/server/index.js'
import { keyFields, op, RawConnection, request } from '../integration/server/raw-client.js'
import { GOLDEN, type GoldenExchange, SEED_BEFORE_STEP, SEED_RECORDS, SKIPPED_STEPS } from './golden.js'

/**
 * Fields that legitimately differ between the capture and this run, compared loosely:
 * - AS_MSG header record_ttl (the void time): both zero, or both non-zero;
 * - info `node` (the node name): this server's own node id.
 */
function expectSameMessage(ours: Message, recorded: Message, where: string): void {
  const { recordTtl, ...header } = recorded.header
  const { recordTtl: ourTtl, ...ourHeader } = ours.header
  expect(ourHeader, `${where} header`).toEqual(header)
  expect(ourTtl === 0, `${where} record_ttl (void time) zero-ness`).toBe(recordTtl === 0)
  // Field data and op values are views into their frames: compare their bytes, not the frames.
  const fields = (m: Message) => m.fields.map((f) => ({ type: f.type, data: f.data.toString('hex') }))
  const ops = (m: Message) =>
    m.ops.map((o) => ({
      op: o.op,
      particleType: o.particleType,
      name: o.name,
      value: o.value.toString('hex'),
    }))
  expect(fields(ours), `${where} fields`).toEqual(fields(recorded))
  expect(ops(ours), `${where} ops`).toEqual(ops(recorded))
}

/**
 * Index statistics: the keys always match. A recorded answer taken while the
 * index was still loading (load_pct < 100) is a moment this server, which
 * loads small indexes at once, does not go through: only its keys count.
 * Once loaded, every value matches but the load time.
 */
function expectSameIndexStats(ours: string, recorded: string, where: string): void {
  const parse = (v: string) => Object.fromEntries(v.split(';').map((kv) => kv.split('=') as [string, string]))
  const mine = parse(ours)
  const theirs = parse(recorded)
  expect(Object.keys(mine), `${where} keys`).toEqual(Object.keys(theirs))
  if (theirs.load_pct !== '100') return
  const { load_time: _mine, ...rest } = mine
  const { load_time: _theirs, ...recordedRest } = theirs
  expect(rest, where).toEqual(recordedRest)
}

function expectSameInfo(ours: Buffer, recorded: Buffer, nodeId: string, where: string): void {
  const theirs = parseInfoResponse(recorded)
  const mine = parseInfoResponse(ours)
  expect([...mine.keys()], `${where} commands`).toEqual([...theirs.keys()])
  for (const [command, value] of theirs) {
    if (command === 'node') expect(mine.get(command), `${where} node name`).toBe(nodeId)
    else if (/^sindex(\/|-stat)/.test(command))
      expectSameIndexStats(mine.get(command)!, value, `${where} ${command}`)
    else expect(mine.get(command), `${where} ${command}`).toBe(value)
  }
}

/** Whether a request frame is a scan/query: an AS_MSG that is not a batch and has no digest. */
function isQuery(frame: Buffer): boolean {
  if (frame[1] !== ProtoType.MESSAGE) return false
  const m = decodeMessage(frame.subarray(8))
  return (m.header.info1 & Info1.BATCH) === 0 && findField(m, FieldType.DIGEST) === undefined
}

/** Every message of a streamed answer, up to the one that ends it (LAST, or an error message). */
function streamMessages(frames: readonly Buffer[]): Message[] {
  return frames.flatMap((body) => decodeMessages(body))
}

function ends(m: Message): boolean {
  return (
    (m.header.info3 & Info3.LAST) !== 0 ||
    (m.header.resultCode !== 0 && (m.header.info3 & Info3.PARTITION_DONE) === 0)
  )
}

/**
 * Records that skipped steps wrote (single-record writes): until those steps
 * run here, such a record is present but with other bins and generation.
 */
const WRITTEN_BY_SKIPPED_STEPS: ReadonlySet<string> = new Set(
  GOLDEN.steps
    .filter((step) => SKIPPED_STEPS[step.label] !== undefined)
    .flatMap((step) => step.exchanges)
    .map((ex) => Buffer.from(ex.request, 'hex'))
    .filter((frame) => frame[1] === ProtoType.MESSAGE)
    .map((frame) => decodeMessage(frame.subarray(8)))
    .filter((m) => (m.header.info2 & Info2.WRITE) !== 0)
    .map((m) => findField(m, FieldType.DIGEST)?.data.toString('hex'))
    .filter((d): d is string => d !== undefined),
)

/**
 * A scan/query answer: the real server spreads records over frames and
 * threads in an order of its own, so the records are compared as a set (by
 * digest), then the message that ends the stream. A record a skipped step
 * wrote only has to be there.
 */
async function expectSameStream(
  conn: RawConnection,
  recorded: readonly string[],
  where: string,
): Promise<void> {
  const theirs = streamMessages(recorded.map((hex) => Buffer.from(hex, 'hex').subarray(8)))
  const ours: Message[] = []
  while (ours.length === 0 || !ends(ours[ours.length - 1]!)) {
    const frame = await conn.next()
    expect(frame, `${where}: the stream ended early`).toBeDefined()
    ours.push(...decodeMessages(frame!.body))
  }
  const digest = (m: Message) => findField(m, FieldType.DIGEST)?.data.toString('hex') ?? ''
  const byDigest = (list: Message[]) => list.slice(0, -1).sort((a, b) => digest(a).localeCompare(digest(b)))
  const mine = byDigest(ours)
  const recordedRecords = byDigest(theirs)
  expect(mine.map(digest), `${where} records`).toEqual(recordedRecords.map(digest))
  for (const [k, m] of recordedRecords.entries())
    if (!WRITTEN_BY_SKIPPED_STEPS.has(digest(m)))
      expectSameMessage(mine[k]!, m, `${where} record ${digest(m)}`)
  expectSameMessage(ours[ours.length - 1]!, theirs[theirs.length - 1]!, `${where} end of stream`)
}

// Every covered step's recorded request frames go to the embedded server on raw sockets, in order;
// the replies must equal the recorded ones except the volatile fields named above (streamed
// scan/query answers: the same records in any frames and order, then the same end).
describe('replay of official-client-crud.json request frames', () => {
  let server: RunningServer
  const conns = new Map<number, RawConnection>()

  const connection = async (id: number): Promise<RawConnection> => {
    let c = conns.get(id)
    if (c === undefined) {
      c = await RawConnection.open(server.port)
      conns.set(id, c)
    }
    return c
  }

  const replay = async (exchanges: readonly GoldenExchange[], where: string): Promise<void> => {
    for (const [i, ex] of exchanges.entries()) {
      const conn = await connection(ex.conn)
      const request = Buffer.from(ex.request, 'hex')
      conn.send(request)
      if (isQuery(request)) {
        await expectSameStream(conn, ex.responses, `${where} exchange ${i}`)
        continue
      }
      for (const [j, hex] of ex.responses.entries()) {
        const at = `${where} exchange ${i} response ${j}`
        const recorded = Buffer.from(hex, 'hex')
        const frame = await conn.next()
        expect(frame, at).toBeDefined()
        expect(frame!.type, `${at} proto type`).toBe(recorded[1])
        const body = recorded.subarray(8)
        if (frame!.type === ProtoType.INFO) {
          expectSameInfo(frame!.body, body, server.nodeId, at)
        } else {
          const ours = decodeMessages(frame!.body)
          const theirs = decodeMessages(body)
          expect(ours.length, `${at} message count`).toBe(theirs.length)
          for (const [k, m] of theirs.entries()) expectSameMessage(ours[k]!, m, `${at} message ${k}`)
        }
      }
    }
  }

  beforeAll(async () => {
    server = await startServer({ port: 0 })
  })
  afterAll(async () => {
    for (const c of conns.values()) c.close()
    await server.stop()
  })

  it('cluster tend at connect', async () => {
    await replay(GOLDEN.cluster_tend_at_connect, 'tend')
  })

  for (const step of GOLDEN.steps) {
    if (step.label === SEED_BEFORE_STEP) {
      it('seed b0..b7 (written by the capture without being recorded)', async () => {
        const conn = await connection(0)
        for (const [k, bins] of SEED_RECORDS) {
          const reply = await conn.msg(
            request({ info2: Info2.WRITE, transactionTtl: 1000 }, keyFields('test', 'golden', k), [
              op(OpType.WRITE, 'i', bins.i),
              op(OpType.WRITE, 's', bins.s),
            ]),
          )
          expect(reply.header.resultCode).toBe(0)
        }
      })
    }
    const reason = SKIPPED_STEPS[step.label]
    if (reason !== undefined) {
      it.skip(`${step.label} — skipped: ${reason}`, () => {})
      continue
    }
    if (step.exchanges.length === 0) {
      it.skip(`${step.label} — skipped: the client refused the call without sending anything`, () => {})
      continue
    }
    it(step.label, async () => {
      await replay(step.exchanges, step.label)
    })
  }
})
