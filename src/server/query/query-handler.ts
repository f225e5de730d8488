/** The scan/query handler: tells basic queries from background jobs, validates them, finds the index, and streams a basic query's frames or starts a background job. */
import { randomBytes } from 'node:crypto'
import { FieldType, Info1, Info2, Info3 } from '../../protocol/message.js'
import { ExpBuildError } from '../exp/exp-error.js'
import { compiledFilter } from '../exp/filter.js'
import type { QueryHandler, Reply, ReplyOrPromise } from '../handler-types.js'
import type { Request } from '../msg/request.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'
import type { Namespace } from '../storage/namespace.js'
import { udfCall } from '../udf/udf-handler.js'
import { AggregationJob } from './aggregation-job.js'
import { BackgroundJob } from './background-job.js'
import { QueryJob } from './query-job.js'
import { type IndexLookup, READ_OPS, readQuerySpec, u32Field } from './query-request.js'

const OK = 0
const PARAMETER = 4
const UNSUPPORTED_FEATURE = 16
const UDF_EXECUTION = 100

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

const UDF_OP_AGGREGATE = 1
const UDF_OP_BACKGROUND = 2

/** The kind of job a scan/query request asks for, as the server tells them apart (UDF fields first, then info2 WRITE). */
function jobKind(req: Request): 'basic' | 'ops' | 'udf' | 'aggregate' | 'refused' {
  if (
    req.fields[FieldType.UDF_PACKAGE_NAME] === undefined &&
    req.fields[FieldType.UDF_FUNCTION] === undefined
  )
    return (req.info2 & Info2.WRITE) !== 0 ? 'ops' : 'basic'
  const op = req.fields[FieldType.UDF_OP]
  if (op?.length !== 1) return 'refused'
  if (op[0] === UDF_OP_AGGREGATE) return 'aggregate'
  return op[0] === UDF_OP_BACKGROUND ? 'udf' : 'refused'
}

/** The job id a request carries (TRID, u64); a random one when it sends none. */
function jobId(req: Request): bigint | undefined {
  const f = req.fields[FieldType.TRID]
  if (f === undefined) return randomBytes(8).readBigUInt64BE(0) || 1n
  return f.length === 8 ? f.readBigUInt64BE(0) : undefined
}

/** Whether the ops of a background ops job are usable: some, all writes, info1 READ unset. */
function writeOpsOnly(req: Request): boolean {
  return (req.info1 & Info1.READ) === 0 && req.ops.length > 0 && req.ops.every((op) => !READ_OPS.has(op.op))
}

/**
 * Answers a scan/query: a single message with the result code when the job
 * cannot start (16 without PARTITION_DONE support or partitions, 4 for bad
 * fields or a filter expression that does not build, 201/203 for the index),
 * else the stream of record frames ending with LAST. Background jobs (ops,
 * or a UDF with UDF_OP 2) answer a single LAST message once started and run
 * afterwards. Aggregations (UDF_OP 1) stream the values of their stream
 * function's node-side ops.
 */
export const queryHandler: QueryHandler = (state, req, ns, conn) => {
  const kind = jobKind(req)
  if (kind === 'refused') return headerReply(PARAMETER)
  if (kind === 'aggregate') return startAggregation(state, req, ns)
  if (kind !== 'basic') return startBackground(state, req, ns, kind, conn.remoteAddress)
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

/**
 * Starts a background job, checking the request in the server's order:
 * fields, set, pace and index (readQuerySpec), the filter expression, then
 * the ops (write ops only) or the UDF fields (4), and a job id not already
 * listed (4). A UDF that fails (a missing module too) fails record by
 * record, counted in the job's recs-failed.
 */
function startBackground(
  state: ServerState,
  req: Request,
  ns: Namespace,
  kind: 'ops' | 'udf',
  from: string,
): ReplyOrPromise {
  const spec = readQuerySpec(req, ns, Date.now(), findIndex(state, ns), 'background')
  if (typeof spec === 'number') return headerReply(spec)
  const filter = req.fields[FieldType.FILTER_EXP]
  if (filter !== undefined && compiledFilter(filter) instanceof ExpBuildError) return headerReply(PARAMETER)
  const trid = jobId(req)
  if (trid === undefined || trid === 0n || state.jobs.has(trid)) return headerReply(PARAMETER)
  if (kind === 'ops') {
    if (!writeOpsOnly(req)) return headerReply(PARAMETER)
    new BackgroundJob(trid, spec, req, { kind, ops: req.ops }, from, state.jobs).start()
    return headerReply(OK, 0, 0, Info3.LAST)
  }
  const call = udfCall(req)
  if (call === undefined) return headerReply(PARAMETER)
  return state.udf.withEngine(
    (engine) => {
      if (state.jobs.has(trid)) return headerReply(PARAMETER)
      new BackgroundJob(trid, spec, req, { kind, engine, call }, from, state.jobs).start()
      return headerReply(OK, 0, 0, Info3.LAST)
    },
    () => headerReply(UDF_EXECUTION),
  )
}

/**
 * Starts an aggregation, checking the request in the server's order: a
 * short query (4), a filter expression (16: 8.1 does not filter
 * aggregations), the fields, set (2), index (201/203) and UDF fields (4).
 * Without wasmoon the job fails as a UDF error (100).
 */
function startAggregation(state: ServerState, req: Request, ns: Namespace): ReplyOrPromise {
  if ((req.info1 & Info1.SHORT_QUERY) !== 0) return headerReply(PARAMETER)
  if (req.fields[FieldType.FILTER_EXP] !== undefined) return headerReply(UNSUPPORTED_FEATURE)
  const spec = readQuerySpec(req, ns, Date.now(), findIndex(state, ns), 'aggregation')
  if (typeof spec === 'number') return headerReply(spec)
  if (u32Field(req.fields[FieldType.SOCKET_TIMEOUT]) === 'bad') return headerReply(PARAMETER)
  const call = udfCall(req)
  if (call === undefined) return headerReply(PARAMETER)
  return state.udf.withEngine<Reply>(
    (engine) => new AggregationJob(spec, engine, call),
    () => headerReply(UDF_EXECUTION),
  )
}
