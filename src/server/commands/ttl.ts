/** Record TTL rules: which TTLs a write may send, and the void time a write gives a record. */
import { MAX_ALLOWED_TTL, type ResolvedNamespaceConfig } from '../options.js'

/** TTL 0: use the namespace default. */
export const TTL_USE_DEFAULT = 0
/** TTL -1 (0xFFFFFFFF): never expire. */
export const TTL_NEVER_EXPIRE = 0xffff_ffff
/** TTL -2 (0xFFFFFFFE): keep the record's current expiry. */
export const TTL_DONT_UPDATE = 0xffff_fffe

/** Whether a write may send this TTL (up to 10 years, or one of the special values). */
export function isValidTtl(ttl: number): boolean {
  return ttl <= MAX_ALLOWED_TTL || ttl === TTL_NEVER_EXPIRE || ttl === TTL_DONT_UPDATE
}

/** Whether a TTL is refused (FORBIDDEN, 22) because nothing would ever expire the record. */
export function isTtlDisallowed(ttl: number, ns: ResolvedNamespaceConfig): boolean {
  const expires = (ttl > 0 && ttl < 0x8000_0000) || (ttl === TTL_USE_DEFAULT && ns.defaultTtl !== 0)
  return expires && ns.nsupPeriod === 0 && !ns.allowTtlWithoutNsup
}

/** The void time (seconds since the Citrusleaf epoch, 0 = never) a write with `ttl` gives a record whose void time is `current`. */
export function nextVoidTime(
  current: number,
  ttl: number,
  nowMs: number,
  ns: ResolvedNamespaceConfig,
): number {
  const nowSeconds = Math.floor(nowMs / 1000)
  switch (ttl) {
    case TTL_USE_DEFAULT:
      return ns.defaultTtl === 0 ? 0 : nowSeconds + ns.defaultTtl
    case TTL_NEVER_EXPIRE:
      return 0
    case TTL_DONT_UPDATE:
      return current
    default:
      return nowSeconds + ttl
  }
}
