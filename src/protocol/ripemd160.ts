/** RIPEMD-160 in plain TypeScript: faster than node:crypto for the short inputs of key digests. */

/** Message word used by each of the 80 steps of the left line. */
const R_LEFT = Uint8Array.from([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
  3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12, 1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
  4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
])
/** Message word used by each of the 80 steps of the right line. */
const R_RIGHT = Uint8Array.from([
  5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
  15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13, 8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
  12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
])
/** Left rotation of each step of the left line. */
const S_LEFT = Uint8Array.from([
  11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8, 7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13,
  12, 11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5, 11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6,
  5, 12, 9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
])
/** Left rotation of each step of the right line. */
const S_RIGHT = Uint8Array.from([
  8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6, 9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13,
  11, 9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5, 15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5,
  15, 8, 8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
])
/* Additive constants of rounds 2..5 of the left line and 1..4 of the right line (the others add 0). */
const KL2 = 0x5a827999
const KL3 = 0x6ed9eba1
const KL4 = 0x8f1bbcdc | 0
const KL5 = 0xa953fd4e | 0
const KR1 = 0x50a28be6
const KR2 = 0x5c4dd124
const KR3 = 0x6d703ef3
const KR4 = 0x7a6d76e9

/** The 16 little-endian words of the block being compressed. */
const X = new Int32Array(16)
/** Chaining state h0..h4. */
const H = new Int32Array(5)
/** The last one or two blocks, with padding and the bit length. */
const TAIL = Buffer.alloc(128)

/** Left rotation of a 32-bit word. */
function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n))
}

/**
 * Compresses the 64-byte block at `buf[off..off+64)` into H. The two lines are
 * run one after the other, one loop per round, so each round's boolean
 * function is written inline (left line f1..f5, right line f5..f1).
 */
function compress(buf: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++, off += 4) {
    X[i] = buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)
  }
  const h0 = H[0]!
  const h1 = H[1]!
  const h2 = H[2]!
  const h3 = H[3]!
  const h4 = H[4]!
  let a = h0
  let b = h1
  let c = h2
  let d = h3
  let e = h4
  let t: number
  let j = 0
  for (; j < 16; j++) {
    t = (rotl((a + (b ^ c ^ d) + X[R_LEFT[j]!]!) | 0, S_LEFT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 32; j++) {
    t = (rotl((a + ((b & c) | (~b & d)) + X[R_LEFT[j]!]! + KL2) | 0, S_LEFT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 48; j++) {
    t = (rotl((a + ((b | ~c) ^ d) + X[R_LEFT[j]!]! + KL3) | 0, S_LEFT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 64; j++) {
    t = (rotl((a + ((b & d) | (c & ~d)) + X[R_LEFT[j]!]! + KL4) | 0, S_LEFT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 80; j++) {
    t = (rotl((a + (b ^ (c | ~d)) + X[R_LEFT[j]!]! + KL5) | 0, S_LEFT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  const al = a
  const bl = b
  const cl = c
  const dl = d
  const el = e
  a = h0
  b = h1
  c = h2
  d = h3
  e = h4
  for (j = 0; j < 16; j++) {
    t = (rotl((a + (b ^ (c | ~d)) + X[R_RIGHT[j]!]! + KR1) | 0, S_RIGHT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 32; j++) {
    t = (rotl((a + ((b & d) | (c & ~d)) + X[R_RIGHT[j]!]! + KR2) | 0, S_RIGHT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 48; j++) {
    t = (rotl((a + ((b | ~c) ^ d) + X[R_RIGHT[j]!]! + KR3) | 0, S_RIGHT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 64; j++) {
    t = (rotl((a + ((b & c) | (~b & d)) + X[R_RIGHT[j]!]! + KR4) | 0, S_RIGHT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  for (; j < 80; j++) {
    t = (rotl((a + (b ^ c ^ d) + X[R_RIGHT[j]!]!) | 0, S_RIGHT[j]!) + e) | 0
    a = e
    e = d
    d = rotl(c, 10)
    c = b
    b = t
  }
  H[0] = (h1 + cl + d) | 0
  H[1] = (h2 + dl + e) | 0
  H[2] = (h3 + el + a) | 0
  H[3] = (h4 + al + b) | 0
  H[4] = (h0 + bl + c) | 0
}

/** The 20-byte RIPEMD-160 digest of `data[start..end)`. */
export function ripemd160(data: Uint8Array, start = 0, end = data.length): Buffer {
  H[0] = 0x67452301
  H[1] = 0xefcdab89 | 0
  H[2] = 0x98badcfe | 0
  H[3] = 0x10325476
  H[4] = 0xc3d2e1f0 | 0
  const length = end - start
  let off = start
  while (end - off >= 64) {
    compress(data, off)
    off += 64
  }
  // Padding: the rest, one 0x80 byte, zeros, then the length in bits as a little-endian u64.
  const rest = end - off
  const tailLength = rest < 56 ? 64 : 128
  TAIL.fill(0, 0, tailLength)
  TAIL.set(data.subarray(off, end), 0)
  TAIL[rest] = 0x80
  const bits = length * 8
  TAIL.writeUInt32LE(bits >>> 0, tailLength - 8)
  TAIL.writeUInt32LE(Math.floor(bits / 0x1_0000_0000), tailLength - 4)
  compress(TAIL, 0)
  if (tailLength === 128) compress(TAIL, 64)
  const out = Buffer.allocUnsafe(20)
  for (let i = 0; i < 5; i++) out.writeInt32LE(H[i]!, i * 4)
  return out
}
