/** Test helper: the `bit` and `hll` cases of cdt-semantics.json, their wire payloads as bytes and their values as particles. */
import { readFileSync } from 'node:fs'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import type { Particle } from '../../../src/server/particle.js'
import { wireToBytes } from '../exp/golden-exp.js'
import { goldenToParticle, particleToGolden } from '../exp/server-golden.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** One request op as the official client sent it. */
export interface WireOp {
  type: string
  bin: string
  payload: Json
}

/** One op as the case describes it (an official Node client call). */
export interface GoldenStep {
  op: string
  bin: string
  args?: Record<string, Json>
  policy?: { writeFlags: string[] }
  overflow?: string
}

/** One case of the `bit` or `hll` group (and the bit/HLL CALL cases of the `exp` group). */
export interface BitHllCase {
  id: string
  group: string
  description: string
  initial: Record<string, Json>
  setup?: GoldenStep[]
  before: Record<string, Json> | null
  ops: GoldenStep[]
  wireOps: WireOp[]
  /** The raw request and response frames, for the few cases that kept them. */
  frames?: { request: string; response: string }
  result?: Record<string, Json>
  resultOps?: Array<[string, Json]>
  error?: { code: number; name: string }
  after: Record<string, Json> | null
}

const doc = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/cdt-semantics.json', import.meta.url), 'utf8'),
) as { cases: BitHllCase[] }

/** Every case of a group, in file order. */
export function loadCases(group: 'bit' | 'hll' | 'exp'): BitHllCase[] {
  return doc.cases.filter((c) => c.group === group)
}

/** The `exp` group cases whose expression CALLs the bit (1) or HLL (2) system. */
export function expCallCases(): BitHllCase[] {
  return loadCases('exp').filter((c) => /\[127,\d+,(1|2|65|66),/.test(JSON.stringify(c.wireOps ?? null)))
}

/** `{$hll}` values as the type-18 bytes the shared exp helpers understand. */
function withHllBytes(v: Json): Json {
  if (Array.isArray(v)) return v.map(withHllBytes)
  if (v === null || typeof v !== 'object') return v
  if ('$hll' in v) return { $bytes: { type: ParticleType.HLL, hex: v.$hll as string } }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withHllBytes(x)]))
}

/** The msgpack bytes of a golden payload. */
export function payloadBytes(payload: Json): Buffer {
  return wireToBytes(withHllBytes(payload))
}

/** A golden bin value (blob, HLL, string, integer, list...) as the particle the server stores. */
export function binParticle(v: Json): Particle {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '$hll' in v)
    return { type: ParticleType.HLL, data: Buffer.from(v.$hll as string, 'hex') }
  return goldenToParticle(v)
}

/** A particle in the golden JSON form (`{$hll}` for HLLs). */
export function particleJson(p: Particle): Json {
  if (p.type === ParticleType.HLL) return { $hll: p.data.toString('hex') }
  return particleToGolden(p)
}

/** The bins of a golden record as particles. */
export function binsOf(record: Record<string, Json> | null): Map<string, Particle> {
  return new Map(Object.entries(record ?? {}).map(([k, v]) => [k, binParticle(v)]))
}

/** The answers a case expects, one per op in wire order (an op that answers nothing: undefined). */
export function expectedAnswers(c: BitHllCase): Array<Json | undefined> {
  if (c.resultOps) return c.resultOps.map(([, v]) => v)
  return c.wireOps.map((w) => c.result?.[w.bin])
}
