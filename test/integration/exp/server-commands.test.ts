import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Expression, exp } from '../../../src/client/exp/index.js'
import { FieldType, Info1, Info2, OpType, type OutgoingField } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { expOpWire, filterField } from '../../unit/exp/wire.js'
import { binsOf, keyField, keyFields, op, RawConnection, request } from '../server/raw-client.js'

// Filters (field 43) on every single-record command, and expression ops, through
// the embedded server's command path. Frames are built from src/protocol and the
// exp builder and the client's op encoder.

let server: RunningServer
let conn: RawConnection
const KEY = 'filtered'
const key = () => keyFields('test', 'exp', KEY)
const filter = (e: Expression): OutgoingField => filterField(e)

const TRUE = exp.eq(exp.intBin('a'), exp.intVal(1))
const FALSE = exp.eq(exp.intBin('a'), exp.intVal(2))
const UNKNOWN = exp.eq(exp.intBin('missing'), exp.intVal(1))
const MALFORMED: OutgoingField = { type: FieldType.FILTER_EXP, data: Buffer.from([0x91, 0x0a]) }

beforeAll(async () => {
  server = await startServer({ port: 0 })
  conn = await RawConnection.open(server.port)
})

afterAll(async () => {
  conn.close()
  await server.stop()
})

beforeEach(async () => {
  await conn.msg(request({ info2: Info2.WRITE | Info2.DELETE }, key()))
  const put = await conn.msg(
    request(
      { info2: Info2.WRITE },
      [...key(), keyField(KEY)],
      [op(OpType.WRITE, 'a', 1), op(OpType.WRITE, 's', 'x')],
    ),
  )
  expect(put.header.resultCode).toBe(0)
})

async function stored(): Promise<{ gen: number; bins: Record<string, unknown> } | undefined> {
  const m = await conn.msg(request({ info1: Info1.READ | Info1.GET_ALL }, key()))
  return m.header.resultCode === 2 ? undefined : { gen: m.header.generation, bins: binsOf(m) }
}

const commands: Record<string, (f: OutgoingField) => Buffer> = {
  get: (f) => request({ info1: Info1.READ | Info1.GET_ALL }, [...key(), f]),
  'get header': (f) => request({ info1: Info1.READ | Info1.GET_NO_BINS }, [...key(), f]),
  put: (f) => request({ info2: Info2.WRITE }, [...key(), f], [op(OpType.WRITE, 'b', 2)]),
  operate: (f) =>
    request(
      { info1: Info1.READ, info2: Info2.WRITE | Info2.RESPOND_ALL_OPS },
      [...key(), f],
      [op(OpType.INCR, 'a', 10), op(OpType.READ, 'a')],
    ),
  remove: (f) => request({ info2: Info2.WRITE | Info2.DELETE }, [...key(), f]),
  touch: (f) => request({ info2: Info2.WRITE, recordTtl: 100 }, [...key(), f], [op(OpType.TOUCH, '')]),
}

/** Commands that create a missing record (filters apply only to existing records). */
const CREATES = new Set(['put', 'operate'])

describe.each(Object.entries(commands))('%s with a filter expression', (name, frame) => {
  it('true: the command applies', async () => {
    const reply = await conn.msg(frame(filter(TRUE)))
    expect(reply.header.resultCode).toBe(0)
  })

  it.each([
    ['false', FALSE],
    ['unknown', UNKNOWN],
  ])('%s: FILTERED_OUT (27) and the record is untouched', async (_what, e) => {
    const before = await stored()
    const reply = await conn.msg(frame(filter(e)))
    expect(reply.header.resultCode).toBe(27)
    expect(await stored()).toEqual(before)
  })

  it('malformed: PARAMETER (4)', async () => {
    expect((await conn.msg(frame(MALFORMED))).header.resultCode).toBe(4)
  })

  it(
    CREATES.has(name)
      ? 'a missing record is created: the filter is not applied'
      : 'a missing record is not found (2)',
    async () => {
      await conn.msg(request({ info2: Info2.WRITE | Info2.DELETE }, key()))
      const reply = await conn.msg(frame(filter(FALSE)))
      expect(reply.header.resultCode).toBe(CREATES.has(name) ? 0 : 2)
    },
  )
})

describe('filters see the record as stored', () => {
  it('metadata and stored key', async () => {
    const fields = [
      ...key(),
      filter(
        exp.and(
          exp.eq(exp.setName(), exp.stringVal('exp')),
          exp.eq(exp.key(exp.EXP_TYPE_STRING), exp.stringVal(KEY)),
          exp.eq(exp.ttl(), exp.intVal(-1)),
          exp.lt(exp.sinceUpdate(), exp.intVal(60_000)),
          exp.gt(exp.recordSize(), exp.intVal(0)),
        ),
      ),
    ]
    expect((await conn.msg(request({ info1: Info1.READ | Info1.GET_ALL }, fields))).header.resultCode).toBe(0)
  })

  it('a put with a filter that is false on a missing record creates it (filters apply to existing records)', async () => {
    await conn.msg(request({ info2: Info2.WRITE | Info2.DELETE }, key()))
    const reply = await conn.msg(
      request({ info2: Info2.WRITE }, [...key(), MALFORMED], [op(OpType.WRITE, 'n', 1)]),
    )
    expect(reply.header.resultCode).toBe(0)
    expect((await stored())?.bins).toEqual({ n: 1 })
  })
})

describe('expression operations', () => {
  const operate = (
    ops: ReturnType<typeof expOpWire>[],
    info1: number = Info1.READ,
    info2: number = Info2.WRITE,
  ) => conn.msg(request({ info1, info2: info2 | Info2.RESPOND_ALL_OPS }, key(), ops))

  it('read computes a value without storing it', async () => {
    const reply = await operate(
      [expOpWire(exp.operations.read('sum', exp.numAdd(exp.intBin('a'), exp.intVal(41))))],
      Info1.READ,
      0,
    )
    expect(reply.header.resultCode).toBe(0)
    expect(binsOf(reply)).toEqual({ sum: 42 })
    expect((await stored())?.bins).toEqual({ a: 1, s: 'x' })
  })

  it('write stores the value and later ops see it', async () => {
    const reply = await operate([
      expOpWire(exp.operations.write('b', exp.numMul(exp.intBin('a'), exp.intVal(7)))),
      expOpWire(exp.operations.read('c', exp.numAdd(exp.intBin('b'), exp.intVal(1)))),
      op(OpType.READ, 'b'),
    ])
    expect(reply.header.resultCode).toBe(0)
    expect(reply.ops.map((o) => o.name)).toEqual(['b', 'c', 'b'])
    expect(binsOf(reply)).toEqual({ b: 7, c: 8 })
    expect((await stored())?.bins).toEqual({ a: 1, s: 'x', b: 7 })
  })

  it('write of nil with ALLOW_DELETE deletes the bin', async () => {
    const reply = await operate([
      expOpWire(exp.operations.write('s', exp.nil(), exp.expWriteFlags.ALLOW_DELETE)),
    ])
    expect(reply.header.resultCode).toBe(0)
    expect((await stored())?.bins).toEqual({ a: 1 })
  })

  it.each([
    [
      'CREATE_ONLY on an existing bin',
      exp.operations.write('a', exp.intVal(5), exp.expWriteFlags.CREATE_ONLY),
      6,
    ],
    [
      'UPDATE_ONLY on a missing bin',
      exp.operations.write('z', exp.intVal(5), exp.expWriteFlags.UPDATE_ONLY),
      17,
    ],
    ['an unknown value', exp.operations.write('z', exp.intBin('missing')), 26],
    ['nil on an existing bin', exp.operations.write('a', exp.nil()), 26],
    ['a read of an unknown value', exp.operations.read('r', exp.intBin('missing')), 26],
  ])('%s fails with %i and nothing is stored', async (_name, operation, code) => {
    const before = await stored()
    const reply = await operate([op(OpType.WRITE, 'w', 1), expOpWire(operation)])
    expect(reply.header.resultCode).toBe(code)
    expect(await stored()).toEqual(before)
  })

  it('a malformed expression op is refused with 4', async () => {
    const reply = await operate([
      { op: OpType.EXP_READ, particleType: 4, name: 'r', value: Buffer.from('92910a00', 'hex') },
    ])
    expect(reply.header.resultCode).toBe(4)
  })
})
