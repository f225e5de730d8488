/** The shaping of CDT op results shared by lists and maps (index/rank/count forms). */
import { CDT_RETURN_INVERTED, CdtReturnType } from '../../protocol/cdt-codes.js'
import { SList, SMap, type SValue } from '../value.js'
import { notApplicable } from './errors.js'

/** How an op's result must be shaped: the return type, INVERTED, and whether the op selects many elements. */
export class ResultSpec {
  constructor(
    public type: number,
    public inverted: boolean,
    readonly multi: boolean,
  ) {}

  /** From the return-type argument. */
  static of(flags: bigint, multi: boolean): ResultSpec {
    return new ResultSpec(Number(flags & 0xffffn), (flags & BigInt(CDT_RETURN_INVERTED)) !== 0n, multi)
  }

  get isIndex(): boolean {
    return this.type === CdtReturnType.INDEX || this.type === CdtReturnType.REVERSE_INDEX
  }
  get isRank(): boolean {
    return this.type === CdtReturnType.RANK || this.type === CdtReturnType.REVERSE_RANK
  }
  get isReverse(): boolean {
    return this.type === CdtReturnType.REVERSE_INDEX || this.type === CdtReturnType.REVERSE_RANK
  }
  get isIndexRange(): boolean {
    return this.type === CdtReturnType.INDEX_RANGE || this.type === CdtReturnType.REVERSE_INDEX_RANGE
  }
  get isRankRange(): boolean {
    return this.type === CdtReturnType.RANK_RANGE || this.type === CdtReturnType.REVERSE_RANK_RANGE
  }
  /** KEY_VALUE, UNORDERED_MAP or ORDERED_MAP. */
  get isMap(): boolean {
    return (
      this.type === CdtReturnType.KEY_VALUE ||
      this.type === CdtReturnType.UNORDERED_MAP ||
      this.type === CdtReturnType.ORDERED_MAP
    )
  }
  /** KEY, VALUE or one of the map forms. */
  get isElements(): boolean {
    return this.type === CdtReturnType.KEY || this.type === CdtReturnType.VALUE || this.isMap
  }
}

/** Map flags of a map-shaped result: KEY_VALUE keeps entry order (8), ORDERED_MAP is key-ordered (1). */
export function resultMapFlags(type: number): number {
  if (type === CdtReturnType.KEY_VALUE) return 0x08
  if (type === CdtReturnType.ORDERED_MAP) return 0x01
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
    case CdtReturnType.NONE:
      return undefined
    case CdtReturnType.INDEX_RANGE:
    case CdtReturnType.REVERSE_INDEX_RANGE:
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE:
      return intList([index, 0])
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      return rs.multi ? new SList([]) : -1n
    case CdtReturnType.COUNT:
      return 0n
    case CdtReturnType.EXISTS:
      return false
    case CdtReturnType.KEY:
    case CdtReturnType.VALUE:
      return rs.multi ? new SList([]) : undefined
    case CdtReturnType.KEY_VALUE:
    case CdtReturnType.UNORDERED_MAP:
    case CdtReturnType.ORDERED_MAP:
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
    case CdtReturnType.NONE:
      return undefined
    case CdtReturnType.COUNT:
      return BigInt(rs.inverted ? n - count : count)
    case CdtReturnType.EXISTS:
      return rs.inverted ? count === 0 : count !== 0
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK: {
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
    case CdtReturnType.NONE:
    case CdtReturnType.COUNT:
    case CdtReturnType.EXISTS:
    case CdtReturnType.INDEX:
    case CdtReturnType.REVERSE_INDEX:
    case CdtReturnType.RANK:
    case CdtReturnType.REVERSE_RANK:
      return indexRankCountResult(rs, start, count, n)
    case CdtReturnType.INDEX_RANGE:
    case CdtReturnType.RANK_RANGE:
    case CdtReturnType.REVERSE_INDEX_RANGE:
    case CdtReturnType.REVERSE_RANK_RANGE: {
      if (rs.inverted) throw notApplicable(`return type ${rs.type} not supported with INVERTED`)
      const s = rs.type === CdtReturnType.REVERSE_INDEX_RANGE || rs.type === CdtReturnType.REVERSE_RANK_RANGE
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
