/** Ordering machinery of the CDT evaluator: the server's partial-sort heap, stable index sorts and ordered searches. */

/** Compares the elements at two indexes: -1, 0 or 1. */
export type IndexCompare = (i: number, j: number) => number

/** Where the selected indexes of a heap selection sit, and in which order. */
export interface HeapSelection {
  /** Element indexes; the selection is `heap[start .. start + count)`. */
  readonly heap: number[]
  /** First position of the selection in `heap`. */
  readonly start: number
  /**
   * True when the selection was made with a min-heap: then it sits in
   * descending order (highest selected rank first), else in ascending order.
   */
  readonly minHeap: boolean
}

/**
 * Selects the elements of ranks `[rank, rank + count)` out of `n` the way the
 * server does (order_heap): a binary heap over the indexes, min-heap when the
 * range is nearer the low end, max-heap otherwise, popping the extremes to the
 * end of the array. The exact mechanics matter: which of several equal
 * elements is picked, and the order the selection comes out in, are both
 * visible in results (e.g. rank-range VALUE results of unordered lists).
 */
export function heapSelect(n: number, rank: number, count: number, cmp: IndexCompare): HeapSelection {
  const tail = n - rank - count
  const minHeap = rank <= tail
  const want = minHeap ? -1 : 1
  const discard = minHeap ? rank : tail
  const heap = new Array<number>(n)
  for (let i = 0; i < n; i++) heap[i] = i
  let filled = n

  const heapify = (start: number): void => {
    let index = start
    for (;;) {
      const c1 = 2 * index + 1
      const c2 = c1 + 1
      if (c1 >= filled) break
      let child = c1
      if (c2 < filled) {
        const c = cmp(heap[c1]!, heap[c2]!)
        child = c === want || c === 0 ? c1 : c2
      }
      if (cmp(heap[child]!, heap[index]!) !== want) break
      const t = heap[index]!
      heap[index] = heap[child]!
      heap[child] = t
      index = child
    }
  }

  for (let i = Math.floor(filled / 2) - 1; i >= 0; i--) heapify(i)
  let end = filled - 1
  for (let k = 0; k < count + discard; k++) {
    const top = heap[0]!
    if (filled > 0) {
      heap[0] = heap[filled - 1]!
      filled--
      heapify(0)
    }
    heap[end--] = top
  }
  return { heap, start: filled, minHeap }
}

/** The selected indexes of a heap selection, lowest rank first. */
export function ascendingSelection(sel: HeapSelection, count: number): number[] {
  const out = sel.heap.slice(sel.start, sel.start + count)
  return sel.minHeap ? out.reverse() : out
}

/** The selected indexes of a heap selection in the order they sit in the heap. */
export function heapOrderSelection(sel: HeapSelection, count: number): number[] {
  return sel.heap.slice(sel.start, sel.start + count)
}

/** Indexes `0..n-1` sorted stably by `cmp` (descending when asked). */
export function sortedIndexes(n: number, cmp: IndexCompare, descending = false): number[] {
  const idx = new Array<number>(n)
  for (let i = 0; i < n; i++) idx[i] = i
  return descending ? idx.sort((a, b) => cmp(b, a)) : idx.sort(cmp)
}

/** A binary search over an ascending sequence: `cmpAt(i)` compares the probe to element `i`. */
export interface OrderedFind {
  /** Position found (see `findInOrder`). */
  readonly result: number
  /** True when an equal element was met. */
  readonly found: boolean
}

/**
 * The server's bisection (order_index_find_rank_by_value) over positions
 * `[start, start + count)` of an ascending sequence of `total` elements.
 * `target` steers equal hits: 0 finds the first equal element (lower bound),
 * `total` the position after the last equal one (upper bound), and anything
 * above `total` stops at the first equal element met.
 */
export function findInOrder(
  total: number,
  start: number,
  count: number,
  target: number,
  cmpAt: (i: number) => number,
): OrderedFind {
  if (total === 0 || count === 0) return { result: total, found: false }
  let lower = start
  let upper = start + count
  let rank = start + Math.floor(count / 2)
  let found = false
  for (;;) {
    let c = cmpAt(rank)
    if (c === 0) {
      found = true
      if (target > total) break
      if (target < rank) c = -1
      else if (target > rank) {
        if (rank === upper - 1) {
          rank++
          break
        }
        c = 1
      } else break
    }
    if (c > 0) {
      if (rank >= upper - 1) {
        rank++
        break
      }
      lower = rank + (found ? 0 : 1)
      rank = Math.floor((rank + upper) / 2)
    } else {
      if (rank === lower) break
      upper = rank
      rank = Math.floor((rank + lower) / 2)
    }
  }
  return { result: rank, found }
}
