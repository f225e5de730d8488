/** Follows a CDT context (the `context` of an index) down a list or map value, read-only, as index lookups need it. */
import { CdtContextType } from '../../protocol/cdt-codes.js'
import { compareValues, decodeSValue, SList, SMap, type SValue } from '../value.js'

/** A position counted from the end when negative; undefined when out of range. */
function position(index: bigint, length: number): number | undefined {
  const i = Number(index < 0n ? index + BigInt(length) : index)
  return i >= 0 && i < length ? i : undefined
}

/** Element positions of `values` in ascending value order (stable). */
function byRank(values: readonly SValue[]): number[] {
  return values.map((_, i) => i).sort((a, b) => compareValues(values[a]!, values[b]!) || a - b)
}

/** One step down `v`: the element the context pair selects, or undefined. */
function step(v: SValue, type: number, arg: SValue): SValue | undefined {
  const base = type & 0x3f
  if (v instanceof SList) {
    if (base === CdtContextType.LIST_INDEX || base === CdtContextType.LIST_RANK) {
      if (typeof arg !== 'bigint') return undefined
      const i = position(arg, v.items.length)
      if (i === undefined) return undefined
      return base === CdtContextType.LIST_INDEX ? v.items[i] : v.items[byRank(v.items)[i]!]
    }
    if (base === CdtContextType.LIST_VALUE) return v.items.find((x) => compareValues(x, arg) === 0)
    return undefined
  }
  if (v instanceof SMap) {
    if (base === CdtContextType.MAP_KEY) {
      const i = v.keys.findIndex((k) => compareValues(k, arg) === 0)
      return i < 0 ? undefined : v.values[i]
    }
    if (base === CdtContextType.MAP_VALUE) return v.values.find((x) => compareValues(x, arg) === 0)
    if (base === CdtContextType.MAP_INDEX || base === CdtContextType.MAP_RANK) {
      if (typeof arg !== 'bigint') return undefined
      const i = position(arg, v.keys.length)
      if (i === undefined) return undefined
      // Map indexes count in key order; ranks in value order.
      const order = base === CdtContextType.MAP_INDEX ? byRank(v.keys) : byRank(v.values)
      return v.values[order[i]!]
    }
  }
  return undefined
}

/** Decodes a context (msgpack array of type/value pairs) into its pairs. */
export function contextPairs(ctx: Buffer): Array<[number, SValue]> {
  const list = decodeSValue(ctx) as SList
  const pairs: Array<[number, SValue]> = []
  for (let i = 0; i + 1 < list.items.length; i += 2) pairs.push([Number(list.items[i]), list.items[i + 1]!])
  return pairs
}

/** The value `pairs` select inside `root`, or undefined when the path does not exist. */
export function resolveContext(
  root: SValue,
  pairs: ReadonlyArray<readonly [number, SValue]>,
): SValue | undefined {
  let v: SValue | undefined = root
  for (const [type, arg] of pairs) {
    if (v === undefined) return undefined
    v = step(v, type, arg)
  }
  return v
}
