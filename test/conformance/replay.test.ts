import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProtoType } from '../../src/protocol/frame.js'
import { parseInfoResponse } from '../../src/protocol/info.js'
import { decodeMessages, Info2, type Message, OpType } from '../../src/protocol/message.js'
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

function expectSameInfo(ours: Buffer, recorded: Buffer, nodeId: string, where: string): void {
  const theirs = parseInfoResponse(recorded)
  const mine = parseInfoResponse(ours)
  expect([...mine.keys()], `${where} commands`).toEqual([...theirs.keys()])
  for (const [command, value] of theirs) {
    if (command === 'node') expect(mine.get(command), `${where} node name`).toBe(nodeId)
    else expect(mine.get(command), `${where} ${command}`).toBe(value)
  }
}

// Every covered step's recorded request frames go to the embedded server on raw sockets, in order;
// the replies must equal the recorded ones except the volatile fields named above.
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
      conn.send(Buffer.from(ex.request, 'hex'))
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
