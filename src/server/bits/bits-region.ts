/** Where a bit op's region lies in a blob: offset normalization and the server's bounds rules (fail, NO_FAIL, PARTIAL). */
import { BitWriteFlag } from '../../protocol/bit-codes.js'
import { bitsNotApplicable, bitsParamError } from './bits-error.js'
import type { BitsOp } from './bits-op.js'

/** An op's start in a blob: the byte holding its first bit, that bit's position in the byte, and the bytes the region spans. */
export interface RegionStart {
  /** Index of the byte holding the region's first bit. */
  readonly byteOffset: number
  /** Bits of that byte before the region (0..7). */
  readonly head: number
  /** Bytes from `byteOffset` that the region touches: ceil((head + size) / 8). */
  readonly opBytes: number
}

/** A region inside the blob: the window of bytes holding it and its bits within the window. */
export interface Region {
  readonly byteOffset: number
  readonly head: number
  /** Region size in bits (PARTIAL may clip it at the end of the blob). */
  readonly size: number
  /** Bytes of the window. */
  readonly length: number
}

/**
 * Resolves the op's offset against a blob of `blobLength` bytes (`exists`
 * false: the bin is missing). A negative offset counts from the end; a
 * negative offset on a missing bin, or one reaching before the start,
 * answers PARAMETER (4).
 */
export function regionStart(op: BitsOp, blobLength: number, exists: boolean): RegionStart {
  let offset = op.offset
  if (offset < 0) {
    if (!exists) throw bitsParamError(`${op.name}: negative offset on a missing bin`)
    if (-offset > blobLength * 8) throw bitsParamError(`${op.name}: offset ${offset} is before the start`)
    offset += blobLength * 8
  }
  const head = offset % 8
  return { byteOffset: Math.floor(offset / 8), head, opBytes: Math.ceil((head + op.size) / 8) }
}

/**
 * The region of a read or integer op: it must lie wholly inside the blob,
 * else OP_NOT_APPLICABLE (26), or undefined (do nothing) under NO_FAIL.
 */
export function wholeRegion(op: BitsOp, start: RegionStart, blobLength: number): Region | undefined {
  if (start.byteOffset + start.opBytes > blobLength) {
    if (op.flags & BitWriteFlag.NO_FAIL) return undefined
    throw bitsNotApplicable(`${op.name}: region beyond the end of the ${blobLength}-byte blob`)
  }
  return { byteOffset: start.byteOffset, head: start.head, size: op.size, length: start.opBytes }
}

/**
 * The region of a bitwise modify op (set, or, xor, and, not, shifts): it
 * must start inside the blob; one that runs past the end is clipped with
 * PARTIAL, else fails with OP_NOT_APPLICABLE (26) or does nothing (NO_FAIL).
 */
export function clippedRegion(op: BitsOp, start: RegionStart, blobLength: number): Region | undefined {
  const noFail = (op.flags & BitWriteFlag.NO_FAIL) !== 0
  if (start.byteOffset >= blobLength) {
    if (noFail) return undefined
    throw bitsNotApplicable(`${op.name}: offset beyond the end of the ${blobLength}-byte blob`)
  }
  if (start.byteOffset + start.opBytes <= blobLength) return wholeRegion(op, start, blobLength)
  if (!(op.flags & BitWriteFlag.PARTIAL)) {
    if (noFail) return undefined
    throw bitsNotApplicable(`${op.name}: region beyond the end of the ${blobLength}-byte blob`)
  }
  const length = blobLength - start.byteOffset
  return { byteOffset: start.byteOffset, head: start.head, size: length * 8 - start.head, length }
}
