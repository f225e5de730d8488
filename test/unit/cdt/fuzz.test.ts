// Mutated list/map payloads: the evaluator answers every one with a result or a CdtError, and stored values stay valid.
import { describe, expect, it } from 'vitest'
import { applyCdtOp, CdtError } from '../../../src/server/cdt/index.js'
import { type Particle, particleToSValue, toStoredParticle } from '../../../src/server/particle.js'
import { SExt, SList, SMap, type SValue } from '../../../src/server/value.js'
import { loadGoldenCases, particleFromGolden, payloadFromGolden } from './golden-values.js'

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Interesting bytes: msgpack headers, small ints, ext, nil, and the op codes around 0xfe/0xff. */
const BYTES = [0x00, 0x01, 0x7f, 0x80, 0x90, 0x91, 0x93, 0xc0, 0xc3, 0xc7, 0xcc, 0xd4, 0xdc, 0xde, 0xfe, 0xff]

function mutate(payload: Buffer, next: () => number): Buffer {
  const out = Buffer.from(payload)
  const edits = 1 + Math.floor(next() * 3)
  let buf = out
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * buf.length)
    const kind = next()
    if (kind < 0.5) buf[at] = BYTES[Math.floor(next() * BYTES.length)]!
    else if (kind < 0.7) buf[at] = Math.floor(next() * 256)
    else if (kind < 0.85) buf = buf.subarray(0, Math.max(1, at))
    else
      buf = Buffer.concat([
        buf.subarray(0, at),
        Buffer.from([BYTES[Math.floor(next() * BYTES.length)]!]),
        buf.subarray(at),
      ])
  }
  return buf
}

/** An ext element stored first in a list or map: it reads back as an order header with odd flags. */
function holdsExt(v: SValue): boolean {
  if (v instanceof SExt) return true
  if (v instanceof SList) return (v.flags & ~1) !== 0 || v.items.some(holdsExt)
  if (v instanceof SMap) return (v.flags & ~3) !== 0 || v.keys.some(holdsExt) || v.values.some(holdsExt)
  return false
}

const cases = loadGoldenCases().filter((c) => c.group === 'list' || c.group === 'map' || c.group === 'ctx')

describe('mutated payloads', () => {
  it('every mutation answers a result or a CdtError, and what it writes is a valid stored value', () => {
    const next = rng(0xcd7)
    let failures = 0
    let writes = 0
    for (let round = 0; round < 4000; round++) {
      const c = cases[Math.floor(next() * cases.length)]!
      const w = c.wireOps[Math.floor(next() * c.wireOps.length)]!
      const bins = c.before ?? {}
      const names = Object.keys(bins)
      const current: Particle | undefined =
        names.length > 0 ? particleFromGolden(bins[names[Math.floor(next() * names.length)]!]!) : undefined
      const payload = mutate(payloadFromGolden(w.payload), next)
      const own = w.type === 'CDT_MODIFY'
      const modify = next() < 0.9 ? own : !own
      try {
        const out = applyCdtOp(current, payload, modify)
        if (out.updated) {
          writes++
          // What the evaluator stores is already in stored form (an arbitrary ext element
          // as the first item reads back as an order header, on the real server too).
          if (!holdsExt(particleToSValue(out.updated)))
            expect(toStoredParticle(out.updated), payload.toString('hex')).toEqual(out.updated)
        }
      } catch (e) {
        if (!(e instanceof CdtError)) throw new Error(`payload ${payload.toString('hex')}: ${String(e)}`)
        failures++
      }
    }
    expect(failures).toBeGreaterThan(100)
    expect(writes).toBeGreaterThan(100)
  })
})
