/** The scan/query handler: validates a basic query, finds its index, and streams the job's frames. */
import { FieldType, Info2 } from '../../protocol/message.js'
import { ExpBuildError } from '../exp/exp-error.js'
import { compiledFilter } from '../exp/filter.js'
import type { QueryHandler } from '../handler-types.js'
import type { Request } from '../msg/request.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'
import type { Namespace } from '../storage/namespace.js'
import { QueryJob } from './query-job.js'
import { type IndexLookup, readQuerySpec } from './query-request.js'

const PARAMETER = 4

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
  const filter = req.fields[FieldType.FILTER_EXP]
  if (filter !== undefined) {
    // A filter that does not build refuses the job, as the server refuses it before starting.
    const compiled = compiledFilter(filter)
    if (compiled instanceof ExpBuildError) return headerReply(compiled.resultCode)
  }
  // A plain scan of every bin sends records as they are encoded in the partitions' scan images.
  const plain = spec.index === undefined && spec.projection.kind === 'all' && filter === undefined
  return new QueryJob(spec, req, plain ? state.scanImages : undefined)
}
