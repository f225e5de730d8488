/**
 * Bit helpers over a window: the bytes of a blob that hold a bit region.
 * A region starts `head` bits (0..7) into the window's first byte and ends
 * in its last byte; bits are numbered from the most significant bit of the
 * first byte, as the server's bit ops number them.
 */

/** Set-bit count of every byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0
  for (let v = b; v !== 0; v &= v - 1) n++
  return n
})

/** Mask of the `head` most significant bits of a byte. */
function headMask(head: number): number {
  return (0xff00 >> head) & 0xff
}

/** Mask of the bits of the window's last byte that lie after a region ending at bit `end`. */
function tailMask(end: number): number {
  return (1 << ((8 - (end % 8)) % 8)) - 1
}

/** `src` moved `n` bits towards its start, zero-filled, as a new buffer of the same length. */
export function shiftLeft(src: Uint8Array, n: number): Buffer {
  const out = Buffer.alloc(src.length)
  const q = Math.floor(n / 8)
  const t = n % 8
  for (let i = 0; i + q < src.length; i++) {
    const hi = src[i + q]! << t
    const lo = t === 0 || i + q + 1 >= src.length ? 0 : src[i + q + 1]! >> (8 - t)
    out[i] = (hi | lo) & 0xff
  }
  return out
}

/** `src` moved `n` bits towards its end, zero-filled, as a new buffer of the same length. */
export function shiftRight(src: Uint8Array, n: number): Buffer {
  const out = Buffer.alloc(src.length)
  const q = Math.floor(n / 8)
  const t = n % 8
  for (let i = q; i < src.length; i++) {
    const lo = src[i - q]! >> t
    const hi = t === 0 || i - q - 1 < 0 ? 0 : src[i - q - 1]! << (8 - t)
    out[i] = (hi | lo) & 0xff
  }
  return out
}

/** Copies into `out` the bits of `orig` that lie outside the region [head, head + size) of the window. */
export function restoreOutside(orig: Uint8Array, out: Uint8Array, head: number, size: number): void {
  const last = out.length - 1
  const hm = headMask(head)
  const tm = tailMask(head + size)
  if (last === 0) {
    const m = hm | tm
    out[0] = (out[0]! & ~m) | (orig[0]! & m)
    return
  }
  out[0] = (out[0]! & ~hm) | (orig[0]! & hm)
  out[last] = (out[last]! & ~tm) | (orig[last]! & tm)
}

/** The window with every bit outside the region cleared. */
export function regionOnly(window: Uint8Array, head: number, size: number): Buffer {
  const out = Buffer.from(window)
  restoreOutside(new Uint8Array(out.length), out, head, size)
  return out
}

/** Number of set bits in the region. */
export function countBits(window: Uint8Array, head: number, size: number): number {
  const region = regionOnly(window, head, size)
  let n = 0
  for (const b of region) n += POPCOUNT[b]!
  return n
}

/** The region's bits packed from the first bit of a new buffer of ceil(size / 8) bytes; the last byte's spare bits are 0. */
export function extractBits(window: Uint8Array, head: number, size: number): Buffer {
  return shiftLeft(regionOnly(window, head, size), head).subarray(0, Math.ceil(size / 8))
}

function windowValue(window: Uint8Array): bigint {
  let v = 0n
  for (const b of window) v = (v << 8n) | BigInt(b)
  return v
}

/** The region (at most 64 bits) as an unsigned big-endian integer. */
export function readField(window: Uint8Array, head: number, size: number): bigint {
  const below = BigInt(window.length * 8 - head - size)
  return (windowValue(window) >> below) & ((1n << BigInt(size)) - 1n)
}

/** Stores the low `size` bits of `value` in the region (at most 64 bits), big-endian. */
export function writeField(window: Uint8Array, head: number, size: number, value: bigint): void {
  const below = BigInt(window.length * 8 - head - size)
  const mask = ((1n << BigInt(size)) - 1n) << below
  let v = (windowValue(window) & ~mask) | ((value << below) & mask)
  for (let i = window.length - 1; i >= 0; i--) {
    window[i] = Number(v & 0xffn)
    v >>= 8n
  }
}

/** Whether bit `i` of the window is 1. */
function bitAt(window: Uint8Array, i: number): boolean {
  return ((window[i >> 3]! >> (7 - (i & 7))) & 1) === 1
}

/**
 * Position, relative to the region's start, of the first bit equal to `bit`
 * in the region; -1 when there is none.
 */
export function scanForward(window: Uint8Array, head: number, size: number, bit: boolean): number {
  const skip = bit ? 0x00 : 0xff
  const end = head + size
  let i = head
  while (i < end) {
    if ((i & 7) === 0 && i + 8 <= end && window[i >> 3] === skip) {
      i += 8
      continue
    }
    if (bitAt(window, i) === bit) return i - head
    i++
  }
  return -1
}

/**
 * The server's RSCAN: the last bit equal to `bit` before the region's end,
 * searched back to the start of the window's first byte (so bits just
 * before the region count too), relative to the region's start. A match
 * before the region gives a negative position; no match gives -1.
 */
export function scanBackward(window: Uint8Array, head: number, size: number, bit: boolean): number {
  const skip = bit ? 0x00 : 0xff
  let i = head + size - 1
  while (i >= 0) {
    if ((i & 7) === 7 && i >= 8 && window[i >> 3] === skip) {
      i -= 8
      continue
    }
    if (bitAt(window, i) === bit) return i - head
    i--
  }
  return -1
}
