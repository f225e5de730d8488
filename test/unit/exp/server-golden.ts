/** Test helper: golden values as stored bins, server values back in the golden JSON form, and golden records. */
import { computeDigest } from '../../../src/protocol/digest.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import type { ExpRecordView } from '../../../src/server/exp/types.js'
import type { Particle } from '../../../src/server/particle.js'
import { decodeSValue, SBytes, SList, SMap, type SValue } from '../../../src/server/value.js'
import { type ExpCase, wireToBytes } from './golden-exp.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function floatJson(n: number): Json {
  if (Number.isNaN(n)) return { $float: 'NaN' }
  if (!Number.isFinite(n)) return { $float: n > 0 ? 'Infinity' : '-Infinity' }
  if (Object.is(n, -0)) return { $float: '-0' }
  return Number.isInteger(n) ? { $float: n } : n
}

/** A server value in the golden file's JSON form. */
export function sValueToGolden(v: SValue): Json {
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'bigint')
    return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : { $int: v.toString() }
  if (typeof v === 'number') return floatJson(v)
  if (v instanceof SBytes) {
    if (v.ptype === ParticleType.STRING) return v.text()
    if (v.ptype === ParticleType.BLOB) return { $blob: v.bytes.toString('hex') }
    if (v.ptype === ParticleType.GEOJSON) return { $geo: v.text() }
    return { $bytes: { type: v.ptype, hex: v.bytes.toString('hex') } }
  }
  if (v instanceof SList) {
    const items = v.items.map(sValueToGolden)
    return v.flags ? { $list: items, $listFlags: v.flags } : items
  }
  if (v instanceof SMap) {
    const entries = v.keys.map((k, i) => [sValueToGolden(k), sValueToGolden(v.values[i]!)])
    return v.flags ? { $map: entries, $mapFlags: v.flags } : { $map: entries }
  }
  throw new Error('no golden form')
}

/** A bin particle in the golden file's JSON form. */
export function particleToGolden(p: Particle): Json {
  switch (p.type) {
    case ParticleType.NULL:
      return null
    case ParticleType.INTEGER:
      return sValueToGolden(p.data.readBigInt64BE(0))
    case ParticleType.FLOAT:
      return floatJson(p.data.readDoubleBE(0))
    case ParticleType.BOOL:
      return p.data[0] === 1
    case ParticleType.LIST:
    case ParticleType.MAP:
      return sValueToGolden(decodeSValue(p.data))
    case ParticleType.GEOJSON:
      return { $geo: p.data.subarray(3 + p.data.readUInt16BE(1) * 8).toString('utf8') }
    default:
      return sValueToGolden(new SBytes(p.type, p.data))
  }
}

/** Maps as the official client stores them: key-ordered, keys sorted. */
function keyOrdered(v: Json): Json {
  if (Array.isArray(v)) return v.map(keyOrdered)
  if (v === null || typeof v !== 'object') return v
  if ('$map' in v) {
    const entries = (v.$map as Json[][]).map(([k, val]) => [k!, keyOrdered(val!)])
    entries.sort((a, b) => Buffer.compare(Buffer.from(String(a[0])), Buffer.from(String(b[0]))))
    return { $map: entries, $mapFlags: 1 }
  }
  if (Object.keys(v).some((k) => k.startsWith('$'))) return v
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, keyOrdered(val)]))
}

/** A golden bin value as the particle the server stores. */
export function goldenToParticle(v: Json): Particle {
  if (typeof v === 'boolean') return { type: ParticleType.BOOL, data: Buffer.from([v ? 1 : 0]) }
  if (typeof v === 'string') return { type: ParticleType.STRING, data: Buffer.from(v) }
  if (typeof v === 'number' && Number.isInteger(v)) {
    const data = Buffer.alloc(8)
    data.writeBigInt64BE(BigInt(v))
    return { type: ParticleType.INTEGER, data }
  }
  if (typeof v === 'number') {
    const data = Buffer.alloc(8)
    data.writeDoubleBE(v)
    return { type: ParticleType.FLOAT, data }
  }
  if (Array.isArray(v)) return { type: ParticleType.LIST, data: wireToBytes(v) }
  const o = v as { [k: string]: Json }
  if ('$map' in o) return { type: ParticleType.MAP, data: wireToBytes(o) }
  if ('$blob' in o) return { type: ParticleType.BLOB, data: Buffer.from(o.$blob as string, 'hex') }
  if ('$geo' in o)
    return {
      type: ParticleType.GEOJSON,
      data: Buffer.concat([Buffer.alloc(3), Buffer.from(o.$geo as string)]),
    }
  throw new Error(`no particle for ${JSON.stringify(v)}`)
}

/** Seconds between the Unix epoch and 2010-01-01. */
const CLEPOCH = 1_262_304_000
/** The set every exp case was written to. */
export const GOLDEN_SET = 'gold2_exp'

/**
 * The record a golden exp case ran against: its bins, set, stored key (the case
 * id), TTL 300 s written half a second ago, and the size the real server reported (160).
 */
export function goldenRecord(c: ExpCase, nowMs: number): ExpRecordView {
  const source =
    (c as { before?: Record<string, Json> }).before ?? (keyOrdered(c.initial as Json) as Record<string, Json>)
  const bins = new Map(Object.entries(source).map(([k, v]) => [k, goldenToParticle(v)]))
  return {
    bin: (name) => bins.get(name),
    digest: computeDigest(GOLDEN_SET, c.id),
    setName: GOLDEN_SET,
    key: c.meta?.sendKey ? { type: ParticleType.STRING, data: Buffer.from(c.id) } : undefined,
    voidTime: Math.floor(nowMs / 1000) - CLEPOCH + (c.meta?.ttl ?? 0),
    lastUpdateMs: nowMs - 500,
    size: 160,
  }
}
