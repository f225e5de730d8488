/** Reads a scan/query request's fields as the server's basic query job does, refusing what it refuses with the same result codes. */
import { DIGEST_SIZE, PARTITIONS, partitionId } from '../../protocol/digest.js'
import { FieldType, Info1, Info2, Info3, OpType } from '../../protocol/message.js'
import { isValidBinName } from '../commands/write-policy.js'
import type { Request, RequestOp } from '../msg/request.js'
import type { SecondaryIndex } from '../sindex/secondary-index.js'
import type { Namespace } from '../storage/namespace.js'
import { type IndexFilter, readIndexFilter } from './index-filter.js'

const NOT_FOUND = 2
const PARAMETER = 4
const UNSUPPORTED_FEATURE = 16
const INDEX_NOT_FOUND = 201
const INDEX_NOT_READABLE = 203
/** Set names are shorter than this. */
const SET_NAME_SIZE = 64
/** Index names are shorter than this. */
const INDEX_NAME_SIZE = 64
/** Fastest a background job may go, records per second (the namespace's background-query-max-rps default); also the pace of jobs that name none. */
const MAX_BACKGROUND_RPS = 10_000
/** A short query without a server timeout gets this long, ms. */
const SHORT_QUERY_DEFAULT_MS = 1000

/** Op types a query may carry: the read ops (a background job may carry none of them). */
export const READ_OPS: ReadonlySet<number> = new Set([
  OpType.READ,
  OpType.CDT_READ,
  OpType.BIT_READ,
  OpType.HLL_READ,
  OpType.EXP_READ,
])

/** One requested partition: scanned from its start, or strictly after a resume point. */
export interface PartitionRequest {
  readonly pid: number
  /** The digest (latin1 key) to resume after, with its index value for index queries. */
  readonly resume: { readonly key: string; readonly bval: bigint } | undefined
}

/** Every partition from its start: what a background job without partition fields covers. */
const ALL_PARTITIONS: readonly PartitionRequest[] = Array.from({ length: PARTITIONS }, (_, pid) => ({
  pid,
  resume: undefined,
}))

/** What the bins of each returned record are made of. */
export type Projection =
  /** Metadata only (info1 GET_NO_BINS). */
  | { readonly kind: 'none' }
  /** Every bin. */
  | { readonly kind: 'all' }
  /** The named bins of the deprecated bin-list field. */
  | { readonly kind: 'names'; readonly names: readonly string[] }
  /** The results of read ops. */
  | { readonly kind: 'ops'; readonly ops: readonly RequestOp[]; readonly respondAllOps: boolean }

/** A validated basic scan/query. */
export interface QuerySpec {
  readonly ns: Namespace
  /** Set name as a byte string; '' = the whole namespace. */
  readonly setName: string
  /** Partitions to scan, in ascending id order. */
  readonly partitions: readonly PartitionRequest[]
  /** Records per second, 0 = unlimited. */
  readonly rps: number
  /** Most records to return, 0 = no limit. */
  readonly sampleMax: number
  readonly projection: Projection
  /** Short queries answer inline and give up at `deadline`. */
  readonly isShort: boolean
  /** For short queries: when to give up (ms since the Unix epoch). */
  readonly deadline: number
  /** The secondary index and filter of a query (undefined for a scan). */
  readonly index: { readonly index: SecondaryIndex; readonly filter: IndexFilter } | undefined
}

/** Finds the index a filter names (INDEX_NAME) or describes (set, bin, types, context). */
export type IndexLookup = (
  name: string | undefined,
  setName: string,
  filter: IndexFilter,
) => SecondaryIndex | undefined

/** Reads the partition and digest arrays into requested partitions (undefined when neither is sent); a result code when malformed. */
function readPartitions(req: Request, hasWhere: boolean): PartitionRequest[] | undefined | number {
  const pidField = req.fields[FieldType.PID_ARRAY]
  const digestField = req.fields[FieldType.DIGEST_ARRAY]
  const bvalField = req.fields[FieldType.BVAL_ARRAY]
  if (pidField === undefined && digestField === undefined) return undefined
  const requested = new Array<PartitionRequest | undefined>(PARTITIONS)
  if (pidField !== undefined) {
    const n = pidField.length >> 1
    if (n === 0 || n > PARTITIONS) return PARAMETER
    for (let i = 0; i < n; i++) {
      const pid = pidField.readUInt16LE(i * 2)
      if (pid >= PARTITIONS || requested[pid] !== undefined) return PARAMETER
      requested[pid] = { pid, resume: undefined }
    }
  }
  if (digestField !== undefined) {
    const n = Math.floor(digestField.length / DIGEST_SIZE)
    if (n === 0 || n > PARTITIONS) return PARAMETER
    if (hasWhere && (bvalField === undefined || bvalField.length >> 3 !== n)) return PARAMETER
    for (let i = 0; i < n; i++) {
      const digest = digestField.subarray(i * DIGEST_SIZE, (i + 1) * DIGEST_SIZE)
      const pid = partitionId(digest)
      if (requested[pid] !== undefined) return PARAMETER
      const bval = hasWhere ? bvalField!.readBigUInt64LE(i * 8) : 0n
      requested[pid] = { pid, resume: { key: digest.toString('latin1'), bval } }
    }
  } else if (bvalField !== undefined) {
    return PARAMETER
  }
  return requested.filter((p): p is PartitionRequest => p !== undefined)
}

/** The deprecated bin-list field: u8 count, then u8 length + name per bin; bad names are skipped. */
function readBinList(field: Buffer): string[] | number {
  if (field.length === 0) return PARAMETER
  const names: string[] = []
  let p = 1
  for (let i = 0; i < field[0]!; i++) {
    if (p >= field.length) return PARAMETER
    const len = field[p]!
    if (p + 1 + len > field.length) return PARAMETER
    const name = field.toString('latin1', p + 1, p + 1 + len)
    if (isValidBinName(name)) names.push(name)
    p += 1 + len
  }
  return names
}

function readProjection(req: Request): Projection | number {
  if (req.info1 & Info1.GET_NO_BINS) return { kind: 'none' }
  const binList = req.fields[FieldType.QUERY_BINLIST]
  if (binList !== undefined && req.ops.length > 0) return PARAMETER
  if (binList !== undefined) {
    const names = readBinList(binList)
    return typeof names === 'number' ? names : { kind: 'names', names }
  }
  if (req.ops.length === 0) return { kind: 'all' }
  for (const op of req.ops) {
    if (!isValidBinName(op.name) || !READ_OPS.has(op.op)) return PARAMETER
  }
  return { kind: 'ops', ops: req.ops, respondAllOps: (req.info2 & Info2.RESPOND_ALL_OPS) !== 0 }
}

/** A u32 field of exactly 4 bytes (undefined when absent), or `bad`. */
export function u32Field(f: Buffer | undefined): number | undefined | 'bad' {
  if (f === undefined) return undefined
  return f.length === 4 ? f.readUInt32BE(0) : 'bad'
}

/**
 * Validates a basic (foreground) query as the server does, in its order:
 * PARTITION_DONE support (16); set name, partitions, index filter, records
 * per second and index name (4); partitions present (16); the index (201,
 * or 203 while it is still loading); socket timeout, sample max and
 * projection (4). Returns the spec, or the result code it is refused with.
 *
 * A `background` job (ops or UDF) is read as the server's background jobs
 * are: no PARTITION_DONE needed, short queries refused (4), a named set that
 * does not exist refused (2), records per second above 10000 refused (4)
 * and 0 meaning 10000, every partition when none is named, no sample max
 * and no projection (its ops are the writes to apply). An `aggregation` is
 * read the same way, but its records per second have no ceiling and 0 means
 * no limit.
 */
export function readQuerySpec(
  req: Request,
  ns: Namespace,
  startMs: number,
  findIndex: IndexLookup,
  kind: 'basic' | 'background' | 'aggregation' = 'basic',
): QuerySpec | number {
  const background = kind !== 'basic'
  const isShort = (req.info1 & Info1.SHORT_QUERY) !== 0
  if (background ? isShort : (req.info3 & Info3.PARTITION_DONE) === 0)
    return background ? PARAMETER : UNSUPPORTED_FEATURE
  const setField = req.fields[FieldType.SET]
  if (setField !== undefined && setField.length >= SET_NAME_SIZE) return PARAMETER
  const setName = setField === undefined ? '' : setField.toString('latin1')
  const hasWhere = req.fields[FieldType.INDEX_RANGE] !== undefined
  const partitions = readPartitions(req, hasWhere)
  if (typeof partitions === 'number') return partitions
  const filter = hasWhere ? readIndexFilter(req) : undefined
  if (hasWhere && filter === undefined) return PARAMETER
  const rps = u32Field(req.fields[FieldType.RECORDS_PER_SECOND])
  if (rps !== undefined && (isShort || rps === 'bad')) return PARAMETER
  const nameField = req.fields[FieldType.INDEX_NAME]
  let indexName: string | undefined
  if (nameField !== undefined) {
    if (req.fields[FieldType.INDEX_EXPRESSION] !== undefined) return PARAMETER
    if (nameField.length === 0 || nameField.length >= INDEX_NAME_SIZE) return PARAMETER
    indexName = nameField.toString('latin1')
  }
  if (background) {
    if (setName !== '' && !ns.sets.has(setName)) return NOT_FOUND
    if (kind === 'background' && rps !== undefined && (rps as number) > MAX_BACKGROUND_RPS) return PARAMETER
  }
  const requested = partitions ?? (background ? ALL_PARTITIONS : undefined)
  if (requested === undefined) return UNSUPPORTED_FEATURE
  let index: QuerySpec['index']
  if (filter !== undefined) {
    const found = findIndex(indexName, setName, filter)
    if (found === undefined) return INDEX_NOT_FOUND
    if (!found.readable) return INDEX_NOT_READABLE
    index = { index: found, filter }
  }
  if (background)
    return {
      ns,
      setName,
      partitions: requested,
      rps:
        kind === 'aggregation'
          ? ((rps as number | undefined) ?? 0)
          : rps === undefined || rps === 0
            ? MAX_BACKGROUND_RPS
            : (rps as number),
      sampleMax: 0,
      projection: { kind: 'none' },
      isShort: false,
      deadline: 0,
      index,
    }
  if (u32Field(req.fields[FieldType.SOCKET_TIMEOUT]) === 'bad') return PARAMETER
  const maxField = req.fields[FieldType.MAX_RECORDS]
  if (maxField !== undefined && maxField.length !== 8) return PARAMETER
  const sampleMax = maxField === undefined ? 0 : Number(maxField.readBigUInt64BE(0))
  const projection = readProjection(req)
  if (typeof projection === 'number') return projection
  return {
    ns,
    setName,
    partitions: requested,
    rps: rps === undefined ? 0 : (rps as number),
    sampleMax,
    projection,
    isShort,
    deadline: startMs + (req.transactionTtl === 0 ? SHORT_QUERY_DEFAULT_MS : req.transactionTtl),
    index,
  }
}
