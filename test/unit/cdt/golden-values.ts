/** Conversion between the golden files' JSON value encoding (cdt-semantics.json conventions) and server values. */
import { readFileSync } from 'node:fs'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { type Particle, particleToSValue, sValueToParticle } from '../../../src/server/particle.js'
import { encodeSValue, SBytes, SExt, SList, SMap, type SValue } from '../../../src/server/value.js'

/** A value as the golden file encodes it. */
export type Golden = unknown

/** One case of cdt-semantics.json (the fields these tests use). */
export interface GoldenCase {
  id: string
  group: string
  description: string
  before: Record<string, Golden> | null
  wireOps: Array<{ type: string; bin: string; payload: Golden }>
  result?: Record<string, Golden>
  resultOps?: Array<[string, Golden]>
  error?: { code: number | null; name: string; clientSide?: boolean }
  after: Record<string, Golden> | null
  ops: Array<{ op: string; bin: string; args?: Record<string, Golden>; [k: string]: Golden }>
}

/** The golden cases, loaded once. */
export function loadGoldenCases(): GoldenCase[] {
  const url = new URL('../../fixtures/golden/cdt-semantics.json', import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: GoldenCase[] }).cases
}

function hex(s: string): Buffer {
  return Buffer.from(s, 'hex')
}

/** Decodes a golden JSON value into a server value. */
export function fromGolden(v: Golden): SValue {
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v
  if (typeof v === 'string') return SBytes.str(v)
  if (Array.isArray(v)) return new SList(v.map(fromGolden))
  const o = v as Record<string, Golden>
  if ('$int' in o) return BigInt(o.$int as string)
  if ('$float' in o) {
    const f = o.$float
    return typeof f === 'number' ? f : f === '-0' ? -0 : Number(f)
  }
  if ('$blob' in o) return new SBytes(ParticleType.BLOB, hex(o.$blob as string))
  if ('$geo' in o) return new SBytes(ParticleType.GEOJSON, Buffer.from(o.$geo as string))
  if ('$list' in o) return new SList((o.$list as Golden[]).map(fromGolden), (o.$listFlags as number) ?? 0)
  if ('$map' in o) {
    const pairs = o.$map as Array<[Golden, Golden]>
    return new SMap(
      pairs.map((p) => fromGolden(p[0])),
      pairs.map((p) => fromGolden(p[1])),
      (o.$mapFlags as number) ?? 0,
    )
  }
  if ('$ext' in o) {
    const e = o.$ext as { type: number; hex: string }
    return new SExt(e.type, hex(e.hex))
  }
  throw new Error(`unknown golden value ${JSON.stringify(v)}`)
}

/** Encodes a server value the way the golden file does. */
export function toGolden(v: SValue): Golden {
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'bigint')
    return v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n ? Number(v) : { $int: v.toString() }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $float: 'NaN' }
    if (v === Number.POSITIVE_INFINITY) return { $float: 'Infinity' }
    if (v === Number.NEGATIVE_INFINITY) return { $float: '-Infinity' }
    if (Object.is(v, -0)) return { $float: '-0' }
    return Number.isInteger(v) ? { $float: v } : v
  }
  if (v instanceof SBytes) {
    if (v.ptype === ParticleType.STRING) return v.text()
    if (v.ptype === ParticleType.BLOB) return { $blob: v.bytes.toString('hex') }
    if (v.ptype === ParticleType.GEOJSON) return { $geo: v.text() }
    return { $bytes: { type: v.ptype, hex: v.bytes.toString('hex') } }
  }
  if (v instanceof SList) {
    const items = v.items.map(toGolden)
    return v.flags ? { $list: items, $listFlags: v.flags } : items
  }
  if (v instanceof SMap) {
    const pairs = v.keys.map((k, i) => [toGolden(k), toGolden(v.values[i]!)])
    return v.flags ? { $map: pairs, $mapFlags: v.flags } : { $map: pairs }
  }
  if (v instanceof SExt) return { $ext: { type: v.type, hex: v.data.toString('hex') } }
  throw new Error('special values do not appear in golden data')
}

/** A stored bin from its golden value. */
export function particleFromGolden(v: Golden): Particle {
  return sValueToParticle(fromGolden(v))
}

/** A particle (bin or result) in golden form. */
export function particleToGolden(p: Particle): Golden {
  return toGolden(particleToSValue(p))
}

/** The msgpack bytes of a golden op payload. */
export function payloadFromGolden(v: Golden): Buffer {
  return encodeSValue(fromGolden(v))
}
