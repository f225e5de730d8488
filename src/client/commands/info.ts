/** Info commands sent by users: to one node, to a random node, to every node. */
import { parseInfoFailure, ResultCode } from '../../protocol/index.js'
import { ConnectionFailure } from '../cluster/connection.js'
import type { Node } from '../cluster/node.js'
import { AerospikeError, errorFromResultCode, invalidArg } from '../errors.js'

/** One node's answer to `infoAll`. */
export interface InfoNodeResult {
  nodeName: string
  /** 0 when the node answered; else the failure's result code (network failure, or an `ERROR:<code>` answer). */
  errorCode: number
  /** The command's value (or the failure's message). */
  response: string
}

/** Throws InvalidArgError unless `command` is one info command (non-empty, no newline). */
export function checkInfoCommand(command: unknown): string {
  if (typeof command !== 'string' || command === '' || command.includes('\n'))
    throw invalidArg('an info command must be a non-empty string without newlines')
  return command
}

/** Sends `command` to `node`; resolves to its value. Throws AerospikeTimeoutError, ClusterError or ClientError. */
export async function infoOnNode(node: Node, command: string, timeoutMs: number): Promise<string> {
  try {
    const answer = await node.info([command], timeoutMs)
    return answer.get(command) ?? ''
  } catch (err) {
    if (err instanceof AerospikeError) throw err
    const failure = err as ConnectionFailure
    throw errorFromResultCode(
      failure instanceof ConnectionFailure && failure.kind === 'timeout'
        ? ResultCode.TIMEOUT
        : ResultCode.CONNECTION,
      { node: node.name, address: node.address, detail: failure.message, cause: failure },
    )
  }
}

/** Sends `command` to every node in parallel; one result per node, failures included. */
export async function infoOnNodes(
  nodes: readonly Node[],
  command: string,
  timeoutMs: number,
): Promise<InfoNodeResult[]> {
  return Promise.all(
    nodes.map(async (node): Promise<InfoNodeResult> => {
      try {
        const response = await infoOnNode(node, command, timeoutMs)
        return { nodeName: node.name, errorCode: parseInfoFailure(response)?.code ?? 0, response }
      } catch (err) {
        const e = err as AerospikeError
        return { nodeName: node.name, errorCode: e.resultCode, response: e.message }
      }
    }),
  )
}
