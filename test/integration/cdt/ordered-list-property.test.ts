// Property: random sequences of ordered-list ops sent to the embedded server give the same answers as a plain model.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { particleToSValue } from '../../../src/server/particle.js'
import { encodeSValue, SList } from '../../../src/server/value.js'
import { type Model, plain, type Step, steps } from '../../unit/cdt/ordered-list-model.js'
import { keyFields, RawConnection, rawOp, request } from '../server/raw-client.js'

describe('ordered list: embedded server vs model', () => {
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

  /** Sends one CDT op; resolves with the result code and the op's reply value. */
  async function send(
    key: string,
    payload: Buffer,
    modify: boolean,
  ): Promise<{ code: number; value: unknown }> {
    const op = rawOp(modify ? OpType.CDT_MODIFY : OpType.CDT_READ, ParticleType.BLOB, 'l', payload)
    const header = modify ? { info2: Info2.WRITE } : { info1: Info1.READ }
    const m = await conn.msg(request(header, keyFields('test', 'prop', key), [op]))
    const reply = m.ops[0]
    return {
      code: m.header.resultCode,
      value:
        reply && reply.particleType !== 0
          ? plain({ type: reply.particleType, data: reply.value })
          : undefined,
    }
  }

  async function stored(key: string): Promise<SList> {
    const m = await conn.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'prop', key)))
    const o = m.ops[0]!
    return particleToSValue({ type: o.particleType, data: o.value }) as SList
  }

  it('gives the same results, errors and contents for random op sequences', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { maxLength: 20 }), async (seq: Step[]) => {
        const key = `seq${run++}`
        expect((await send(key, encodeSValue(new SList([0n, 1n])), true)).code).toBe(0)
        let model: Model = []
        for (const step of seq) {
          const expected = step.model(model)
          const got = await send(key, encodeSValue(new SList(step.payload)), step.modify)
          if ('error' in expected) {
            expect(got.code).toBe(expected.error)
            continue
          }
          expect(got).toEqual({ code: 0, value: expected.result })
          model = expected.list
          const list = await stored(key)
          expect(list.flags).toBe(1)
          expect(list.items.map((x) => Number(x as bigint))).toEqual(model)
        }
      }),
      { numRuns: 100 },
    )
  })
})
