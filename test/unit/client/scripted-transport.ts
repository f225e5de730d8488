// A scripted info transport: answers each node's info commands from the recorded 3-node cluster captures.
import { readFileSync } from 'node:fs'
import {
  ConnectionFailure,
  type Connector,
  type FrameSink,
  type NodeConnection,
} from '../../../src/client/cluster/connection.js'
import { type Frame, type HostPort, parseInfoResponse } from '../../../src/protocol/index.js'

interface RecordedExchange {
  port: number
  command: string
  response: string
}

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}`, import.meta.url), 'utf8'))
}

/** port -> command -> value, from a list of recorded exchanges. */
function answers(exchanges: readonly RecordedExchange[]): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>()
  for (const e of exchanges) {
    const values = parseInfoResponse(Buffer.from(e.response, 'hex').subarray(8))
    const byCommand = out.get(e.port) ?? new Map<string, string>()
    for (const [c, v] of values) byCommand.set(c, v)
    out.set(e.port, byCommand)
  }
  return out
}

/** The stable 3-node cluster (A1 3000, A2 3010, A3 3020) of cluster-3node-info.json. */
export function stableCluster(): Map<number, Map<string, string>> {
  return answers((load('cluster-3node-info.json') as { exchanges: RecordedExchange[] }).exchanges)
}

/** The phases of cluster-3node-failover.json: stable, after_kill, two_nodes_stable, rejoined. */
export function failoverPhases(): Map<string, Map<number, Map<string, string>>> {
  const phases = (
    load('cluster-3node-failover.json') as { phases: Array<{ phase: string; exchanges: RecordedExchange[] }> }
  ).phases
  return new Map(phases.map((p) => [p.phase, answers(p.exchanges)]))
}

/** A transport whose nodes answer from tables that a test can swap and take down. */
export class ScriptedTransport {
  /** Ports that refuse connections and fail requests. */
  readonly down = new Set<number>()
  /** Every info command asked, as `port command`. */
  readonly asked: string[] = []
  /** Connections opened per port. */
  readonly opened = new Map<number, number>()
  private readonly open = new Set<ScriptedConnection>()

  constructor(
    /** port -> command -> value; later layers override earlier ones. */
    private layers: Array<Map<number, Map<string, string>>>,
  ) {}

  /** Replaces the answer tables (a new cluster phase). */
  setLayers(layers: Array<Map<number, Map<string, string>>>): void {
    this.layers = layers
  }

  /** Takes a port down: open connections to it fail, new ones are refused. */
  kill(port: number): void {
    this.down.add(port)
    for (const c of [...this.open]) if (c.port === port) c.close()
  }

  /** The connector the cluster uses. */
  readonly connect: Connector = async (host: HostPort) => {
    if (this.down.has(host.port))
      throw new ConnectionFailure(`connect to ${host.host}:${host.port} refused`, 'network', false)
    this.opened.set(host.port, (this.opened.get(host.port) ?? 0) + 1)
    const conn = new ScriptedConnection(this, host.port)
    this.open.add(conn)
    return conn
  }

  answer(port: number, command: string): string | undefined {
    this.asked.push(`${port} ${command}`)
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i]!.get(port)?.get(command)
      if (v !== undefined) return v
    }
    return undefined
  }

  forget(conn: ScriptedConnection): void {
    this.open.delete(conn)
  }
}

class ScriptedConnection implements NodeConnection {
  lastUsed = Date.now()
  readonly inFlight = 0
  private isClosed = false

  constructor(
    private readonly transport: ScriptedTransport,
    readonly port: number,
  ) {}

  get closed(): boolean {
    return this.isClosed
  }

  async info(commands: readonly string[]): Promise<Map<string, string>> {
    if (this.isClosed || this.transport.down.has(this.port)) {
      this.close()
      throw new ConnectionFailure(`node at port ${this.port} is down`, 'network', true)
    }
    const out = new Map<string, string>()
    for (const c of commands)
      out.set(c, this.transport.answer(this.port, c) ?? 'ERROR:4:unrecognized command')
    return out
  }

  exchange(): Promise<Frame> {
    return Promise.reject(new ConnectionFailure('scripted nodes answer info only', 'network', false))
  }

  send(_request: Buffer, sink: FrameSink): void {
    sink.onError(new ConnectionFailure('scripted nodes answer info only', 'network', false))
  }

  pause(): void {}

  resume(): void {}

  close(): void {
    this.isClosed = true
    this.transport.forget(this)
  }
}
