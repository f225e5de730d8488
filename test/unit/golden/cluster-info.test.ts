import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PARTITIONS } from '../../../src/protocol/digest.js'
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../../../src/protocol/frame.js'
import {
  bitmapHas,
  encodeInfoRequest,
  infoValue,
  type NamespaceReplicas,
  parseFeatures,
  parseInfoFailure,
  parseInfoInt,
  parseInfoResponse,
  parsePeers,
  parseReplicas,
  parseReplicasAll,
  parseReplicasMaster,
  parseServices,
} from '../../../src/protocol/info.js'

/** One info request to one node and its answer (hex frames, proto header included). */
interface InfoExchange {
  port: number
  command: string
  request: string
  response: string
}

const golden = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/golden', name), 'utf8'))
const info = golden('cluster-3node-info.json') as { exchanges: InfoExchange[] }
const failover = golden('cluster-3node-failover.json') as {
  phases: Array<{ phase: string; exchanges: InfoExchange[] }>
}

const NODE_PORTS: Record<string, number> = { A1: 3000, A2: 3010, A3: 3020 }

/** The value a node answered for a command, checking the frames on the way. */
function answer(e: InfoExchange): string {
  const request = Buffer.from(e.request, 'hex')
  expect(request).toEqual(encodeInfoRequest([e.command]))
  const response = Buffer.from(e.response, 'hex')
  expect(readProtoHeader(response, 0)).toEqual({
    type: ProtoType.INFO,
    size: response.length - PROTO_HEADER_SIZE,
  })
  const values = parseInfoResponse(response.subarray(PROTO_HEADER_SIZE))
  expect([...values.keys()]).toEqual([e.command])
  return values.get(e.command)!
}

/** The value `command` got from the node on `port`. */
function nodeValue(exchanges: InfoExchange[], port: number, command: string): string {
  const e = exchanges.find((x) => x.port === port && x.command === command)
  expect(e, `${command} on ${port}`).toBeDefined()
  return answer(e!)
}

/** For each partition, how many nodes claim replica column `column`. */
function claims(maps: NamespaceReplicas[], column: number): number[] {
  const counts = new Array<number>(PARTITIONS).fill(0)
  for (const m of maps)
    for (let p = 0; p < PARTITIONS; p++) if (bitmapHas(m.bitmaps[column]!, p)) counts[p]!++
  return counts
}

describe('cluster-3node-info.json', () => {
  const ports = [3000, 3010, 3020]

  it('every request encodes as captured and every answer parses', () => {
    expect(info.exchanges.length).toBe(48)
    for (const e of info.exchanges) expect(parseInfoFailure(answer(e)), e.command).toBeUndefined()
  })

  it('peers parse to the right node ids, hosts and ports (a bare host means the default port)', () => {
    for (const port of ports) {
      const self = nodeValue(info.exchanges, port, 'node')
      expect(NODE_PORTS[self]).toBe(port)
      const peers = parsePeers(nodeValue(info.exchanges, port, 'peers-clear-std'))
      expect(peers.generation).toBe(parseInfoInt(nodeValue(info.exchanges, port, 'peers-generation')))
      expect(peers.defaultPort).toBe(3000)
      const expected = Object.entries(NODE_PORTS)
        .filter(([id]) => id !== self)
        .map(([nodeId, p]) => ({ nodeId, tlsName: '', hosts: [{ host: '127.0.0.1', port: p }] }))
      expect(peers.peers).toEqual(expected)
      expect(parseServices(nodeValue(info.exchanges, port, 'service-clear-std'))).toEqual([
        { host: '127.0.0.1', port },
      ])
    }
    // A2 and A3 list A1 without a port: it is on the default port 3000.
    expect(nodeValue(info.exchanges, 3010, 'peers-clear-std')).toContain('[A1,,[127.0.0.1]]')
  })

  it('the three replicas maps give every partition exactly one master and replication factor 2', () => {
    const byNode = ports.map((p) => parseReplicas(nodeValue(info.exchanges, p, 'replicas')))
    for (const ns of byNode[0]!.keys()) {
      const maps = byNode.map((m) => m.get(ns)!)
      for (const m of maps) expect(m).toMatchObject({ regime: 0, replicaCount: 2 })
      expect(claims(maps, 0)).toEqual(new Array(PARTITIONS).fill(1))
      expect(claims(maps, 1)).toEqual(new Array(PARTITIONS).fill(1))
      for (let p = 0; p < PARTITIONS; p++) {
        const master = maps.findIndex((m) => bitmapHas(m.bitmaps[0]!, p))
        const prole = maps.findIndex((m) => bitmapHas(m.bitmaps[1]!, p))
        expect(master).not.toBe(prole)
      }
    }
    expect([...byNode[0]!.keys()]).toEqual(['test', 'bar'])
  })

  it('replicas-all and replicas-master agree with replicas', () => {
    for (const port of ports) {
      const replicas = parseReplicas(nodeValue(info.exchanges, port, 'replicas'))
      const all = parseReplicasAll(nodeValue(info.exchanges, port, 'replicas-all'))
      const master = parseReplicasMaster(nodeValue(info.exchanges, port, 'replicas-master'))
      expect([...all.keys()]).toEqual([...replicas.keys()])
      expect([...master.keys()]).toEqual([...replicas.keys()])
      for (const [ns, r] of replicas) {
        expect(all.get(ns)!.bitmaps).toEqual(r.bitmaps)
        expect(master.get(ns)).toEqual(r.bitmaps[0])
      }
    }
  })

  it('the other tend values parse', () => {
    for (const port of ports) {
      expect(parseInfoInt(nodeValue(info.exchanges, port, 'partition-generation'))).toBe(0)
      expect(parseInfoInt(nodeValue(info.exchanges, port, 'partitions'))).toBe(PARTITIONS)
      expect(nodeValue(info.exchanges, port, 'cluster-name')).toBe('test3')
      const features = parseFeatures(nodeValue(info.exchanges, port, 'features'))
      for (const f of ['pscans', 'pquery', 'batch-any', 'peers', 'replicas'])
        expect(features.has(f)).toBe(true)
    }
  })
})

describe('cluster-3node-failover.json', () => {
  it('every frame of every phase encodes and parses', () => {
    expect(failover.phases.map((p) => p.phase)).toEqual([
      'stable',
      'after_kill',
      'two_nodes_stable',
      'rejoined',
    ])
    for (const phase of failover.phases) for (const e of phase.exchanges) answer(e)
  })

  it('follows the node failure: peers, partition generations, masters and cluster-stable', () => {
    const phase = (name: string) => failover.phases.find((p) => p.phase === name)!.exchanges
    const cases: Array<[string, number[], number]> = [
      ['stable', [3000, 3010, 3020], 2],
      ['two_nodes_stable', [3000, 3010], 1],
      ['rejoined', [3000, 3010, 3020], 2],
    ]
    for (const [name, ports, peerCount] of cases) {
      const ex = phase(name)
      const maps = ports.map((p) => parseReplicas(nodeValue(ex, p, 'replicas')).get('test')!)
      expect(claims(maps, 0), name).toEqual(new Array(PARTITIONS).fill(1))
      expect(claims(maps, 1), name).toEqual(new Array(PARTITIONS).fill(1))
      for (const p of ports) {
        expect(parsePeers(nodeValue(ex, p, 'peers-clear-std')).peers).toHaveLength(peerCount)
        expect(parseInfoFailure(nodeValue(ex, p, 'cluster-stable'))).toBeUndefined()
      }
    }
    const killed = phase('after_kill')
    for (const p of [3000, 3010]) {
      expect(parsePeers(nodeValue(killed, p, 'peers-clear-std')).generation).toBe(5)
      expect(parseInfoInt(nodeValue(killed, p, 'partition-generation'))).toBeGreaterThan(0)
      expect(() =>
        infoValue(
          parseInfoResponse(`cluster-stable\t${nodeValue(killed, p, 'cluster-stable')}\n`),
          'cluster-stable',
        ),
      ).toThrow(expect.objectContaining({ name: 'InfoError', code: 7, detail: 'unstable cluster' }))
    }
  })
})
