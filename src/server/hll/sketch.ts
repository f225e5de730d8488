/**
 * The server's HLL particle (HyperMinHash): an 11-byte header (flags 0,
 * index bits, min-hash bits, a little-endian u64 count cache) and 2^indexBits
 * registers of 6 + minhashBits bits each, packed big-endian bit by bit.
 * A register holds a 6-bit HLL value (position of the hash's lowest set
 * bit, plus 1) followed by the min-hash bits.
 */
import { murmur3x64 } from './murmur3.js'

/** Header bytes before the registers. */
export const HLL_HEADER_SIZE = 11
/** Bits of a register's HLL value. */
export const HLL_BITS = 6
/** Fewest index bits. */
const MIN_INDEX_BITS = 4
/** Most index bits. */
const MAX_INDEX_BITS = 16
/** Fewest non-zero min-hash bits (0 = plain HyperLogLog). */
const MIN_MINHASH_BITS = 4
/** Most min-hash bits. */
const MAX_MINHASH_BITS = 64 - HLL_BITS - 7
/** Largest index + min-hash bits of a sketch the server creates or keeps. */
const MAX_COMBINED_BITS = 64

/** Whether `bits` is a valid index bit count. */
export function validIndexBits(bits: number): boolean {
  return bits >= MIN_INDEX_BITS && bits <= MAX_INDEX_BITS
}

/** Whether `bits` is a valid min-hash bit count (0 included). */
export function validMinhashBits(bits: number): boolean {
  return bits === 0 || (bits >= MIN_MINHASH_BITS && bits <= MAX_MINHASH_BITS)
}

/** Whether the pair is one the server creates and stores. */
export function validBitPair(indexBits: number, minhashBits: number): boolean {
  return (
    validIndexBits(indexBits) && validMinhashBits(minhashBits) && indexBits + minhashBits <= MAX_COMBINED_BITS
  )
}

/** Particle size of a sketch with these bit counts. */
export function sketchSize(indexBits: number, minhashBits: number): number {
  return HLL_HEADER_SIZE + Math.floor(((HLL_BITS + minhashBits) * 2 ** indexBits + 7) / 8)
}

/** Whether `data` is a stored HLL the server accepts: flags 0, a valid bit pair and the matching size. */
export function isValidSketch(data: Buffer): boolean {
  if (data.length < HLL_HEADER_SIZE || data[0] !== 0) return false
  return validBitPair(data[1]!, data[2]!) && data.length === sketchSize(data[1]!, data[2]!)
}

/** `n` (at most 53) bits of `buf` from bit `pos`, big-endian, as an exact number. */
function readBits(buf: Uint8Array, pos: number, n: number): number {
  let v = 0
  for (let left = n; left > 0; ) {
    const used = pos & 7
    const take = Math.min(8 - used, left)
    v = v * 2 ** take + ((buf[pos >> 3]! >> (8 - used - take)) & ((1 << take) - 1))
    pos += take
    left -= take
  }
  return v
}

/** Writes the low `n` (at most 53) bits of `v` into `buf` from bit `pos`, big-endian. */
function writeBits(buf: Uint8Array, pos: number, n: number, v: number): void {
  for (let left = n; left > 0; ) {
    const used = (pos + left - 1) & 7
    const take = Math.min(used + 1, left)
    const shift = 7 - used
    const mask = ((1 << take) - 1) << shift
    const i = (pos + left - 1) >> 3
    buf[i] = (buf[i]! & ~mask) | (((v % 2 ** take) << shift) & mask)
    v = Math.floor(v / 2 ** take)
    left -= take
  }
}

/** Unpacks 6-bit registers (4 in every 3 bytes; the register count is a multiple of 4). */
function unpackSixBits(regs: Uint8Array, out: Uint8Array): void {
  for (let r = 0, i = 0; r < out.length; r += 4, i += 3) {
    const a = regs[i]!
    const b = regs[i + 1]!
    const c = regs[i + 2]!
    out[r] = a >> 2
    out[r + 1] = ((a & 0x03) << 4) | (b >> 4)
    out[r + 2] = ((b & 0x0f) << 2) | (c >> 6)
    out[r + 3] = c & 0x3f
  }
}

/** Packs 6-bit registers, 4 in every 3 bytes. */
function packSixBits(values: Uint8Array, regs: Uint8Array): void {
  for (let r = 0, i = 0; r < values.length; r += 4, i += 3) {
    const v0 = values[r]!
    const v1 = values[r + 1]!
    const v2 = values[r + 2]!
    regs[i] = (v0 << 2) | (v1 >> 4)
    regs[i + 1] = ((v1 & 0x0f) << 4) | (v2 >> 2)
    regs[i + 2] = ((v2 & 0x03) << 6) | values[r + 3]!
  }
}

/** Where an element lands: its register, HLL value (1..65) and min-hash bits. */
export interface Placement {
  readonly index: number
  readonly hll: number
  readonly minhash: number
}

/** Index of the lowest set bit of `v` (64 when v is 0). */
function lowestSetBit(v: bigint): number {
  if (v === 0n) return 64
  let n = 0
  while (((v >> BigInt(n)) & 1n) === 0n) n++
  return n
}

/** Compares two register values given as (HLL value, min-hash bits). */
function compareRegister(hllA: number, minA: number, hllB: number, minB: number): number {
  return hllA !== hllB ? hllA - hllB : minA - minB
}

/** A decoded HLL sketch: registers unpacked into an HLL-value array and a min-hash array. */
export class HllSketch {
  /** Number of registers (2^indexBits). */
  readonly registers: number
  /** HLL value of each register (0..63). */
  readonly hll: Uint8Array
  /** Min-hash bits of each register (empty without min-hash bits). */
  readonly minhash: Float64Array

  private constructor(
    readonly indexBits: number,
    readonly minhashBits: number,
    /** The count cache (0 = not computed). */
    public cache: bigint,
  ) {
    this.registers = 2 ** indexBits
    this.hll = new Uint8Array(this.registers)
    this.minhash = new Float64Array(minhashBits === 0 ? 0 : this.registers)
  }

  /** Min-hash bits of register `r` (0 without min-hash bits). */
  private minhashAt(r: number): number {
    return this.minhashBits === 0 ? 0 : this.minhash[r]!
  }

  /** An empty sketch. */
  static empty(indexBits: number, minhashBits: number): HllSketch {
    return new HllSketch(indexBits, minhashBits, 0n)
  }

  /** Decodes particle bytes whose header and size are already checked. */
  static decode(data: Buffer): HllSketch {
    const s = new HllSketch(data[1]!, data[2]!, data.readBigUInt64LE(3))
    const regs = data.subarray(HLL_HEADER_SIZE)
    if (s.minhashBits === 0) {
      unpackSixBits(regs, s.hll)
      return s
    }
    const width = HLL_BITS + s.minhashBits
    for (let r = 0; r < s.registers; r++) {
      s.hll[r] = readBits(regs, r * width, HLL_BITS)
      s.minhash[r] = readBits(regs, r * width + HLL_BITS, s.minhashBits)
    }
    return s
  }

  /** A copy (registers and cache). */
  clone(): HllSketch {
    const s = new HllSketch(this.indexBits, this.minhashBits, this.cache)
    s.hll.set(this.hll)
    s.minhash.set(this.minhash)
    return s
  }

  /** The particle bytes. */
  encode(): Buffer {
    const out = Buffer.alloc(sketchSize(this.indexBits, this.minhashBits))
    out[1] = this.indexBits
    out[2] = this.minhashBits
    out.writeBigUInt64LE(BigInt.asUintN(64, this.cache), 3)
    const regs = out.subarray(HLL_HEADER_SIZE)
    if (this.minhashBits === 0) {
      packSixBits(this.hll, regs)
      return out
    }
    const width = HLL_BITS + this.minhashBits
    for (let r = 0; r < this.registers; r++) {
      writeBits(regs, r * width, HLL_BITS, this.hll[r]!)
      writeBits(regs, r * width + HLL_BITS, this.minhashBits, this.minhash[r]!)
    }
    return out
  }

  /** Where `element` (compact msgpack bytes) lands in this sketch. */
  place(element: Uint8Array): Placement {
    const [h1, h2] = murmur3x64(element)
    return {
      index: Number(h1 & BigInt(this.registers - 1)),
      hll: lowestSetBit(h2) + 1,
      minhash: Number((h1 >> BigInt(this.indexBits)) & ((1n << BigInt(this.minhashBits)) - 1n)),
    }
  }

  /** Adds an element; true when a register grew (which clears the count cache). */
  add(element: Uint8Array): boolean {
    const p = this.place(element)
    if (compareRegister(this.hll[p.index]!, this.minhashAt(p.index), p.hll, p.minhash) >= 0) return false
    // A 65 (an all-zero hash half) does not fit 6 bits: the server stores it truncated.
    this.hll[p.index] = p.hll & 0x3f
    this.minhash[p.index] = p.minhash
    this.cache = 0n
    return true
  }

  /** Whether the element's value is at most its register's value (it may have been added). */
  mayContain(element: Uint8Array): boolean {
    const p = this.place(element)
    return compareRegister(p.hll, p.minhash, this.hll[p.index]!, this.minhashAt(p.index)) <= 0
  }

  /**
   * Merges `other` (at least as many index bits) into this sketch: each of
   * its registers folds onto register `r mod registers` and keeps the larger
   * value. Without min-hash bits only HLL values are compared (and the
   * cache is kept, as on the server); with them, whole registers.
   */
  union(other: HllSketch): void {
    const mask = this.registers - 1
    if (this.minhashBits === 0) {
      for (let r = 0; r < other.registers; r++) {
        const u = r & mask
        if (this.hll[u]! < other.hll[r]!) this.hll[u] = other.hll[r]!
      }
      return
    }
    for (let r = 0; r < other.registers; r++) {
      const u = r & mask
      if (compareRegister(this.hll[u]!, this.minhashAt(u), other.hll[r]!, other.minhashAt(r)) < 0) {
        this.hll[u] = other.hll[r]!
        this.minhash[u] = other.minhash[r]!
      }
    }
    this.cache = 0n
  }

  /** Keeps a register only where `other`'s register folding onto it is equal (visited in `other`'s order). */
  intersect(other: HllSketch): void {
    const mask = this.registers - 1
    for (let r = 0; r < other.registers; r++) {
      const u = r & mask
      if (this.hll[u] !== other.hll[r] || this.minhashAt(u) !== other.minhashAt(r)) {
        this.hll[u] = 0
        this.minhash[u] = 0
      }
    }
  }

  /** Number of non-zero registers. */
  usedRegisters(): number {
    let n = 0
    for (let r = 0; r < this.registers; r++) if (this.hll[r] !== 0 || this.minhashAt(r) !== 0) n++
    return n
  }

  /**
   * The server's "has data" test: a non-zero byte among the first
   * 2^indexBits bytes of the packed registers (not all of them when the
   * sketch has min-hash bits).
   */
  hasData(): boolean {
    const regs = this.encode().subarray(HLL_HEADER_SIZE, HLL_HEADER_SIZE + this.registers)
    return regs.some((b) => b !== 0)
  }
}

/**
 * The bit counts a union of `sketches` gets: the fewest index bits, and
 * min-hash bits only when every sketch has the same non-zero count.
 */
export function unionTemplate(sketches: readonly HllSketch[]): { indexBits: number; minhashBits: number } {
  let indexBits = sketches[0]!.indexBits
  let minhashBits = sketches[0]!.minhashBits
  for (const s of sketches.slice(1)) {
    if (s.indexBits < indexBits) indexBits = s.indexBits
    if (minhashBits !== 0 && minhashBits !== s.minhashBits) minhashBits = 0
  }
  return { indexBits, minhashBits }
}

/** The union of `sketches` in a new sketch shaped by `unionTemplate`. */
export function unionOf(sketches: readonly HllSketch[]): HllSketch {
  const t = unionTemplate(sketches)
  const out = HllSketch.empty(t.indexBits, t.minhashBits)
  for (const s of sketches) out.union(s)
  return out
}
