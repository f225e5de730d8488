// Cluster logic against a scripted info transport fed from the recorded 3-node cluster.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Cluster,
  type ClusterOptions,
  MAX_TEND_FAILURES,
  type NodeEvent,
} from '../../../src/client/cluster/cluster.js'
import { POLICY_REPLICA_MASTER, POLICY_REPLICA_SEQUENCE } from '../../../src/client/constants.js'
import { ClusterError, ServerError } from '../../../src/client/errors.js'
import {
  bitmapHas,
  encodePartitionBitmap,
  PARTITIONS,
  parseInfoResponse,
  parseReplicas,
} from '../../../src/protocol/index.js'
import { failoverPhases, ScriptedTransport, stableCluster } from './scripted-transport.js'

const NAMES = new Map([
  [3000, 'A1'],
  [3010, 'A2'],
  [3020, 'A3'],
])

function options(overrides: Partial<ClusterOptions> = {}): ClusterOptions {
  return {
    hosts: [{ host: '127.0.0.1', port: 3000 }],
    clusterName: '',
    timeout: 500,
    // Tends are driven by the tests.
    tendInterval: 3_600_000,
    minConnsPerNode: 0,
    maxConnsPerNode: 4,
    pipelineDepth: 1,
    idleTimeout: 55_000,
    maxErrorRate: 100,
    errorRateWindow: 1,
    useServicesAlternate: false,
    ...overrides,
  }
}

interface Harness {
  cluster: Cluster
  transport: ScriptedTransport
  added: string[]
  removed: string[]
  disconnects: number
}

const open: Cluster[] = []
afterEach(() => {
  for (const c of open.splice(0)) c.close()
})

function harness(transport: ScriptedTransport, overrides: Partial<ClusterOptions> = {}): Harness {
  const h: Harness = {
    cluster: undefined as unknown as Cluster,
    transport,
    added: [],
    removed: [],
    disconnects: 0,
  }
  h.cluster = new Cluster(options(overrides), transport.connect, {
    nodeAdded: (e: NodeEvent) => h.added.push(e.nodeName),
    nodeRemoved: (e: NodeEvent) => h.removed.push(e.nodeName),
    disconnected: () => h.disconnects++,
  })
  open.push(h.cluster)
  return h
}

/** namespace -> replica index -> pid -> node name, as the recorded `replicas` answers say. */
function expectedOwners(answers: Map<number, Map<string, string>>): Map<string, string[][]> {
  const out = new Map<string, string[][]>()
  for (const [port, values] of answers) {
    const replicas = values.get('replicas')
    if (replicas === undefined) continue
    for (const [ns, claim] of parseReplicas(replicas)) {
      const columns = out.get(ns) ?? claim.bitmaps.map(() => new Array<string>(PARTITIONS))
      claim.bitmaps.forEach((bitmap, i) => {
        for (let pid = 0; pid < PARTITIONS; pid++)
          if (bitmapHas(bitmap, pid)) columns[i]![pid] = NAMES.get(port)!
      })
      out.set(ns, columns)
    }
  }
  return out
}

function checkRouting(cluster: Cluster, owners: Map<string, string[][]>): void {
  for (const [ns, columns] of owners) {
    for (let pid = 0; pid < PARTITIONS; pid++) {
      expect(columns[0]![pid], `master of ${ns}/${pid}`).toBeDefined()
      expect(cluster.route(ns, pid, true, POLICY_REPLICA_MASTER, 0).name).toBe(columns[0]![pid])
      expect(cluster.route(ns, pid, false, POLICY_REPLICA_MASTER, 3).name).toBe(columns[0]![pid])
      // SEQUENCE: the master first, then the prole on the next attempt.
      expect(cluster.route(ns, pid, false, POLICY_REPLICA_SEQUENCE, 0).name).toBe(columns[0]![pid])
      const prole = cluster.route(ns, pid, false, POLICY_REPLICA_SEQUENCE, 1)
      // Mid-migration a partition may have no prole: the next replica in sequence is then used.
      if (columns[1]![pid] !== undefined) expect(prole.name).toBe(columns[1]![pid])
      else expect(prole.active).toBe(true)
    }
  }
}

describe('cluster discovery', () => {
  it('one seed discovers all three nodes', async () => {
    const h = harness(new ScriptedTransport([stableCluster()]))
    await h.cluster.connect()
    expect(h.cluster.state.nodes.map((n) => n.name).sort()).toEqual(['A1', 'A2', 'A3'])
    expect(h.added.sort()).toEqual(['A1', 'A2', 'A3'])
    // A peer listed without a port uses the default port the peers answer carries.
    expect(h.cluster.state.byName.get('A2')!.address).toBe('127.0.0.1:3010')
    expect(h.cluster.state.byName.get('A3')!.address).toBe('127.0.0.1:3020')
  })

  it('every partition of every namespace routes to the node that `replicas` names', async () => {
    const answers = stableCluster()
    const h = harness(new ScriptedTransport([answers]))
    await h.cluster.connect()
    const owners = expectedOwners(answers)
    expect([...owners.keys()].sort()).toEqual(['bar', 'test'])
    checkRouting(h.cluster, owners)
  })

  it('accepts a matching cluster name and refuses another with a clear ClusterError', async () => {
    const ok = harness(new ScriptedTransport([stableCluster()]), { clusterName: 'test3' })
    await ok.cluster.connect()
    expect(ok.cluster.state.nodes).toHaveLength(3)

    const bad = harness(new ScriptedTransport([stableCluster()]), { clusterName: 'prod' })
    const err = await bad.cluster.connect().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ClusterError)
    expect((err as Error).message).toMatch(/cluster name mismatch: expected 'prod'.*'test3'/)
  })

  it('fails with ClusterError naming every seed when no seed can be reached', async () => {
    const transport = new ScriptedTransport([stableCluster()])
    transport.down.add(3000)
    transport.down.add(3010)
    const h = harness(transport, {
      hosts: [
        { host: '127.0.0.1', port: 3000 },
        { host: '127.0.0.1', port: 3010 },
      ],
    })
    const err = await h.cluster.connect().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ClusterError)
    expect((err as ClusterError).resultCode).toBe(-11)
    expect((err as Error).message).toContain('127.0.0.1:3000')
    expect((err as Error).message).toContain('127.0.0.1:3010')
  })

  it('uses the next seed when the first is down', async () => {
    const transport = new ScriptedTransport([stableCluster()])
    transport.down.add(3000)
    const h = harness(transport, {
      hosts: [
        { host: '127.0.0.1', port: 3000 },
        { host: '127.0.0.1', port: 3020 },
      ],
    })
    await h.cluster.connect()
    // A1 is listed by its peers, but it refuses connections: it is not added.
    expect(h.cluster.state.nodes.map((n) => n.name).sort()).toEqual(['A2', 'A3'])
  })

  it('refuses a seed whose partition generation is -1 (not ready)', async () => {
    const notReady = new Map([[3000, new Map([['partition-generation', '-1']])]])
    const h = harness(new ScriptedTransport([stableCluster(), notReady]))
    const err = await h.cluster.connect().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ClusterError)
    expect((err as Error).message).toContain('not ready')
  })

  it('routes an unknown namespace to a ServerError (20), and reads peers-clear-alt with useServicesAlternate', async () => {
    const alt = new Map([
      [3000, new Map([['peers-clear-alt', '4,3000,[[A2,,[127.0.0.1:3010]]]']])],
      [3010, new Map([['peers-clear-alt', '4,3000,[[A1,,[127.0.0.1]]]']])],
    ])
    const h = harness(new ScriptedTransport([stableCluster(), alt]), { useServicesAlternate: true })
    await h.cluster.connect()
    expect(h.cluster.state.nodes.map((n) => n.name).sort()).toEqual(['A1', 'A2'])
    expect(h.transport.asked).toContain('3000 peers-clear-alt')
    expect(h.transport.asked).not.toContain('3000 peers-clear-std')
    const err = (() => {
      try {
        h.cluster.route('nope', 1, false, POLICY_REPLICA_SEQUENCE, 0)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(ServerError)
    expect((err as ServerError).resultCode).toBe(20)
  })
})

describe('the single-node cluster of the CRUD capture', () => {
  it('connects with the answers the official client got at connect, owning every partition', async () => {
    const capture = JSON.parse(
      readFileSync(new URL('../../fixtures/golden/official-client-crud.json', import.meta.url), 'utf8'),
    ) as { cluster_tend_at_connect: Array<{ responses: string[] }> }
    const answers = new Map<string, string>()
    for (const exchange of capture.cluster_tend_at_connect)
      for (const r of exchange.responses)
        for (const [c, v] of parseInfoResponse(Buffer.from(r, 'hex').subarray(8))) answers.set(c, v)
    const h = harness(new ScriptedTransport([new Map([[3000, answers]])]))
    await h.cluster.connect()
    expect(h.cluster.state.nodes.map((n) => n.name)).toEqual(['BB901000000FC02'])
    for (const ns of ['test', 'bar'])
      for (let pid = 0; pid < PARTITIONS; pid++)
        expect(h.cluster.route(ns, pid, true, POLICY_REPLICA_MASTER, 0).name).toBe('BB901000000FC02')
  })
})

describe('cluster tending', () => {
  it('removes a node that disappears from the peer lists and re-maps its partitions', async () => {
    const phases = failoverPhases()
    const base = stableCluster()
    const h = harness(new ScriptedTransport([base, phases.get('stable')!]))
    await h.cluster.connect()
    expect(h.cluster.state.nodes).toHaveLength(3)

    h.transport.kill(3020)
    h.transport.setLayers([base, phases.get('after_kill')!])
    await h.cluster.tend()
    expect(h.cluster.state.nodes.map((n) => n.name).sort()).toEqual(['A1', 'A2'])
    expect(h.removed).toEqual(['A3'])
    // The survivors' new maps give every partition a master among them.
    checkRouting(h.cluster, expectedOwners(phases.get('after_kill')!))
  })

  it('re-reads `replicas` only when the partition generation changes', async () => {
    const phases = failoverPhases()
    const base = stableCluster()
    const h = harness(new ScriptedTransport([base, phases.get('stable')!]))
    await h.cluster.connect()
    const replicaReads = () => h.transport.asked.filter((a) => a.endsWith(' replicas')).length
    const before = replicaReads()
    await h.cluster.tend()
    expect(replicaReads()).toBe(before)

    h.transport.kill(3020)
    h.transport.setLayers([base, phases.get('after_kill')!])
    await h.cluster.tend()
    expect(replicaReads()).toBe(before + 2)
    const generations = h.cluster.state.nodes.map((n) => [n.name, n.partitionGeneration])
    expect(Object.fromEntries(generations)).toEqual({ A1: 3473, A2: 3487 })

    h.transport.setLayers([base, phases.get('two_nodes_stable')!])
    await h.cluster.tend()
    expect(replicaReads()).toBe(before + 4)
    checkRouting(h.cluster, expectedOwners(phases.get('two_nodes_stable')!))
  })

  it('adds a node back when it rejoins the peer lists', async () => {
    const phases = failoverPhases()
    const base = stableCluster()
    const h = harness(new ScriptedTransport([base, phases.get('stable')!]))
    await h.cluster.connect()
    h.transport.kill(3020)
    h.transport.setLayers([base, phases.get('two_nodes_stable')!])
    await h.cluster.tend()
    expect(h.cluster.state.nodes).toHaveLength(2)

    h.transport.down.delete(3020)
    h.transport.setLayers([base, phases.get('rejoined')!])
    await h.cluster.tend()
    expect(h.cluster.state.nodes.map((n) => n.name).sort()).toEqual(['A1', 'A2', 'A3'])
    expect(h.added.filter((n) => n === 'A3')).toHaveLength(2)
    checkRouting(h.cluster, expectedOwners(phases.get('rejoined')!))
  })

  it('swaps the partition map whole: a snapshot taken before a tend never changes', async () => {
    const phases = failoverPhases()
    const base = stableCluster()
    const h = harness(new ScriptedTransport([base, phases.get('stable')!]))
    await h.cluster.connect()
    const snapshot = h.cluster.state
    const masterBefore = snapshot.partitions.get('test')!.replicas[0]!.map((n) => n?.name)
    h.transport.kill(3020)
    h.transport.setLayers([base, phases.get('after_kill')!])
    await h.cluster.tend()
    expect(h.cluster.state).not.toBe(snapshot)
    expect(snapshot.partitions.get('test')!.replicas[0]!.map((n) => n?.name)).toEqual(masterBefore)
    expect(snapshot.nodes).toHaveLength(3)
  })

  it('removes a lone node after repeated tend failures, reports the disconnect, then re-seeds', async () => {
    const single = new Map([
      [
        3000,
        new Map([
          ['node', 'S1'],
          ['features', 'peers;replicas'],
          ['peers-generation', '1'],
          ['partition-generation', '1'],
          ['peers-clear-std', '1,3000,[]'],
          ['replicas', `test:0,1,${encodePartitionBitmap(() => true)}`],
        ]),
      ],
    ])
    const h = harness(new ScriptedTransport([single]))
    await h.cluster.connect()
    expect(h.cluster.state.nodes.map((n) => n.name)).toEqual(['S1'])
    h.transport.kill(3000)
    for (let i = 0; i < MAX_TEND_FAILURES - 1; i++) await h.cluster.tend()
    expect(h.cluster.state.nodes).toHaveLength(1)
    await h.cluster.tend()
    expect(h.cluster.state.nodes).toHaveLength(0)
    expect(h.removed).toEqual(['S1'])
    expect(h.disconnects).toBe(1)
    expect(() => h.cluster.route('test', 0, true, POLICY_REPLICA_MASTER, 0)).toThrow(ClusterError)

    h.transport.down.delete(3000)
    await h.cluster.tend()
    expect(h.cluster.state.nodes.map((n) => n.name)).toEqual(['S1'])
    expect(h.cluster.route('test', 0, true, POLICY_REPLICA_MASTER, 0).name).toBe('S1')
  })

  it('drops a node that answers with another name', async () => {
    const base = stableCluster()
    const h = harness(new ScriptedTransport([base]))
    await h.cluster.connect()
    h.transport.setLayers([base, new Map([[3020, new Map([['node', 'B7']])]])])
    await h.cluster.tend()
    expect(h.cluster.state.byName.has('A3')).toBe(false)
    expect(h.removed).toContain('A3')
  })
})
