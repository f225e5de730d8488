/** Index/count arithmetic of CDT ops: negative indexes, clipping of ranges, relative and inverted ranges. */

/** A resolved position range inside a container of known size. */
export interface IndexRange {
  readonly index: number
  readonly count: number
}

/** `index` counted from the end when negative (may stay negative when out of range). */
export function fromEnd(index: number, n: number): number {
  return index < 0 ? index + n : index
}

function clipCount(index: number, count: number, n: number): number {
  return Math.min(count, n - index)
}

/**
 * Resolves an index and a count against `n` elements (calc_index_count).
 * Multi-element ops clip the range to the container (a start past the end
 * selects nothing, a start before the beginning shortens the range); single
 * element ops need an index inside the container and get undefined otherwise.
 */
export function resolveRange(
  index: number,
  count: number,
  n: number,
  multi: boolean,
): IndexRange | undefined {
  if (multi) {
    if (index >= n) return { index: n, count: 0 }
    const i = fromEnd(index, n)
    if (i < 0) return { index: 0, count: -i < count ? Math.min(count + i, n) : 0 }
    return { index: i, count: clipCount(i, count, n) }
  }
  if (index >= n) return undefined
  const i = fromEnd(index, n)
  if (i < 0) return undefined
  return { index: i, count: clipCount(i, count, n) }
}

/**
 * Applies a relative start (calc_rel_index_count): the range starts at
 * `rel + index`; a start before 0 moves to 0 and eats into the count.
 */
export function relativeRange(index: number, count: number, rel: number): IndexRange {
  const i = index + rel
  if (i >= 0) return { index: i, count }
  return { index: 0, count: count > -i ? count + i : 0 }
}

/**
 * What an INVERTED index or rank range selects, when that is one contiguous
 * range of the `n` elements: all of them for an empty range, the tail for a
 * range at the start, the head for a range reaching the end. Undefined when
 * the complement is two pieces (a range strictly inside).
 */
export function invertedRange(range: IndexRange, n: number): IndexRange | undefined {
  const { index, count } = range
  if (count === 0) return { index: 0, count: n }
  if (index === 0) return { index: count, count: n - count }
  if (index + count >= n) return { index: 0, count: index }
  return undefined
}
