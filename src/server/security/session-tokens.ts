/** Login session tokens: signed with a per-server secret (HMAC-SHA256), so the server keeps no table of sessions. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { ByteReader } from '../../protocol/byte-reader.js'
import { ByteWriter } from '../../protocol/byte-writer.js'
import { ParseError } from '../../protocol/codec-errors.js'

/** Bytes of the signature that ends a token. */
const MAC_SIZE = 32
/** Bytes before the user name: epoch (4), expiry in ms since the Unix epoch (6), user name length (1). */
const FIXED_SIZE = 4 + 6 + 1

/** What a token says when it checks out, or why it does not. */
export type TokenCheck = { user: string } | 'invalid' | 'expired'

/**
 * Issues and checks session tokens: `epoch | expiry | user | HMAC`. A token
 * is valid until its expiry, for the user it names, on the server that signed
 * it, and only in the current epoch (expireAll starts a new one).
 */
export class SessionTokens {
  private readonly secret = randomBytes(32)
  private epoch = 0

  /** `ttlSeconds` is the lifetime of every session. */
  constructor(readonly ttlSeconds: number) {}

  /** A new token for `user` (a name of at most 255 bytes). */
  issue(user: string, now = Date.now()): Buffer {
    const userBytes = Buffer.byteLength(user)
    const w = ByteWriter.alloc(FIXED_SIZE + userBytes + MAC_SIZE)
    w.u32(this.epoch)
      .u48(now + this.ttlSeconds * 1000)
      .u8(userBytes)
      .utf8(user, userBytes)
    w.bytes(this.mac(w.buf.subarray(0, w.pos)))
    return w.buf
  }

  /** Checks `token`: the user it was issued to, 'expired', or 'invalid' (not one of this server's tokens). */
  verify(token: Uint8Array, now = Date.now()): TokenCheck {
    const buf = Buffer.from(token)
    if (buf.length < FIXED_SIZE + MAC_SIZE) return 'invalid'
    const signed = buf.subarray(0, buf.length - MAC_SIZE)
    if (!timingSafeEqual(this.mac(signed), buf.subarray(signed.length))) return 'invalid'
    try {
      const r = new ByteReader(signed)
      const epoch = r.u32()
      const expires = r.u48()
      const user = r.utf8(r.u8())
      if (r.remaining !== 0) return 'invalid'
      return epoch !== this.epoch || now >= expires ? 'expired' : { user }
    } catch (err) {
      if (err instanceof ParseError) return 'invalid'
      throw err
    }
  }

  /** Ends every session issued so far: their tokens now check as 'expired'. */
  expireAll(): void {
    this.epoch = (this.epoch + 1) >>> 0
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(data).digest()
  }
}
