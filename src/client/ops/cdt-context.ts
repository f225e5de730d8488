/** CDT contexts: the path from a bin to the nested list or map an op works on (`cdtCtx`). */
import { CdtContextType, CdtCreateFlag } from '../../protocol/cdt-codes.js'
import { EncodeError, ParseError } from '../../protocol/codec-errors.js'
import { ExpType } from '../../protocol/exp-codes.js'
import { type Packable, packToBuffer, RawMsgpack, unpack } from '../../protocol/msgpack.js'
import type { AerospikeValue } from '../../protocol/values.js'
import { invalidArg } from '../errors.js'
import { type Expression, requireExpression, requireType } from '../exp/expression.js'
import { LIST_ORDERED, MAP_KEY_ORDERED, MAP_KEY_VALUE_ORDERED } from './cdt-constants.js'

/**
 * One step of a context: the wire type id (list or map; by index, rank, key
 * or value; plus create flags) and its value (an index, a rank, a key or a
 * value). Build them with `cdtCtx`.
 */
export interface CdtContext {
  readonly type: number
  /** The step's value; a filter step holds its expression's msgpack. */
  readonly value: AerospikeValue | RawMsgpack
}

function integer(name: string, v: number | bigint): number | bigint {
  if (typeof v === 'bigint' || Number.isSafeInteger(v)) return v
  throw invalidArg(`cdtCtx: ${name} must be an integer, got ${String(v)}`)
}

/** The create flag of a list create context. */
export function listCreateFlag(order: number, pad: boolean): number {
  if (order === LIST_ORDERED) return CdtCreateFlag.ORDERED
  return pad ? CdtCreateFlag.LIST_PAD : CdtCreateFlag.UNORDERED
}

/** The create flag of a map create context. */
export function mapCreateFlag(order: number): number {
  if (order === MAP_KEY_ORDERED) return CdtCreateFlag.MAP_KEY_ORDERED
  if (order === MAP_KEY_VALUE_ORDERED) return CdtCreateFlag.ORDERED
  return CdtCreateFlag.UNORDERED
}

/** AND with the step before: `[0x204, filter]`. */
const AND_FILTER = 0x204

function filterOf(filter: unknown, what: string): RawMsgpack {
  const e = requireExpression(filter, `cdtCtx.${what}: filter`)
  requireType(e, ExpType.BOOL, `cdtCtx.${what}: filter`)
  return new RawMsgpack(e.bytes)
}

function step(type: number, value: AerospikeValue | RawMsgpack): CdtContext {
  return { type, value }
}

/**
 * Builders for context steps, outermost first: `[cdtCtx.mapKey('a'),
 * cdtCtx.listIndex(0)]` addresses `bin.a[0]`. A `*Create` step makes the
 * level when it is missing (only for modify ops).
 */
export const cdtCtx = {
  /** The list element at `index` (negative: from the end). */
  listIndex(index: number): CdtContext {
    return step(CdtContextType.LIST_INDEX, integer('index', index))
  },
  /** The list element at `index`, created when missing: `order` of the new list, `pad` to fill with nils. */
  listIndexCreate(index: number, order = 0, pad = false): CdtContext {
    return step(CdtContextType.LIST_INDEX | listCreateFlag(order, pad), integer('index', index))
  },
  /** The list element of rank `rank` (0 = smallest, negative: from the largest). */
  listRank(rank: number): CdtContext {
    return step(CdtContextType.LIST_RANK, integer('rank', rank))
  },
  /** The first list element equal to `value`. */
  listValue(value: AerospikeValue): CdtContext {
    return step(CdtContextType.LIST_VALUE, value)
  },
  /** The map entry at key index `index`. */
  mapIndex(index: number): CdtContext {
    return step(CdtContextType.MAP_INDEX, integer('index', index))
  },
  /** The map entry whose value has rank `rank`. */
  mapRank(rank: number): CdtContext {
    return step(CdtContextType.MAP_RANK, integer('rank', rank))
  },
  /** The map entry with key `key`. */
  mapKey(key: AerospikeValue): CdtContext {
    return step(CdtContextType.MAP_KEY, key)
  },
  /** The map entry with key `key`, created when missing (`order` of the map created to hold it). */
  mapKeyCreate(key: AerospikeValue, order = 0): CdtContext {
    return step(CdtContextType.MAP_KEY | mapCreateFlag(order), key)
  },
  /** The first map entry whose value equals `value`. */
  mapValue(value: AerospikeValue): CdtContext {
    return step(CdtContextType.MAP_VALUE, value)
  },
  /** Path step (selectByPath only): every element of the list or map. */
  allChildren(): CdtContext {
    return step(CdtContextType.ALL_CHILDREN, true)
  },
  /**
   * Path step (path select/modify only): the elements for which `filter`
   * (a boolean expression over the loop variables) is true.
   */
  allChildrenWithFilter(filter: Expression): CdtContext {
    return step(CdtContextType.ALL_CHILDREN, filterOf(filter, 'allChildrenWithFilter'))
  },
  /** Path step: narrows what the step before it matched to the elements `filter` is true for. */
  andFilter(filter: Expression): CdtContext {
    return step(AND_FILTER, filterOf(filter, 'andFilter'))
  },
  /** Path step (selectByPath only): the map entries whose key is one of `keys`. */
  mapKeysIn(keys: readonly AerospikeValue[]): CdtContext {
    if (!Array.isArray(keys)) throw invalidArg('cdtCtx.mapKeysIn: keys must be an array')
    return step(CdtContextType.MAP_KEYS_IN, keys as AerospikeValue)
  },
  /** The context as base64 of its msgpack pair array (the `context=` of secondary index commands). */
  toBase64(ctx: readonly CdtContext[]): string {
    return packToBuffer(contextPairs(ctx)).toString('base64')
  },
  /** Parses a context written by `toBase64`; InvalidArgError when it is not one. */
  fromBase64(text: string): CdtContext[] {
    let v: unknown
    try {
      v = unpack(Buffer.from(text, 'base64'))
    } catch (err) {
      if (err instanceof ParseError) throw invalidArg(`cdtCtx.fromBase64: ${err.message}`)
      throw err
    }
    if (!Array.isArray(v) || v.length === 0 || v.length % 2 !== 0) {
      throw invalidArg('cdtCtx.fromBase64: a context is a non-empty list of type/value pairs')
    }
    const out: CdtContext[] = []
    for (let i = 0; i < v.length; i += 2) {
      const type = v[i]
      if (typeof type !== 'number' || !Number.isInteger(type) || type < 0) {
        throw invalidArg('cdtCtx.fromBase64: a context type must be a non-negative integer')
      }
      out.push(step(type, v[i + 1]!))
    }
    return out
  },
}

/** Checks a context given to an op builder; EncodeError when a step is malformed. */
export function checkContext(ctx: readonly CdtContext[] | undefined): void {
  if (ctx === undefined) return
  if (!Array.isArray(ctx)) throw new EncodeError('ctx must be an array of cdtCtx steps')
  for (const c of ctx) {
    if (c === null || typeof c !== 'object' || !Number.isInteger(c.type) || c.type < 0) {
      throw new EncodeError('ctx steps must be built with cdtCtx')
    }
  }
}

/** The msgpack-ready form of a context: `[type, value, ...]`. */
export function contextPairs(ctx: readonly CdtContext[]): Packable[] {
  const flat: Packable[] = []
  for (const c of ctx) flat.push(c.type, c.value)
  return flat
}
