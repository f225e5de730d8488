/** Key digests (RIPEMD-160 over set, key type and key bytes) and partition ids. */
import { ByteWriter } from './byte-writer.js'
import { EncodeError } from './codec-errors.js'
import { ParticleType } from './particle-type.js'
import { ripemd160 } from './ripemd160.js'

/** Number of partitions in every namespace. */
export const PARTITIONS = 4096
/** Length of a key digest in bytes. */
export const DIGEST_SIZE = 20

/** A user key: string, integer (number or bigint) or bytes. */
export type UserKey = string | number | bigint | Buffer | Uint8Array

const INT64_MIN = -0x8000_0000_0000_0000n
const INT64_MAX = 0x7fff_ffff_ffff_ffffn

/**
 * The particle type a user key is hashed and sent as: integers 1, strings 3,
 * bytes 4 (blob, as the official clients do).
 */
export function keyParticleType(key: UserKey): number {
  switch (typeof key) {
    case 'string':
      return ParticleType.STRING
    case 'number':
      if (!Number.isSafeInteger(key))
        throw new EncodeError(`integer key ${key} is not a safe integer (use a bigint)`)
      return ParticleType.INTEGER
    case 'bigint':
      if (key < INT64_MIN || key > INT64_MAX)
        throw new EncodeError(`integer key ${key} does not fit in int64`)
      return ParticleType.INTEGER
    default:
      if (key instanceof Uint8Array) return ParticleType.BLOB
  }
  throw new EncodeError(`unsupported key type ${key === null ? 'null' : typeof key}`)
}

/** Number of value bytes a user key takes in a KEY field and in the digest input. */
export function keyByteLength(key: UserKey): number {
  if (typeof key === 'string') return Buffer.byteLength(key)
  if (typeof key === 'number' || typeof key === 'bigint') return 8
  return key.length
}

/** Writes a user key's value bytes (int as 8-byte BE, string UTF-8, bytes raw). */
export function writeKeyBytes(w: ByteWriter, key: UserKey, byteLength: number): void {
  if (typeof key === 'string') w.utf8(key, byteLength)
  else if (typeof key === 'number' || typeof key === 'bigint') w.i64(key)
  else w.bytes(key)
}

/** Reused hash input for the common case of a short set name and key. */
const SCRATCH = new ByteWriter(Buffer.alloc(1024))

/** The 20-byte digest of `key` in `set` (the namespace is not part of it). */
export function computeDigest(set: string, key: UserKey): Buffer {
  const type = keyParticleType(key)
  const len = keyByteLength(key)
  const setLen = Buffer.byteLength(set)
  const size = setLen + 1 + len
  const w = size <= SCRATCH.buf.length ? SCRATCH : ByteWriter.alloc(size)
  w.pos = 0
  w.utf8(set, setLen).u8(type)
  writeKeyBytes(w, key, len)
  return ripemd160(w.buf, 0, size)
}

/** The partition (0..4095) a digest belongs to. */
export function partitionId(digest: Uint8Array): number {
  return (digest[0]! | (digest[1]! << 8)) & (PARTITIONS - 1)
}
