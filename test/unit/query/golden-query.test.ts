// Golden: our scan/query requests equal the official client's recorded ones byte for byte (but the
// random task id), and our decoder turns the recorded answers into the recorded results.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICIES, type ResolvedQueryPolicy, resolvePolicy } from '../../../src/client/policies.js'
import type { PartitionProgress } from '../../../src/client/query/partition-filter.js'
import { between, equals, type Predicate } from '../../../src/client/query/predicates.js'
import { encodeQueryRequest, type QueryStatement } from '../../../src/client/query/query-request.js'
import { readQueryFrame } from '../../../src/client/query/query-response.js'
import type { Record } from '../../../src/client/record.js'
import { decodeMessage, FieldType, findField, PARTITIONS } from '../../../src/protocol/index.js'

interface Step {
  label: string
  result?: unknown
  exchanges: Array<{ request: string; responses: string[] }>
}
const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/official-client-crud.json', import.meta.url), 'utf8'),
) as { steps: Step[] }
const step = (label: string): Step => golden.steps.find((s) => s.label === label)!

const ALL: PartitionProgress[] = Array.from({ length: PARTITIONS }, (_, id) => ({
  id,
  retry: true,
  digest: undefined,
  bval: undefined,
  sequence: 0,
}))
const policy = (p: object = {}): ResolvedQueryPolicy => resolvePolicy('query', DEFAULT_POLICIES.query, p)
const stmt = (predicate?: Predicate): QueryStatement => ({
  namespace: 'test',
  set: 'golden',
  bins: null,
  predicate,
})

/** Our request with the recorded one's task id, so the two can be compared whole. */
function ours(label: string, s: QueryStatement, p: ResolvedQueryPolicy, recordMax = 0): Buffer {
  const recorded = decodeMessage(Buffer.from(step(label).exchanges[0]!.request, 'hex').subarray(8))
  const trid = findField(recorded, FieldType.TRID)!.data
  return encodeQueryRequest(s, p, trid, { fresh: ALL, resumed: [], recordMax })
}

describe('requests', () => {
  it.each([
    ['scan set golden (all)', stmt(), policy(), 0],
    ['query maxRecords 3 (partition scan)', stmt(), policy({ maxRecords: 3 }), 3],
    ['query equal i=3', stmt(equals('i', 3)), policy(), 0],
    ['query range i 2..4', stmt(between('i', 2, 4)), policy(), 0],
    ['query string equal', stmt(equals('s', 'v5')), policy(), 0],
  ] as const)('%s', (label, s, p, recordMax) => {
    expect(ours(label, s, p, recordMax).toString('hex')).toBe(step(label).exchanges[0]!.request)
  })
})

describe('answers', () => {
  /** Every record of a step's recorded answer, decoded. */
  function decode(label: string): { records: Record[]; bvals: Array<bigint | undefined>; end: number } {
    const records: Record[] = []
    const bvals: Array<bigint | undefined> = []
    let end = -1
    for (const hex of step(label).exchanges[0]!.responses) {
      const result = readQueryFrame(
        Buffer.from(hex, 'hex').subarray(8),
        {
          record: (r, _pid, bval) => {
            records.push(r)
            bvals.push(bval)
          },
          partitionDone: () => {
            throw new Error('no partition was unavailable')
          },
        },
        Date.now(),
      )
      if (result !== undefined) end = result.resultCode
    }
    return { records, bvals, end }
  }

  it('a scan answer: every record with its key, then the end of the stream', () => {
    const { records, end } = decode('scan set golden (all)')
    expect(end).toBe(0)
    expect(records).toHaveLength((step('scan set golden (all)').result as { count: number }).count)
    const withKey = records.filter((r) => r.key.userKey !== null)
    expect(withKey.map((r) => r.key.userKey)).toEqual(['ttl'])
    for (const r of records) {
      expect(r.key.namespace).toBe('test')
      expect(r.key.set).toBe('golden')
      expect(r.key.digest).toHaveLength(20)
    }
  })

  it('index query answers: the recorded bins, and each entry value', () => {
    const range = decode('query range i 2..4')
    const bins = range.records.map((r) => r.bins).sort((a, b) => (a.i as number) - (b.i as number))
    expect(bins).toEqual(step('query range i 2..4').result)
    expect(range.bvals.sort()).toEqual([2n, 3n, 4n])
    const str = decode('query string equal')
    expect(str.records.map((r) => r.bins)).toEqual(step('query string equal').result)
    expect(str.bvals[0]).toBe(0x2712c1e863c79125n)
  })
})
