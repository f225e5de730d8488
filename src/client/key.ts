/** Record keys: the Key class, the accepted key shapes, and their validation into a routable key. */
import { computeDigest, DIGEST_SIZE, EncodeError, partitionId, type UserKey } from '../protocol/index.js'
import { invalidArg } from './errors.js'

/** Longest namespace name the server accepts (bytes). */
const MAX_NAMESPACE_LENGTH = 31
/** Longest set name the server accepts (bytes). */
const MAX_SET_LENGTH = 63

/** True while Key.fromAnswer builds a key: its fields came from a server answer and need no checks. */
let fromAnswer = false

/**
 * A record key: namespace, set, user key and the 20-byte digest that
 * identifies the record. Destructures like aerospike-py's key tuple:
 * `const [namespace, set, userKey, digest] = record.key`.
 */
export class Key {
  /** Set name; '' when the record has no set. */
  readonly set: string
  /** The user key, or null when the key is known by digest only. */
  readonly userKey: UserKey | null
  /** RIPEMD-160 digest of set and user key. */
  readonly digest: Buffer

  /**
   * Builds a key. Give `userKey`, or `null` and a 20-byte `digest`.
   * Throws InvalidArgError for a bad namespace, set, user key or digest.
   */
  constructor(
    readonly namespace: string,
    set: string | null | undefined,
    userKey: UserKey | null | undefined,
    digest?: Uint8Array,
  ) {
    if (fromAnswer) {
      this.set = set as string
      this.userKey = userKey ?? null
      this.digest = digest as Buffer
      return
    }
    if (typeof namespace !== 'string' || namespace === '')
      throw invalidArg('key namespace must be a non-empty string')
    // A UTF-16 unit takes at most 3 UTF-8 bytes: short names need no byte count.
    if (namespace.length * 3 > MAX_NAMESPACE_LENGTH && Buffer.byteLength(namespace) > MAX_NAMESPACE_LENGTH)
      throw invalidArg(`namespace '${namespace}' is longer than ${MAX_NAMESPACE_LENGTH} bytes`)
    if (set !== null && set !== undefined && typeof set !== 'string')
      throw invalidArg('key set must be a string, null or undefined')
    this.set = set ?? ''
    if (this.set.length * 3 > MAX_SET_LENGTH && Buffer.byteLength(this.set) > MAX_SET_LENGTH)
      throw invalidArg(`set '${this.set}' is longer than ${MAX_SET_LENGTH} bytes`)
    this.userKey = userKey ?? null
    if (digest !== undefined && digest !== null) {
      if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_SIZE)
        throw invalidArg(`key digest must be ${DIGEST_SIZE} bytes`)
      this.digest = Buffer.from(digest)
    } else if (this.userKey === null) {
      throw invalidArg('key needs a user key or a digest')
    } else {
      try {
        this.digest = computeDigest(this.set, this.userKey)
      } catch (err) {
        throw invalidArg(err instanceof EncodeError ? err.message : String(err))
      }
    }
  }

  /**
   * A key for a record a server returned (scans and queries): the names come
   * from the answer and `digest`, 20 bytes, becomes the key's own (it is not
   * copied). No checks.
   */
  static fromAnswer(namespace: string, set: string, userKey: UserKey | null, digest: Buffer): Key {
    fromAnswer = true
    try {
      return new Key(namespace, set, userKey, digest)
    } finally {
      fromAnswer = false
    }
  }

  /** The partition (0..4095) the record lives in. */
  get partitionId(): number {
    return partitionId(this.digest)
  }

  /** `namespace/set/userKey` (or the digest in hex when there is no user key). */
  toString(): string {
    const k = this.userKey === null ? this.digest.toString('hex') : userKeyText(this.userKey)
    return `${this.namespace}/${this.set}/${k}`
  }

  /** Yields namespace, set, user key and digest, as aerospike-py's key tuple. */
  *[Symbol.iterator](): IterableIterator<string | UserKey | null> {
    yield this.namespace
    yield this.set
    yield this.userKey
    yield this.digest
  }
}

function userKeyText(k: UserKey): string {
  return k instanceof Uint8Array ? Buffer.from(k).toString('hex') : String(k)
}

/** A key as a tuple: `[namespace, set, userKey]`, or `[namespace, set, null, digest]`. */
export type KeyTuple =
  | readonly [namespace: string, set: string | null | undefined, userKey: UserKey]
  | readonly [namespace: string, set: string | null | undefined, userKey: UserKey | null, digest: Uint8Array]

/** An element of a key array (an array literal not written `as const` has this element type). */
export type KeyPart = string | UserKey | null | undefined

/**
 * Every shape a key argument may take: a Key, a key tuple, or any array of
 * key parts (so `const key = ['test', 'demo', 'user1']` works); the shape is
 * checked when the key is used.
 */
export type KeyInput = KeyTuple | Key | readonly KeyPart[]

/** Turns a key argument into a Key (the same instance when given one); throws InvalidArgError for a bad shape. */
export function toKey(input: KeyInput): Key {
  if (input instanceof Key) return input
  if (!Array.isArray(input) || (input.length !== 3 && input.length !== 4)) {
    throw invalidArg(
      'a key must be a tuple [namespace, set, userKey] (or [namespace, set, null, digest]) or a Key',
    )
  }
  const t = input as readonly unknown[]
  if (t[2] !== null && t[2] !== undefined && !isUserKey(t[2]))
    throw invalidArg(`unsupported user key type ${describe(t[2])}`)
  return new Key(
    t[0] as string,
    t[1] as string | null | undefined,
    t[2] as UserKey | null | undefined,
    t[3] === null || t[3] === undefined ? undefined : (t[3] as Uint8Array),
  )
}

function isUserKey(v: unknown): v is UserKey {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || v instanceof Uint8Array
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'object'
  return typeof v
}
