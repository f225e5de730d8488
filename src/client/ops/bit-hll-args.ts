/** Argument checks shared by the bit and HLL encoders: each returns the value to pack or throws InvalidArgError. */
import { invalidArg } from '../errors.js'
import type { Operation } from '../operation.js'

const INT64_MIN = -(1n << 63n)
const UINT64_MAX = (1n << 64n) - 1n

function show(v: unknown): string {
  return typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'object') : String(v)
}

/** A safe integer field (offsets may be negative: they count from the end). */
export function intField(o: Operation, field: string): number {
  const v = o[field]
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be an integer, got ${show(v)}`)
}

/** A non-negative safe integer field (sizes, shifts, flags); `fallback` when absent (undefined: required). */
export function countField(o: Operation, field: string, fallback?: number): number {
  const v = o[field] ?? fallback
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be a non-negative integer, got ${show(v)}`)
}

/** An integer value that fits 64 bits (signed, or unsigned up to 2^64 - 1). */
export function int64Field(o: Operation, field: string): number | bigint {
  const v = o[field]
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v
  if (typeof v === 'bigint' && v >= INT64_MIN && v <= UINT64_MAX) return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be a 64-bit integer, got ${show(v)}`)
}

/** A bytes field (Buffer or Uint8Array). */
export function bytesField(o: Operation, field: string): Uint8Array {
  const v = o[field]
  if (v instanceof Uint8Array) return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be a Buffer or Uint8Array, got ${show(v)}`)
}

/** A boolean field; `fallback` when absent (undefined: required). */
export function boolField(o: Operation, field: string, fallback?: boolean): boolean {
  const v = o[field] ?? fallback
  if (typeof v === 'boolean') return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be a boolean, got ${show(v)}`)
}

/** An array field. */
export function arrayField(o: Operation, field: string): readonly unknown[] {
  const v = o[field]
  if (Array.isArray(v)) return v
  throw invalidArg(`bin '${String(o.bin)}': ${field} must be an array, got ${show(v)}`)
}
