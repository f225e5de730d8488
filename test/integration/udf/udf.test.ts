// UDFs end to end, our client against the embedded server: registering modules, apply, batchApply, errors.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const RECORDS_LUA = fileURLToPath(new URL('../../fixtures/udf/records.lua', import.meta.url))
const BROKEN_LUA = fileURLToPath(new URL('../../fixtures/udf/broken.lua', import.meta.url))

let server: RunningServer
let client: aerospike.Client
let counter = 0
type Tuple = [namespace: string, set: string, userKey: string]
const fresh = (): Tuple => ['test', 'udf', `k${++counter}`]

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
  await client.udfPut(RECORDS_LUA)
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('module management', () => {
  it('udfPut registers a file under its base name; udfList and udfGet show it', async () => {
    const list = await client.udfList()
    const entry = list.find((u) => u.name === 'records.lua')
    expect(entry).toMatchObject({ udfType: aerospike.UDF_TYPE_LUA })
    expect(entry!.hash).toMatch(/^[0-9a-f]{40}$/)
    const { readFile } = await import('node:fs/promises')
    expect(await client.udfGet('records.lua')).toBe(await readFile(RECORDS_LUA, 'utf8'))
  })

  it('udfPutContent registers source text; re-registering changes the listed hash; udfRemove drops it', async () => {
    await client.udfPutContent('inline.lua', 'function one(rec) return 1 end')
    const before = (await client.udfList()).find((u) => u.name === 'inline.lua')!.hash
    await client.udfPutContent('inline.lua', Buffer.from('function one(rec) return 2 end'))
    const after = (await client.udfList()).find((u) => u.name === 'inline.lua')!.hash
    expect(after).not.toBe(before)
    expect(await client.apply(fresh(), 'inline', 'one')).toBe(2)
    await client.udfRemove('inline.lua')
    expect((await client.udfList()).some((u) => u.name === 'inline.lua')).toBe(false)
    await expect(client.apply(fresh(), 'inline', 'one')).rejects.toThrow(/UDF: Execution Error 1/)
    // Removing again succeeds, as on a real node.
    await client.udfRemove('inline.lua')
  })

  it('a module that does not compile is a UDFError with file, line and message; nothing is registered', async () => {
    const err = await client.udfPut(BROKEN_LUA).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.UDFError)
    expect((err as Error).message).toMatch(/compile_error in broken\.lua:4: unexpected symbol near 'end'/)
    expect((await client.udfList()).some((u) => u.name === 'broken.lua')).toBe(false)
  })

  it('udfGet of an unknown file is a UDFError; bad arguments are InvalidArgError', async () => {
    await expect(client.udfGet('missing.lua')).rejects.toThrow(/not_found/)
    await expect(client.udfPutContent('noext', 'x')).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.udfPut('/nonexistent/x.lua')).rejects.toBeInstanceOf(aerospike.ClientError)
    await expect(client.udfPut(RECORDS_LUA, 7)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.apply(fresh(), '', 'f')).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.apply(fresh(), 'records', 'f', 'x' as never)).rejects.toBeInstanceOf(
      aerospike.InvalidArgError,
    )
  })
})

describe('apply', () => {
  it('writes through aerospike:create/update and returns the function result', async () => {
    const key = fresh()
    expect(await client.apply(key, 'records', 'put_bin', ['a', 5])).toBe(5)
    expect(await client.apply(key, 'records', 'add', ['a', 2])).toBe(7)
    const rec = await client.get(key)
    expect(rec.bins).toEqual({ a: 7 })
    expect(rec.meta.gen).toBe(2)
  })

  it('changes without aerospike:update are not written; a read-only call returns the value', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    expect(await client.apply(key, 'records', 'no_update', ['a', 9])).toBe(9)
    expect((await client.get(key)).bins).toEqual({ a: 1 })
    expect(await client.apply(key, 'records', 'get_bin', ['a'])).toBe(1)
    expect(await client.apply(fresh(), 'records', 'get_bin', ['a'])).toBeNull()
  })

  it('values cross both ways: integers, floats, strings, bytes, lists, maps, booleans, nil', async () => {
    const key = fresh()
    const args = [1, 1.5, 'text', Buffer.from([0, 1, 255]), [1, 'x', [2]], { a: 1, b: [true] }, true]
    expect(await client.apply(key, 'records', 'echo', args)).toEqual(args)
    // list{...} skips nils, as on a real node; a nil argument itself arrives.
    expect(await client.apply(key, 'records', 'echo', [1, null, 2])).toEqual([1, 2])
    expect(await client.apply(key, 'records', 'echo_one', [null])).toBeNull()
    expect(await client.apply(key, 'records', 'echo_one', [2n ** 62n])).toBe(2n ** 62n)
    expect(await client.apply(key, 'records', 'echo_one', [new aerospike.Double(2)])).toBe(2)
    expect(await client.apply(key, 'records', 'types')).toEqual([1, 1.5, 'str', true, null, { k: 'v' }, [2]])
    expect(await client.apply(key, 'records', 'make_bytes')).toEqual(Buffer.from([0x61, 0x62, 0xff, 1, 2]))
    expect(await client.apply(key, 'records', 'list_ops')).toEqual([4, 9, 2, 3, 4, 0, [0, 2], [4]])
  })

  it('stores what the UDF writes as the right bin types', async () => {
    const key = fresh()
    await client.apply(key, 'records', 'put_bin', ['l', [1, { b: 2, a: 1 }]])
    await client.apply(key, 'records', 'put_bin', ['f', 2.5])
    await client.apply(key, 'records', 'put_bin', ['s', 'str'])
    await client.apply(key, 'records', 'put_bin', ['y', Buffer.from('ab')])
    expect((await client.get(key)).bins).toEqual({
      l: [1, { a: 1, b: 2 }],
      f: 2.5,
      s: 'str',
      y: Buffer.from('ab'),
    })
  })

  it('record metadata: exists, generation, TTL, set, key, digest, bin names', async () => {
    const key = fresh()
    expect(await client.apply(key, 'records', 'meta')).toEqual({
      exists: false,
      gen: 0,
      ttl: 0,
      numbins: 0,
      digest_size: 20,
    })
    await client.put(key, { b: 1, a: 2 }, { ttl: 1000 }, { key: aerospike.POLICY_KEY_SEND })
    const meta = (await client.apply(key, 'records', 'meta')) as Record<string, unknown>
    expect(meta).toMatchObject({ exists: true, gen: 1, set: 'udf', numbins: 2, key: key[2], digest_size: 20 })
    expect(meta.ttl).toBeGreaterThan(990)
    expect(await client.apply(key, 'records', 'names')).toEqual(['a', 'b'])
  })

  it('record.set_ttl and aerospike:remove', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    expect(await client.apply(key, 'records', 'set_ttl', [500])).toBe(0)
    const rec = await client.get(key)
    expect(rec.meta.ttl).toBeGreaterThan(490)
    expect(rec.meta.gen).toBe(2)
    expect(await client.apply(key, 'records', 'remove')).toBe(0)
    await expect(client.get(key)).rejects.toBeInstanceOf(aerospike.RecordNotFound)
    // Removing a record that does not exist: aerospike:remove answers 1, nothing is written.
    expect(await client.apply(key, 'records', 'remove')).toBe(1)
  })

  it('failures are UDFErrors carrying the server text; the record is left alone', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const fail = await client.apply(key, 'records', 'fail', ['oops']).catch((e: unknown) => e)
    expect(fail).toBeInstanceOf(aerospike.UDFError)
    expect((fail as aerospike.UDFError).resultCode).toBe(100)
    expect((fail as Error).message).toContain('/opt/aerospike/usr/udf/lua/records.lua:')
    expect((fail as Error).message).toContain(': oops')
    await expect(client.apply(key, 'records', 'fail_table')).rejects.toThrow(/result value type unexpected/)
    await expect(client.apply(key, 'records', 'bad_bin')).rejects.toThrow(
      /can't set bin x to unsupported type/,
    )
    await expect(client.apply(key, 'records', 'nope')).rejects.toThrow(/function not found/)
    await expect(client.apply(key, 'nomodule', 'f')).rejects.toThrow(/UDF: Execution Error 1/)
    expect((await client.get(key)).meta.gen).toBe(1)
  })

  it('a UDF running past the timeout fails with the server timeout text', async () => {
    const err = await client
      .apply(fresh(), 'records', 'loop', [], { totalTimeout: 300, socketTimeout: 0 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.AerospikeError)
  })

  it('refuses existence and generation policies (PARAMETER), as a real node does', async () => {
    const key = fresh()
    await expect(
      client.apply(key, 'records', 'get_bin', ['a'], { exists: aerospike.POLICY_EXISTS_CREATE_ONLY }),
    ).rejects.toMatchObject({ resultCode: 4 })
  })

  it('honours a filter expression on an existing record', async () => {
    const key = fresh()
    await client.put(key, { a: 1 })
    const filterExpression = aerospike.exp.eq(aerospike.exp.intBin('a'), aerospike.exp.intVal(2))
    await expect(client.apply(key, 'records', 'get_bin', ['a'], { filterExpression })).rejects.toBeInstanceOf(
      aerospike.FilteredOut,
    )
  })
})

describe('batchApply', () => {
  it('one result per key: SUCCESS values, FAILURE texts with result 100', async () => {
    const keys = [fresh(), fresh(), fresh()]
    await client.put(keys[0]!, { a: 10 })
    await client.put(keys[1]!, { a: 20 })
    const { batchRecords } = await client.batchApply(keys, 'records', 'get_bin', ['a'])
    expect(batchRecords.map((r) => [r.result, r.record?.bins])).toEqual([
      [0, { SUCCESS: 10 }],
      [0, { SUCCESS: 20 }],
      [0, { SUCCESS: null }],
    ])
    const failed = await client.batchApply(keys.slice(0, 2), 'records', 'fail', ['bad'])
    expect(failed.batchRecords.map((r) => r.result)).toEqual([100, 100])
    expect(String(failed.batchRecords[0]!.record!.bins.FAILURE)).toMatch(/records\.lua:\d+: bad$/)
  })

  it('writes through UDF rows, with the apply policy TTL', async () => {
    const keys = [fresh(), fresh()]
    const { batchRecords } = await client.batchApply(keys, 'records', 'add', ['n', 3], undefined, {
      ttl: 700,
    })
    expect(batchRecords.map((r) => r.record?.bins)).toEqual([{ SUCCESS: 3 }, { SUCCESS: 3 }])
    const rec = await client.get(keys[1]!)
    expect(rec.bins).toEqual({ n: 3 })
    expect(rec.meta.ttl).toBeGreaterThan(690)
    await expect(
      client.batchApply(keys, 'records', 'add', [], undefined, { exists: 1 } as never),
    ).rejects.toBeInstanceOf(aerospike.InvalidArgError)
  })
})
