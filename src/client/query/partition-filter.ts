/** Partition filters: which partitions a query reads and where it stopped in each, as plain JSON-serialisable objects. */
import { DIGEST_SIZE, PARTITIONS, partitionId } from '../../protocol/index.js'
import { invalidArg } from '../errors.js'

/** Where one partition stands after a query. */
export interface PartitionStatus {
  /** Partition id, 0..4095. */
  id: number
  /** true while the partition may hold records the query has not returned yet. */
  retry: boolean
  /** Digest (base64) of the last record returned from the partition: the next page resumes after it. */
  digest?: string
  /** That record's index value (index queries), a 64-bit integer as decimal text. */
  bval?: string
}

/**
 * The partitions a query reads: `count` partitions from `begin`. After a
 * query ran with it, `partitions` holds where each partition stopped and
 * `done` tells whether every record was returned; pass the same object (or
 * its JSON, parsed) as `partitionFilter` to read the next page.
 */
export interface PartitionFilter {
  begin: number
  count: number
  partitions?: PartitionStatus[]
  done?: boolean
}

/** Every partition. */
export function partitionFilterAll(): PartitionFilter {
  return { begin: 0, count: PARTITIONS }
}

/** The one partition `id` (0..4095). */
export function partitionFilterById(id: number): PartitionFilter {
  return partitionFilterByRange(id, 1)
}

/** `count` partitions starting at `begin` (begin + count <= 4096). */
export function partitionFilterByRange(begin: number, count: number): PartitionFilter {
  checkRange(begin, count)
  return { begin, count }
}

function checkRange(begin: unknown, count: unknown): void {
  if (typeof begin !== 'number' || !Number.isInteger(begin) || begin < 0 || begin >= PARTITIONS)
    throw invalidArg(`partition filter begin must be an integer from 0 to ${PARTITIONS - 1}`)
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || begin + count > PARTITIONS)
    throw invalidArg(`partition filter count must be an integer from 1 to ${PARTITIONS - begin}`)
}

/** One partition's progress inside a running query. */
export interface PartitionProgress {
  readonly id: number
  /** Still to be read (or read further). */
  retry: boolean
  /** Digest of the last record delivered from it. */
  digest: Buffer | undefined
  /** Index value of that record. */
  bval: bigint | undefined
  /** Replica attempt: moves to the next replica after a failure. */
  sequence: number
}

const BVAL_TEXT = /^-?\d{1,20}$/

function readStatus(s: unknown, expectedId: number): PartitionProgress {
  if (typeof s !== 'object' || s === null) throw invalidArg('partition filter partitions must be objects')
  const { id, retry, digest, bval } = s as Record<string, unknown>
  if (id !== expectedId)
    throw invalidArg(`partition filter partitions must list ids in order (expected ${expectedId})`)
  if (typeof retry !== 'boolean') throw invalidArg(`partition ${expectedId}: retry must be a boolean`)
  let d: Buffer | undefined
  if (digest !== undefined && digest !== null) {
    d = typeof digest === 'string' ? Buffer.from(digest, 'base64') : undefined
    if (d === undefined || d.length !== DIGEST_SIZE || partitionId(d) !== expectedId)
      throw invalidArg(
        `partition ${expectedId}: digest must be the base64 digest of a record of that partition`,
      )
  }
  let b: bigint | undefined
  if (bval !== undefined && bval !== null) {
    if (typeof bval !== 'string' || !BVAL_TEXT.test(bval) || BigInt.asIntN(64, BigInt(bval)) !== BigInt(bval))
      throw invalidArg(`partition ${expectedId}: bval must be a 64-bit integer as decimal text`)
    b = BigInt(bval)
  }
  return { id: expectedId, retry, digest: d, bval: b, sequence: 0 }
}

/** The progress list a query starts from: fresh partitions, or the statuses a filter carries (validated). */
export function progressFrom(filter: PartitionFilter): PartitionProgress[] {
  if (typeof filter !== 'object' || filter === null) throw invalidArg('partitionFilter must be an object')
  checkRange(filter.begin, filter.count)
  const { begin, count, partitions } = filter
  if (partitions === undefined || partitions === null) {
    return Array.from({ length: count }, (_, i) => ({
      id: begin + i,
      retry: true,
      digest: undefined,
      bval: undefined,
      sequence: 0,
    }))
  }
  if (!Array.isArray(partitions) || partitions.length !== count)
    throw invalidArg(`partition filter partitions must list all ${count} partitions`)
  return partitions.map((s, i) => readStatus(s, begin + i))
}

/** Writes a query's progress back into the filter (statuses and done), JSON-ready. */
export function writeProgress(filter: PartitionFilter, progress: readonly PartitionProgress[]): void {
  filter.partitions = progress.map((p) => {
    const s: PartitionStatus = { id: p.id, retry: p.retry }
    if (p.digest !== undefined) s.digest = p.digest.toString('base64')
    if (p.bval !== undefined) s.bval = p.bval.toString()
    return s
  })
  filter.done = progress.every((p) => !p.retry)
}
