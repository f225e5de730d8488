/** Storage size of a record as the server's flat format counts it: the limit checked against max-record-size and the unit of data_used_bytes. */
import { ParticleType } from '../../protocol/particle-type.js'
import type { Particle } from '../particle.js'
import type { Bin } from './record.js'

/** Fixed part of a flat record (magic, flags, digest, last-update time, generation). */
const FLAT_HEADER_SIZE = 35
/** End mark written after each record; counted against the size limit. */
const END_MARK_SIZE = 4
/** Records are stored in 16-byte blocks. */
const RBLOCK_SIZE = 16

/** Bytes of a 7-bits-per-byte variable-length unsigned integer. */
function uintvarSize(v: number): number {
  if (v < 0x80) return 1
  if (v < 0x4000) return 2
  if (v < 0x20_0000) return 3
  if (v < 0x1000_0000) return 4
  return 5
}

/** Flat size of one stored particle (type byte included). */
function particleFlatSize(p: Particle): number {
  switch (p.type) {
    case ParticleType.INTEGER: {
      // Integers are stored in the fewest of 1, 2, 4 or 8 bytes that hold the unsigned value.
      if (p.data.readUInt32BE(0) !== 0) return 10
      const lo = p.data.readUInt32BE(4)
      if (lo > 0xffff) return 6
      return lo > 0xff ? 4 : 3
    }
    case ParticleType.FLOAT:
      return 9
    case ParticleType.BOOL:
      return 2
    default:
      return 5 + p.data.length
  }
}

/** The parts of a record its size depends on. */
export interface SizedRecord {
  readonly setName: string
  readonly key: Buffer | undefined
  readonly voidTime: number
  readonly bins: readonly Bin[]
}

/** Size the record takes on "device" including its end mark: compared with max-record-size (over it: 13). */
export function recordWriteSize(r: SizedRecord): number {
  let size = FLAT_HEADER_SIZE + END_MARK_SIZE
  if (r.voidTime !== 0) size += 4
  if (r.setName !== '') size += 1 + r.setName.length
  if (r.key !== undefined) size += uintvarSize(r.key.length) + r.key.length
  if (r.bins.length !== 0) size += uintvarSize(r.bins.length)
  for (const b of r.bins) size += 1 + b.name.length + particleFlatSize(b.value)
  return size
}

/** The write size rounded up to whole 16-byte blocks: what the record adds to data_used_bytes. */
export function storageSize(writeSize: number): number {
  return Math.ceil(writeSize / RBLOCK_SIZE) * RBLOCK_SIZE
}
