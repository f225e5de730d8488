// UDFs from the official client (aerospike@6.7.1) against the embedded server: register, apply, batchApply,
// errors; and what it registers, our client sees (and the other way round).
import { fileURLToPath } from 'node:url'
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as aerospike from '../../src/index.js'
import { startWithBothClients, stopBoth } from './both-clients.js'
import type { ServerProcess } from './server-process.js'

const RECORDS_LUA = fileURLToPath(new URL('../fixtures/udf/records.lua', import.meta.url))
const BROKEN_LUA = fileURLToPath(new URL('../fixtures/udf/broken.lua', import.meta.url))

let server: ServerProcess
let official: Aerospike.Client
let ours: aerospike.Client
let counter = 0
const key = () => new Aerospike.Key('test', 'cudf', `k${++counter}`)

beforeAll(async () => {
  ;({ server, official, ours } = await startWithBothClients())
  const job = await official.udfRegister(RECORDS_LUA)
  await job.wait(10)
})
afterAll(() => stopBoth({ server, official, ours }))

describe('official client UDFs against the embedded server', () => {
  it('udfRegister registers the module; our udfList and udfGet see it', async () => {
    const listed = (await ours.udfList()).find((u) => u.name === 'records.lua')
    expect(listed?.hash).toMatch(/^[0-9a-f]{40}$/)
    const { readFile } = await import('node:fs/promises')
    expect(await ours.udfGet('records.lua')).toBe(await readFile(RECORDS_LUA, 'utf8'))
  })

  it('apply writes and returns values; both clients read the same record', async () => {
    const k = key()
    expect(await official.apply(k, { module: 'records', funcname: 'put_bin', args: ['a', 5] })).toBe(5)
    expect(await official.apply(k, { module: 'records', funcname: 'add', args: ['a', 2] })).toBe(7)
    const theirs = await official.get(k)
    const mine = await ours.get(['test', 'cudf', k.key as string])
    expect(mine.bins).toEqual(theirs.bins)
    expect(mine.meta.gen).toBe(theirs.gen)
    expect(await ours.apply(['test', 'cudf', k.key as string], 'records', 'get_bin', ['a'])).toBe(7)
  })

  it('values cross as the official client sends and reads them', async () => {
    const k = key()
    const args = [1, 1.5, 'x', Buffer.from([1, 2]), [1, [2]], { a: 1 }]
    expect(await official.apply(k, { module: 'records', funcname: 'echo', args })).toEqual(args)
    expect(await official.apply(k, { module: 'records', funcname: 'types', args: [] })).toEqual([
      1,
      1.5,
      'str',
      true,
      null,
      { k: 'v' },
      [2],
    ])
  })

  it('UDF failures reach the official client as AEROSPIKE_ERR_UDF (100) with the server text', async () => {
    const k = key()
    const failure = async (funcname: string, module = 'records') =>
      official.apply(k, { module, funcname, args: ['oops'] }).then(
        () => undefined,
        (e: Aerospike.AerospikeError) => [e.code, e.message],
      )
    const [code, message] = (await failure('fail'))!
    expect(code).toBe(100)
    expect(message).toMatch(/^\/opt\/aerospike\/usr\/udf\/lua\/records\.lua:\d+: oops$/)
    expect(await failure('nope')).toEqual([100, 'function not found'])
    expect(await failure('f', 'nomodule')).toEqual([100, 'UDF: Execution Error 1'])
  })

  it('a module that does not compile is refused with its line and message', async () => {
    const err = await official.udfRegister(BROKEN_LUA).then(
      () => undefined,
      (e: Aerospike.AerospikeError) => e,
    )
    expect(err?.message).toContain('compile_error')
    expect((await ours.udfList()).some((u) => u.name === 'broken.lua')).toBe(false)
  })

  it('batchApply: SUCCESS per key, and a module our client registered', async () => {
    await ours.udfPutContent('inline_c.lua', 'function twice(rec, n) return n * 2 end')
    const keys = [key(), key()]
    const results = await official.batchApply(keys, { module: 'inline_c', funcname: 'twice', args: [21] })
    expect(results.map((r) => [r.status, r.record.bins])).toEqual([
      [0, { SUCCESS: 42 }],
      [0, { SUCCESS: 42 }],
    ])
    const job = await official.udfRemove('inline_c.lua')
    await job.wait(10)
    expect((await ours.udfList()).some((u) => u.name === 'inline_c.lua')).toBe(false)
  })
})
