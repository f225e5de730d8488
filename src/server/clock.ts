/** Server time in the units records use: the Citrusleaf epoch (2010-01-01T00:00:00Z) in seconds and milliseconds. */

/** Unix time (ms) of the Citrusleaf epoch, 2010-01-01T00:00:00Z. */
export const CITRUSLEAF_EPOCH_MS = 1_262_304_000_000

/** Milliseconds since the Citrusleaf epoch (last-update times are kept in this unit). */
export function clepochMs(): number {
  return Date.now() - CITRUSLEAF_EPOCH_MS
}

/** Seconds since the Citrusleaf epoch (void times are kept in this unit). */
export function clepochSeconds(): number {
  return Math.floor(clepochMs() / 1000)
}
