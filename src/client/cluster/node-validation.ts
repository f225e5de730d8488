/** Validating a seed or a peer: connect, log in when there are credentials, and check name, readiness and cluster name. */
import {
  type HostPort,
  parseFeatures,
  parseInfoFailure,
  parseInfoInt,
  ResultCode,
} from '../../protocol/index.js'
import { type AerospikeError, errorFromResultCode } from '../errors.js'
import { type Credentials, login, type Session } from '../security/session.js'
import type { Connector, NodeConnection } from './connection.js'

/** A node that answered the validation questions, with the connection it answered on. */
export interface ValidatedNode {
  name: string
  host: HostPort
  features: ReadonlySet<string>
  conn: NodeConnection
  /** The login session, on a cluster with security. */
  session: Session | undefined
}

/** What validation checks against. */
export interface ValidationOptions {
  /** Expected cluster name; '' checks nothing. */
  clusterName: string
  /** Time allowed for the whole validation (connect, login, info), ms. */
  timeout: number
  credentials: Credentials | undefined
}

/**
 * Connects to `host` and checks that it is a ready node of the expected
 * cluster: it names itself, its partition generation is not -1 and its
 * cluster name matches. Rejects with ConnectionFailure, ClusterError, or
 * AdminError when the login is refused.
 */
export async function validateNode(
  connector: Connector,
  host: HostPort,
  options: ValidationOptions,
): Promise<ValidatedNode> {
  const where = `${host.host}:${host.port}`
  const deadline = Date.now() + options.timeout
  const left = (): number => Math.max(1, deadline - Date.now())
  const conn = await connector(host, options.timeout)
  try {
    const session =
      options.credentials === undefined ? undefined : await login(conn, options.credentials, left())
    const commands = ['node', 'partition-generation', 'features']
    if (options.clusterName !== '') commands.push('cluster-name')
    const info = await conn.info(commands, left())
    const name = info.get('node')
    if (name === undefined || name === '') throw clusterError(`${where} did not give a node name`)
    if (parseInfoFailure(name) !== undefined)
      throw clusterError(`${where} refused to give its node name: ${name}`)
    if (readInfoInt(info.get('partition-generation')) === -1)
      throw clusterError(`node ${name} at ${where} is not ready (partition-generation -1)`)
    if (options.clusterName !== '') {
      const actual = info.get('cluster-name') ?? ''
      if (actual !== options.clusterName) {
        throw clusterError(
          `cluster name mismatch: expected '${options.clusterName}', node ${name} at ${where} belongs to '${actual}'`,
        )
      }
    }
    return { name, host, features: parseFeatures(info.get('features') ?? ''), conn, session }
  } catch (err) {
    conn.close()
    throw err
  }
}

function clusterError(detail: string): AerospikeError {
  return errorFromResultCode(ResultCode.CLUSTER, { detail })
}

/** An integer info value, or undefined when it is missing or not an integer. */
export function readInfoInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  try {
    return parseInfoInt(value)
  } catch {
    return undefined
  }
}
