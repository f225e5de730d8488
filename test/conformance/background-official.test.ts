// Background jobs from the official client (aerospike@6.7.1) against the embedded server: query.operate and
// query.background (scan and index query), job.waitUntilDone / job.info, and our jobInfo on its jobs.
import { fileURLToPath } from 'node:url'
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../src/index.js'
import { startWithBothClients, stopBoth } from './both-clients.js'
import type { ServerProcess } from './server-process.js'

const RECORDS_LUA = fileURLToPath(new URL('../fixtures/udf/records.lua', import.meta.url))
const COUNT = 100

let server: ServerProcess
let official: Aerospike.Client
let ours: aerospike.Client

beforeAll(async () => {
  ;({ server, official, ours } = await startWithBothClients())
  await ours.udfPut(RECORDS_LUA)
  for (let i = 0; i < COUNT; i++) {
    await ours.put(['test', 'cbg', i], { n: i })
    await ours.put(['test', 'cbgudf', i], { n: i })
  }
  await ours.indexIntegerCreate('test', 'cbg', 'n', 'cbg_n')
}, 60_000)

afterAll(() => stopBoth({ server, official, ours }))

describe('official client background jobs against the embedded server', () => {
  it('query.operate on a scan writes every record; waitUntilDone and info see the end', async () => {
    const query = official.query('test', 'cbg')
    const job = await query.operate([Aerospike.operations.write('tag', 'x')])
    await job.waitUntilDone(10)
    const info = await job.info()
    expect(info.status).toBe(Aerospike.jobStatus.COMPLETED)
    expect((await ours.get(['test', 'cbg', 3])).bins).toEqual({ n: 3, tag: 'x' })
    expect((await ours.jobInfo(Number(job.jobID), aerospike.JOB_SCAN)).recordsRead).toBe(COUNT)
  })

  it('query.operate with a where filter writes the matching records only', async () => {
    const query = official.query('test', 'cbg')
    query.where(Aerospike.filter.range('n', 10, 19))
    const job = await query.operate([Aerospike.operations.incr('n', 1000)])
    await job.waitUntilDone(10)
    expect((await ours.get(['test', 'cbg', 10])).bins.n).toBe(1010)
    expect((await ours.get(['test', 'cbg', 20])).bins.n).toBe(20)
  })

  it('query.background runs a record UDF on every record', async () => {
    const query = official.query('test', 'cbgudf')
    const job = await query.background('records', 'add', ['n', 7])
    await job.waitUntilDone(10)
    expect((await ours.get(['test', 'cbgudf', 5])).bins.n).toBe(12)
  })

  it('our executeBackground job is seen done by the official client info call', async () => {
    const jobId = await ours
      .query('test', 'cbgudf')
      .addOps([aerospike.operations.write('ours', 1)])
      .executeBackground()
    await ours.waitForJob(jobId, aerospike.JOB_SCAN, 5)
    const answer = await official.infoAny(`query-show:id=${jobId}`)
    expect(answer).toMatch(new RegExp(`trid=${jobId}:ns=test:set=cbgudf:.*:status=done\\(ok\\):`))
    expect((await official.get(new Aerospike.Key('test', 'cbgudf', 9))).bins.ours).toBe(1)
  })
})
