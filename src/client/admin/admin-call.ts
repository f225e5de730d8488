/** Sends an admin request to a node over a pooled connection: one answer, or a query's stream of answers ending with result 50. */
import {
  type AdminMessage,
  type DecodedAdminMessage,
  decodeAdminMessages,
  encodeAdminMessage,
  type Frame,
  ParseError,
  ProtoType,
  ResultCode,
} from '../../protocol/index.js'
import { ConnectionFailure, type FrameSink, type NodeConnection } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode } from '../errors.js'

/** Most entries a query answer may hold before the client gives up on it (a guard against a runaway server). */
const MAX_QUERY_ENTRIES = 100_000

/** An admin request: the message, and what it does (for error messages). */
export interface AdminRequest {
  readonly message: AdminMessage
  readonly what: string
}

/** Borrows a connection of `node`, waiting at most until `deadline`. */
async function borrow(node: Node, deadline: number): Promise<NodeConnection> {
  return node.pool.tryAcquire() ?? (await node.pool.acquire(deadline))
}

/** The messages of an admin frame; ParseError for any other frame. */
function adminMessages(frame: Frame): DecodedAdminMessage[] {
  if (frame.type !== ProtoType.ADMIN) throw new ParseError(`admin answer of proto type ${frame.type}`)
  return decodeAdminMessages(frame.body)
}

/** The error of a failed exchange: timeout, connection or parse failures become client errors naming the node. */
function transportError(err: unknown, node: Node, what: string): AerospikeError {
  if (err instanceof AerospikeError) return err
  const code =
    err instanceof ConnectionFailure
      ? err.kind === 'timeout'
        ? ResultCode.TIMEOUT
        : ResultCode.CONNECTION
      : ResultCode.PARSE_ERROR
  return errorFromResultCode(code, {
    node: node.name,
    address: node.address,
    detail: `${what}: ${(err as Error).message}`,
    cause: err,
  })
}

function resultError(result: number, node: Node, what: string): AerospikeError {
  return errorFromResultCode(result, { node: node.name, address: node.address, detail: what })
}

/**
 * Sends `request` to `node` and resolves to the answer when its result is OK.
 * Throws AdminError (or ServerError) with the server's result, AerospikeTimeoutError,
 * ClusterError for a failed connection, ClientError for a malformed answer.
 */
export async function adminCall(node: Node, request: AdminRequest, timeoutMs: number): Promise<AdminMessage> {
  const deadline = Date.now() + timeoutMs
  let conn: NodeConnection | undefined
  let answer: AdminMessage
  try {
    conn = await borrow(node, deadline)
    const frame = await conn.exchange(encodeAdminMessage(request.message), Math.max(1, deadline - Date.now()))
    answer = adminMessages(frame)[0]!
    node.pool.release(conn)
  } catch (err) {
    if (conn !== undefined) node.pool.discard(conn)
    throw transportError(err, node, request.what)
  }
  if (answer.result !== ResultCode.OK) throw resultError(answer.result, node, request.what)
  return answer
}

/**
 * Sends a query request (QUERY_USERS, QUERY_ROLES) and collects the answers:
 * messages with result OK, in as many frames as the server sends, up to the
 * one with result 50 (the end). Any other result fails the query with its error.
 */
export async function adminQuery(
  node: Node,
  request: AdminRequest,
  timeoutMs: number,
): Promise<AdminMessage[]> {
  const deadline = Date.now() + timeoutMs
  let conn: NodeConnection | undefined
  let outcome: AdminMessage[] | number
  try {
    conn = await borrow(node, deadline)
    outcome = await collect(conn, request, Math.max(1, deadline - Date.now()))
    node.pool.release(conn)
  } catch (err) {
    if (conn !== undefined) node.pool.discard(conn)
    throw transportError(err, node, request.what)
  }
  if (typeof outcome === 'number') throw resultError(outcome, node, request.what)
  return outcome
}

/** Streams the query's frames from `conn`: the entries, or the failing result code. */
function collect(
  conn: NodeConnection,
  request: AdminRequest,
  timeoutMs: number,
): Promise<AdminMessage[] | number> {
  return new Promise((resolve, reject) => {
    const entries: AdminMessage[] = []
    const timer = setTimeout(() => {
      conn.close(new ConnectionFailure(`no answer to ${request.what} in ${timeoutMs} ms`, 'timeout', true))
    }, timeoutMs)
    const sink: FrameSink = {
      onFrame: (frame) => {
        let messages: DecodedAdminMessage[]
        try {
          messages = adminMessages(frame)
        } catch (err) {
          clearTimeout(timer)
          reject(err)
          return true
        }
        for (const m of messages) {
          if (m.result === ResultCode.OK) {
            entries.push(m)
            continue
          }
          clearTimeout(timer)
          resolve(m.result === ResultCode.SECURITY_OK_LAST ? entries : m.result)
          return true
        }
        if (entries.length <= MAX_QUERY_ENTRIES) return false
        clearTimeout(timer)
        reject(new ParseError(`the answer holds more than ${MAX_QUERY_ENTRIES} entries`))
        return true
      },
      onError: (err) => {
        clearTimeout(timer)
        reject(err)
      },
    }
    conn.send(encodeAdminMessage(request.message), sink)
  })
}
