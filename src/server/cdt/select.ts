/**
 * Path select and apply (op 0xfe, 8.1): walks a context in which a step may
 * match several elements (every child, a filter expression, a key list), and
 * returns what it reached — the matching tree, the leaf values, keys or
 * key/value pairs — or rewrites every reached leaf with an expression.
 */
import { CdtContextKind, CdtSelectFlag, ListOrder } from '../../protocol/cdt-codes.js'
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackKind, type MsgpackReader } from '../../protocol/msgpack.js'
import { compareValues, readSValue, SList, SMap, type SValue } from '../value.js'
import { CdtError, CdtResultCode, paramError, typeError } from './errors.js'
import { sortedIndexes } from './order.js'
import { resolveRange } from './range.js'
import { containsSpecial, toStorage } from './storage.js'

/** The element an expression of a path step looks at (the server's built-in variables). */
export interface CdtBuiltins {
  /** The map key (map elements only). */
  readonly key?: SValue
  /** The element's value. */
  readonly value?: SValue
  /** The list position (list elements only). */
  readonly index?: bigint
}

/** The "remove this element" result of an apply expression. */
export const CDT_REMOVE: unique symbol = Symbol('cdt-remove')

/** A compiled expression: evaluates to a value, CDT_REMOVE, or undefined for unknown. */
export interface CdtExp {
  eval(builtins: CdtBuiltins): SValue | typeof CDT_REMOVE | undefined
}

/**
 * What path select needs from the expression module: compiling the filter
 * and apply expressions it carries. The server evaluates them without a
 * record (bins read as unknown).
 */
export interface CdtExpEngine {
  /** Compiles msgpack expression bytes; throws or returns undefined when they are not a valid expression. */
  compile(exp: Buffer): CdtExp | undefined
}

const TYPE_MASK = 0x0f
const MAX_LEVELS = 64

const By = {
  INDEX: 0,
  RANK: 1,
  KEY: 2,
  VALUE: 3,
  EXP: 4,
  KEY_LIST: 10,
} as const

/** AND with the previous step: `[AND | EXP, filter]` narrows what that step matched. */
const CTX_AND = 0x200

interface Level {
  /** The step's type (uint32, as the server keeps it). */
  readonly type: number
  readonly by: number
  index: bigint
  value: SValue
  /** The filter; null for `true` (every child). */
  exp: CdtExp | null
  /** The AND filter; null when none (or `true`). */
  andExp: CdtExp | null
  hasAnd: boolean
}

/** Matches an expression result as a filter verdict: true, false or undefined (unknown). */
function verdict(v: SValue | typeof CDT_REMOVE | undefined): boolean | undefined {
  return v === true ? true : v === false ? false : undefined
}

function compile(engine: CdtExpEngine | undefined, exp: SValue, raw: Buffer): CdtExp | null {
  if (exp === true) return null
  if (!(exp instanceof SList)) throw paramError('select: invalid expression')
  if (!engine) throw paramError('select: expressions need the expression module')
  let compiled: CdtExp | undefined
  try {
    compiled = engine.compile(raw)
  } catch {
    compiled = undefined
  }
  if (!compiled) throw paramError('select: invalid expression')
  return compiled
}

function readRaw(r: MsgpackReader): { value: SValue; raw: Buffer } {
  const start = r.pos
  const value = readSValue(r)
  return { value, raw: r.buf.subarray(start, r.pos) }
}

function readInt64(r: MsgpackReader, what: string): bigint {
  if (r.peekKind() !== MsgpackKind.Int) throw paramError(`select: ${what} must be an integer`)
  return r.readBigInt()
}

function readUint64(r: MsgpackReader, what: string): bigint {
  const v = readInt64(r, what)
  if (v < 0n) throw paramError(`select: ${what} must not be negative`)
  return v
}

/** How each step type reads its parameter: an index/rank, a key/value/key list, or a filter (`true`: all). */
const PARAM_READERS: Readonly<
  Record<number, (level: Level, r: MsgpackReader, engine: CdtExpEngine | undefined) => void>
> = {
  [By.INDEX]: (level, r) => {
    level.index = readInt64(r, 'context index')
  },
  [By.RANK]: (level, r) => {
    level.index = readInt64(r, 'context rank')
  },
  [By.KEY]: (level, r) => {
    level.value = readSValue(r)
  },
  [By.VALUE]: (level, r) => {
    level.value = readSValue(r)
  },
  [By.KEY_LIST]: (level, r) => {
    level.value = readSValue(r)
  },
  [By.EXP]: (level, r, engine) => {
    const { value, raw } = readRaw(r)
    level.exp = compile(engine, value, raw)
  },
}

/** Reads the context pairs (selection_stack_init): AND pairs fold into the step before them. */
function readLevels(r: MsgpackReader, engine: CdtExpEngine | undefined): Level[] {
  if (r.peekKind() !== MsgpackKind.Array) throw paramError('select: context must be a list')
  const n = r.readArrayHeader()
  if (n === 0 || n % 2 === 1) throw paramError('select: context must be type/value pairs')
  if (n / 2 > MAX_LEVELS) throw paramError(`select: more than ${MAX_LEVELS} context levels`)
  const levels: Level[] = []
  for (let j = 0; j < n / 2; j++) {
    const type64 = readUint64(r, 'context type')
    const isAnd = (type64 & BigInt(CTX_AND)) !== 0n
    if (isAnd) {
      if (type64 !== BigInt(CTX_AND | By.EXP)) throw paramError('select: AND takes a filter expression')
      const prev = levels[levels.length - 1]
      if (!prev) throw paramError('select: AND without a step before it')
      if (prev.hasAnd) throw paramError('select: two ANDs on one step')
      if (prev.by === By.EXP) throw paramError('select: AND on a filter step')
      prev.hasAnd = true
      const { value, raw } = readRaw(r)
      prev.andExp = compile(engine, value, raw)
      continue
    }
    const type = Number(BigInt.asUintN(32, type64))
    const level: Level = {
      type,
      by: type & TYPE_MASK,
      index: 0n,
      value: null,
      exp: null,
      andExp: null,
      hasAnd: false,
    }
    const readParam = PARAM_READERS[level.by]
    if (!readParam) throw paramError(`select: context type 0x${type.toString(16)} is not supported`)
    readParam(level, r, engine)
    levels.push(level)
  }
  return levels
}

/** The walk's state: the steps, what to return, and the leaf output of the flat return types. */
class Walk {
  readonly out: SValue[] = []
  constructor(
    readonly levels: readonly Level[],
    readonly type: number,
    readonly noFail: boolean,
    readonly apply: CdtExp | undefined,
  ) {}

  isLeaf(level: number): boolean {
    return level + 1 === this.levels.length
  }

  get keyMode(): boolean {
    return (this.type & CdtSelectFlag.LEAF_MAP_KEY) !== 0 && this.type !== CdtSelectFlag.APPLY
  }

  get valueMode(): boolean {
    return (this.type & CdtSelectFlag.LEAF_LIST) !== 0 && this.type !== CdtSelectFlag.APPLY
  }

  /** An unknown filter verdict: false with NO_FAIL, else PARAMETER (4). */
  unknown(): false {
    if (!this.noFail) throw paramError('select: a filter expression is unknown for an element')
    return false
  }

  /** The apply expression's value for a leaf: the new value, CDT_REMOVE, or undefined to keep it. */
  modify(builtins: CdtBuiltins): SValue | typeof CDT_REMOVE | undefined {
    const v = this.apply!.eval(builtins)
    if (v === undefined) {
      if (!this.noFail) throw new CdtError(CdtResultCode.UNKNOWN, 'select: the apply expression is unknown')
      return undefined
    }
    if (v === CDT_REMOVE) return v
    if (containsSpecial(v)) throw typeError('select: the apply expression gave a value no bin can store')
    return toStorage(v)
  }

  level(v: SList | SMap, level: number): SValue {
    return v instanceof SList ? this.list(v, level) : this.map(v, level)
  }

  /** Returns the TREE form of the list (other types: the list itself, or its rewrite for APPLY). */
  list(list: SList, level: number): SValue {
    const items = list.items
    const leaf = this.isLeaf(level)
    const tree = this.type === CdtSelectFlag.TREE
    if (items.length === 0 && list.flags === 0) return tree ? new SList([]) : list
    if (leaf && this.keyMode) {
      if (!this.noFail) throw typeError('select: map keys asked of a list')
      return list
    }
    if (items.length === 0) return tree ? new SList([], list.flags) : list
    const entry = this.levels[level]!
    const cdtType = entry.type & (CdtContextKind.LIST | CdtContextKind.MAP)
    if (cdtType !== 0 && cdtType !== CdtContextKind.LIST) throw paramError('select: a map step on a list')

    const picked: SValue[] = []
    const replaced = new Map<number, SValue | typeof CDT_REMOVE>()
    const include = (i: number): void => {
      const item = items[i]!
      if (!leaf && (item instanceof SList || item instanceof SMap)) {
        const sub = this.level(item, level + 1)
        if (tree) picked.push(sub)
        else if (this.apply && sub !== item) replaced.set(i, sub)
        return
      }
      if (!tree && !leaf) return
      if (this.apply) {
        const nv = this.modify({ index: BigInt(i), value: item })
        if (nv !== undefined) replaced.set(i, nv)
      } else if (tree) picked.push(item)
      else this.out.push(item)
    }
    const andOk = (i: number): boolean =>
      entry.andExp === null || verdict(entry.andExp.eval({ index: BigInt(i), value: items[i]! })) === true

    if (entry.by === By.INDEX || entry.by === By.RANK) {
      const r = resolveRange(Number(BigInt.asIntN(64, entry.index)), 1, items.length, false)
      if (r) {
        const i =
          entry.by === By.INDEX || list.flags & ListOrder.ORDERED
            ? r.index
            : sortedIndexes(items.length, (a, b) => compareValues(items[a]!, items[b]!))[r.index]!
        if (andOk(i)) include(i)
      }
    } else {
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!
        let tri: boolean | undefined
        if (entry.by === By.EXP) {
          tri = entry.exp === null ? true : verdict(entry.exp.eval({ index: BigInt(i), value: item }))
        } else if (entry.by === By.VALUE) {
          tri = compareValues(item, entry.value) === 0
        }
        if (tri === true && entry.andExp !== null) {
          tri = verdict(entry.andExp.eval({ index: BigInt(i), value: item }))
        }
        if (tri === undefined) tri = this.unknown()
        if (tri) include(i)
      }
    }

    if (tree) return new SList(picked)
    if (replaced.size === 0) return list
    const next: SValue[] = []
    for (let i = 0; i < items.length; i++) {
      const nv = replaced.has(i) ? replaced.get(i)! : items[i]!
      if (nv !== CDT_REMOVE) next.push(nv)
    }
    if (list.flags & ListOrder.ORDERED) {
      const order = sortedIndexes(next.length, (a, b) => compareValues(next[a]!, next[b]!))
      return new SList(
        order.map((i) => next[i]!),
        list.flags,
      )
    }
    return new SList(next, list.flags)
  }

  /** Returns the TREE form of the map (other types: the map itself, or its rewrite for APPLY). */
  map(map: SMap, level: number): SValue {
    const n = map.size
    const leaf = this.isLeaf(level)
    const tree = this.type === CdtSelectFlag.TREE
    if (n === 0) return tree ? new SMap([], [], map.flags) : map
    const entry = this.levels[level]!
    const cdtType = entry.type & 0xf0
    if (cdtType !== 0 && cdtType !== CdtContextKind.MAP) throw paramError('select: a list step on a map')

    const keys: SValue[] = []
    const values: SValue[] = []
    const replaced = new Map<number, SValue | typeof CDT_REMOVE>()
    const include = (i: number): void => {
      const key = map.keys[i]!
      const value = map.values[i]!
      if (!leaf && (value instanceof SList || value instanceof SMap)) {
        const sub = this.level(value, level + 1)
        if (tree) {
          keys.push(key)
          values.push(sub)
        } else if (this.apply && sub !== value) replaced.set(i, sub)
        return
      }
      if (leaf && this.keyMode) this.out.push(key)
      if (leaf && this.valueMode) this.out.push(value)
      if (this.apply) {
        if (!leaf) return
        const nv = this.modify({ key, value })
        if (nv !== undefined) replaced.set(i, nv)
      } else if (tree) {
        keys.push(key)
        values.push(value)
      }
    }
    const andOk = (i: number): boolean =>
      entry.andExp === null ||
      verdict(entry.andExp.eval({ key: map.keys[i]!, value: map.values[i]! })) === true

    if (entry.by === By.INDEX || entry.by === By.RANK) {
      const r = resolveRange(Number(BigInt.asIntN(64, entry.index)), 1, n, false)
      if (r) {
        const i =
          entry.by === By.INDEX
            ? r.index
            : sortedIndexes(n, (a, b) => compareValues(map.values[a]!, map.values[b]!))[r.index]!
        if (andOk(i)) include(i)
      }
    } else {
      const keyList = entry.by === By.KEY_LIST ? keyListOf(entry.value) : undefined
      let foundAll = false
      for (let i = 0; i < n; i++) {
        const key = map.keys[i]!
        const value = map.values[i]!
        let tri: boolean | undefined
        if (foundAll) tri = false
        else if (entry.by === By.EXP) {
          tri = entry.exp === null ? true : verdict(entry.exp.eval({ key, value }))
        } else if (entry.by === By.KEY) {
          tri = compareValues(key, entry.value) === 0
          foundAll = tri
        } else if (entry.by === By.VALUE) {
          tri = compareValues(value, entry.value) === 0
        } else if (keyList) {
          tri = keyList.some((k) => compareValues(key, k) === 0)
        }
        if (tri === true && entry.andExp !== null) tri = verdict(entry.andExp.eval({ key, value }))
        if (tri === undefined) tri = this.unknown()
        if (tri) include(i)
      }
    }

    if (tree) return new SMap(keys, values)
    if (replaced.size === 0) return map
    const nextKeys: SValue[] = []
    const nextValues: SValue[] = []
    for (let i = 0; i < n; i++) {
      const nv = replaced.has(i) ? replaced.get(i)! : map.values[i]!
      if (nv === CDT_REMOVE) continue
      nextKeys.push(map.keys[i]!)
      nextValues.push(nv)
    }
    return new SMap(nextKeys, nextValues, map.flags)
  }
}

/** The keys of a KEY_LIST step: a list; an ordered one must be in order (else PARAMETER). */
function keyListOf(v: SValue): SValue[] {
  if (!(v instanceof SList)) throw paramError('select: key list must be a list')
  if (v.flags & ListOrder.ORDERED) {
    for (let i = 1; i < v.items.length; i++) {
      if (compareValues(v.items[i - 1]!, v.items[i]!) > 0) throw paramError('select: key list not ordered')
    }
  }
  return v.items
}

/** What a path select produced: a result (select types) or the rewritten bin (APPLY). */
export interface SelectOutcome {
  readonly result?: SValue
  readonly updated?: SValue
}

/**
 * Runs `[0xfe, ctx, flags, applyExp?]` (the reader is past the op code) on a
 * list or map value, as cdt_process_state_select does: the bin must be a list
 * or map (INCOMPATIBLE_TYPE 12), the context a non-empty list of at most 64
 * pairs, the return type 0..4 and APPLY only in a modify op with its
 * expression (PARAMETER 4 otherwise).
 */
export function selectPath(
  current: SValue | undefined,
  argc: number,
  r: MsgpackReader,
  modify: boolean,
  engine: CdtExpEngine | undefined,
): SelectOutcome {
  if (!(current instanceof SList || current instanceof SMap))
    throw typeError('select: bin is not a list or map')
  try {
    const levels = readLevels(r, engine)
    const flags = readInt64(r, 'flags')
    const type = Number(flags & 0xfn)
    if (type > CdtSelectFlag.APPLY) throw paramError(`select: invalid return type ${type}`)
    const noFail = (flags & BigInt(CdtSelectFlag.NO_FAIL)) !== 0n
    if (argc !== (type === CdtSelectFlag.APPLY ? 3 : 2)) throw paramError('select: wrong number of arguments')
    if (type === CdtSelectFlag.APPLY) {
      if (!modify) throw paramError('select: APPLY in a read op')
      const { value, raw } = readRaw(r)
      const apply = compile(engine, value, raw)
      if (apply === null) throw paramError('select: invalid apply expression')
      const walk = new Walk(levels, type, noFail, apply)
      return { updated: walk.level(current, 0) }
    }
    const walk = new Walk(levels, type, noFail, undefined)
    const tree = walk.level(current, 0)
    return { result: type === CdtSelectFlag.TREE ? tree : new SList(walk.out) }
  } catch (e) {
    if (e instanceof ParseError) throw paramError(e.message)
    throw e
  }
}
