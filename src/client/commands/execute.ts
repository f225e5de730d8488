/** The execute loop of single-record commands: routing, timeouts, retries on the next replica, in-doubt marking. */
import { type Frame, messageBody, ParseError, ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'
import type { Key } from '../key.js'
import type { ResolvedBasePolicy } from '../policies.js'

/** What a response parser knows about the command it answers. */
export interface ParseContext {
  readonly key: Key
  readonly node: Node
  readonly isWrite: boolean
}

/** Turns a response body (type 3, decompressed) into the command's result, or throws the result code's error. */
export type ResponseParser<T> = (body: Buffer, context: ParseContext) => T

/** A single-record command as data: where it goes, its request bytes, how to read its answer. */
export interface RecordCommand<T> {
  readonly key: Key
  /** Writes go to the master and may be in doubt after a failure. */
  readonly isWrite: boolean
  /** Replica policy for reads. */
  readonly replica: number
  readonly request: Buffer
  readonly parse: ResponseParser<T>
}

/** A failure that another attempt may fix. */
interface RetryableFailure {
  error: AerospikeError
  timedOut: boolean
}

/**
 * Runs `command` under `policy`: picks the node for the key's partition,
 * borrows a connection, sends, waits at most min(socketTimeout, time left of
 * totalTimeout), and on a network error or timeout destroys the connection,
 * counts the error against the node and retries on the next replica while
 * maxRetries and totalTimeout allow, sleeping sleepBetweenRetries between
 * attempts. Server result codes are not retried. A write that failed after its
 * bytes went out is `inDoubt`.
 */
export async function execute<T>(
  cluster: Cluster,
  policy: ResolvedBasePolicy,
  command: RecordCommand<T>,
): Promise<T> {
  const { key, isWrite } = command
  const start = Date.now()
  const deadline = policy.totalTimeout > 0 ? start + policy.totalTimeout : Number.POSITIVE_INFINITY
  let inDoubt = false
  let attempt = 0
  let last: RetryableFailure
  for (;;) {
    if (cluster.closed) throw closedError(key, inDoubt)
    let node: Node | undefined
    let conn: NodeConnection | undefined
    let frame: Frame
    try {
      node = cluster.route(key.namespace, key.partitionId, isWrite, command.replica, attempt)
      if (node.errorRateExceeded(cluster.maxErrorRate)) {
        throw errorFromResultCode(ResultCode.MAX_ERROR_RATE, { node: node.name, address: node.address, key })
      }
      conn = node.pool.tryAcquireForExchange() ?? (await node.pool.acquireForExchange(deadline))
      const left = deadline - Date.now()
      if (left <= 0) {
        // The wait for a connection used up the time: nothing was sent, and the node is not to blame.
        node.pool.releaseExchange(conn)
        conn = undefined
        throw errorFromResultCode(ResultCode.TIMEOUT, {
          node: node.name,
          address: node.address,
          key,
          inDoubt,
          detail: `client timeout: totalTimeout ${policy.totalTimeout} ms elapsed before the request was sent`,
        })
      }
      const timeout = policy.socketTimeout > 0 && policy.socketTimeout < left ? policy.socketTimeout : left
      frame = await conn.exchange(command.request, timeout === Number.POSITIVE_INFINITY ? 0 : timeout)
      node.pool.releaseExchange(conn)
    } catch (err) {
      if (conn !== undefined && node !== undefined) node.pool.discardExchange(conn)
      if (cluster.closed) throw closedError(key, inDoubt || (isWrite && isSent(err)))
      last = classify(err, node, key, isWrite)
      if (isWrite && isSent(err)) inDoubt = true
      attempt++
      const now = Date.now()
      const sleep = policy.sleepBetweenRetries
      if (attempt > policy.maxRetries || now + sleep >= deadline) {
        throw finalError(
          last,
          now >= deadline || now + sleep >= deadline,
          policy,
          attempt,
          node,
          key,
          inDoubt,
        )
      }
      if (sleep > 0) await cluster.sleep(sleep)
      continue
    }
    try {
      return command.parse(responseBody(frame, node, key), { key, node, isWrite })
    } catch (err) {
      if (!(err instanceof ParseError)) throw err
      throw errorFromResultCode(ResultCode.PARSE_ERROR, {
        node: node.name,
        address: node.address,
        key,
        detail: err.message,
        cause: err,
      })
    }
  }
}

function isSent(err: unknown): boolean {
  return err instanceof ConnectionFailure && err.sent
}

/** Sorts a failed attempt: retryable (network, timeout, routing, pool) or thrown at once. */
function classify(err: unknown, node: Node | undefined, key: Key, isWrite: boolean): RetryableFailure {
  if (err instanceof ConnectionFailure) {
    if (node !== undefined && err.kind !== 'closed') node.errorCount++
    const timedOut = err.kind === 'timeout'
    const error = errorFromResultCode(timedOut ? ResultCode.TIMEOUT : ResultCode.CONNECTION, {
      node: node?.name,
      address: node?.address,
      key,
      inDoubt: isWrite && err.sent,
      detail: err.message,
      cause: err,
    })
    return { error, timedOut }
  }
  if (err instanceof AerospikeError) {
    const retryable =
      err.resultCode === ResultCode.INVALID_NODE ||
      err.resultCode === ResultCode.CLUSTER ||
      err.resultCode === ResultCode.MAX_ERROR_RATE ||
      err.resultCode === ResultCode.NO_MORE_CONNECTIONS
    if (retryable) return { error: err, timedOut: err.resultCode === ResultCode.NO_MORE_CONNECTIONS }
  }
  throw err
}

/** The error a command ends with once no attempt is left. */
function finalError(
  last: RetryableFailure,
  deadlinePassed: boolean,
  policy: ResolvedBasePolicy,
  attempts: number,
  node: Node | undefined,
  key: Key,
  inDoubt: boolean,
): AerospikeError {
  if (last.timedOut || deadlinePassed) {
    if (last.error.resultCode === ResultCode.NO_MORE_CONNECTIONS && !inDoubt) return last.error
    return errorFromResultCode(ResultCode.TIMEOUT, {
      node: node?.name,
      address: node?.address,
      key,
      inDoubt,
      detail: `client timeout after ${attempts} attempt(s) (totalTimeout ${policy.totalTimeout} ms, socketTimeout ${policy.socketTimeout} ms)`,
      cause: last.error,
    })
  }
  if (inDoubt && !last.error.inDoubt) {
    return errorFromResultCode(last.error.resultCode, {
      node: last.error.node,
      address: node?.address,
      key,
      inDoubt,
      detail: last.error.message,
      cause: last.error,
    })
  }
  return last.error
}

/** The AS_MSG body of a response frame (inflating a compressed one); ClientError for anything else. */
function responseBody(frame: Frame, node: Node, key: Key): Buffer {
  try {
    return messageBody(frame, 'response')
  } catch (err) {
    throw errorFromResultCode(ResultCode.PARSE_ERROR, {
      node: node.name,
      address: node.address,
      key,
      detail: (err as Error).message,
      cause: err,
    })
  }
}

function closedError(key: Key, inDoubt: boolean): AerospikeError {
  return errorFromResultCode(ResultCode.CLIENT_ERROR, { key, inDoubt, detail: 'the client was closed' })
}
