/** wyhash (final version 3, with the server's fixed seed): the 64-bit hash that turns string and blob index values into index keys. */

const MASK64 = (1n << 64n) - 1n
const S0 = 0xa0761d6478bd642fn
const S1 = 0xe7037ed1a0b428dbn
const S2 = 0x8ebc6af09c88c6e3n
const S3 = 0x589965cc75374cc3n
/** The seed the server hashes with. */
const SEED = 0x29fbb14cc886fn ^ S0

/** Folds the 128-bit product of `a` and `b` into 64 bits: low half XOR high half. */
function mix(a: bigint, b: bigint): bigint {
  const product = a * b
  return (product & MASK64) ^ (product >> 64n)
}

function read8(buf: Uint8Array, at: number): bigint {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).readBigUInt64LE(at)
}

function read4(buf: Uint8Array, at: number): bigint {
  return BigInt(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).readUInt32LE(at))
}

/** The unsigned 64-bit wyhash of `data`. */
export function wyhash64(data: Uint8Array): bigint {
  const len = data.length
  let seed = SEED
  let a: bigint
  let b: bigint
  if (len <= 16) {
    if (len >= 4) {
      const step = (len >> 3) << 2
      a = (read4(data, 0) << 32n) | read4(data, step)
      b = (read4(data, len - 4) << 32n) | read4(data, len - 4 - step)
    } else if (len > 0) {
      a = (BigInt(data[0]!) << 16n) | (BigInt(data[len >> 1]!) << 8n) | BigInt(data[len - 1]!)
      b = 0n
    } else {
      a = 0n
      b = 0n
    }
  } else {
    let p = 0
    let i = len
    if (i > 48) {
      let see1 = seed
      let see2 = seed
      do {
        seed = mix(read8(data, p) ^ S1, read8(data, p + 8) ^ seed)
        see1 = mix(read8(data, p + 16) ^ S2, read8(data, p + 24) ^ see1)
        see2 = mix(read8(data, p + 32) ^ S3, read8(data, p + 40) ^ see2)
        p += 48
        i -= 48
      } while (i > 48)
      seed ^= see1 ^ see2
    }
    while (i > 16) {
      seed = mix(read8(data, p) ^ S1, read8(data, p + 8) ^ seed)
      i -= 16
      p += 16
    }
    a = read8(data, p + i - 16)
    b = read8(data, p + i - 8)
  }
  return mix(S1 ^ BigInt(len), mix(a ^ S1, b ^ seed))
}

/** The index key of a string or blob value: its wyhash as a signed 64-bit integer. */
export function hashBval(data: Uint8Array): bigint {
  return BigInt.asIntN(64, wyhash64(data))
}
