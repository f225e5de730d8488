/** Test helper: random ordered-list op sequences and a plain model of what each op does. */
import fc from 'fast-check'
import { type Particle, particleToSValue } from '../../../src/server/particle.js'
import { SList, type SValue } from '../../../src/server/value.js'

/** The model: a sorted array of small integers (duplicates allowed). */
export type Model = number[]

/** One op: its wire payload, whether it modifies, and what the model says it does. */
export interface Step {
  payload: SValue[]
  modify: boolean
  /** Applies the op to the model: the new list and the result, or the error code. */
  model(list: Model): { list: Model; result: unknown } | { error: number }
}

const RT_COUNT = 5n
const RT_VALUE = 7n

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}

/** A multi-element range: negative start counts from the end, out-of-range parts are dropped. */
function clip(n: number, index: number, count: number): [number, number] {
  if (index >= n) return [n, 0]
  let start = index < 0 ? index + n : index
  if (start < 0) {
    count = Math.max(0, count + start)
    start = 0
  }
  return [start, Math.min(count, n - start)]
}

/** A single position: negative counts from the end; out of range is undefined. */
function position(n: number, index: number): number | undefined {
  const i = index < 0 ? index + n : index
  return i >= 0 && i < n ? i : undefined
}

const small = fc.integer({ min: -6, max: 6 })
const idx = fc.integer({ min: -8, max: 8 })

/** One random op of an ordered list of small integers. */
export const steps: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(small, fc.boolean()).map(
    ([v, unique]): Step => ({
      payload: [1n, BigInt(v), 1n, unique ? 5n : 0n],
      modify: true,
      model: (l) =>
        unique && l.includes(v)
          ? { list: l, result: l.length }
          : { list: sorted([...l, v]), result: l.length + 1 },
    }),
  ),
  fc.array(small, { maxLength: 4 }).map(
    (vs): Step => ({
      payload: [2n, new SList(vs.map(BigInt)), 1n, 0n],
      modify: true,
      model: (l) => ({ list: sorted([...l, ...vs]), result: l.length + vs.length }),
    }),
  ),
  small.map(
    (v): Step => ({
      payload: [35n, RT_COUNT, BigInt(v)],
      modify: true,
      model: (l) => ({ list: l.filter((x) => x !== v), result: l.filter((x) => x === v).length }),
    }),
  ),
  fc.tuple(small, small).map(
    ([a, b]): Step => ({
      payload: [38n, RT_COUNT, BigInt(a), BigInt(b)],
      modify: true,
      model: (l) => ({
        list: l.filter((x) => x < a || x >= b),
        result: l.filter((x) => x >= a && x < b).length,
      }),
    }),
  ),
  idx.map(
    (i): Step => ({
      payload: [19n, RT_VALUE, BigInt(i)],
      modify: false,
      model: (l) => {
        const p = position(l.length, i)
        return p === undefined ? { error: 26 } : { list: l, result: l[p] }
      },
    }),
  ),
  idx.map(
    (r): Step => ({
      payload: [21n, RT_VALUE, BigInt(r)],
      modify: false,
      model: (l) => {
        const p = position(l.length, r)
        return p === undefined ? { error: 26 } : { list: l, result: l[p] }
      },
    }),
  ),
  fc.tuple(idx, fc.integer({ min: 0, max: 6 })).map(
    ([i, c]): Step => ({
      payload: [24n, RT_VALUE, BigInt(i), BigInt(c)],
      modify: false,
      model: (l) => {
        const [s, k] = clip(l.length, i, c)
        return { list: l, result: l.slice(s, s + k) }
      },
    }),
  ),
  fc.tuple(small, small).map(
    ([a, b]): Step => ({
      payload: [25n, RT_VALUE, BigInt(a), BigInt(b)],
      modify: false,
      model: (l) => ({ list: l, result: l.filter((x) => x >= a && x < b) }),
    }),
  ),
  fc.tuple(small, idx, fc.integer({ min: 0, max: 6 })).map(
    ([v, r, c]): Step => ({
      payload: [27n, RT_VALUE, BigInt(v), BigInt(r), BigInt(c)],
      modify: false,
      model: (l) => {
        let start = l.filter((x) => x < v).length + r
        let count = c
        if (start < 0) {
          count = Math.max(0, count + start)
          start = 0
        }
        return { list: l, result: l.slice(start, start + count) }
      },
    }),
  ),
  idx.map(
    (i): Step => ({
      payload: [32n, RT_VALUE, BigInt(i)],
      modify: true,
      model: (l) => {
        const p = position(l.length, i)
        return p === undefined ? { error: 26 } : { list: l.filter((_, k) => k !== p), result: l[p] }
      },
    }),
  ),
  fc.tuple(idx, small).map(
    ([i, d]): Step => ({
      payload: [12n, BigInt(i), BigInt(d)],
      modify: true,
      model: (l) => {
        const p = position(l.length, i)
        // Past the end of an ordered list only index == size works (the new element starts from 0).
        if (p === undefined) return i === l.length ? { list: sorted([...l, d]), result: d } : { error: 26 }
        const next = l[p]! + d
        return { list: sorted([...l.filter((_, k) => k !== p), next]), result: next }
      },
    }),
  ),
  fc.constant<Step>({ payload: [16n], modify: false, model: (l) => ({ list: l, result: l.length }) }),
  fc.constant<Step>({ payload: [11n], modify: true, model: () => ({ list: [], result: undefined }) }),
)

/** A result particle in model terms (numbers and arrays of numbers). */
export function plain(p: Particle | undefined): unknown {
  if (p === undefined) return undefined
  const v = particleToSValue(p)
  if (v instanceof SList) return v.items.map((x) => Number(x as bigint))
  return Number(v as bigint)
}
