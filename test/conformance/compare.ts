/** Test helper: compares what the official client returned with what the capture recorded. */
import { expect } from 'vitest'

/** The value as the capture stored it: JSON, with bigints as "<digits>n" and undefined as null. */
export function normalize(v: unknown): unknown {
  if (v === undefined) return null
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)))
}

/** How far a positive TTL may drift between the capture and this run (seconds). */
const TTL_SLACK = 2

/**
 * Asserts `actual` matches `recorded` on every field the capture recorded.
 * Volatile: a positive `ttl` is compared within TTL_SLACK seconds.
 */
export function expectLike(actual: unknown, recorded: unknown, path = 'result'): void {
  if (recorded !== null && typeof recorded === 'object' && !Array.isArray(recorded)) {
    expect(actual, path).toBeTypeOf('object')
    expect(actual, path).not.toBeNull()
    for (const [k, v] of Object.entries(recorded)) {
      const a = (actual as Record<string, unknown>)[k]
      if (k === 'ttl' && typeof v === 'number' && v > 0) {
        expect(typeof a, `${path}.ttl`).toBe('number')
        expect(Math.abs((a as number) - v), `${path}.ttl ${String(a)} vs ${v}`).toBeLessThanOrEqual(TTL_SLACK)
      } else {
        expectLike(a, v, `${path}.${k}`)
      }
    }
    return
  }
  expect(actual, path).toEqual(recorded)
}
