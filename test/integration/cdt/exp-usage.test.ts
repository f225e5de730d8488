// List/map expressions and path ops as an application uses them: our client against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { exp, cdtCtx, pathOperations: po } = aerospike
let server: RunningServer
let client: aerospike.Client
let counter = 0
const fresh = (): aerospike.KeyTuple => ['test', 'cdt_exp_usage', `k${++counter}`]
const value = exp.loopVarInt(exp.loopVarPart.VALUE)

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

async function passes(key: aerospike.KeyTuple, filterExpression: aerospike.Expression): Promise<boolean> {
  try {
    await client.get(key, { filterExpression })
    return true
  } catch (e) {
    if (e instanceof aerospike.FilteredOut) return false
    throw e
  }
}

describe('list and map expressions', () => {
  it('filter on a list element and on a nested map entry', async () => {
    const key = fresh()
    await client.put(key, { tags: ['new', 'vip'], doc: { o: { k: 7 } } })
    const lastTag = (s: string) =>
      exp.eq(
        exp.lists.getByIndex(exp.listBin('tags'), -1, exp.EXP_TYPE_STRING, aerospike.LIST_RETURN_VALUE),
        exp.stringVal(s),
      )
    expect(await passes(key, lastTag('vip'))).toBe(true)
    expect(await passes(key, lastTag('new'))).toBe(false)
    const nested = exp.eq(
      exp.maps.getByKey(exp.mapBin('doc'), exp.stringVal('k'), exp.EXP_TYPE_INT, aerospike.MAP_RETURN_VALUE, [
        cdtCtx.mapKey('o'),
      ]),
      exp.intVal(7),
    )
    expect(await passes(key, nested)).toBe(true)
    // A missing element makes the expression unknown: the filter does not match.
    const missing = exp.eq(
      exp.lists.getByIndex(exp.listBin('tags'), 9, exp.EXP_TYPE_STRING, aerospike.LIST_RETURN_VALUE),
      exp.stringVal('vip'),
    )
    expect(await passes(key, missing)).toBe(false)
  })

  it('reads a value and writes a locally modified collection to another bin', async () => {
    const key = fresh()
    await client.put(key, { scores: { ann: 95, bob: 80, cy: 99 }, tags: ['a'] })
    const r = await client.operate(key, [
      exp.operations.read(
        'high',
        exp.maps.getByValueRange(
          exp.mapBin('scores'),
          exp.intVal(91),
          exp.infinity(),
          aerospike.MAP_RETURN_COUNT,
        ),
      ),
      exp.operations.write('next', exp.lists.append(exp.listBin('tags'), exp.stringVal('new'))),
    ])
    expect(r.bins.high).toBe(2)
    const rec = await client.get(key)
    expect(rec.bins.tags).toEqual(['a'])
    expect(rec.bins.next).toEqual(['a', 'new'])
  })

  it('an expression read of a missing element fails with 26, or gives nil with EVAL_NO_FAIL', async () => {
    const key = fresh()
    await client.put(key, { m: { k: 1 } })
    const e = exp.maps.getByKey(
      exp.mapBin('m'),
      exp.stringVal('zz'),
      exp.EXP_TYPE_INT,
      aerospike.MAP_RETURN_VALUE,
    )
    const err = await client.operate(key, [exp.operations.read('v', e)]).catch((x: unknown) => x)
    expect((err as aerospike.AerospikeError).resultCode).toBe(26)
    const r = await client.operate(key, [exp.operations.read('v', e, exp.expReadFlags.EVAL_NO_FAIL)])
    expect(r.bins.v ?? null).toBe(null) // nil: the client leaves the bin out
  })
})

describe('path select and modify', () => {
  it('selects through keys and every child', async () => {
    const key = fresh()
    await client.put(key, { m: { a: { b: [1, 2, 3] }, c: [4] } })
    const r = await client.operate(key, [
      po.selectByPath('m', aerospike.PATH_SELECT_VALUE, [
        cdtCtx.mapKey('a'),
        cdtCtx.mapKey('b'),
        cdtCtx.allChildren(),
      ]),
    ])
    expect(r.bins.m).toEqual([1, 2, 3])
  })

  it('rewrites the matching elements and removes others', async () => {
    const key = fresh()
    await client.put(key, { scores: [1, 5, -2, 3, -7] })
    await client.operate(key, [
      po.modifyByPath('scores', exp.numMul(value, exp.intVal(10)), 0, [
        cdtCtx.allChildrenWithFilter(exp.gt(value, exp.intVal(2))),
      ]),
      po.modifyByPath('scores', exp.removeResult(), 0, [
        cdtCtx.allChildrenWithFilter(exp.lt(value, exp.intVal(0))),
      ]),
    ])
    expect((await client.get(key)).bins.scores).toEqual([1, 50, 30])
  })

  it('filters that cannot be evaluated fail with 4, or match nothing with PATH_NO_FAIL', async () => {
    const key = fresh()
    await client.put(key, { l: [1, 2] })
    const isX = [
      cdtCtx.allChildrenWithFilter(exp.eq(exp.loopVarStr(exp.loopVarPart.VALUE), exp.stringVal('x'))),
    ]
    const err = await client
      .operate(key, [po.selectByPath('l', aerospike.PATH_SELECT_VALUE, isX)])
      .catch((x: unknown) => x)
    expect((err as aerospike.AerospikeError).resultCode).toBe(4)
    const r = await client.operate(key, [
      po.selectByPath('l', aerospike.PATH_SELECT_VALUE | aerospike.PATH_NO_FAIL, isX),
    ])
    expect(r.bins.l).toEqual([])
  })

  it('path select as an expression', async () => {
    const key = fresh()
    await client.put(key, { l: [5, 1, 20, 3] })
    const big = exp.selectByPath(exp.listBin('l'), exp.EXP_TYPE_LIST, aerospike.PATH_SELECT_VALUE, [
      cdtCtx.allChildrenWithFilter(exp.gt(value, exp.intVal(4))),
    ])
    const r = await client.operate(key, [exp.operations.read('big', big)])
    expect(r.bins.big).toEqual([5, 20])
  })
})
