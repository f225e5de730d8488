/** The scan/query handler: validates a basic query, finds its index, and streams the job's frames. */
import { FieldType, Info2 } from '../../protocol/message.js'
import { applyFilter } from '../commands/record-checks.js'
import type { QueryHandler } from '../handler-types.js'
import type { Request } from '../msg/request.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'
import type { Namespace } from '../storage/namespace.js'
import type { StoredRecord } from '../storage/record.js'
import { QueryJob } from './query-job.js'
import { type IndexLookup, readQuerySpec } from './query-request.js'

const OK = 0
const PARAMETER = 4
const FILTERED_OUT = 27

/** A record with no bins, to try a filter expression on before the job starts. */
const PROBE: StoredRecord = {
  digest: Buffer.alloc(20),
  setName: '',
  bins: [],
  generation: 1,
  voidTime: 0,
  lastUpdateMs: 0,
  key: undefined,
  storageSize: 0,
}

/** The index a query names, or the one whose definition matches its filter. */
function findIndex(state: ServerState, ns: Namespace): IndexLookup {
  return (name, setName, filter) => {
    if (name !== undefined) return state.sindexes.byName(ns.name, name)
    if (filter.expression !== undefined) return undefined
    return state.sindexes.byDefinition(
      ns.name,
      setName,
      filter.bin,
      filter.keyType,
      filter.indexType,
      filter.context,
    )
  }
}

/** Whether the request is a background job (ops or UDF) or an aggregation, which this server does not run. */
function isJobOrAggregation(req: Request): boolean {
  return (req.info2 & Info2.WRITE) !== 0 || req.fields[FieldType.UDF_PACKAGE_NAME] !== undefined
}

/**
 * Answers a scan/query: a single message with the result code when the job
 * cannot start (16 without PARTITION_DONE support or partitions, 4 for bad
 * fields or a filter expression that does not build, 201/203 for the index),
 * else the stream of record frames ending with LAST. Background jobs and
 * aggregations are refused with 4.
 */
export const queryHandler: QueryHandler = (state, req, ns) => {
  if (isJobOrAggregation(req)) return headerReply(PARAMETER)
  const spec = readQuerySpec(req, ns, Date.now(), findIndex(state, ns))
  if (typeof spec === 'number') return headerReply(spec)
  const filtered = req.fields[FieldType.FILTER_EXP] !== undefined
  if (filtered) {
    const probe = applyFilter(req, ns, PROBE)
    if (probe !== OK && probe !== FILTERED_OUT) return headerReply(probe)
  }
  // A plain scan of every bin sends records as they are encoded in the partitions' scan images.
  const plain = spec.index === undefined && spec.projection.kind === 'all' && !filtered
  return new QueryJob(spec, req, plain ? state.scanImages : undefined)
}
