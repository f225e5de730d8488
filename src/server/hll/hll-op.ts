/** HLL op payloads `[opCode, args...]`: each op's argument list, and the parser that checks them as the server does. */
import { ParseError } from '../../protocol/codec-errors.js'
import { HllWireCode, HllWriteFlag } from '../../protocol/hll-codes.js'
import { MsgpackKind, MsgpackReader } from '../../protocol/msgpack.js'
import { readCompactElement } from './element.js'
import { hllParamError } from './hll-error.js'
import {
  HLL_HEADER_SIZE,
  HllSketch,
  sketchSize,
  validBitPair,
  validIndexBits,
  validMinhashBits,
} from './sketch.js'

/** Bit count argument -1 (or absent): take it from the bin, or fail when there is none. */
export const UNSET_BITS = 0xff

/** A parsed HLL op. */
export interface HllOp {
  readonly code: number
  /** The server's name of the op (for messages). */
  readonly name: string
  /** Index bits argument, UNSET_BITS when absent or -1. */
  readonly indexBits: number
  /** Min-hash bits argument, UNSET_BITS when absent or -1. */
  readonly minhashBits: number
  /** Elements to add or look up, each in compact msgpack form. */
  readonly elements: readonly Buffer[]
  /** HLL arguments (unions, counts, similarity). */
  readonly sketches: readonly HllSketch[]
  /** HllWriteFlag bits. */
  readonly flags: number
}

type Draft = { -readonly [K in keyof HllOp]: HllOp[K] }
type ArgParser = (r: MsgpackReader, op: Draft, allowedFlags: number) => void

const UINT64 = (1n << 64n) - 1n

const indexBits: ArgParser = (r, op) => {
  const v = BigInt.asIntN(64, r.readBigInt())
  if (v !== -1n && !(v >= 0n && v <= 0xffn && validIndexBits(Number(v))))
    throw hllParamError(`${op.name}: index bits ${v} out of range`)
  op.indexBits = v === -1n ? UNSET_BITS : Number(v)
}

const minhashBits: ArgParser = (r, op) => {
  const v = BigInt.asIntN(64, r.readBigInt())
  if (v === -1n) {
    op.minhashBits = UNSET_BITS
    return
  }
  if (!(v >= 0n && v <= 0xffn && validMinhashBits(Number(v))))
    throw hllParamError(`${op.name}: min-hash bits ${v} out of range`)
  if (op.indexBits !== UNSET_BITS && !validBitPair(op.indexBits, Number(v)))
    throw hllParamError(`${op.name}: index bits ${op.indexBits} and min-hash bits ${v} exceed 64`)
  op.minhashBits = Number(v)
}

const flags: ArgParser = (r, op, allowed) => {
  const v = BigInt.asUintN(64, r.readBigInt())
  if ((v & (UINT64 ^ BigInt(allowed))) !== 0n)
    throw hllParamError(`${op.name}: invalid flags 0x${v.toString(16)}`)
  op.flags = Number(v)
  if (op.flags & HllWriteFlag.CREATE_ONLY && op.flags & HllWriteFlag.UPDATE_ONLY)
    throw hllParamError(`${op.name}: CREATE_ONLY and UPDATE_ONLY together`)
}

const elements: ArgParser = (r, op) => {
  if (r.peekKind() !== MsgpackKind.Array) throw hllParamError(`${op.name}: elements must be a list`)
  const n = r.readArrayHeader()
  if (n === 0) throw hllParamError(`${op.name}: no elements`)
  const out: Buffer[] = []
  for (let i = 0; i < n; i++) {
    const kind = r.peekKind()
    if (kind === MsgpackKind.Array || kind === MsgpackKind.Map)
      throw hllParamError(`${op.name}: element ${i} is a list or map`)
    out.push(readCompactElement(r))
  }
  op.elements = out
}

function sketchArg(r: MsgpackReader, op: Draft, i: number): HllSketch {
  const data = r.readBytes()
  if (data.length < HLL_HEADER_SIZE + 1) throw hllParamError(`${op.name}: HLL ${i} is too short`)
  const hll = data.subarray(1)
  if (hll[0] !== 0) throw hllParamError(`${op.name}: HLL ${i} has unknown flags`)
  if (!validIndexBits(hll[1]!) || !validMinhashBits(hll[2]!))
    throw hllParamError(`${op.name}: HLL ${i} has invalid bit counts`)
  if (hll.length !== sketchSize(hll[1]!, hll[2]!)) throw hllParamError(`${op.name}: HLL ${i} has a bad size`)
  return HllSketch.decode(hll)
}

const sketches: ArgParser = (r, op) => {
  let n = 1
  if (r.peekKind() === MsgpackKind.Array) {
    n = r.readArrayHeader()
    if (n === 0) throw hllParamError(`${op.name}: no HLLs`)
  }
  op.sketches = Array.from({ length: n }, (_, i) => sketchArg(r, op, i))
}

/** HLLs for intersect and similarity: more than 2 must share the same non-zero min-hash bits. */
const intersectSketches: ArgParser = (r, op, allowed) => {
  sketches(r, op, allowed)
  if (op.sketches.length <= 2) return
  const mh = op.sketches[0]!.minhashBits
  if (mh === 0 || op.sketches.some((s) => s.minhashBits !== mh))
    throw hllParamError(`${op.name}: more than 2 HLLs need equal, non-zero min-hash bits`)
}

/** What an op accepts: its name, argument parsers (the first `minArgs` required) and allowed flags. */
interface OpDef {
  readonly name: string
  readonly minArgs: number
  readonly args: readonly ArgParser[]
  readonly allowedFlags: number
}

function def(name: string, minArgs: number, allowedFlags: number, ...args: ArgParser[]): OpDef {
  return { name, minArgs, args, allowedFlags }
}

const { CREATE_ONLY, UPDATE_ONLY, NO_FAIL, ALLOW_FOLD } = HllWriteFlag
const C = HllWireCode

/** Modify ops (op type 16) by code. */
const MODIFY_OPS: ReadonlyMap<number, OpDef> = new Map([
  [C.INIT, def('hll_init', 0, CREATE_ONLY | UPDATE_ONLY | NO_FAIL, indexBits, minhashBits, flags)],
  [C.ADD, def('hll_add', 1, CREATE_ONLY | NO_FAIL, elements, indexBits, minhashBits, flags)],
  [C.SET_UNION, def('hll_set_union', 1, CREATE_ONLY | UPDATE_ONLY | ALLOW_FOLD | NO_FAIL, sketches, flags)],
  [C.REFRESH_COUNT, def('hll_refresh_count', 0, 0)],
  [C.FOLD, def('hll_fold', 1, 0, indexBits)],
])

/** Read ops (op type 15) by code: every argument is required. */
const READ_OPS: ReadonlyMap<number, OpDef> = new Map([
  [C.COUNT, def('hll_get_count', 0, 0)],
  [C.GET_UNION, def('hll_get_union', 1, 0, sketches)],
  [C.UNION_COUNT, def('hll_get_union_count', 1, 0, sketches)],
  [C.INTERSECT_COUNT, def('hll_get_intersect_count', 1, 0, intersectSketches)],
  [C.SIMILARITY, def('hll_get_similarity', 1, 0, intersectSketches)],
  [C.DESCRIBE, def('hll_describe', 0, 0)],
  [C.MAY_CONTAIN, def('hll_may_contain', 1, 0, elements)],
])

function parse(payload: Buffer, modify: boolean): HllOp {
  const r = new MsgpackReader(payload)
  const count = r.readArrayHeader()
  if (count === 0) throw hllParamError('HLL op payload is an empty array')
  const code = BigInt.asUintN(64, r.readBigInt())
  const entry = code > 0xffn ? undefined : (modify ? MODIFY_OPS : READ_OPS).get(Number(code))
  if (entry === undefined) throw hllParamError(`${code} is not an HLL ${modify ? 'modify' : 'read'} op`)
  const nArgs = count - 1
  if (nArgs < entry.minArgs || nArgs > entry.args.length)
    throw hllParamError(`${entry.name}: ${nArgs} arguments`)
  const op: Draft = {
    code: Number(code),
    name: entry.name,
    indexBits: UNSET_BITS,
    minhashBits: UNSET_BITS,
    elements: [],
    sketches: [],
    flags: 0,
  }
  for (let i = 0; i < nArgs; i++) entry.args[i]!(r, op, entry.allowedFlags)
  return op
}

/**
 * Parses an HLL op payload for op type 16 (`modify`) or 15. Throws HllError
 * PARAMETER (4) for anything the server refuses while parsing: not an
 * array, an unknown op code, a wrong argument count, bit counts out of
 * range, bad flags, an empty element list or a list/map element, an HLL
 * argument with bad flags, bit counts or size.
 */
export function parseHllOp(payload: Buffer, modify: boolean): HllOp {
  try {
    return parse(payload, modify)
  } catch (e) {
    if (e instanceof ParseError) throw hllParamError(`malformed HLL op: ${e.message}`)
    throw e
  }
}
