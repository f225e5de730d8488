/** A record's stored size as Aerospike 8.1 reports it to `recordSize()`: its flat form, in 16-byte blocks. */
import { ParticleType } from '../../protocol/particle-type.js'
import type { Particle } from '../particle.js'

/** What the stored size depends on. */
export interface StoredRecord {
  readonly setName: string
  /** The stored user key, if the write sent it. */
  readonly key?: Particle
  /** Seconds since 2010-01-01; 0 = never expires (no void time stored). */
  readonly voidTime: number
  readonly bins: Iterable<readonly [string, Particle]>
}

/** Fixed header of a flat record: magic, flags, digest, last-update time and generation. */
const FLAT_HEADER = 35
const BLOCK = 16

function uintvarSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x20_0000 ? 3 : v < 0x1000_0000 ? 4 : 5
}

function integerFlatSize(data: Buffer): number {
  const u = data.length === 8 ? data.readBigUInt64BE(0) : 0n
  return 2 + (u > 0xffff_ffffn ? 8 : u > 0xffffn ? 4 : u > 0xffn ? 2 : 1)
}

function particleFlatSize(p: Particle): number {
  switch (p.type) {
    case ParticleType.INTEGER:
      return integerFlatSize(p.data)
    case ParticleType.FLOAT:
      return 9
    case ParticleType.BOOL:
      return 2
    default:
      // Type byte, 32-bit size, then the bytes (msgpack for lists and maps).
      return 5 + p.data.length
  }
}

/**
 * The size `recordSize()` (and the deprecated `memorySize()`) returns: the
 * record's flat storage format rounded up to 16-byte blocks. Exact for every
 * particle type but GeoJSON, whose real size also counts the S2 cells the
 * server computes for it.
 */
export function storedRecordSize(r: StoredRecord): number {
  let size = FLAT_HEADER
  if (r.voidTime !== 0) size += 4
  if (r.setName.length > 0) size += 1 + Buffer.byteLength(r.setName)
  if (r.key !== undefined) size += uintvarSize(1 + r.key.data.length) + 1 + r.key.data.length
  let nBins = 0
  for (const [name, particle] of r.bins) {
    nBins++
    size += 1 + Buffer.byteLength(name) + particleFlatSize(particle)
  }
  if (nBins > 0) size += uintvarSize(nBins)
  return Math.ceil(size / BLOCK) * BLOCK
}
