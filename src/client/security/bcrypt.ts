/** bcrypt ($2a$), which the server's login expects for the password: Blowfish's expensive key schedule over pi's digits. */

/** The salt every Aerospike client hashes passwords with (cost 10). */
export const AEROSPIKE_PASSWORD_SALT = '$2a$10$7EqJtq98hPqEX7fNZaFWoO'

const BCRYPT_BASE64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** "OrpheanBeholderScryDoubt", the text bcrypt encrypts 64 times. */
const MAGIC = Buffer.from('OrpheanBeholderScryDoubt')
/** Number of pi words Blowfish starts from: 18 for P, 4 x 256 for the S-boxes. */
const PI_WORDS = 18 + 1024

let piWords: Uint32Array | undefined

/** The first PI_WORDS 32-bit words of pi's fractional part (Machin's formula in fixed point), computed once. */
function piFraction(): Uint32Array {
  if (piWords !== undefined) return piWords
  const guard = 64n
  const bits = BigInt(PI_WORDS * 32) + guard
  const one = 1n << bits
  const arctanInverse = (x: number): bigint => {
    const x2 = BigInt(x * x)
    let power = one / BigInt(x)
    let sum = power
    let divisor = 1n
    let negative = true
    while (power !== 0n) {
      power /= x2
      divisor += 2n
      sum += negative ? -(power / divisor) : power / divisor
      negative = !negative
    }
    return sum
  }
  let fraction = (16n * arctanInverse(5) - 4n * arctanInverse(239) - (3n << bits)) >> guard
  const words = new Uint32Array(PI_WORDS)
  for (let i = PI_WORDS - 1; i >= 0; i--) {
    words[i] = Number(fraction & 0xffff_ffffn)
    fraction >>= 32n
  }
  piWords = words
  return words
}

/** Blowfish state: the P-array and the four S-boxes (one array of 1024). */
class Blowfish {
  readonly p: Uint32Array
  readonly s: Uint32Array
  /** The last block enciphered: [left, right]. */
  readonly block = new Uint32Array(2)

  constructor() {
    const pi = piFraction()
    this.p = pi.slice(0, 18)
    this.s = pi.slice(18)
  }

  private f(x: number): number {
    const s = this.s
    return (
      (((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) ^ s[512 + ((x >>> 8) & 0xff)]!) +
        s[768 + (x & 0xff)]!) >>>
      0
    )
  }

  /** Enciphers (left, right) into `this.block`. */
  encipher(left: number, right: number): void {
    const p = this.p
    let l = left
    let r = right
    for (let i = 0; i < 16; i += 2) {
      l = (l ^ p[i]!) >>> 0
      r = (r ^ this.f(l)) >>> 0
      r = (r ^ p[i + 1]!) >>> 0
      l = (l ^ this.f(r)) >>> 0
    }
    this.block[0] = (r ^ p[17]!) >>> 0
    this.block[1] = (l ^ p[16]!) >>> 0
  }

  /** Blowfish's key schedule, optionally mixing a salt into the blocks (bcrypt's EksBlowfish steps). */
  expand(key: Buffer, salt: Buffer | undefined): void {
    const keyStream = new WordStream(key)
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ keyStream.next()) >>> 0
    const saltStream = salt === undefined ? undefined : new WordStream(salt)
    let l = 0
    let r = 0
    const fill = (target: Uint32Array): void => {
      for (let i = 0; i < target.length; i += 2) {
        if (saltStream !== undefined) {
          l = (l ^ saltStream.next()) >>> 0
          r = (r ^ saltStream.next()) >>> 0
        }
        this.encipher(l, r)
        l = this.block[0]!
        r = this.block[1]!
        target[i] = l
        target[i + 1] = r
      }
    }
    fill(this.p)
    fill(this.s)
  }
}

/** Big-endian 32-bit words read cyclically from bytes. */
class WordStream {
  private pos = 0
  constructor(private readonly bytes: Buffer) {}
  next(): number {
    let word = 0
    for (let i = 0; i < 4; i++) {
      word = ((word << 8) | this.bytes[this.pos]!) >>> 0
      this.pos = (this.pos + 1) % this.bytes.length
    }
    return word
  }
}

function encodeBase64(data: Buffer, length: number): string {
  let out = ''
  let i = 0
  while (i < length) {
    const c1 = data[i++]!
    out += BCRYPT_BASE64[c1 >> 2]
    let c = (c1 & 0x03) << 4
    if (i >= length) {
      out += BCRYPT_BASE64[c]
      break
    }
    const c2 = data[i++]!
    out += BCRYPT_BASE64[c | (c2 >> 4)]
    c = (c2 & 0x0f) << 2
    if (i >= length) {
      out += BCRYPT_BASE64[c]
      break
    }
    const c3 = data[i++]!
    out += BCRYPT_BASE64[c | (c3 >> 6)]
    out += BCRYPT_BASE64[c3 & 0x3f]
  }
  return out
}

function decodeBase64(text: string, length: number): Buffer {
  const out = Buffer.alloc(length)
  const value = (ch: string): number => {
    const v = BCRYPT_BASE64.indexOf(ch)
    if (v < 0) throw new Error(`bad bcrypt salt character '${ch}'`)
    return v
  }
  let o = 0
  let i = 0
  while (o < length && i + 1 < text.length) {
    const c1 = value(text[i++]!)
    const c2 = value(text[i++]!)
    out[o++] = (c1 << 2) | ((c2 & 0x30) >> 4)
    if (o >= length || i >= text.length) break
    const c3 = value(text[i++]!)
    out[o++] = ((c2 & 0x0f) << 4) | ((c3 & 0x3c) >> 2)
    if (o >= length || i >= text.length) break
    const c4 = value(text[i++]!)
    out[o++] = ((c3 & 0x03) << 6) | c4
  }
  return out
}

/**
 * The `$2a$` bcrypt hash of `password` with `setting` (`$2a$<cost>$<22-char salt>`), as
 * crypt(3) computes it: 60 characters.
 */
export function bcrypt(password: string, setting: string): string {
  const match = /^\$2a\$(\d\d)\$([./A-Za-z0-9]{22})$/.exec(setting)
  if (match === null) throw new Error('bcrypt setting must be $2a$<cost>$<22-character salt>')
  const cost = Number(match[1])
  if (cost < 4 || cost > 31) throw new Error('bcrypt cost must be 4..31')
  const salt = decodeBase64(match[2]!, 16)
  // $2a$: the password's bytes with a terminating NUL, at most 72 bytes.
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from([0])]).subarray(0, 72)

  const bf = new Blowfish()
  bf.expand(key, salt)
  for (let i = 2 ** cost; i > 0; i--) {
    bf.expand(key, undefined)
    bf.expand(salt, undefined)
  }
  const text = new Uint32Array(6)
  for (let i = 0; i < 6; i++) text[i] = MAGIC.readUInt32BE(i * 4)
  for (let round = 0; round < 64; round++) {
    for (let i = 0; i < 6; i += 2) {
      bf.encipher(text[i]!, text[i + 1]!)
      text[i] = bf.block[0]!
      text[i + 1] = bf.block[1]!
    }
  }
  const digest = Buffer.alloc(24)
  for (let i = 0; i < 6; i++) digest.writeUInt32BE(text[i]!, i * 4)
  return `${setting.slice(0, 7)}${encodeBase64(salt, 16)}${encodeBase64(digest, 23)}`
}
