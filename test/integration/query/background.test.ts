// Background jobs through the client against the embedded server: executeBackground with ops and with
// a record UDF, where predicates and filter expressions, TTL, jobInfo / waitForJob, and bad input.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

const { exp, operations: op, predicates } = aerospike
const RECORDS_LUA = fileURLToPath(new URL('../../fixtures/udf/records.lua', import.meta.url))
const COUNT = 120

let server: RunningServer
let client: aerospike.Client

beforeAll(async () => {
  server = await startServer({ port: 0 })
  client = await aerospike.client({ hosts: server.hosts }).connect()
  await client.udfPut(RECORDS_LUA)
  for (let i = 0; i < COUNT; i++) {
    await client.put(['test', 'jobs', i], { n: i })
    await client.put(['test', 'udfjobs', i], { n: i })
  }
  await client.indexIntegerCreate('test', 'jobs', 'n', 'jobs_n')
})

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

describe('background jobs', () => {
  it('addOps: writes every record of the set; jobInfo reports the end', async () => {
    const jobId = await client
      .query('test', 'jobs')
      .addOps([op.write('tag', 'all'), op.increment('n', 1000)])
      .executeBackground()
    expect(Number.isSafeInteger(jobId)).toBe(true)
    const info = await client.waitForJob(jobId, aerospike.JOB_SCAN, 5)
    expect(info).toEqual({ status: aerospike.JOB_STATUS_COMPLETED, progressPct: 100, recordsRead: COUNT })
    expect(await client.jobInfo(jobId, aerospike.JOB_SCAN)).toEqual(info)
    const r = await client.get(['test', 'jobs', 7])
    expect(r.bins).toEqual({ n: 1007, tag: 'all' })
    expect(r.meta.gen).toBe(2)
  })

  it('a where predicate, a filter expression and a TTL limit and shape the writes', async () => {
    const query = client.query('test', 'jobs').where(predicates.between('n', 1000, 1029))
    const jobId = await query.addOps([op.write('low', 1)]).executeBackground({
      filterExpression: exp.eq(exp.numMod(exp.intBin('n'), exp.intVal(2)), exp.intVal(0)),
      ttl: 5000,
    })
    expect((await client.waitForJob(jobId, aerospike.JOB_QUERY, 5)).recordsRead).toBe(15)
    const even = await client.get(['test', 'jobs', 2])
    expect(even.bins.low).toBe(1)
    expect(even.meta.ttl).toBeGreaterThan(4900)
    expect((await client.get(['test', 'jobs', 3])).bins.low).toBeUndefined()
    expect((await client.get(['test', 'jobs', 40])).bins.low).toBeUndefined()
  })

  it('apply: runs a record UDF on every record', async () => {
    const jobId = await client.query('test', 'udfjobs').apply('records', 'add', ['n', 5]).executeBackground()
    await client.waitForJob(jobId, aerospike.JOB_SCAN, 5)
    expect((await client.get(['test', 'udfjobs', 10])).bins.n).toBe(15)
    expect((await client.get(['test', 'jobs', 10])).bins.n).toBe(1010)
  })

  it('a job still running is in progress; an unknown job counts as completed', async () => {
    const jobId = await client
      .query('test', 'udfjobs')
      .addOps([op.write('slow', 1)])
      .executeBackground({ recordsPerSecond: 40 })
    const info = await client.jobInfo(jobId, aerospike.JOB_SCAN)
    expect(info.status).toBe(aerospike.JOB_STATUS_INPROGRESS)
    expect(info.progressPct).toBeLessThan(100)
    expect(await client.infoRandomNode(`query-abort:id=${jobId}`)).toBe('ok')
    expect((await client.jobInfo(12345, aerospike.JOB_SCAN)).status).toBe(aerospike.JOB_STATUS_COMPLETED)
  })

  it('refuses bad input before sending, and reports server refusals', async () => {
    const q = client.query('test', 'jobs')
    await expect(q.executeBackground()).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    expect(() => q.addOps([op.read('n')])).toThrow(aerospike.InvalidArgError)
    expect(() => q.addOps([])).toThrow(aerospike.InvalidArgError)
    expect(() => q.apply('', 'f')).toThrow(aerospike.InvalidArgError)
    await expect(client.jobInfo(1, 'nope')).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    await expect(client.jobInfo(-1, aerospike.JOB_QUERY)).rejects.toBeInstanceOf(aerospike.InvalidArgError)
    const missingSet = client.query('test', 'no-such-set').addOps([op.write('x', 1)])
    await expect(missingSet.executeBackground()).rejects.toMatchObject({ resultCode: 2 })
  })
})
