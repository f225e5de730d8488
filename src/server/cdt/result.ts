/** Return types of CDT ops and the shaping of results shared by lists and maps (index/rank/count forms). */
import { SList, SMap, type SValue } from '../value.js'
import { notApplicable } from './errors.js'

/** Return type ids (low 16 bits of the return-type argument). */
export const ReturnType = {
  NONE: 0,
  INDEX: 1,
  REVERSE_INDEX: 2,
  RANK: 3,
  REVERSE_RANK: 4,
  COUNT: 5,
  KEY: 6,
  VALUE: 7,
  KEY_VALUE: 8,
  INDEX_RANGE: 9,
  REVERSE_INDEX_RANGE: 10,
  RANK_RANGE: 11,
  REVERSE_RANK_RANGE: 12,
  EXISTS: 13,
  UNORDERED_MAP: 16,
  ORDERED_MAP: 17,
} as const

/** The INVERTED flag, OR-ed into a return type: select the complement. */
export const INVERTED_FLAG = 0x10000

/** How an op's result must be shaped: the return type, INVERTED, and whether the op selects many elements. */
export class ResultSpec {
  constructor(
    public type: number,
    public inverted: boolean,
    readonly multi: boolean,
  ) {}

  /** From the return-type argument. */
  static of(flags: bigint, multi: boolean): ResultSpec {
    return new ResultSpec(Number(flags & 0xffffn), (flags & BigInt(INVERTED_FLAG)) !== 0n, multi)
  }

  get isIndex(): boolean {
    return this.type === ReturnType.INDEX || this.type === ReturnType.REVERSE_INDEX
  }
  get isRank(): boolean {
    return this.type === ReturnType.RANK || this.type === ReturnType.REVERSE_RANK
  }
  get isReverse(): boolean {
    return this.type === ReturnType.REVERSE_INDEX || this.type === ReturnType.REVERSE_RANK
  }
  get isIndexRange(): boolean {
    return this.type === ReturnType.INDEX_RANGE || this.type === ReturnType.REVERSE_INDEX_RANGE
  }
  get isRankRange(): boolean {
    return this.type === ReturnType.RANK_RANGE || this.type === ReturnType.REVERSE_RANK_RANGE
  }
  /** KEY_VALUE, UNORDERED_MAP or ORDERED_MAP. */
  get isMap(): boolean {
    return (
      this.type === ReturnType.KEY_VALUE ||
      this.type === ReturnType.UNORDERED_MAP ||
      this.type === ReturnType.ORDERED_MAP
    )
  }
  /** KEY, VALUE or one of the map forms. */
  get isElements(): boolean {
    return this.type === ReturnType.KEY || this.type === ReturnType.VALUE || this.isMap
  }
}

/** Map flags of a map-shaped result: KEY_VALUE keeps entry order (8), ORDERED_MAP is key-ordered (1). */
export function resultMapFlags(type: number): number {
  if (type === ReturnType.KEY_VALUE) return 0x08
  if (type === ReturnType.ORDERED_MAP) return 0x01
  return 0
}

/** A list of integers as a server value. */
export function intList(values: readonly number[]): SList {
  return new SList(values.map((v) => BigInt(v)))
}

/** `count` consecutive integers from `start`, reversed into `n - 1 - i` form when `rev`. */
export function intRange(start: number, count: number, n: number, rev: boolean): number[] {
  const first = rev ? n - start - count : start
  const out = new Array<number>(count)
  for (let i = 0; i < count; i++) out[i] = first + i
  return out
}

/** What a "nothing selected" result looks like for each return type; undefined = no result. */
export function notFoundResult(rs: ResultSpec, index: number): SValue | undefined {
  switch (rs.type) {
    case ReturnType.NONE:
      return undefined
    case ReturnType.INDEX_RANGE:
    case ReturnType.REVERSE_INDEX_RANGE:
    case ReturnType.RANK_RANGE:
    case ReturnType.REVERSE_RANK_RANGE:
      return intList([index, 0])
    case ReturnType.INDEX:
    case ReturnType.REVERSE_INDEX:
    case ReturnType.RANK:
    case ReturnType.REVERSE_RANK:
      return rs.multi ? new SList([]) : -1n
    case ReturnType.COUNT:
      return 0n
    case ReturnType.EXISTS:
      return false
    case ReturnType.KEY:
    case ReturnType.VALUE:
      return rs.multi ? new SList([]) : undefined
    case ReturnType.KEY_VALUE:
    case ReturnType.UNORDERED_MAP:
    case ReturnType.ORDERED_MAP:
      return emptyResultMap(rs.type)
    default:
      throw notApplicable(`invalid return type ${rs.type}`)
  }
}

function emptyResultMap(type: number): SValue {
  return new SMap([], [], resultMapFlags(type))
}

/**
 * The result for a selection described by a start position and a count in
 * index or rank space (result_data_set_index_rank_count).
 */
export function indexRankCountResult(
  rs: ResultSpec,
  start: number,
  count: number,
  n: number,
): SValue | undefined {
  switch (rs.type) {
    case ReturnType.NONE:
      return undefined
    case ReturnType.COUNT:
      return BigInt(rs.inverted ? n - count : count)
    case ReturnType.EXISTS:
      return rs.inverted ? count === 0 : count !== 0
    case ReturnType.INDEX:
    case ReturnType.REVERSE_INDEX:
    case ReturnType.RANK:
    case ReturnType.REVERSE_RANK: {
      const rev = rs.isReverse
      if (!rs.multi) {
        if (count === 0) return -1n
        return BigInt(rev ? n - start - 1 : start)
      }
      if (rs.inverted) {
        return intList([...intRange(0, start, n, rev), ...intRange(start + count, n - start - count, n, rev)])
      }
      return intList(intRange(start, count, n, rev))
    }
    default:
      throw notApplicable(`return type ${rs.type} not supported here`)
  }
}

/** The result for a contiguous selection (result_data_set_range): adds the *_RANGE return types. */
export function rangeResult(rs: ResultSpec, start: number, count: number, n: number): SValue | undefined {
  switch (rs.type) {
    case ReturnType.NONE:
    case ReturnType.COUNT:
    case ReturnType.EXISTS:
    case ReturnType.INDEX:
    case ReturnType.REVERSE_INDEX:
    case ReturnType.RANK:
    case ReturnType.REVERSE_RANK:
      return indexRankCountResult(rs, start, count, n)
    case ReturnType.INDEX_RANGE:
    case ReturnType.RANK_RANGE:
    case ReturnType.REVERSE_INDEX_RANGE:
    case ReturnType.REVERSE_RANK_RANGE: {
      if (rs.inverted) throw notApplicable(`return type ${rs.type} not supported with INVERTED`)
      const s = rs.type === ReturnType.REVERSE_INDEX_RANGE || rs.type === ReturnType.REVERSE_RANK_RANGE
      return intList([s ? n - start - count : start, count])
    }
    default:
      throw notApplicable(`return type ${rs.type} not supported here`)
  }
}

/** Index results for the selected positions (ascending), reversed when the return type asks. */
export function indexListResult(rs: ResultSpec, selected: readonly number[], n: number): SValue {
  const rev = rs.isReverse
  if (!rs.multi) {
    const i = selected[0] ?? n
    return BigInt(rev ? n - i - 1 : i)
  }
  return intList(selected.map((i) => (rev ? n - i - 1 : i)))
}

/** The complement of a sorted selection of positions in `0..n-1`. */
export function complement(selected: readonly number[], n: number): number[] {
  const out: number[] = []
  let j = 0
  for (let i = 0; i < n; i++) {
    if (j < selected.length && selected[j] === i) j++
    else out.push(i)
  }
  return out
}
