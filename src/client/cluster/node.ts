/** A cluster node: its name and address, its connection pool, and the state the tend loop keeps about it. */
import type { Peer } from '../../protocol/index.js'
import type { Session } from '../security/session.js'
import type { Connector, NodeAddress } from './connection.js'
import { ConnectionPool, type PoolOptions } from './pool.js'

/** A node of the cluster. */
export class Node {
  /** `host:port` the client talks to. */
  readonly address: string
  readonly pool: ConnectionPool
  /** Features the node announced (`features` info). */
  features: ReadonlySet<string>
  /** False once the node left the cluster (or answered with another name). */
  active = true
  /** Generation of the peers list last read (-1: never). */
  peersGeneration = -1
  /** Generation of the partition map last read (-1: never, or forced refresh). */
  partitionGeneration = -1
  /** The node's peers as last read. */
  peers: readonly Peer[] = []
  /** Consecutive tends that could not reach the node. */
  tendFailures = 0
  /** Network errors and timeouts in the current error window. */
  errorCount = 0
  /** The login session new connections authenticate with (security-enabled clusters only). */
  session: Session | undefined

  constructor(
    readonly name: string,
    readonly host: NodeAddress,
    features: ReadonlySet<string>,
    poolOptions: PoolOptions,
    connector: Connector,
  ) {
    this.address = `${host.host}:${host.port}`
    this.features = features
    // Several requests on one connection only when the node says it answers them in order.
    const pipelineDepth = features.has('pipelining') ? poolOptions.pipelineDepth : 1
    this.pool = new ConnectionPool(host, { ...poolOptions, pipelineDepth }, connector, name)
  }

  /**
   * Sends info commands over a pooled connection (served before waiting
   * commands). Rejects with ConnectionFailure, or a ClientError when no
   * connection frees up within `timeoutMs`.
   */
  async info(commands: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    const deadline = Date.now() + timeoutMs
    const conn = this.pool.tryAcquire() ?? (await this.pool.acquire(deadline, true))
    try {
      const answer = await conn.info(commands, Math.max(1, deadline - Date.now()))
      this.pool.release(conn)
      return answer
    } catch (err) {
      this.pool.discard(conn)
      throw err
    }
  }

  /** Whether the node has had more network errors than `maxErrorRate` in this window (0 = no limit). */
  errorRateExceeded(maxErrorRate: number): boolean {
    return maxErrorRate > 0 && this.errorCount > maxErrorRate
  }

  /** Closes the node's connections; it takes no more commands. */
  close(): void {
    this.active = false
    this.pool.close()
  }
}
