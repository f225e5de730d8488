// The embedded server's background jobs on raw frames: the single LAST answer, the writes applied
// afterwards (set, index filter, filter expression, TTL), query-show and query-abort, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exp } from '../../../src/index.js'
import {
  ByteWriter,
  FieldType,
  Info1,
  Info2,
  Info3,
  OpType,
  type OutgoingField,
  type OutgoingOp,
} from '../../../src/protocol/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from '../server/raw-client.js'

let server: RunningServer
let c: RawConnection
const COUNT = 200
let nextTrid = 1000n

const field = (type: number, data: Buffer | string): OutgoingField => ({
  type,
  data: typeof data === 'string' ? Buffer.from(data) : data,
})
const ns = field(FieldType.NAMESPACE, 'test')
const set = (name: string) => field(FieldType.SET, name)
const u32 = (type: number, v: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(v)
  return field(type, b)
}
const trid = (id: bigint) => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(id)
  return field(FieldType.TRID, b)
}
function intRange(bin: string, from: number, to: number): OutgoingField {
  const w = ByteWriter.alloc(3 + bin.length + 24)
  w.u8(1).u8(bin.length).bytes(Buffer.from(bin)).u8(1)
  w.u32(8).i64(BigInt(from)).u32(8).i64(BigInt(to))
  return field(FieldType.INDEX_RANGE, w.buf)
}

/** Starts a background ops job; resolves to the answer's result code and info3, and the job id. */
async function startOps(
  fields: OutgoingField[],
  ops: OutgoingOp[],
  header: { info1?: number; info3?: number; recordTtl?: number } = {},
): Promise<{ code: number; info3: number; id: bigint }> {
  const id = nextTrid++
  const m = await c.msg(request({ info2: Info2.WRITE, ...header }, [ns, trid(id), ...fields], ops))
  return { code: m.header.resultCode, info3: m.header.info3, id }
}

/** Polls query-show until the job is done; returns its entry as key/value pairs. */
async function waitDone(id: bigint): Promise<Record<string, string>> {
  for (;;) {
    const text = await c.info1(`query-show:id=${id}`)
    const entry = Object.fromEntries(text.split(':').map((kv) => kv.split('=') as [string, string]))
    if (entry.status?.startsWith('done')) return entry
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function get(setName: string, key: string): Promise<Record<string, unknown>> {
  const m = await c.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', setName, key)))
  return { code: m.header.resultCode, gen: m.header.generation, ...binsOf(m) }
}

beforeAll(async () => {
  server = await startServer({ port: 0 })
  c = await RawConnection.open(server.port)
  for (let i = 0; i < COUNT; i++) {
    for (const s of ['bg', 'other']) {
      const m = await c.msg(
        request({ info2: Info2.WRITE }, keyFields('test', s, `k${i}`), [op(OpType.WRITE, 'i', i)]),
      )
      expect(m.header.resultCode).toBe(0)
    }
  }
  expect(await c.info1('sindex-create:namespace=test;set=bg;indexname=bg_i;bin=i;type=numeric')).toBe('ok')
})

afterAll(async () => {
  c?.close()
  await server?.stop()
})

describe('background ops jobs', () => {
  it('answers one LAST message, then updates every record of the set', async () => {
    const started = await startOps([set('bg')], [op(OpType.WRITE, 'tag', 'a'), op(OpType.INCR, 'i', 1000)])
    expect(started).toMatchObject({ code: 0, info3: Info3.LAST })
    const info = await waitDone(started.id)
    expect(info).toMatchObject({
      trid: String(started.id),
      ns: 'test',
      set: 'bg',
      status: 'done(ok)',
      'job-progress': '100.00',
      'recs-succeeded': String(COUNT),
      'recs-failed': '0',
      'job-type': 'background-ops',
      rps: '10000',
    })
    expect(await get('bg', 'k5')).toMatchObject({ code: 0, gen: 2, tag: 'a', i: 1005 })
    expect(await get('other', 'k5')).toMatchObject({ code: 0, gen: 1, i: 5 })
  })

  it('keeps to the index filter and the filter expression', async () => {
    const started = await startOps([set('bg'), intRange('i', 1000, 1049)], [op(OpType.WRITE, 'ranged', 1)])
    const info = await waitDone(started.id)
    expect(info).toMatchObject({ 'sindex-name': 'bg_i', 'recs-succeeded': '50' })
    expect(await get('bg', 'k49')).toMatchObject({ ranged: 1 })
    expect((await get('bg', 'k50')).ranged).toBeUndefined()

    const filter = field(FieldType.FILTER_EXP, exp.lt(exp.intBin('i'), exp.intVal(10)).bytes)
    const filtered = await startOps([set('other'), filter], [op(OpType.WRITE, 'small', true)])
    expect(await waitDone(filtered.id)).toMatchObject({
      'recs-succeeded': '10',
      'recs-filtered-bins': String(COUNT - 10),
    })
    expect(await get('other', 'k9')).toMatchObject({ small: true })
    expect((await get('other', 'k10')).small).toBeUndefined()
  })

  it('lists jobs with query-show and stops one with query-abort', async () => {
    const slow = await startOps(
      [set('other'), u32(FieldType.RECORDS_PER_SECOND, 20)],
      [op(OpType.WRITE, 'slow', 1)],
    )
    expect(await c.info1(`query-show:id=${slow.id}`)).toMatch(/:status=active\(ok\):/)
    expect(await c.info1('query-show')).toContain(`trid=${slow.id}:`)
    expect(await c.info1(`query-abort:id=${slow.id}`)).toBe('ok')
    expect(await c.info1(`query-abort:trid=${slow.id}`)).toBe('ERROR:2:id not active')
    const info = await waitDone(slow.id)
    expect(info.status).toBe('done(user-aborted)')
    expect(Number(info['recs-succeeded'])).toBeLessThan(COUNT)
    expect(await c.info1('query-show:id=1')).toBe('ERROR:2:job not found')
    expect(await c.info1('query-show:id=x')).toBe('ERROR:4:bad id')
    expect(await c.info1('query-abort')).toBe("ERROR:4:missing 'id'")
  })

  it('refuses what the server refuses', async () => {
    const write = [op(OpType.WRITE, 'x', 1)]
    expect((await startOps([set('nope')], write)).code).toBe(2)
    expect((await startOps([set('bg')], write, { info1: Info1.SHORT_QUERY })).code).toBe(4)
    expect((await startOps([set('bg')], [op(OpType.READ, 'x')])).code).toBe(4)
    expect((await startOps([set('bg')], [])).code).toBe(4)
    expect((await startOps([set('bg'), u32(FieldType.RECORDS_PER_SECOND, 10_001)], write)).code).toBe(4)
    expect((await startOps([set('bg'), intRange('nope', 0, 1)], write)).code).toBe(201)
    // The first job's id is still listed (finished).
    const m = await c.msg(request({ info2: Info2.WRITE }, [ns, trid(1000n), set('bg')], write))
    expect(m.header.resultCode).toBe(4)
  })
})
