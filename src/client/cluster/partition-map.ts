/** Per-namespace partition maps (which node holds each replica of each partition), updated copy-on-write. */
import { bitmapHas, type NamespaceReplicas, PARTITIONS } from '../../protocol/index.js'
import type { Node } from './node.js'

/** One namespace's map: `replicas[i][pid]` is the node holding replica i (0 = master) of partition pid. */
export interface PartitionTable {
  readonly replicas: ReadonlyArray<ReadonlyArray<Node | undefined>>
  /** Highest regime seen per partition (strong-consistency namespaces; 0 for AP). */
  readonly regimes: Int32Array
}

/** Namespace -> its partition table. Never mutated: updates return a new map. */
export type PartitionMap = ReadonlyMap<string, PartitionTable>

/** An empty map. */
export const EMPTY_PARTITION_MAP: PartitionMap = new Map()

/**
 * Applies what one node's `replicas` answer claims. A claim wins when its
 * regime is at least the partition's highest regime so far. Slots the node no
 * longer claims keep their holder until another node claims them (a stale
 * holder proxies the command; an empty slot would fail it).
 */
export function applyReplicas(
  map: PartitionMap,
  node: Node,
  answer: ReadonlyMap<string, NamespaceReplicas>,
): PartitionMap {
  const out = new Map(map)
  for (const [ns, claim] of answer) {
    const old = map.get(ns)
    const replicas: (Node | undefined)[][] = []
    for (let i = 0; i < claim.replicaCount; i++) {
      const previous = old?.replicas[i]
      replicas.push(
        previous === undefined ? new Array<Node | undefined>(PARTITIONS).fill(undefined) : [...previous],
      )
    }
    const regimes = old === undefined ? new Int32Array(PARTITIONS) : Int32Array.from(old.regimes)
    for (let i = 0; i < claim.replicaCount; i++) {
      const column = replicas[i]!
      const bitmap = claim.bitmaps[i]!
      for (let pid = 0; pid < PARTITIONS; pid++) {
        if (bitmapHas(bitmap, pid) && claim.regime >= regimes[pid]!) column[pid] = node
      }
    }
    for (let pid = 0; pid < PARTITIONS; pid++) {
      if (claim.regime > regimes[pid]! && claimsAny(claim, pid)) regimes[pid] = claim.regime
    }
    out.set(ns, { replicas, regimes })
  }
  return out
}

function claimsAny(claim: NamespaceReplicas, pid: number): boolean {
  for (const bitmap of claim.bitmaps) if (bitmapHas(bitmap, pid)) return true
  return false
}

/** The map without any reference to `removed` nodes. */
export function removeNodes(map: PartitionMap, removed: ReadonlySet<Node>): PartitionMap {
  if (removed.size === 0) return map
  const out = new Map<string, PartitionTable>()
  for (const [ns, table] of map) {
    const replicas = table.replicas.map((column) =>
      column.some((n) => n !== undefined && removed.has(n))
        ? column.map((n) => (n !== undefined && removed.has(n) ? undefined : n))
        : column,
    )
    out.set(ns, { replicas, regimes: table.regimes })
  }
  return out
}

/** Whether any namespace maps a partition to `node`. */
export function mapsNode(map: PartitionMap, node: Node): boolean {
  for (const table of map.values())
    for (const column of table.replicas) if (column.includes(node)) return true
  return false
}
