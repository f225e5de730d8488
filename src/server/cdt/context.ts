/** CDT contexts: finding the nested list or map an op addresses, creating missing levels, and rebuilding the bin. */
import { CdtContextKind, CdtCreateFlag, ListOrder, MapOrder } from '../../protocol/cdt-codes.js'
import { MAX_NESTING } from '../../protocol/msgpack.js'
import { compareValues, SList, SMap, type SValue } from '../value.js'
import { notApplicable, paramError } from './errors.js'
import { findInOrder, heapOrderSelection, heapSelect } from './order.js'
import { resolveRange } from './range.js'
import { containsSpecial, nils, toStorage } from './storage.js'

/** Context type bits (protocol.md §8.6). */
export const CtxType = {
  INDEX: 0x00,
  RANK: 0x01,
  KEY: 0x02,
  VALUE: 0x03,
  EXP: 0x04,
  LIST: CdtContextKind.LIST,
  MAP: CdtContextKind.MAP,
  /** Create flags: list 0x40 unordered, 0x80 unordered padded, 0xc0 ordered; map 0x40, 0x80 key-, 0xc0 key-value-ordered. */
  CREATE_MASK: 0x1c0,
  CREATE_UNORDERED: CdtCreateFlag.UNORDERED,
  CREATE_LIST_PAD: CdtCreateFlag.LIST_PAD,
  CREATE_MAP_KEY_ORDERED: CdtCreateFlag.MAP_KEY_ORDERED,
  CREATE_ORDERED: CdtCreateFlag.ORDERED,
  PERSIST_INDEX: 0x100,
} as const

const BASE_MASK = 0x0f
const TYPE_MASK = 0x3f

/** One step of a context: its type (low 16 bits of the wire integer) and its value. */
export interface CtxEntry {
  readonly type: number
  readonly value: SValue
}

/** Parses the context array `[type, value, type, value, ...]`; a malformed one answers PARAMETER (4). */
export function parseContext(v: SValue): CtxEntry[] {
  if (!(v instanceof SList) || v.items.length === 0 || v.items.length % 2 !== 0) {
    throw paramError('context must be a non-empty list of type/value pairs')
  }
  if (v.items.length / 2 > MAX_NESTING) throw paramError(`context deeper than ${MAX_NESTING} levels`)
  const out: CtxEntry[] = []
  for (let i = 0; i < v.items.length; i += 2) {
    const t = v.items[i]
    if (typeof t !== 'bigint') throw paramError('context type must be an integer')
    out.push({ type: Number(BigInt.asUintN(64, t) & 0xffffn), value: v.items[i + 1]! })
  }
  return out
}

/** Where a context lands, and how to put a new value there. */
export interface Landing {
  /** The element reached (any value); undefined when the path is to be created. */
  readonly target: SValue | undefined
  /** The context ends in levels that do not exist yet: they come into being if the op writes. */
  readonly created: boolean
  /** The bin's new value with `leaf` written at the landing (missing levels created). */
  place(leaf: SList | SMap): SValue
}

interface Step {
  readonly container: SList | SMap
  readonly pos: number
}

/** A position found in a container, or a position where a missing element will be created. */
type Found = { pos: number } | { createAt: number; pad: number } | undefined

function createBits(type: number): number {
  return type & CtxType.CREATE_MASK
}

/** Create flags are only allowed on typed (list or map) context steps. */
function createTypeOk(type: number): boolean {
  return (type & TYPE_MASK & (CtxType.LIST | CtxType.MAP)) !== 0 || createBits(type) === 0
}

function createFlagOn(type: number): boolean {
  return (createBits(type) & ~CtxType.PERSIST_INDEX) !== 0
}

function storedKey(key: SValue): SValue {
  try {
    return toStorage(key)
  } catch {
    throw notApplicable('context key cannot be stored')
  }
}

/** Checks a step that a create will build (cdt_context_ctx_type_create_sz). */
function checkCreateStep(e: CtxEntry): void {
  const masked = e.type & TYPE_MASK
  if (masked === (CtxType.MAP | CtxType.KEY)) {
    if (containsSpecial(e.value)) throw notApplicable('cannot create a key holding WILDCARD/INFINITY')
    storedKey(e.value)
    return
  }
  if (masked === (CtxType.LIST | CtxType.INDEX)) {
    if (typeof e.value !== 'bigint' || e.value < -1n) throw notApplicable('invalid index in create context')
    const cr = createBits(e.type)
    const kind = cr & ~CtxType.PERSIST_INDEX
    if (
      cr === 0 ||
      !(kind === CtxType.CREATE_LIST_PAD || kind === CtxType.CREATE_ORDERED || cr & CtxType.PERSIST_INDEX)
    ) {
      if (e.value > 0n) throw notApplicable('a created list without pad holds its element at index 0')
    }
    return
  }
  throw notApplicable(`context type 0x${e.type.toString(16)} cannot create`)
}

/** Checks the steps after the one that triggered a create: they will all be built. */
function checkCreateTail(entries: readonly CtxEntry[], from: number): void {
  for (let k = from; k < entries.length; k++) {
    const e = entries[k]!
    if (!createTypeOk(e.type)) throw notApplicable(`invalid context type 0x${e.type.toString(16)}`)
    if (e.type & CtxType.PERSIST_INDEX) throw notApplicable('a persisted index is only for the top level')
    checkCreateStep(e)
  }
}

function mapCreateFlags(type: number): number {
  switch (createBits(type) & ~CtxType.PERSIST_INDEX) {
    case CtxType.CREATE_MAP_KEY_ORDERED:
      return MapOrder.KEY_ORDERED
    case CtxType.CREATE_ORDERED:
      return MapOrder.KEY_VALUE_ORDERED
    default:
      return 0
  }
}

/** The container a create step builds around `child`. */
function buildLevel(e: CtxEntry, child: SValue, maxBytes: number): SList | SMap {
  if ((e.type & TYPE_MASK) === (CtxType.MAP | CtxType.KEY)) {
    return new SMap([storedKey(e.value)], [child], mapCreateFlags(e.type))
  }
  const kind = createBits(e.type) & ~CtxType.PERSIST_INDEX
  if (kind === CtxType.CREATE_LIST_PAD) {
    const idx = e.value as bigint
    return new SList(
      [...nils(maxBytes, idx > 0n ? Number(idx > 0xffff_ffffn ? 0xffff_ffffn : idx) : 0), child],
      0,
    )
  }
  return new SList([child], kind === CtxType.CREATE_ORDERED ? ListOrder.ORDERED : 0)
}

/** The chain of containers steps `from..end` build around `leaf`. */
function buildChain(entries: readonly CtxEntry[], from: number, leaf: SValue, maxBytes: number): SValue {
  let v = leaf
  for (let k = entries.length - 1; k >= from; k--) v = buildLevel(entries[k]!, v, maxBytes)
  return v
}

function isOrderedList(c: SList | SMap): c is SList {
  return c instanceof SList && (c.flags & ListOrder.ORDERED) !== 0
}

/**
 * After element `idx` of an ordered list changed (or was appended at the end),
 * moves it to its sorted place the way the server does: by its lower bound
 * among the original elements.
 */
function reposition(orig: readonly SValue[], items: SValue[], idx: number): SValue[] {
  const v = items[idx]!
  const rank = findInOrder(orig.length, 0, orig.length, 0, (i) => compareValues(v, orig[i]!)).result
  if (rank === idx || rank === idx + 1) return items
  items.splice(idx, 1)
  items.splice(rank < idx ? rank : rank - 1, 0, v)
  return items
}

function replaceAt(c: SList | SMap, pos: number, child: SValue): SList | SMap {
  if (c instanceof SMap) {
    const values = [...c.values]
    values[pos] = child
    return new SMap(c.keys, values, c.flags)
  }
  const items = [...c.items]
  items[pos] = child
  return new SList(isOrderedList(c) ? reposition(c.items, items, pos) : items, c.flags)
}

function insertAt(
  c: SList | SMap,
  pos: number,
  pad: number,
  key: SValue,
  child: SValue,
  maxBytes: number,
): SList | SMap {
  if (c instanceof SMap) {
    const keys = [...c.keys]
    const values = [...c.values]
    keys.splice(pos, 0, storedKey(key))
    values.splice(pos, 0, child)
    return new SMap(keys, values, c.flags)
  }
  const items = [...c.items, ...nils(maxBytes, pad), child]
  return new SList(isOrderedList(c) ? reposition(c.items, items, items.length - 1) : items, c.flags)
}

function rebuild(steps: readonly Step[], child: SValue): SValue {
  let v = child
  for (let k = steps.length - 1; k >= 0; k--) v = replaceAt(steps[k]!.container, steps[k]!.pos, v)
  return v
}

function listByIndex(list: SList, e: CtxEntry): Found {
  if (typeof e.value !== 'bigint') return undefined
  const n = list.items.length
  const index = Number(BigInt.asIntN(64, e.value))
  const r = resolveRange(index, 1, n, false)
  if (r) return { pos: r.index }
  if (!createFlagOn(e.type)) return undefined
  if ((n === 0 && index === -1) || index === n) return { createAt: n, pad: 0 }
  if (list.flags & ListOrder.ORDERED) return { createAt: n, pad: 0 }
  if (createBits(e.type) === CtxType.CREATE_LIST_PAD && index > n) return { createAt: n, pad: index - n }
  return undefined
}

function heapPick(n: number, rank: SValue, cmp: (i: number, j: number) => number): Found {
  if (typeof rank !== 'bigint') return undefined
  const r = resolveRange(Number(BigInt.asIntN(64, rank)), 1, n, false)
  if (!r) return undefined
  return { pos: heapOrderSelection(heapSelect(n, r.index, 1, cmp), 1)[0]! }
}

function listStep(list: SList, e: CtxEntry): Found {
  const items = list.items
  switch (e.type & BASE_MASK) {
    case CtxType.INDEX:
      return listByIndex(list, e)
    case CtxType.RANK:
      if (list.flags & ListOrder.ORDERED) return listByIndex(list, e)
      return heapPick(items.length, e.value, (i, j) => compareValues(items[i]!, items[j]!))
    case CtxType.VALUE: {
      if (items.length === 0) return undefined
      if (list.flags & ListOrder.ORDERED) {
        const f = findInOrder(items.length, 0, items.length, 0, (i) => compareValues(e.value, items[i]!))
        return f.found ? { pos: f.result } : undefined
      }
      const pos = items.findIndex((v) => compareValues(v, e.value) === 0)
      return pos < 0 ? undefined : { pos }
    }
    default:
      return undefined
  }
}

function mapStep(map: SMap, e: CtxEntry): Found {
  const n = map.size
  switch (e.type & BASE_MASK) {
    case CtxType.INDEX: {
      if (typeof e.value !== 'bigint') return undefined
      const r = resolveRange(Number(BigInt.asIntN(64, e.value)), 1, n, false)
      return r ? { pos: r.index } : undefined
    }
    case CtxType.RANK:
      return heapPick(n, e.value, (i, j) => compareValues(map.values[i]!, map.values[j]!))
    case CtxType.KEY: {
      const f = findInOrder(n, 0, n, 0, (i) => compareValues(e.value, map.keys[i]!))
      if (f.found) return { pos: f.result }
      if (!createFlagOn(e.type) || containsSpecial(e.value)) return undefined
      const key = storedKey(e.value)
      const at = findInOrder(n, 0, n, 0, (i) => compareValues(key, map.keys[i]!))
      return { createAt: at.result, pad: 0 }
    }
    case CtxType.VALUE: {
      const pos = map.values.findIndex((v) => compareValues(v, e.value) === 0)
      return pos < 0 ? undefined : { pos }
    }
    default:
      return undefined
  }
}

/**
 * Follows a context from the bin value (undefined: the bin is missing, which
 * only a modify with a create context may address). Every failure to find a
 * step answers OP_NOT_APPLICABLE (26), as the server does.
 */
export function dig(
  bin: SList | SMap | undefined,
  entries: readonly CtxEntry[],
  modify: boolean,
  maxBytes: number,
): Landing {
  if (bin === undefined) {
    const first = entries[0]!
    if ((first.type & BASE_MASK) > CtxType.VALUE || !createTypeOk(first.type) || !createFlagOn(first.type)) {
      throw notApplicable('a missing bin needs a create context')
    }
    checkCreateStep(first)
    checkCreateTail(entries, 1)
    return { target: undefined, created: true, place: (leaf) => buildChain(entries, 0, leaf, maxBytes) }
  }
  const steps: Step[] = []
  let cur: SValue = bin
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!
    if ((e.type & BASE_MASK) > CtxType.VALUE || !createTypeOk(e.type)) {
      throw notApplicable(`invalid context type 0x${e.type.toString(16)}`)
    }
    let found: Found
    if (cur instanceof SList) {
      if (e.type & CtxType.MAP) throw notApplicable('map context step on a list')
      found = listStep(cur, e)
    } else if (cur instanceof SMap) {
      if (e.type & CtxType.LIST) throw notApplicable('list context step on a map')
      found = mapStep(cur, e)
    } else throw notApplicable('context steps into a value that is not a list or map')
    if (!found) throw notApplicable(`context step ${k} finds nothing`)
    if ('createAt' in found) {
      if (!modify) throw notApplicable('a read cannot create context levels')
      checkCreateTail(entries, k + 1)
      const container = cur
      const at = found
      return {
        target: undefined,
        created: true,
        place: (leaf) =>
          rebuild(
            steps,
            insertAt(
              container,
              at.createAt,
              at.pad,
              e.value,
              buildChain(entries, k + 1, leaf, maxBytes),
              maxBytes,
            ),
          ),
      }
    }
    steps.push({ container: cur, pos: found.pos })
    cur = cur instanceof SList ? cur.items[found.pos]! : cur.values[found.pos]!
  }
  return { target: cur, created: false, place: (leaf) => rebuild(steps, leaf) }
}
