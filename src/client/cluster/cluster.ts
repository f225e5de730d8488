/** The cluster: seeds, the tend loop (peers, partition maps, node removal) and routing over an immutable snapshot. */
import {
  type NamespaceReplicas,
  parseInfoFailure,
  parsePeers,
  parseReplicas,
  ResultCode,
  SecurityResult,
} from '../../protocol/index.js'
import { POLICY_REPLICA_MASTER } from '../constants.js'
import { AdminError, AerospikeError, errorFromResultCode } from '../errors.js'
import { authenticate, type Credentials, login } from '../security/session.js'
import type { TlsConfig } from '../security/tls-config.js'
import { ConnectionFailure, type Connector, type NodeAddress, type NodeConnection } from './connection.js'
import { Node } from './node.js'
import { readInfoInt, type ValidatedNode, validateNode } from './node-validation.js'
import { applyReplicas, EMPTY_PARTITION_MAP, type PartitionMap, removeNodes } from './partition-map.js'
import { nodesToRemove, unknownPeers } from './peers.js'
import type { PoolOptions } from './pool.js'

export { MAX_TEND_FAILURES } from './peers.js'

/** What the cluster needs from the client configuration. */
export interface ClusterOptions {
  hosts: readonly NodeAddress[]
  clusterName: string
  /** Connect and info timeout, ms. */
  timeout: number
  tendInterval: number
  minConnsPerNode: number
  maxConnsPerNode: number
  pipelineDepth: number
  /** ms. */
  idleTimeout: number
  maxErrorRate: number
  errorRateWindow: number
  useServicesAlternate: boolean
  /** TLS settings; when set, peers are read with `peers-tls-*` (the connector does the TLS itself). */
  tls?: TlsConfig | undefined
}

/** A node joining or leaving, as events report it. */
export interface NodeEvent {
  nodeName: string
  address: string
}

/** Events the cluster reports. */
export interface ClusterListener {
  nodeAdded(event: NodeEvent): void
  nodeRemoved(event: NodeEvent): void
  /** Every node is gone. */
  disconnected(): void
}

/** One consistent view of the cluster; replaced whole by each tend. */
export interface ClusterState {
  readonly nodes: readonly Node[]
  readonly byName: ReadonlyMap<string, Node>
  readonly partitions: PartitionMap
}

/** Whether a seed's failure is final for the whole connect: a refused login, or a failed TLS handshake. */
function isDefinitive(err: unknown): boolean {
  return (
    err instanceof AdminError || (err instanceof AerospikeError && err.resultCode === ResultCode.TLS_ERROR)
  )
}

const EMPTY_STATE: ClusterState = { nodes: [], byName: new Map(), partitions: EMPTY_PARTITION_MAP }

/** Seeds, nodes, partition maps and the tend loop of one client. */
export class Cluster {
  private snapshot: ClusterState = EMPTY_STATE
  private timer: NodeJS.Timeout | undefined
  private isClosed = false
  private tendCount = 0
  private tending: Promise<void> | undefined
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  private readonly poolOptions: PoolOptions
  private credentials: Credentials | undefined

  constructor(
    private readonly options: ClusterOptions,
    private readonly connector: Connector,
    private readonly listener: ClusterListener,
  ) {
    this.poolOptions = {
      max: options.maxConnsPerNode,
      min: options.minConnsPerNode,
      idleTimeout: options.idleTimeout,
      connectTimeout: options.timeout,
      pipelineDepth: options.pipelineDepth,
    }
  }

  /** The current snapshot. */
  get state(): ClusterState {
    return this.snapshot
  }

  /** Network errors and timeouts a node may have per window before it fails fast (0 = no limit). */
  get maxErrorRate(): number {
    return this.options.maxErrorRate
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.isClosed
  }

  /** The credentials the nodes are logged in with, if any. */
  get loginCredentials(): Credentials | undefined {
    return this.credentials
  }

  /** Replaces the credentials later logins use (after the user's own password changed). */
  setCredentials(credentials: Credentials): void {
    this.credentials = credentials
  }

  /**
   * Validates the seeds (logging in with `credentials` when given), discovers
   * the peers, reads the partition maps and starts tending. Throws ClusterError,
   * or AdminError when every seed refused the login.
   */
  async connect(credentials?: Credentials): Promise<void> {
    this.credentials = credentials
    const { nodes, failures, errors } = await this.validateSeeds()
    if (this.isClosed) {
      for (const n of nodes) n.close()
      throw this.closedError()
    }
    // A refused login or a failed TLS handshake is the answer itself, not a missing cluster.
    if (nodes.length === 0 && errors.length > 0 && errors.every(isDefinitive)) throw errors[0]!
    if (nodes.length === 0) {
      throw errorFromResultCode(ResultCode.CLUSTER, {
        detail: `cannot connect to any seed host (${failures.join('; ')})`,
      })
    }
    this.swap({ ...EMPTY_STATE, nodes, byName: new Map(nodes.map((n) => [n.name, n])) }, nodes, [])
    await this.tend()
    await Promise.all(this.snapshot.nodes.map((n) => n.pool.fill()))
    this.schedule()
  }

  /**
   * The node for replica routing: writes and MASTER reads go to the master;
   * SEQUENCE (and PREFER_RACK) reads start at the master and move one replica
   * further on each attempt, skipping replicas with no live node.
   */
  route(namespace: string, pid: number, write: boolean, replica: number, attempt: number): Node {
    const table = this.snapshot.partitions.get(namespace)
    if (table === undefined) {
      if (this.snapshot.nodes.length === 0)
        throw errorFromResultCode(ResultCode.CLUSTER, { detail: 'no node of the cluster is reachable' })
      if (this.snapshot.partitions.size === 0)
        throw errorFromResultCode(ResultCode.CLUSTER, { detail: "the cluster's partition map is not ready" })
      throw errorFromResultCode(ResultCode.NAMESPACE, {
        detail: `namespace '${namespace}' is not in the cluster's partition map`,
      })
    }
    const columns = table.replicas
    if (write || replica === POLICY_REPLICA_MASTER || columns.length === 1) {
      const node = columns[0]![pid]
      if (node?.active) return node
    } else {
      for (let i = 0; i < columns.length; i++) {
        const node = columns[(attempt + i) % columns.length]![pid]
        if (node?.active) return node
      }
    }
    throw errorFromResultCode(ResultCode.INVALID_NODE, {
      detail: `no live node holds partition ${pid} of namespace '${namespace}'`,
    })
  }

  /** A random live node; ClusterError when there is none. */
  randomNode(): Node {
    const nodes = this.snapshot.nodes.filter((n) => n.active)
    if (nodes.length === 0)
      throw errorFromResultCode(ResultCode.CLUSTER, { detail: 'no node of the cluster is reachable' })
    return nodes[Math.floor(Math.random() * nodes.length)]!
  }

  /** The node named `name`; ClusterError (invalid node) when the cluster has none. */
  node(name: string): Node {
    const node = this.snapshot.byName.get(name)
    if (node === undefined || !node.active)
      throw errorFromResultCode(ResultCode.INVALID_NODE, { detail: `no node named '${name}' in the cluster` })
    return node
  }

  /** Resolves after `ms`, or at once when the cluster closes (retry pauses use this). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper)
          resolve()
        }, ms),
        resolve,
      }
      this.sleepers.add(sleeper)
    })
  }

  /** Stops tending and closes every node; in-flight commands fail. */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    for (const s of this.sleepers) {
      clearTimeout(s.timer)
      s.resolve()
    }
    this.sleepers.clear()
    for (const n of this.snapshot.nodes) n.close()
  }

  /** One tend: refresh every node, discover and remove nodes, refresh partition maps, then swap the snapshot. */
  tend(): Promise<void> {
    this.tending ??= this.runTend().finally(() => {
      this.tending = undefined
    })
    return this.tending
  }

  private schedule(): void {
    if (this.isClosed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.tend().then(
        () => this.schedule(),
        () => this.schedule(),
      )
    }, this.options.tendInterval)
  }

  private async runTend(): Promise<void> {
    const before = this.snapshot
    let nodes = [...before.nodes]
    const added: Node[] = []
    if (nodes.length === 0) {
      const seeded = await this.validateSeeds()
      nodes = seeded.nodes
      added.push(...seeded.nodes)
    }
    if (this.isClosed) return this.discardAll(added)

    const peersChanged = new Set<Node>()
    const partitionsChanged = new Set<Node>()
    await Promise.all(nodes.map((n) => this.refreshNode(n, peersChanged, partitionsChanged)))
    if (this.isClosed) return this.discardAll(added)

    await Promise.all([...peersChanged].map((n) => this.refreshPeers(n)))
    const discovered = await this.addPeers(nodes)
    nodes.push(...discovered)
    added.push(...discovered)
    for (const n of discovered) partitionsChanged.add(n)
    if (this.isClosed) return this.discardAll(added)

    const removed = nodesToRemove(nodes, before.partitions)
    nodes = nodes.filter((n) => !removed.has(n))
    let partitions = removeNodes(before.partitions, removed)

    const answers = await Promise.all(
      nodes.filter((n) => partitionsChanged.has(n)).map((n) => this.readReplicas(n)),
    )
    if (this.isClosed) return this.discardAll(added)
    for (const answer of answers) {
      if (answer === undefined) continue
      partitions = applyReplicas(partitions, answer.node, answer.replicas)
    }

    const byName = new Map(nodes.map((n) => [n.name, n]))
    this.swap(
      { nodes, byName, partitions },
      added.filter((n) => !removed.has(n)),
      [...removed].filter((n) => before.byName.get(n.name) === n),
    )
    for (const n of removed) n.close()
    this.maintain(nodes)
  }

  private discardAll(nodes: readonly Node[]): void {
    for (const n of nodes) n.close()
  }

  private swap(next: ClusterState, added: readonly Node[], removed: readonly Node[]): void {
    const hadNodes = this.snapshot.nodes.length > 0
    this.snapshot = next
    for (const n of added) this.listener.nodeAdded({ nodeName: n.name, address: n.address })
    for (const n of removed) this.listener.nodeRemoved({ nodeName: n.name, address: n.address })
    if (hadNodes && next.nodes.length === 0) this.listener.disconnected()
  }

  /** Per tend: reset error windows, close idle connections, top pools up to minConnsPerNode. */
  private maintain(nodes: readonly Node[]): void {
    this.tendCount++
    const resetErrors = this.tendCount % this.options.errorRateWindow === 0
    const now = Date.now()
    for (const n of nodes) {
      if (resetErrors) n.errorCount = 0
      n.pool.reap(now)
      if (n.pool.total < this.options.minConnsPerNode) void n.pool.fill()
    }
  }

  /** Asks a node for its name and generations; notes which lists changed. */
  private async refreshNode(
    node: Node,
    peersChanged: Set<Node>,
    partitionsChanged: Set<Node>,
  ): Promise<void> {
    let info: Map<string, string>
    try {
      if (node.session !== undefined && Date.now() >= node.session.renewAt) await this.renewSession(node)
      info = await node.info(['node', 'peers-generation', 'partition-generation'], this.options.timeout)
    } catch (err) {
      if (err instanceof ConnectionFailure) node.tendFailures++
      return
    }
    const name = info.get('node')
    if (name !== node.name) {
      // Another node now answers at this address.
      node.active = false
      return
    }
    node.tendFailures = 0
    const peersGeneration = readInfoInt(info.get('peers-generation'))
    if (peersGeneration !== undefined && peersGeneration !== node.peersGeneration) peersChanged.add(node)
    const partitionGeneration = readInfoInt(info.get('partition-generation'))
    if (
      partitionGeneration !== undefined &&
      partitionGeneration !== -1 &&
      partitionGeneration !== node.partitionGeneration
    ) {
      partitionsChanged.add(node)
    }
  }

  /** Logs in again on a pooled connection before the node's session expires. */
  private async renewSession(node: Node): Promise<void> {
    const deadline = Date.now() + this.options.timeout
    const conn = node.pool.tryAcquire() ?? (await node.pool.acquire(deadline, true))
    try {
      node.session = await login(conn, this.credentials!, Math.max(1, deadline - Date.now()))
      node.pool.release(conn)
    } catch (err) {
      node.pool.discard(conn)
      throw err
    }
  }

  /**
   * Opens a pooled connection to `node`, authenticated with its session when it
   * has one. A session the node says has expired is renewed by logging in on
   * the new connection.
   */
  private async openConnection(node: Node, host: NodeAddress, timeoutMs: number): Promise<NodeConnection> {
    const deadline = Date.now() + timeoutMs
    const conn = await this.connector(host, timeoutMs)
    const session = node.session
    const credentials = this.credentials
    if (session === undefined || credentials === undefined) return conn
    const left = (): number => Math.max(1, deadline - Date.now())
    try {
      try {
        await authenticate(conn, credentials, session, left())
      } catch (err) {
        if (!(err instanceof AdminError && err.resultCode === SecurityResult.EXPIRED_SESSION)) throw err
        node.session = await login(conn, credentials, left())
      }
      return conn
    } catch (err) {
      conn.close()
      throw err
    }
  }

  private peersCommand(): string {
    const kind = this.options.tls === undefined ? 'clear' : 'tls'
    return `peers-${kind}-${this.options.useServicesAlternate ? 'alt' : 'std'}`
  }

  /** Reads a node's peer list. */
  private async refreshPeers(node: Node): Promise<void> {
    const command = this.peersCommand()
    try {
      const info = await node.info([command], this.options.timeout)
      const value = info.get(command)
      if (value === undefined || parseInfoFailure(value) !== undefined) return
      const peers = parsePeers(value)
      node.peers = peers.peers
      node.peersGeneration = peers.generation
    } catch (err) {
      if (err instanceof ConnectionFailure) node.tendFailures++
    }
  }

  /** Connects to every peer the nodes report that the cluster does not have yet. */
  private async addPeers(nodes: readonly Node[]): Promise<Node[]> {
    const wanted = unknownPeers(nodes)
    const found = await Promise.all([...wanted].map(([name, hosts]) => this.connectPeer(name, hosts)))
    return found.filter((n): n is Node => n !== undefined)
  }

  private async connectPeer(name: string, hosts: readonly NodeAddress[]): Promise<Node | undefined> {
    for (const host of hosts) {
      try {
        const v = await this.validate(host)
        if (v.name === name) return this.makeNode(v)
        v.conn.close()
      } catch {
        // Try the peer's next address.
      }
    }
    return undefined
  }

  /** Reads a node's partition map (with the generation it belongs to); undefined when it cannot be used. */
  private async readReplicas(
    node: Node,
  ): Promise<{ node: Node; replicas: Map<string, NamespaceReplicas> } | undefined> {
    try {
      const info = await node.info(['partition-generation', 'replicas'], this.options.timeout)
      const generation = readInfoInt(info.get('partition-generation'))
      const value = info.get('replicas')
      if (generation === undefined || generation === -1 || value === undefined) return undefined
      if (parseInfoFailure(value) !== undefined) return undefined
      const replicas = parseReplicas(value)
      node.partitionGeneration = generation
      return { node, replicas }
    } catch (err) {
      if (err instanceof ConnectionFailure) node.tendFailures++
      return undefined
    }
  }

  /** Validates every seed in parallel; nodes (one per name), and the errors of the seeds that failed. */
  private async validateSeeds(): Promise<{ nodes: Node[]; failures: string[]; errors: unknown[] }> {
    const results = await Promise.allSettled(this.options.hosts.map((h) => this.validate(h)))
    const nodes: Node[] = []
    const failures: string[] = []
    const errors: unknown[] = []
    results.forEach((r, i) => {
      const h = this.options.hosts[i]!
      if (r.status === 'rejected') {
        errors.push(r.reason)
        failures.push(`${h.host}:${h.port}: ${(r.reason as Error).message}`)
      } else if (nodes.some((n) => n.name === r.value.name)) {
        r.value.conn.close()
      } else {
        nodes.push(this.makeNode(r.value))
      }
    })
    return { nodes, failures, errors }
  }

  private validate(host: NodeAddress): Promise<ValidatedNode> {
    return validateNode(this.connector, host, {
      clusterName: this.options.clusterName,
      timeout: this.options.timeout,
      credentials: this.credentials,
    })
  }

  private makeNode(v: ValidatedNode): Node {
    const node: Node = new Node(v.name, v.host, v.features, this.poolOptions, (host, timeout) =>
      this.openConnection(node, host, timeout),
    )
    node.session = v.session
    node.pool.adopt(v.conn)
    if (this.isClosed) node.close()
    return node
  }

  private closedError(): AerospikeError {
    return errorFromResultCode(ResultCode.CLIENT_ERROR, { detail: 'the client was closed' })
  }
}
