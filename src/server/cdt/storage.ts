/** The stored form of list and map values: validation and normalization of everything a CDT op writes. */
import { ListOrder, MapOrder } from '../../protocol/cdt-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { compareValues, SBytes, SList, SMap, SSpecial, type SValue } from '../value.js'
import { CdtError, CdtResultCode, paramError } from './errors.js'

/** True when `k` may key a map: an integer, a string or a plain blob. */
export function isMapKey(k: SValue): boolean {
  if (typeof k === 'bigint') return true
  return k instanceof SBytes && (k.ptype === ParticleType.STRING || k.ptype === ParticleType.BLOB)
}

/** True when `v` is or holds WILDCARD/INFINITY, which no bin can store. */
export function containsSpecial(v: SValue): boolean {
  if (v instanceof SSpecial) return true
  if (v instanceof SList) return v.items.some(containsSpecial)
  if (v instanceof SMap) return v.keys.some(containsSpecial) || v.values.some(containsSpecial)
  return false
}

/**
 * Normalizes a value about to be stored inside a bin, as the server's
 * rewrite of untrusted msgpack does: WILDCARD/INFINITY are refused, list
 * flags keep only ORDERED and map flags only KEY/VALUE order, an ordered list
 * or key-ordered map that is not in order is refused, every map key must be
 * an integer, string or blob, duplicate keys are refused, and maps without
 * key order are sorted by key (the server stores every map that way).
 * Throws PARAMETER (4).
 */
export function toStorage(v: SValue): SValue {
  if (v instanceof SSpecial) throw paramError('WILDCARD/INFINITY cannot be stored')
  if (v instanceof SList) return storageList(v)
  if (v instanceof SMap) return storageMap(v)
  return v
}

function storageList(v: SList): SList {
  const flags = v.flags & ListOrder.ORDERED
  const items = v.items.map(toStorage)
  if (flags & ListOrder.ORDERED) {
    for (let i = 1; i < items.length; i++) {
      if (compareValues(items[i - 1]!, items[i]!) > 0) throw paramError('list not ordered as its flags say')
    }
  }
  return new SList(items, flags)
}

function storageMap(v: SMap): SMap {
  const flags = v.flags & MapOrder.KEY_VALUE_ORDERED
  const n = v.size
  for (const k of v.keys) {
    if (!isMapKey(k)) throw paramError('map key must be an integer, string or blob')
  }
  const values = v.values.map(toStorage)
  let sorted = true
  for (let i = 1; i < n; i++) {
    const c = compareValues(v.keys[i - 1]!, v.keys[i]!)
    if (c === 0) throw paramError('map has duplicate keys')
    if (c > 0) {
      if (flags & MapOrder.KEY_ORDERED) throw paramError('map not ordered as its flags say')
      sorted = false
      break
    }
  }
  if (sorted) return new SMap([...v.keys], values, flags)
  const order = v.keys.map((_, i) => i).sort((a, b) => compareValues(v.keys[a]!, v.keys[b]!))
  for (let i = 1; i < n; i++) {
    if (compareValues(v.keys[order[i - 1]!]!, v.keys[order[i]!]!) === 0)
      throw paramError('map has duplicate keys')
  }
  return new SMap(
    order.map((i) => v.keys[i]!),
    order.map((i) => values[i]!),
    flags,
  )
}

/**
 * `count` nils to pad a list with. A padding that alone is larger than the
 * namespace's largest record could never be stored: RECORD_TOO_BIG (13),
 * answered before allocating it.
 */
export function nils(maxBytes: number, count: number): SValue[] {
  if (count > maxBytes)
    throw new CdtError(CdtResultCode.RECORD_TOO_BIG, `padding of ${count} nils cannot be stored`)
  return new Array<SValue>(count).fill(null)
}
