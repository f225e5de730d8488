/** CDT op payload parsing: the op-code table of argument kinds and the readers for each kind. */
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackKind, type MsgpackReader } from '../../protocol/msgpack.js'
import { readSValue, type SValue } from '../value.js'
import { paramError } from './errors.js'

/** How one op argument is read. */
export const ArgKind = {
  /** A signed 64-bit integer (an index or a rank; unsigned values wrap). */
  INDEX: 1,
  /** An unsigned 64-bit integer (a count; -1 reads as 2^64-1, "to the end"). */
  COUNT: 2,
  /** Any msgpack value, WILDCARD/INFINITY allowed (comparison operands). */
  PAYLOAD: 3,
  /** An unsigned 64-bit integer of flags (order, write flags, return type). */
  FLAGS: 4,
  /** A value to be stored: WILDCARD/INFINITY rejected. */
  STORAGE: 5,
} as const

/** One ArgKind value. */
export type ArgKindValue = (typeof ArgKind)[keyof typeof ArgKind]

/** What the op table knows about an op: its argument kinds and how many trailing ones may be left out. */
export interface OpSpec {
  readonly args: readonly ArgKindValue[]
  readonly optional: number
}

/** A parsed argument: bigint for integer kinds, a server value for PAYLOAD/STORAGE. */
export type Arg = bigint | SValue

/**
 * Reads `n` arguments for `spec` (the count the request declared). Fewer than
 * the required or more than the known arguments, or an argument of the wrong
 * kind, answer PARAMETER (4) as the server does.
 */
export function readArgs(r: MsgpackReader, n: number, spec: OpSpec): Arg[] {
  const required = spec.args.length - spec.optional
  if (n < required || n > spec.args.length) {
    throw paramError(`op takes ${required}..${spec.args.length} arguments, got ${n}`)
  }
  const out: Arg[] = new Array(n)
  for (let i = 0; i < n; i++) out[i] = readArg(r, spec.args[i]!)
  return out
}

/** Reads one argument of `kind`. */
export function readArg(r: MsgpackReader, kind: ArgKindValue): Arg {
  try {
    switch (kind) {
      case ArgKind.INDEX:
        return BigInt.asIntN(64, readInt(r))
      case ArgKind.COUNT:
      case ArgKind.FLAGS:
        return BigInt.asUintN(64, readInt(r))
      default:
        return readSValue(r)
    }
  } catch (e) {
    if (e instanceof ParseError) throw paramError(e.message)
    throw e
  }
}

function readInt(r: MsgpackReader): bigint {
  if (r.peekKind() !== MsgpackKind.Int) throw paramError('expected an integer argument')
  return r.readBigInt()
}

/** Clamps a 64-bit count to a safe JS number (counts beyond any list size act alike). */
export function countOf(v: bigint): number {
  return v > 0xffff_ffffn ? 0xffff_ffff : Number(v)
}

/** An index or rank as a JS number, saturated far outside any list size. */
export function indexOf(v: bigint): number {
  if (v > 0x7fff_ffffn) return 0x7fff_ffff * 4
  if (v < -0x7fff_ffffn) return -0x7fff_ffff * 4
  return Number(v)
}
