// Partition filters: construction, validation of a saved cursor, and the JSON round trip of progress.
import { describe, expect, it } from 'vitest'
import { InvalidArgError } from '../../../src/client/errors.js'
import {
  type PartitionFilter,
  partitionFilterAll,
  partitionFilterById,
  partitionFilterByRange,
  progressFrom,
  writeProgress,
} from '../../../src/client/query/partition-filter.js'
import { computeDigest, partitionId } from '../../../src/protocol/index.js'

describe('partition filters', () => {
  it('all, by id and by range', () => {
    expect(partitionFilterAll()).toEqual({ begin: 0, count: 4096 })
    expect(partitionFilterById(4095)).toEqual({ begin: 4095, count: 1 })
    expect(partitionFilterByRange(10, 20)).toEqual({ begin: 10, count: 20 })
    for (const [b, c] of [
      [-1, 1],
      [4096, 1],
      [0, 0],
      [4000, 97],
      [1.5, 1],
      [0, Number.NaN],
    ])
      expect(() => partitionFilterByRange(b!, c!)).toThrow(InvalidArgError)
  })

  it('a fresh filter starts every partition from its beginning', () => {
    const progress = progressFrom(partitionFilterByRange(7, 3))
    expect(progress.map((p) => [p.id, p.retry, p.digest, p.bval])).toEqual([
      [7, true, undefined, undefined],
      [8, true, undefined, undefined],
      [9, true, undefined, undefined],
    ])
  })

  it('progress written back survives JSON and reads back the same', () => {
    const digest = computeDigest('s', 'k')
    const pid = partitionId(digest)
    const filter = partitionFilterById(pid)
    const progress = progressFrom(filter)
    progress[0]!.digest = digest
    progress[0]!.bval = -(2n ** 63n)
    writeProgress(filter, progress)
    expect(filter.done).toBe(false)
    const again = progressFrom(JSON.parse(JSON.stringify(filter)) as PartitionFilter)
    expect(again[0]!.digest).toEqual(digest)
    expect(again[0]!.bval).toBe(-(2n ** 63n))
    progress[0]!.retry = false
    writeProgress(filter, progress)
    expect(filter.done).toBe(true)
  })

  it('refuses cursors that are not what a query wrote', () => {
    const digest = computeDigest('s', 'k')
    const pid = partitionId(digest)
    const bad: unknown[] = [
      null,
      { begin: 0, count: 2, partitions: [{ id: 0, retry: true }] },
      { begin: 0, count: 1, partitions: [{ id: 1, retry: true }] },
      { begin: 0, count: 1, partitions: [{ id: 0, retry: 'yes' }] },
      { begin: pid, count: 1, partitions: [{ id: pid, retry: true, digest: 'AAAA' }] },
      {
        begin: (pid + 1) % 4096,
        count: 1,
        partitions: [{ id: (pid + 1) % 4096, retry: true, digest: digest.toString('base64') }],
      },
      {
        begin: pid,
        count: 1,
        partitions: [{ id: pid, retry: true, digest: digest.toString('base64'), bval: '1.5' }],
      },
      {
        begin: pid,
        count: 1,
        partitions: [{ id: pid, retry: true, digest: digest.toString('base64'), bval: `${2n ** 63n}` }],
      },
    ]
    for (const f of bad) expect(() => progressFrom(f as PartitionFilter)).toThrow(InvalidArgError)
  })
})
