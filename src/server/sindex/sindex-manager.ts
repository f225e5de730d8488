/** The server's secondary indexes: definitions per namespace, population, and keeping every index in step with every record change. */
import { PARTITIONS, partitionId } from '../../protocol/digest.js'
import { infoError } from '../info/params.js'
import type { Namespace, RecordObserver } from '../storage/namespace.js'
import type { StoredRecord } from '../storage/record.js'
import type { Store } from '../storage/store.js'
import { type IndexDefinition, IndexType } from './definition.js'
import { indexedValues, indexKey } from './index-values.js'
import { SecondaryIndex } from './secondary-index.js'

/** Most secondary indexes (set indexes aside) one namespace may define. */
const MAX_INDEXES = 256
/** Population works in slices of about this long before letting other work run, ms. */
const POPULATE_SLICE_MS = 10

/** Whether `index` covers record `r` (an index without a set covers every set). */
function covers(def: IndexDefinition, r: StoredRecord): boolean {
  return def.set === '' || def.set === r.setName
}

/** The index keys of a record's values for `def`, without repeats. */
function keysOf(def: IndexDefinition, r: StoredRecord): Set<bigint> {
  const keys = new Set<bigint>()
  for (const v of indexedValues(def, r.bins)) keys.add(indexKey(v))
  return keys
}

/** Secondary indexes of every namespace of one server. */
export class SindexManager implements RecordObserver {
  /** Definitions by namespace name, then index name (kept even for namespaces this node lacks). */
  private readonly definitions = new Map<string, Map<string, IndexDefinition>>()
  /** Live indexes by namespace name, then index name. */
  private readonly live = new Map<string, Map<string, SecondaryIndex>>()
  private readonly timers = new Set<NodeJS.Immediate>()

  /** Indexes of the namespaces of `store`; the server passes it every record change (recordChanged). */
  constructor(private readonly store: Store) {}

  /**
   * Declares an index (`sindex-create`): 'ok' for a new definition, for an
   * identical one and for a new name of an existing definition (a rename);
   * the error value when the name is taken by another definition or the
   * namespace is at its limit.
   */
  create(def: IndexDefinition): string {
    let defs = this.definitions.get(def.ns)
    if (defs === undefined) {
      defs = new Map()
      this.definitions.set(def.ns, defs)
    }
    const sameName = defs.get(def.name)
    if (sameName !== undefined) {
      return sameName.key === def.key
        ? 'ok'
        : infoError(200, "'indexname' already exists with different definition")
    }
    const sameKey = [...defs.values()].find((d) => d.key === def.key)
    if (sameKey !== undefined) {
      this.rename(sameKey, def)
      return 'ok'
    }
    const count = [...defs.values()].filter((d) => d.indexType !== IndexType.SET).length
    if (def.indexType !== IndexType.SET && count >= MAX_INDEXES)
      return infoError(206, 'already at sindex definition limit')
    defs.set(def.name, def)
    const ns = this.store.namespace(def.ns)
    if (ns !== undefined) this.build(ns, def)
    return 'ok'
  }

  /** Drops an index (`sindex-delete`); 'ok' whether or not it existed, as in 8.1. */
  delete(nsName: string, name: string): string {
    this.definitions.get(nsName)?.delete(name)
    this.live.get(nsName)?.delete(name)
    return 'ok'
  }

  /** The live index called `name` in namespace `nsName`. */
  byName(nsName: string, name: string): SecondaryIndex | undefined {
    return this.live.get(nsName)?.get(name)
  }

  /** The live (non-set) index with exactly this definition, as a query without an index name finds it. */
  byDefinition(
    nsName: string,
    set: string,
    bin: string,
    keyType: number,
    indexType: number,
    context: Buffer | undefined,
  ): SecondaryIndex | undefined {
    for (const index of this.live.get(nsName)?.values() ?? []) {
      const d = index.definition
      if (
        d.set === set &&
        d.bin === bin &&
        d.keyType === keyType &&
        d.indexType === indexType &&
        (d.context === undefined ? context === undefined : context !== undefined && d.context.equals(context))
      )
        return index
    }
    return undefined
  }

  /** How many secondary indexes cover exactly set `set` of `nsName`, and whether the set has a set index. */
  setSummary(nsName: string, set: string): { sindexes: number; setIndex: boolean } {
    let sindexes = 0
    let setIndex = false
    for (const index of this.indexesOf(nsName)) {
      if (index.definition.set !== set) continue
      if (index.definition.indexType === IndexType.SET) setIndex = true
      else sindexes++
    }
    return { sindexes, setIndex }
  }

  /** The live indexes of a namespace, in creation order. */
  indexesOf(nsName: string): readonly SecondaryIndex[] {
    return [...(this.live.get(nsName)?.values() ?? [])]
  }

  /** Stops population work (the server is stopping). */
  close(): void {
    for (const t of this.timers) clearImmediate(t)
    this.timers.clear()
  }

  recordChanged(ns: Namespace, prev: StoredRecord | undefined, next: StoredRecord | undefined): void {
    const indexes = this.live.get(ns.name)
    if (indexes === undefined || indexes.size === 0) return
    // A change of metadata only (touch, read-touch) leaves every index as it was.
    if (prev !== undefined && next !== undefined && prev.bins === next.bins && prev.setName === next.setName)
      return
    for (const index of indexes.values()) {
      const def = index.definition
      if (def.indexType === IndexType.SET) continue
      const pid = partitionId((prev ?? next)!.digest)
      const before = prev !== undefined && covers(def, prev) ? keysOf(def, prev) : undefined
      const after = next !== undefined && covers(def, next) ? keysOf(def, next) : undefined
      const digest = (prev ?? next)!.digest.toString('latin1')
      if (before !== undefined) for (const k of before) if (!after?.has(k)) index.remove(pid, k, digest)
      if (after !== undefined) for (const k of after) if (!before?.has(k)) index.add(pid, k, digest)
    }
  }

  private rename(from: IndexDefinition, to: IndexDefinition): void {
    const defs = this.definitions.get(from.ns)!
    defs.delete(from.name)
    defs.set(to.name, to)
    const indexes = this.live.get(from.ns)
    const index = indexes?.get(from.name)
    if (indexes === undefined || index === undefined) return
    indexes.delete(from.name)
    index.definition = to
    indexes.set(to.name, index)
  }

  /** Makes the index live (every later change reaches it) and indexes the records already stored, a slice at a time. */
  private build(ns: Namespace, def: IndexDefinition): void {
    if (def.indexType === IndexType.SET) ns.ensureSet(def.set)
    else if (def.set !== '') ns.ensureSet(def.set)
    const index = new SecondaryIndex(def)
    let indexes = this.live.get(ns.name)
    if (indexes === undefined) {
      indexes = new Map()
      this.live.set(ns.name, indexes)
    }
    indexes.set(def.name, index)
    const started = Date.now()
    const slice = (): void => {
      const until = Date.now() + POPULATE_SLICE_MS
      while (index.populated < PARTITIONS && Date.now() < until) {
        if (def.indexType !== IndexType.SET) {
          for (const r of ns.partition(index.populated).values()) {
            if (!covers(def, r)) continue
            const digest = r.digest.toString('latin1')
            for (const k of keysOf(def, r)) index.add(index.populated, k, digest)
          }
        }
        index.populated++
      }
      if (index.populated < PARTITIONS) {
        const t = setImmediate(() => {
          this.timers.delete(t)
          // A dropped or replaced index needs no more work.
          if (this.live.get(ns.name)?.get(index.definition.name) === index) slice()
        })
        this.timers.add(t)
        return
      }
      index.readable = true
      index.loadTimeMs = Date.now() - started
    }
    slice()
  }
}
