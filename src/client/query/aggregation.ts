/** A running aggregation: the request on every node, the values each node's stream function sent, then the client's final phase in Lua. */
import { randomBytes } from 'node:crypto'
import {
  type Bins,
  ByteReader,
  type Frame,
  Info3,
  MSG_HEADER_SIZE,
  messageBody,
  ParseError,
  ResultCode,
} from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure } from '../cluster/connection.js'
import { readBinInto } from '../commands/record-response.js'
import type { UdfFields } from '../commands/udf-fields.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import { runClientPhase } from '../lua/aggregation-lua.js'
import type { ResolvedQueryPolicy } from '../policies.js'
import { encodeAggregationRequest } from './aggregation-request.js'
import { NodeRequest } from './node-request.js'
import type { QueryStatement } from './query-request.js'

/** The stream function an aggregation runs, and where the client finds its module. */
export interface AggregationCall {
  readonly module: string
  readonly fn: string
  readonly args: readonly unknown[]
  readonly fields: UdfFields
  readonly userPath: string
}

/** One node's answer: the values its stream function sent, collected until LAST. */
class NodeAggregation extends NodeRequest {
  readonly values: unknown[] = []
  private settle: { resolve: () => void; reject: (e: AerospikeError) => void } | undefined

  /** Sends the request; resolves once the node ended its stream. */
  run(deadline: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject }
      const idle = this.node.pool.tryAcquire()
      if (idle !== undefined) this.send(idle)
      else
        this.node.pool.acquire(deadline).then(
          (conn) => this.send(conn),
          (err: unknown) => this.end(toAerospikeError(err)),
        )
    })
  }

  onFrame(frame: Frame): boolean {
    if (this.finished) return true
    this.arm()
    try {
      const end = this.readMessages(messageBody(frame, 'aggregation answer'))
      if (end === undefined) return false
      // A node without the set ends with 2: no values from it.
      if (end === ResultCode.OK || end === ResultCode.RECORD_NOT_FOUND) this.end(undefined)
      else this.end(errorFromResultCode(end, this.context()))
    } catch (err) {
      if (!(err instanceof ParseError || err instanceof AerospikeError)) throw err
      this.end(
        err instanceof AerospikeError
          ? err
          : errorFromResultCode(ResultCode.PARSE_ERROR, {
              ...this.context(),
              detail: err.message,
              cause: err,
            }),
      )
    }
    return true
  }

  /** Reads a frame's messages; returns the result code the stream ended with, or undefined when it goes on. */
  private readMessages(body: Buffer): number | undefined {
    const r = new ByteReader(body)
    while (r.remaining > 0) {
      const start = r.pos
      r.need(MSG_HEADER_SIZE)
      const info3 = body[start + 3]!
      const resultCode = body[start + 5]!
      const nFields = body.readUInt16BE(start + 18)
      const nOps = body.readUInt16BE(start + 20)
      r.pos = start + MSG_HEADER_SIZE
      if (info3 & Info3.LAST) return resultCode
      if (resultCode !== ResultCode.OK) return resultCode
      for (let i = 0; i < nFields; i++) r.skip(r.u32())
      const bins: Bins = {}
      for (let i = 0; i < nOps; i++) readBinInto(r, bins)
      if ('SUCCESS' in bins) this.values.push(bins.SUCCESS)
      else if ('FAILURE' in bins)
        throw errorFromResultCode(ResultCode.UDF_EXECUTION, {
          ...this.context(),
          detail: String(bins.FAILURE),
        })
      else throw new ParseError('aggregation message without a SUCCESS or FAILURE bin')
    }
    return undefined
  }

  onError(err: ConnectionFailure): void {
    if (this.finished) return
    this.conn = undefined
    this.end(toAerospikeError(err, this.context()))
  }

  /** Stops now, closing the connection. */
  cancel(reason: AerospikeError): void {
    if (this.discard()) this.settle?.reject(reason)
  }

  private end(error: AerospikeError | undefined): void {
    if (!this.release(error !== undefined)) return
    if (error === undefined) this.settle?.resolve()
    else this.settle?.reject(error)
  }

  private context(): { node: string; address: string } {
    return { node: this.node.name, address: this.node.address }
  }
}

function toAerospikeError(err: unknown, context: { node?: string; address?: string } = {}): AerospikeError {
  if (err instanceof AerospikeError) return err
  if (err instanceof ConnectionFailure)
    return errorFromResultCode(err.kind === 'timeout' ? ResultCode.TIMEOUT : ResultCode.CONNECTION, {
      ...context,
      detail: err.message,
      cause: err,
    })
  return errorFromResultCode(ResultCode.CLIENT_ERROR, {
    detail: err instanceof Error ? err.message : String(err),
    cause: err,
  })
}

/**
 * Runs the aggregation: every node at once (the request carries no
 * partitions: each node covers its own), then the client's phase over all
 * the values they sent. Any node's failure fails it (the others are stopped);
 * so do totalTimeout and the policy's signal.
 */
export async function runAggregation(
  cluster: Cluster,
  stmt: QueryStatement,
  policy: ResolvedQueryPolicy,
  call: AggregationCall,
): Promise<unknown[]> {
  const nodes = cluster.state.nodes
  if (nodes.length === 0) throw errorFromResultCode(ResultCode.CLUSTER, { detail: 'no node to query' })
  const request = encodeAggregationRequest(stmt, policy, randomBytes(8), call.fields)
  const runs = nodes.map((node) => new NodeAggregation(node, request, policy.socketTimeout))
  const stopAll = (reason: AerospikeError): void => {
    for (const run of runs) run.cancel(reason)
  }
  const { totalTimeout, signal } = policy
  const deadline = totalTimeout > 0 ? Date.now() + totalTimeout : Number.POSITIVE_INFINITY
  const timer =
    totalTimeout > 0
      ? setTimeout(
          () =>
            stopAll(
              errorFromResultCode(ResultCode.TIMEOUT, {
                detail: `client timeout: the aggregation did not end within totalTimeout ${totalTimeout} ms`,
              }),
            ),
          totalTimeout,
        )
      : undefined
  const onAbort = (): void =>
    stopAll(
      errorFromResultCode(ResultCode.CLIENT_ABORT, {
        detail: 'the query was aborted',
        cause: signal?.reason,
      }),
    )
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  let firstError: AerospikeError | undefined
  try {
    await Promise.allSettled(
      runs.map((run) =>
        run.run(deadline).catch((err: AerospikeError) => {
          firstError ??= err
          stopAll(err)
        }),
      ),
    )
    if (firstError !== undefined) throw firstError
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  return runClientPhase(
    call.userPath,
    call.module,
    call.fn,
    call.args,
    runs.flatMap((run) => run.values),
  )
}

/**
 * An aggregation's output values as an async iterator (plus collect and
 * forEach, as a query's record stream has). The aggregation runs at the
 * first read; values come once every node answered and the client's phase
 * ran.
 */
export class AggregationStream implements AsyncIterableIterator<unknown> {
  private values: Promise<unknown[]> | undefined
  private at = 0
  private closed = false

  constructor(private readonly start: () => Promise<unknown[]>) {}

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<unknown, undefined>> {
    this.values ??= this.start()
    const values = await this.values
    if (this.closed || this.at >= values.length) return { value: undefined, done: true }
    return { value: values[this.at++], done: false }
  }

  async return(): Promise<IteratorResult<unknown, undefined>> {
    this.closed = true
    return { value: undefined, done: true }
  }

  /** Every output value. */
  async collect(): Promise<unknown[]> {
    this.values ??= this.start()
    return [...(await this.values)]
  }

  /** Calls `callback` for each value (a returned Promise is awaited); `false` stops. */
  async forEach(callback: (value: unknown) => unknown): Promise<void> {
    for await (const v of this) if ((await callback(v)) === false) break
  }
}
