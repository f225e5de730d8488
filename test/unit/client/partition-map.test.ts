// Partition map updates: claims by regime, replica counts, removal, copy-on-write.
import { describe, expect, it } from 'vitest'
import type { Node } from '../../../src/client/cluster/node.js'
import {
  applyReplicas,
  EMPTY_PARTITION_MAP,
  mapsNode,
  removeNodes,
} from '../../../src/client/cluster/partition-map.js'
import { encodePartitionBitmap, parseReplicas } from '../../../src/protocol/index.js'

const node = (name: string) => ({ name }) as Node
const all = encodePartitionBitmap(() => true)
const none = encodePartitionBitmap(() => false)
const even = encodePartitionBitmap((p) => p % 2 === 0)

describe('partition maps', () => {
  it('a claim wins only with a regime at least as high as the partition has', () => {
    const a = node('A')
    const b = node('B')
    let map = applyReplicas(EMPTY_PARTITION_MAP, a, parseReplicas(`test:5,1,${all}`))
    map = applyReplicas(map, b, parseReplicas(`test:4,1,${all}`))
    expect(map.get('test')!.replicas[0]![7]).toBe(a)
    map = applyReplicas(map, b, parseReplicas(`test:5,1,${even}`))
    expect(map.get('test')!.replicas[0]![8]).toBe(b)
    expect(map.get('test')!.replicas[0]![7]).toBe(a)
    map = applyReplicas(map, a, parseReplicas(`test:6,1,${none}`))
    expect(map.get('test')!.regimes[8]).toBe(5)
  })

  it('follows the replica count each answer reports', () => {
    const a = node('A')
    let map = applyReplicas(EMPTY_PARTITION_MAP, a, parseReplicas(`test:0,2,${all},${none}`))
    expect(map.get('test')!.replicas).toHaveLength(2)
    map = applyReplicas(map, a, parseReplicas(`test:0,1,${all}`))
    expect(map.get('test')!.replicas).toHaveLength(1)
  })

  it('never changes a map it was given, and drops removed nodes', () => {
    const a = node('A')
    const b = node('B')
    const first = applyReplicas(EMPTY_PARTITION_MAP, a, parseReplicas(`test:0,1,${all};bar:0,1,${all}`))
    const second = applyReplicas(first, b, parseReplicas(`test:0,1,${even}`))
    expect(first.get('test')!.replicas[0]![0]).toBe(a)
    expect(second.get('test')!.replicas[0]![0]).toBe(b)
    expect(second.get('bar')).toBe(first.get('bar'))
    const without = removeNodes(second, new Set([a]))
    expect(without.get('test')!.replicas[0]![1]).toBeUndefined()
    expect(without.get('test')!.replicas[0]![0]).toBe(b)
    expect(mapsNode(without, a)).toBe(false)
    expect(mapsNode(second, a)).toBe(true)
  })
})
