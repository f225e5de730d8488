// List and map operations as an application uses them: our client against the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { listOperations: lo, mapOperations: mo, cdtCtx } = aerospike
let server: RunningServer
let client: aerospike.Client
let counter = 0
const fresh = (): aerospike.KeyTuple => ['test', 'cdt_usage', `k${++counter}`]

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('lists', () => {
  it('appends, reads ranges and collects several results of one bin in op order', async () => {
    const key = fresh()
    await client.put(key, { l: [5, 3, 1] })
    const r = await client.operate(key, [
      lo.listAppend('l', 4),
      lo.listSize('l'),
      lo.listGetByRankRange('l', 0, aerospike.LIST_RETURN_VALUE, 2),
      lo.listGetByIndexRange('l', -2, aerospike.LIST_RETURN_VALUE),
    ])
    expect(r.bins).toEqual({ l: [4, 4, [3, 1], [1, 4]] })
  })

  it('answers every op in operateOrdered, nil for ops that return nothing', async () => {
    const key = fresh()
    await client.put(key, { l: [3, 1, 2] })
    const r = await client.operateOrdered(key, [lo.listSort('l'), lo.listGetRange('l', 0)])
    expect(r.orderedBins).toEqual([
      ['l', null],
      ['l', [1, 2, 3]],
    ])
  })

  it('keeps an ordered list sorted and refuses duplicates under ADD_UNIQUE', async () => {
    const key = fresh()
    const policy = { order: aerospike.LIST_ORDERED, flags: aerospike.LIST_WRITE_ADD_UNIQUE }
    await client.operate(key, [lo.listAppendItems('scores', [30, 10, 20], policy)])
    const err = await client.operate(key, [lo.listAppend('scores', 20, policy)]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.AerospikeError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_ELEMENT_EXISTS)
    const r = await client.operate(key, [lo.listGetRange('scores', 0)])
    expect(r.bins).toEqual({ scores: [10, 20, 30] })
  })

  it('answers OP_NOT_APPLICABLE for an index out of range', async () => {
    const key = fresh()
    await client.put(key, { l: [1] })
    const err = await client.operate(key, [lo.listGet('l', 5)]).catch((e: unknown) => e)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_OP_NOT_APPLICABLE)
  })

  it('refuses a malformed op before sending it', async () => {
    const err = await client.operate(fresh(), [lo.listGet('l', 1.5)]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.InvalidArgError)
  })
})

describe('maps', () => {
  it('counts with increments and ranks by value', async () => {
    const key = fresh()
    await client.operate(key, [
      mo.mapIncrement('counts', 'login', 3),
      mo.mapIncrement('counts', 'logout', 1),
      mo.mapIncrement('counts', 'view', 7),
    ])
    const r = await client.operate(key, [
      mo.mapGetByRankRange('counts', -2, aerospike.MAP_RETURN_KEY),
      mo.mapGetByKey('counts', 'view', aerospike.MAP_RETURN_VALUE),
      mo.mapSize('counts'),
    ])
    expect(r.bins).toEqual({ counts: [['login', 'view'], 7, 3] })
  })

  it('returns KEY_VALUE results as an object in the order the server chose', async () => {
    const key = fresh()
    await client.put(key, { m: { b: 2, a: 1, c: 3 } })
    const r = await client.operate(key, [mo.mapGetByValueRange('m', 2, null, aerospike.MAP_RETURN_KEY_VALUE)])
    expect(r.bins).toEqual({ m: { b: 2, c: 3 } })
  })

  it('applies write flags: CREATE_ONLY refuses an existing key, NO_FAIL makes it a no-op', async () => {
    const key = fresh()
    await client.put(key, { m: { a: 1 } })
    const createOnly = { writeFlags: aerospike.MAP_WRITE_FLAGS_CREATE_ONLY }
    const err = await client.operate(key, [mo.mapPut('m', 'a', 2, createOnly)]).catch((e: unknown) => e)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_ELEMENT_EXISTS)
    const noFail = { writeFlags: aerospike.MAP_WRITE_FLAGS_CREATE_ONLY | aerospike.MAP_WRITE_FLAGS_NO_FAIL }
    const r = await client.operate(key, [
      mo.mapPut('m', 'a', 2, noFail),
      mo.mapGetByKey('m', 'a', aerospike.MAP_RETURN_VALUE),
    ])
    expect(r.bins).toEqual({ m: [1, 1] })
  })
})

describe('contexts', () => {
  it('reaches into nested lists and maps, creating missing levels', async () => {
    const key = fresh()
    await client.put(key, { doc: { users: [{ name: 'ann', tags: ['a'] }] } })
    const tags = [cdtCtx.mapKey('users'), cdtCtx.listIndex(0), cdtCtx.mapKey('tags')]
    const created = [cdtCtx.mapKeyCreate('stats', aerospike.MAP_KEY_ORDERED), cdtCtx.mapKeyCreate('visits')]
    const r = await client.operate(key, [
      lo.listAppend('doc', 'b', undefined, tags),
      mo.mapIncrement('doc', 'today', 1, undefined, created),
      lo.listGetRange('doc', 0, undefined, tags),
    ])
    expect(r.bins).toEqual({ doc: [2, 1, ['a', 'b']] })
    const rec = await client.get(key)
    expect(rec.bins.doc).toEqual({
      stats: { visits: { today: 1 } },
      users: [{ name: 'ann', tags: ['a', 'b'] }],
    })
  })

  it('answers OP_NOT_APPLICABLE for a missing level without a create step', async () => {
    const key = fresh()
    await client.put(key, { doc: { a: 1 } })
    const err = await client
      .operate(key, [lo.listSize('doc', [cdtCtx.mapKey('missing')])])
      .catch((e: unknown) => e)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_OP_NOT_APPLICABLE)
  })

  it('round-trips a context through base64', () => {
    const ctx = [cdtCtx.mapKey('users'), cdtCtx.listIndex(-1)]
    expect(cdtCtx.fromBase64(cdtCtx.toBase64(ctx))).toEqual(ctx)
  })
})
