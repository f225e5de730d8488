/** The Query: what to read (namespace, set, bins, predicate) and the ways to read it (results, foreach, streaming, pages). */

import { randomBytes } from 'node:crypto'
import type { Cluster } from '../cluster/cluster.js'
import { ttlToWire } from '../commands/header.js'
import { udfFields } from '../commands/udf-fields.js'
import { invalidArg } from '../errors.js'
import { type Operation, OpFlag } from '../operation.js'
import { encodeOperation } from '../operation-table.js'
import { type QueryPolicy, type ResolvedQueryPolicy, resolvePolicy } from '../policies.js'
import type { Record } from '../record.js'
import { AggregationStream, runAggregation } from './aggregation.js'
import { startBackgroundJob } from './background.js'
import { type BackgroundWrite, encodeBackgroundRequest } from './background-request.js'
import {
  type PartitionFilter,
  type PartitionProgress,
  partitionFilterAll,
  progressFrom,
  writeProgress,
} from './partition-filter.js'
import { Predicate } from './predicates.js'
import type { QueryStatement } from './query-request.js'
import { RecordStream } from './record-stream.js'

/** What a query needs from its client: the cluster, the default policy, and a check that the client is usable. */
export interface QueryContext {
  readonly cluster: Cluster
  readonly defaults: ResolvedQueryPolicy
  /** The directory of aggregation modules (config `lua.userPath`). */
  readonly luaUserPath: string
  /** Throws when the client is not connected. */
  readonly assertConnected: () => void
}

/** A background job's policy: the query policy, plus the TTL and durable-delete flag of the writes. */
export interface BackgroundPolicy extends QueryPolicy {
  /** TTL of the records written: seconds, or TTL_*. Default 0 (namespace default). */
  ttl?: number
  /** Leave a tombstone when an op or UDF deletes a record (Enterprise). Default false. */
  durableDelete?: boolean
}

/** Longest namespace and set names the server accepts (bytes). */
const MAX_NAMESPACE_LENGTH = 31
const MAX_SET_LENGTH = 63

/** What a query run yields to the caller: its results one by one, or all at once. */
export interface QueryStream<T> extends AsyncIterableIterator<T> {
  /** Every result. */
  collect(): Promise<T[]>
  /** Calls `callback` for each result in arrival order; `false` stops. */
  forEach(callback: (value: T) => unknown): Promise<void>
  /** Stops the run (nothing is sent when it had not started). */
  return(): Promise<IteratorResult<T, undefined>>
}

/**
 * A scan or secondary-index query of one namespace (and set). Without a
 * `where` predicate it reads every record (a scan). `results()` collects,
 * `foreach()` calls back, `for await (const r of query)` streams (the
 * socket pauses while the loop body is slow; `break` stops every node).
 * With `maxRecords` and a `partitionFilter` it reads page by page. After
 * `apply()` the same calls run an aggregation and yield its values
 * (`T` becomes `unknown`).
 */
export class Query<T = Record> implements AsyncIterable<T> {
  /** Bins to return; empty = every bin. */
  private bins: string[] = []
  private predicate: Predicate | undefined
  /** What executeBackground() writes: the UDF of apply() or the ops of addOps(). */
  private background: BackgroundWrite | undefined
  /** The stream function results() and the other reads run, set by apply(). */
  private aggregation: { module: string; fn: string; args: readonly unknown[] } | undefined
  /** Progress of the last run, for partitionStatus(). */
  private last: { filter: PartitionFilter; progress: PartitionProgress[] } | undefined
  /** The namespace queried. */
  readonly namespace: string
  /** The set queried; '' queries every record of the namespace. */
  readonly set: string

  /** Use `client.query(namespace, set)`. Throws InvalidArgError for a bad namespace or set. */
  constructor(
    private readonly context: QueryContext,
    namespace: string,
    set?: string | null,
  ) {
    if (
      typeof namespace !== 'string' ||
      namespace === '' ||
      Buffer.byteLength(namespace) > MAX_NAMESPACE_LENGTH
    )
      throw invalidArg(`query namespace must be a non-empty string of at most ${MAX_NAMESPACE_LENGTH} bytes`)
    if (set !== undefined && set !== null && typeof set !== 'string')
      throw invalidArg('query set must be a string, null or undefined')
    if (Buffer.byteLength(set ?? '') > MAX_SET_LENGTH)
      throw invalidArg(`set '${set}' is longer than ${MAX_SET_LENGTH} bytes`)
    this.namespace = namespace
    this.set = set ?? ''
  }

  /** Returns only these bins (names, or arrays of names); with none, every bin. Chainable. */
  select(...bins: Array<string | readonly string[]>): this {
    const names = bins.flat()
    for (const b of names)
      if (typeof b !== 'string' || b === '') throw invalidArg('bin names must be non-empty strings')
    this.bins = names as string[]
    return this
  }

  /** Filters by a secondary index (see `aerospike.predicates`). A query takes one predicate. Chainable. */
  where(predicate: Predicate): this {
    if (!(predicate instanceof Predicate))
      throw invalidArg('where() takes a predicate built with aerospike.predicates')
    if (this.predicate !== undefined)
      throw invalidArg('a query takes a single predicate; combine conditions with a filterExpression')
    this.predicate = predicate
    return this
  }

  /**
   * Sets a UDF: `fn` of `module` (without `.lua`) with `args`. Replaces
   * addOps(). Chainable. executeBackground() runs it as a record UDF on
   * every matching record; results(), foreach(), stream() and `for await`
   * run it as a stream UDF (an aggregation) and yield its output values:
   * each node runs the ops up to the first reduce, the client the rest, in
   * Lua (optional package `wasmoon`), loading the module from
   * `config.lua.userPath`.
   */
  apply(module: string, fn: string, args?: readonly unknown[]): Query<unknown> {
    this.background = { kind: 'udf', udf: udfFields(module, fn, args) }
    this.aggregation = { module, fn, args: args ?? [] }
    return this as Query<unknown>
  }

  /**
   * Sets the write operations executeBackground() applies to every matching
   * record (`operations.*`, list/map/bit/hll writes, `exp` writes; no reads).
   * Replaces apply(). Chainable.
   */
  addOps(operations: readonly Operation[]): this {
    if (!Array.isArray(operations) || operations.length === 0)
      throw invalidArg('addOps needs a non-empty array of operations')
    const ops = operations.map(encodeOperation)
    if (ops.some((o) => (o.flags & (OpFlag.READ | OpFlag.READ_ALL)) !== 0 || (o.flags & OpFlag.WRITE) === 0))
      throw invalidArg('a background job takes write operations only')
    this.background = { kind: 'ops', ops }
    this.aggregation = undefined
    return this
  }

  /**
   * Starts the job set by apply() or addOps() on every node: each node
   * accepts it at once and writes the matching records (set, `where`
   * predicate, `filterExpression`) afterwards. Resolves to the job id for
   * `client.jobInfo` / `client.waitForJob`. The policy's `ttl` sets the
   * records' TTL, `recordsPerSecond` the pace on each node.
   */
  async executeBackground(policy?: BackgroundPolicy): Promise<number> {
    this.context.assertConnected()
    if (this.background === undefined)
      throw invalidArg('executeBackground needs a UDF (apply) or write operations (addOps)')
    const { ttl, durableDelete, ...queryPolicy } = policy ?? {}
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl)))
      throw invalidArg('ttl must be seconds or a TTL_* constant')
    if (durableDelete !== undefined && typeof durableDelete !== 'boolean')
      throw invalidArg('durableDelete must be a boolean')
    const p = resolvePolicy('query', this.context.defaults, queryPolicy)
    const stmt: QueryStatement = {
      namespace: this.namespace,
      set: this.set,
      bins: null,
      predicate: this.predicate,
    }
    // A random id below 2^53, so it stays a plain number.
    const jobId = Number(randomBytes(8).readBigUInt64BE(0) >> 11n) || 1
    const taskId = Buffer.alloc(8)
    taskId.writeBigUInt64BE(BigInt(jobId))
    const record = { recordTtl: ttlToWire(ttl ?? 0), durableDelete: durableDelete ?? false }
    const request = encodeBackgroundRequest(stmt, p, record, taskId, this.background)
    await startBackgroundJob(this.context.cluster, request, p.totalTimeout || p.socketTimeout)
    return jobId
  }

  /** Runs the query and resolves to every record (after apply(): every output value of the aggregation). */
  async results(policy?: QueryPolicy): Promise<T[]> {
    return this.stream(policy).collect()
  }

  /**
   * Runs the query and calls `callback` for each record (or aggregation
   * value), in arrival order (a returned Promise is awaited, which slows the
   * socket down). Returning `false` stops the query. Resolves when every
   * record was handled.
   */
  async foreach(callback: (record: T) => unknown, policy?: QueryPolicy): Promise<void> {
    if (typeof callback !== 'function') throw invalidArg('foreach needs a callback function')
    await this.stream(policy).forEach(callback)
  }

  /** Streams the records under the client's default query policy. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.stream()
  }

  /**
   * The query's records (or aggregation values) as an async iterator, under
   * `policy` (`for await (const r of query.stream({ maxRecords: 100 }))`).
   * The query starts at the first read; a stream read by hand (`next()`) and
   * left before its end must be closed with `return()`, which a `for await`
   * loop does. An aggregation ignores `maxRecords` and `partitionFilter`
   * (every node covers all its partitions).
   */
  stream(policy?: QueryPolicy): QueryStream<T> {
    this.context.assertConnected()
    const p = resolvePolicy('query', this.context.defaults, policy)
    const stmt: QueryStatement = {
      namespace: this.namespace,
      set: this.set,
      bins: this.bins.length === 0 ? null : [...this.bins],
      predicate: this.predicate,
    }
    const aggregation = this.aggregation
    if (aggregation !== undefined && this.background?.kind === 'udf') {
      const call = { ...aggregation, fields: this.background.udf, userPath: this.context.luaUserPath }
      const run: ResolvedQueryPolicy = { ...p, partitionFilter: undefined, signal: policy?.signal }
      const { cluster } = this.context
      return new AggregationStream(() => runAggregation(cluster, stmt, run, call)) as QueryStream<T>
    }
    // The partition filter and the signal belong to one call, never to the defaults.
    const filter = policy?.partitionFilter ?? partitionFilterAll()
    const progress = progressFrom(filter)
    const run: ResolvedQueryPolicy = { ...p, partitionFilter: undefined, signal: policy?.signal }
    this.last = { filter, progress }
    return new RecordStream(this.context.cluster, stmt, run, progress, () =>
      writeProgress(filter, progress),
    ) as unknown as QueryStream<T>
  }

  /**
   * Where the last run stopped: a partition filter (plain JSON) that, passed
   * as `partitionFilter`, reads what it has not returned yet; `done` tells
   * whether it returned everything. Undefined before the first run.
   */
  partitionStatus(): PartitionFilter | undefined {
    if (this.last === undefined) return undefined
    const { filter, progress } = this.last
    const copy: PartitionFilter = { begin: filter.begin, count: filter.count }
    writeProgress(copy, progress)
    return copy
  }
}
