/** Runs a background job: sends its request to every node and checks each node's single answer. */
import { ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { ConnectionFailure } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'

/** Offset of the result code in a message body (after header size, info1-3 and a spare byte). */
const RESULT_CODE_OFFSET = 5

/** Sends `request` to `node` and resolves once the node accepted the job (it answers with LAST and runs it). */
async function startOnNode(node: Node, request: Buffer, timeoutMs: number): Promise<void> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY
  const conn = node.pool.tryAcquireForExchange() ?? (await node.pool.acquireForExchange(deadline))
  let body: Buffer
  try {
    body = (await conn.exchange(request, timeoutMs)).body
    node.pool.releaseExchange(conn)
  } catch (err) {
    node.pool.discardExchange(conn)
    if (!(err instanceof ConnectionFailure)) throw err
    throw errorFromResultCode(err.kind === 'timeout' ? ResultCode.TIMEOUT : ResultCode.CONNECTION, {
      node: node.name,
      address: node.address,
      inDoubt: err.sent,
      detail: err.message,
      cause: err,
    })
  }
  const code = body.length > RESULT_CODE_OFFSET ? body[RESULT_CODE_OFFSET]! : ResultCode.PARSE_ERROR
  if (code !== ResultCode.OK) throw errorFromResultCode(code, { node: node.name, address: node.address })
}

/**
 * Starts the job on every node at once. Rejects with the first node's error
 * once every node answered (the others may be running the job); a job that
 * is not sent again on failure, as it may have started.
 */
export async function startBackgroundJob(
  cluster: Cluster,
  request: Buffer,
  timeoutMs: number,
): Promise<void> {
  const nodes = cluster.state.nodes
  if (nodes.length === 0) throw errorFromResultCode(ResultCode.CLUSTER, { detail: 'no node to run the job' })
  const outcomes = await Promise.allSettled(nodes.map((node) => startOnNode(node, request, timeoutMs)))
  for (const o of outcomes) {
    if (o.status === 'rejected') throw o.reason instanceof AerospikeError ? o.reason : toClientError(o.reason)
  }
}

function toClientError(err: unknown): AerospikeError {
  return errorFromResultCode(ResultCode.CLIENT_ERROR, {
    detail: err instanceof Error ? err.message : String(err),
    cause: err,
  })
}
