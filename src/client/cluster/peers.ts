/** Peer bookkeeping: which reported peers are new, and which nodes leave the cluster. */
import type { HostPort } from '../../protocol/index.js'
import type { Node } from './node.js'
import { mapsNode, type PartitionMap } from './partition-map.js'

/** Consecutive failed tends after which a node is removed. */
export const MAX_TEND_FAILURES = 5

/** Peers the nodes list that are not among `nodes`: node name -> its addresses. */
export function unknownPeers(nodes: readonly Node[]): Map<string, readonly HostPort[]> {
  const known = new Set(nodes.map((n) => n.name))
  const wanted = new Map<string, readonly HostPort[]>()
  for (const n of nodes) {
    if (!n.active) continue
    for (const p of n.peers) if (!known.has(p.nodeId) && !wanted.has(p.nodeId)) wanted.set(p.nodeId, p.hosts)
  }
  return wanted
}

/**
 * Which nodes leave: those that answered with another name, those failing
 * MAX_TEND_FAILURES tends in a row, and (with several nodes) those no
 * responding node lists as a peer any more that either failed this tend or
 * hold no partition.
 */
export function nodesToRemove(nodes: readonly Node[], partitions: PartitionMap): Set<Node> {
  const removed = new Set<Node>()
  const references = new Map<string, number>()
  for (const n of nodes) {
    if (!n.active || n.tendFailures > 0) continue
    for (const p of n.peers) references.set(p.nodeId, (references.get(p.nodeId) ?? 0) + 1)
  }
  for (const n of nodes) {
    if (!n.active || n.tendFailures >= MAX_TEND_FAILURES) removed.add(n)
    else if (nodes.length > 1 && (references.get(n.name) ?? 0) === 0) {
      if (n.tendFailures > 0 || (n.partitionGeneration !== -1 && !mapsNode(partitions, n))) removed.add(n)
    }
  }
  return removed
}
