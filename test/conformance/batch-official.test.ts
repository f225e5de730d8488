// Batches from the official client (aerospike@6.7.1) against the embedded server, side by side with ours:
// the same calls give the same per-key statuses and bins, and each client reads what the other wrote.
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../src/index.js'
import { startWithBothClients, stopBoth } from './both-clients.js'
import type { ServerProcess } from './server-process.js'

let server: ServerProcess
let official: Aerospike.Client
let ours: aerospike.Client
const op = Aerospike.operations
const batchType = Aerospike.batchType

type Tuple = [namespace: string, set: string, userKey: string]
const tuples = (prefix: string, n: number, set = 'cbatch'): Tuple[] =>
  Array.from({ length: n }, (_, i): Tuple => ['test', set, `${prefix}-${i}`])
const theirKey = (t: Tuple): Aerospike.Key => new Aerospike.Key(t[0], t[1], t[2])

/** Per key: status and bins (bins only when found), as either client reports them. */
const officialView = (rows: Aerospike.BatchResult[]) =>
  rows.map((r) => (r.status === 0 ? { status: 0, bins: r.record.bins } : { status: r.status }))
const ourView = (r: aerospike.BatchRecords<unknown>) =>
  r.batchRecords.map((b) => (b.result === 0 ? { status: 0, bins: b.record!.bins } : { status: b.result }))

beforeAll(async () => {
  ;({ server, official, ours } = await startWithBothClients())
})
afterAll(() => stopBoth({ server, official, ours }))

describe('official client and aerospike-ts batches against the embedded server', () => {
  it('batchRead of 3,000 keys (a fifth missing): the same statuses and bins', async () => {
    const keys = tuples('read', 3000)
    const present = keys.filter((_, i) => i % 5 !== 0)
    await ours.batchWrite(present.map((k, i) => [k, { i, s: `v${i}`, l: [i, 'x'], m: { a: i } }] as const))
    const theirs = officialView(
      await official.batchRead(keys.map((k) => ({ key: theirKey(k), readAllBins: true }))),
    )
    expect(ourView(await ours.batchRead(keys))).toEqual(theirs)
    expect(theirs.filter((r) => r.status === 2)).toHaveLength(600)
    const selected = officialView(
      await official.batchRead(keys.slice(0, 50).map((k) => ({ key: theirKey(k), bins: ['s'] }))),
    )
    expect(ourView(await ours.batchRead(keys.slice(0, 50), ['s']))).toEqual(selected)
    const exists = (await official.batchExists(keys.slice(0, 50).map(theirKey))).map((r) => r.status)
    expect((await ours.batchRead(keys.slice(0, 50), [])).batchRecords.map((r) => r.result)).toEqual(exists)
  })

  it('what the official client batch-writes, we read, and the other way round', async () => {
    const a = tuples('theirs', 200)
    const b = tuples('ours', 200)
    const written = await official.batchWrite(
      a.map((k, i) => ({
        type: batchType.BATCH_WRITE,
        key: theirKey(k),
        ops: [op.write('i', i), op.write('s', `s${i}`)],
      })),
    )
    expect(written.every((r) => r.status === 0)).toBe(true)
    await ours.batchWrite(b.map((k, i) => [k, { i, s: `s${i}` }] as const))
    const ourRead = await ours.batchRead(a)
    const theirRead = await official.batchRead(b.map((k) => ({ key: theirKey(k), readAllBins: true })))
    expect(ourRead.batchRecords.map((r) => r.record!.bins)).toEqual(theirRead.map((r) => r.record.bins))
  })

  it('per-record write policies: the same per-key result codes', async () => {
    const [theirs, mine] = [tuples('pol-t', 4), tuples('pol-o', 4)]
    for (const k of [...theirs.slice(0, 3), ...mine.slice(0, 3)]) await ours.put(k, { v: 1, s: 'text' })
    const officialStatuses = (
      await official.batchWrite([
        {
          type: batchType.BATCH_WRITE,
          key: theirKey(theirs[0]!),
          ops: [op.write('v', 2)],
          policy: new Aerospike.BatchWritePolicy({ exists: Aerospike.policy.exists.CREATE }),
        },
        {
          type: batchType.BATCH_WRITE,
          key: theirKey(theirs[1]!),
          ops: [op.write('v', 2)],
          // Its batch write policy has no generation value: it expects generation 0.
          policy: new Aerospike.BatchWritePolicy({ gen: Aerospike.policy.gen.EQ }),
        },
        { type: batchType.BATCH_WRITE, key: theirKey(theirs[2]!), ops: [op.incr('s', 1)] },
        {
          type: batchType.BATCH_WRITE,
          key: theirKey(theirs[3]!),
          ops: [op.write('v', 2)],
          policy: new Aerospike.BatchWritePolicy({ exists: Aerospike.policy.exists.UPDATE }),
        },
      ])
    ).map((r) => r.status)
    const ourStatuses = (
      await ours.batchWrite([
        {
          key: mine[0]!,
          ops: [aerospike.operations.write('v', 2)],
          policy: { exists: aerospike.POLICY_EXISTS_CREATE_ONLY },
        },
        [mine[1]!, { v: 2 }, { gen: 0 }],
        { key: mine[2]!, ops: [aerospike.operations.increment('s', 1)] },
        {
          key: mine[3]!,
          ops: [aerospike.operations.write('v', 2)],
          policy: { exists: aerospike.POLICY_EXISTS_UPDATE },
        },
      ])
    ).batchRecords.map((r) => r.result)
    expect(ourStatuses).toEqual(officialStatuses)
    expect(ourStatuses).toEqual([5, 3, 12, 2])
  })

  it('batchRemove with a generation check: per-key statuses agree', async () => {
    const [theirs, mine] = [tuples('rm-t', 3), tuples('rm-o', 3)]
    for (const k of [...theirs.slice(0, 2), ...mine.slice(0, 2)]) await ours.put(k, { v: 1 })
    const err = await official
      .batchRemove(
        theirs.map(theirKey),
        null,
        new Aerospike.BatchRemovePolicy({ gen: Aerospike.policy.gen.EQ, generation: 9 }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as Aerospike.AerospikeError,
      )
    // The official client reports any row failure as a batch error (-16); the rows keep their codes.
    expect(err?.code).toBe(-16)
    const mineResult = await ours.batchRemove(mine.map((k) => [k, { gen: 9 }] as const))
    expect(mineResult.batchRecords.map((r) => r.result)).toEqual([3, 3, 2])
    const removed = (await official
      .batchRemove(theirs.map(theirKey))
      .catch((e: { code: number }) => e)) as unknown
    expect(removed).toBeDefined()
    const after = await ours.batchRead([...theirs, ...mine], [])
    expect(after.batchRecords.map((r) => r.result)).toEqual([2, 2, 2, 0, 0, 2])
  })
})
