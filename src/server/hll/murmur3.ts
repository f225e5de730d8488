/** MurmurHash3 x64 128-bit (seed 0): the hash the server's HLL places elements with. */

const MASK = (1n << 64n) - 1n
const C1 = 0x87c37b91114253d5n
const C2 = 0x4cf5ad432745937fn

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK
}

function mix(k: bigint): bigint {
  let h = k ^ (k >> 33n)
  h = (h * 0xff51afd7ed558ccdn) & MASK
  h ^= h >> 33n
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK
  return h ^ (h >> 33n)
}

/** Up to 8 bytes from `start` as a little-endian integer. */
function littleEndian(data: Uint8Array, start: number, end: number): bigint {
  let v = 0n
  for (let i = end - 1; i >= start; i--) v = (v << 8n) | BigInt(data[i]!)
  return v
}

function mixK1(k: bigint): bigint {
  return (rotl((k * C1) & MASK, 31n) * C2) & MASK
}

function mixK2(k: bigint): bigint {
  return (rotl((k * C2) & MASK, 33n) * C1) & MASK
}

/** The two 64-bit halves of the 128-bit hash of `data` (the first half is the one read first in memory). */
export function murmur3x64(data: Uint8Array): readonly [bigint, bigint] {
  const n = data.length
  const blocks = n - (n % 16)
  let h1 = 0n
  let h2 = 0n
  for (let i = 0; i < blocks; i += 16) {
    h1 ^= mixK1(littleEndian(data, i, i + 8))
    h1 = (rotl(h1, 27n) + h2) & MASK
    h1 = (h1 * 5n + 0x52dce729n) & MASK
    h2 ^= mixK2(littleEndian(data, i + 8, i + 16))
    h2 = (rotl(h2, 31n) + h1) & MASK
    h2 = (h2 * 5n + 0x38495ab5n) & MASK
  }
  if (n > blocks + 8) h2 ^= mixK2(littleEndian(data, blocks + 8, n))
  if (n > blocks) h1 ^= mixK1(littleEndian(data, blocks, Math.min(n, blocks + 8)))
  const len = BigInt(n)
  h1 ^= len
  h2 ^= len
  h1 = (h1 + h2) & MASK
  h2 = (h2 + h1) & MASK
  h1 = mix(h1)
  h2 = mix(h2)
  h1 = (h1 + h2) & MASK
  h2 = (h2 + h1) & MASK
  return [h1, h2]
}
