/** The CDT evaluator's entry point: applies one list/map op (op types 3 and 4) to a bin. */
import { CDT_CONTEXT_EVAL, CDT_PATH_SELECT } from '../../protocol/cdt-codes.js'
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackKind, MsgpackReader } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { type Particle, particleToSValue, sValueToParticle } from '../particle.js'
import { readSValue, SBytes, SExt, SList, SMap, SSpecial, type SValue } from '../value.js'
import { dig, parseContext } from './context.js'
import { type OpEntry, type OpEnv, WhenMissing } from './env.js'
import { CdtError, CdtResultCode, paramError, typeError } from './errors.js'
import { LIST_OPS } from './list.js'
import { MAP_OPS } from './map.js'
import { readArgs } from './params.js'
import { type CdtExpEngine, selectPath } from './select.js'
import { toStorage } from './storage.js'

export { CdtError, CdtResultCode } from './errors.js'
export { CDT_REMOVE, type CdtBuiltins, type CdtExp, type CdtExpEngine } from './select.js'

/** Limits of the namespace the op runs in. */
export interface CdtOptions {
  /** The namespace's max-record-size in bytes (default 1 MiB): nil padding beyond it answers RECORD_TOO_BIG (13). */
  readonly maxRecordSize?: number
  /**
   * Compiles the filter and apply expressions of path select/apply (op
   * 0xfe). Without it, a path step or apply that carries an expression
   * answers PARAMETER (4); `true` steps and the other steps work.
   */
  readonly exp?: CdtExpEngine
}

/** Default max-record-size of an 8.1 namespace. */
const DEFAULT_MAX_RECORD_SIZE = 1024 * 1024

/** What a CDT op produced. */
export interface CdtOpOutcome {
  /** The value the op returns for its bin; absent when it returns nothing. */
  readonly result?: Particle
  /** The bin's new value when the op changed it; absent when the bin is unchanged. */
  readonly updated?: Particle
}

/** First map op code: below it, list ops. */
const FIRST_MAP_OP = 64

/** A parsed `[opCode, args...]` header: the code and how many arguments follow. */
interface OpHead {
  readonly code: number
  readonly argc: number
}

function readOpHead(r: MsgpackReader): OpHead {
  const n = r.readArrayHeader()
  if (n === 0 || r.peekKind() !== MsgpackKind.Int) throw paramError('op must be [opCode, args...]')
  const code = BigInt.asUintN(64, r.readBigInt())
  return { code: code > 0xffffn ? 0xffff : Number(code), argc: n - 1 }
}

/** Reads the op header in the array form, or the legacy form (u16 op code, then an optional args array). */
function readTopHead(r: MsgpackReader, payload: Buffer): OpHead {
  if (payload.length > 0 && payload[0] === 0) {
    if (payload.length < 2) throw paramError('legacy CDT payload too short')
    r.pos = 2
    return { code: payload.readUInt16BE(0), argc: r.pos < r.end ? r.readArrayHeader() : 0 }
  }
  return readOpHead(r)
}

function tableFor(code: number): ReadonlyMap<number, OpEntry<SList>> | ReadonlyMap<number, OpEntry<SMap>> {
  return code < FIRST_MAP_OP ? LIST_OPS : MAP_OPS
}

/** The particle a result value is returned as (nil, and values no bin can hold: no result). */
function resultParticle(v: SValue | undefined): Particle | undefined {
  if (v === undefined || v === null || v instanceof SSpecial || v instanceof SExt) return undefined
  if (v instanceof SBytes && v.ptype === SBytes.UNTYPED)
    return { type: ParticleType.BLOB, data: Buffer.alloc(0) }
  return sValueToParticle(v)
}

function outcome(result: SValue | undefined, updated: SValue | undefined): CdtOpOutcome {
  const out: { result?: Particle; updated?: Particle } = {}
  const r = resultParticle(result)
  if (r) out.result = r
  if (updated !== undefined) out.updated = sValueToParticle(updated)
  return out
}

/** Runs an op on its container once the target is known. */
function runOp<C>(
  entry: OpEntry<C>,
  env: OpEnv<C>,
  r: MsgpackReader,
  argc: number,
): { result?: SValue; write?: C } {
  if (entry.modify !== env.modify) throw paramError('op code does not match the op type (read/modify)')
  if (env.container === undefined) {
    switch (entry.whenMissing) {
      case WhenMissing.NOOP:
        return {}
      case WhenMissing.NOT_FOUND:
        throw new CdtError(CdtResultCode.ELEMENT_NOT_FOUND, 'no map to work on')
      case WhenMissing.NEED_BIN:
        if (!env.binExists) throw typeError('the bin does not exist')
        break
    }
  }
  return entry.run(env, readArgs(r, argc, entry))
}

function topLevel(
  current: SValue | undefined,
  head: OpHead,
  r: MsgpackReader,
  modify: boolean,
  maxBytes: number,
): CdtValueOutcome {
  const isList = head.code < FIRST_MAP_OP
  const entry = tableFor(head.code).get(head.code)
  if (current !== undefined && !(isList ? current instanceof SList : current instanceof SMap)) {
    throw typeError(`bin is not a ${isList ? 'list' : 'map'}`)
  }
  if (!entry) throw paramError(`unknown CDT op ${head.code}`)
  const env = {
    modify,
    container: current as never,
    created: false,
    topLevel: true,
    binExists: current !== undefined,
    maxBytes,
  }
  const out = runOp(entry as OpEntry<SList | SMap>, env, r, head.argc)
  return { result: out.result, updated: out.write }
}

function withContext(
  current: SValue | undefined,
  argc: number,
  r: MsgpackReader,
  modify: boolean,
  maxBytes: number,
): CdtValueOutcome {
  if (argc !== 2) throw paramError('context op must be [0xff, ctx, [op, args...]]')
  if (current !== undefined && !(current instanceof SList || current instanceof SMap)) {
    throw paramError('a context needs a list or map bin')
  }
  const entries = parseContext(readValue(r))
  const landing = dig(current, entries, modify, maxBytes)
  const head = readOpHead(r)
  const isList = head.code < FIRST_MAP_OP
  if (!landing.created && !(isList ? landing.target instanceof SList : landing.target instanceof SMap)) {
    throw typeError(`context element is not a ${isList ? 'list' : 'map'}`)
  }
  const entry = tableFor(head.code).get(head.code)
  if (!entry) throw paramError(`unknown CDT op ${head.code}`)
  const env = {
    modify,
    container: (landing.created ? undefined : landing.target) as never,
    created: landing.created,
    topLevel: false,
    binExists: current !== undefined,
    maxBytes,
  }
  const out = runOp(entry as OpEntry<SList | SMap>, env, r, head.argc)
  return { result: out.result, updated: out.write === undefined ? undefined : landing.place(out.write) }
}

function readValue(r: MsgpackReader): SValue {
  try {
    return readSValue(r)
  } catch (e) {
    if (e instanceof ParseError) throw paramError(e.message)
    throw e
  }
}

/** A CDT op's outcome on values: the result and the container's new value. */
export interface CdtValueOutcome {
  /** The op's result; undefined when it returns nothing. */
  readonly result?: SValue
  /** The new value when the op changed it. */
  readonly updated?: SValue
}

/**
 * Applies one CDT op to a value (the evaluator's core, shared by bin ops and
 * expression calls): same payload forms and failures as applyCdtOp.
 */
export function applyCdtOpToValue(
  value: SValue | undefined,
  payload: Buffer,
  modify: boolean,
  options: CdtOptions = {},
): CdtValueOutcome {
  if (value === undefined && !modify) return {}
  const maxBytes = options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE
  const r = new MsgpackReader(payload)
  try {
    const head = readTopHead(r, payload)
    if (head.code === CDT_CONTEXT_EVAL) return withContext(value, head.argc, r, modify, maxBytes)
    if (head.code === CDT_PATH_SELECT) return selectPath(value, head.argc, r, modify, options.exp)
    return topLevel(value, head, r, modify, maxBytes)
  } catch (e) {
    if (e instanceof ParseError) throw paramError(e.message)
    throw e
  }
}

/**
 * Applies one CDT op to a bin, as the server's operate does for op types 3
 * (`modify` false) and 4 (`modify` true). `current` is the bin's particle or
 * undefined when the bin does not exist (reads of a missing bin return
 * nothing without looking at the payload). `payload` is the op's value: the
 * array form `[opCode, args...]`, the context form `[0xff, ctx, [opCode,
 * args...]]`, or the legacy u16 form. Failures throw CdtError carrying the
 * server's result code (4, 12, 23, 24, 26); the bin is then unchanged.
 */
export function applyCdtOp(
  current: Particle | undefined,
  payload: Buffer,
  modify: boolean,
  options: CdtOptions = {},
): CdtOpOutcome {
  if (current === undefined && !modify) return {}
  const value = current === undefined ? undefined : particleToSValue(current)
  const out = applyCdtOpToValue(value, payload, modify, options)
  return outcome(out.result, out.updated)
}

/**
 * A list/map op inside an expression (the CALL instruction): `operand` is
 * the value the op applies to (nil for a missing bin), `modify` the
 * MODIFY_LOCAL flag. Returns the op's result for a read (nil when it returns
 * nothing) and the modified value for a modify; throws CdtError when the op
 * fails (the CALL is then unknown). A list or map operand is first put in
 * its stored form, as the server does with expression values.
 */
export function cdtExpCall(
  payload: Buffer,
  operand: SValue,
  modify: boolean,
  options: CdtOptions = {},
): SValue {
  let value: SValue | undefined
  if (operand === null) value = undefined
  else if (operand instanceof SList || operand instanceof SMap) value = toStorage(operand)
  else throw typeError('a list/map call needs a list or map')
  const out = applyCdtOpToValue(value, payload, modify, options)
  if (modify) return out.updated ?? value ?? null
  const r = out.result
  if (r === undefined || r instanceof SSpecial || r instanceof SExt) return null
  if (r instanceof SBytes && r.ptype === SBytes.UNTYPED) return new SBytes(ParticleType.BLOB, Buffer.alloc(0))
  return r
}
