/** A stored record: metadata plus its bins as wire particles, replaced whole by every write. */
import type { Particle } from '../particle.js'

/** One bin: its name (a byte string, one char per byte) and its value. */
export interface Bin {
  readonly name: string
  readonly value: Particle
}

/**
 * A record as storage keeps it. Records are immutable: a write builds a new
 * record and swaps it in, so a command that fails leaves nothing half done.
 */
export interface StoredRecord {
  /** The 20-byte key digest (an owned copy). */
  readonly digest: Buffer
  /** Set name as a byte string; '' when the record is in no set. */
  readonly setName: string
  /** Bins in the server's order (creation order; a deleted bin's slot takes the last bin). */
  readonly bins: readonly Bin[]
  /** 1..65535; 0 never appears in a stored record. */
  readonly generation: number
  /** Expiry in seconds since the Citrusleaf epoch; 0 = never expires. */
  readonly voidTime: number
  /** Last update in milliseconds since the Citrusleaf epoch. */
  readonly lastUpdateMs: number
  /** The user key as the KEY field carried it (particle type byte + value), when stored. */
  readonly key: Buffer | undefined
  /** Bytes this record counts in `data_used_bytes` (its storage size, rounded up to 16). */
  readonly storageSize: number
}

/** Index of the live bin called `name`, or -1. */
export function findBin(bins: readonly Bin[], name: string): number {
  for (let i = 0; i < bins.length; i++) if (bins[i]!.name === name) return i
  return -1
}

/** Next generation after `gen`: wraps from 65535 to 1, since 0 means "no record". */
export function nextGeneration(gen: number): number {
  return gen >= 0xffff ? 1 : gen + 1
}
