/** The record UDF command: checks the request and record as a real node's udf_master does, runs the function, then writes what it changed. */

import { ParseError } from '../../protocol/codec-errors.js'
import { FieldType, Info2, Info3, OpType } from '../../protocol/message.js'
import { MsgpackReader } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { clepochMs } from '../clock.js'
import {
  applyFilter,
  keyMatches,
  keyToStore,
  requestSetName,
  setNameMatchesOnUpdate,
} from '../commands/record-checks.js'
import {
  isTtlDisallowed,
  isValidTtl,
  nextVoidTime,
  TTL_DONT_UPDATE,
  TTL_USE_DEFAULT,
} from '../commands/ttl.js'
import type { UdfHandler } from '../handler-types.js'
import type { Request } from '../msg/request.js'
import { headerReply, opsReply } from '../msg/response.js'
import type { Particle } from '../particle.js'
import { sValueToParticle } from '../particle.js'
import { Namespace } from '../storage/namespace.js'
import { nextGeneration, type StoredRecord } from '../storage/record.js'
import { recordWriteSize, storageSize } from '../storage/record-size.js'
import { readSValue, SList, type SValue } from '../value.js'
import type { LuaEngine } from './lua-engine.js'
import { fromTagged, toLuaSource, UNSUPPORTED } from './lua-values.js'
import { type CreateTarget, UdfRecord } from './udf-record.js'

const NOT_FOUND = 2
const PARAMETER = 4
const RECORD_TOO_BIG = 13
const KEY_MISMATCH = 19
const FORBIDDEN = 22
const ENTERPRISE_ONLY = 25
const UDF_EXECUTION = 100
/** Module and function names must be shorter than this (the server's buffers). */
const NAME_SIZE = 128
/** Longest a call may run when the request gives no timeout, ms (the server's transaction-max-ms). */
const DEFAULT_TIMEOUT_MS = 1000
/** Existence and generation policies a UDF refuses (PARAMETER). */
const FORBIDDEN_INFO2 = Info2.GENERATION | Info2.GENERATION_GT | Info2.CREATE_ONLY
const FORBIDDEN_INFO3 = Info3.UPDATE_ONLY | Info3.CREATE_OR_REPLACE | Info3.REPLACE_ONLY
/** What a failing UDF answers when its error value is not a string. */
const UNEXPECTED_ERROR = 'result value type unexpected'

/** The UDF a request names: module, function and the Lua source of its arguments. */
export interface UdfCall {
  readonly module: string
  readonly fn: string
  readonly args: string
}

/** Reads the UDF fields; undefined (PARAMETER) when one is missing or a name is too long. Arguments that are not a msgpack list are none, as on the server. */
export function udfCall(req: Request): UdfCall | undefined {
  const module = req.fields[FieldType.UDF_PACKAGE_NAME]
  const fn = req.fields[FieldType.UDF_FUNCTION]
  const arglist = req.fields[FieldType.UDF_ARGLIST]
  if (module === undefined || fn === undefined || arglist === undefined) return undefined
  if (module.length >= NAME_SIZE || fn.length >= NAME_SIZE) return undefined
  let args: SValue = new SList([])
  if (arglist.length > 0) {
    try {
      const v = readSValue(new MsgpackReader(arglist))
      if (v instanceof SList) args = v
    } catch (err) {
      if (!(err instanceof ParseError)) throw err
    }
  }
  return { module: module.toString('utf8'), fn: fn.toString('utf8'), args: toLuaSource(args) }
}

/** The reply carrying the function's result (`SUCCESS`) or error text (`FAILURE`). */
function valueReply(
  code: number,
  bin: 'SUCCESS' | 'FAILURE',
  value: Particle | null,
  gen: number,
  voidTime: number,
): Buffer {
  return opsReply(code, gen, voidTime, [{ op: OpType.READ, name: bin, value }])
}

function failureReply(message: string, r: StoredRecord | undefined): Buffer {
  const value = { type: ParticleType.STRING, data: Buffer.from(message, 'utf8') }
  return valueReply(UDF_EXECUTION, 'FAILURE', value, r?.generation ?? 0, r?.voidTime ?? 0)
}

/** Record UDF handler: runs at once when the Lua engine exists, after creating it otherwise. */
export const udfHandler: UdfHandler = (state, req, ns, digest) => {
  if (req.info2 & FORBIDDEN_INFO2 || req.info3 & FORBIDDEN_INFO3) return headerReply(PARAMETER)
  if (req.fields[FieldType.MRT_ID] !== undefined) return headerReply(ENTERPRISE_ONLY)
  const call = udfCall(req)
  if (call === undefined) return headerReply(PARAMETER)
  // Without wasmoon every call fails as a UDF error saying so.
  return state.udf.withEngine(
    (engine) => runUdf(engine, req, ns, digest, call),
    (err) => failureReply(err.message, undefined),
  )
}

/** Checks the record, runs the call and applies its outcome; synchronous, so atomic. Returns the reply frame. */
export function runUdf(
  engine: LuaEngine,
  req: Request,
  ns: Namespace,
  digest: Buffer,
  call: UdfCall,
): Buffer {
  const nowMs = clepochMs()
  const found = ns.get(digest)
  // An expired record counts as absent.
  const stored =
    found !== undefined && !Namespace.isExpired(found, Math.floor(nowMs / 1000)) ? found : undefined
  const gen = stored?.generation ?? 0
  const voidTime = stored?.voidTime ?? 0
  let storedKey = stored?.key
  if (stored !== undefined) {
    if (!setNameMatchesOnUpdate(req, stored)) return headerReply(PARAMETER, gen, voidTime)
    const filtered = applyFilter(req, ns, stored)
    if (filtered !== 0) return headerReply(filtered, gen, voidTime)
    if (!keyMatches(req, stored)) return headerReply(KEY_MISMATCH, gen, voidTime)
    if (storedKey === undefined) {
      const k = keyToStore(req)
      if (typeof k === 'number') return headerReply(k, gen, voidTime)
      storedKey = k
    }
  }
  const create: CreateTarget = () => {
    const setName = requestSetName(req)
    const key = keyToStore(req)
    if (typeof key === 'number' || (setName !== '' && typeof ns.ensureSet(setName) === 'number'))
      return PARAMETER
    return { setName, key }
  }
  const record = new UdfRecord(digest, stored, req.recordTtl, storedKey, create)
  const outcome = engine.apply(
    record,
    call.module,
    call.fn,
    call.args,
    req.transactionTtl || DEFAULT_TIMEOUT_MS,
  )
  if (!outcome.ok) return failureReply(outcome.message ?? UNEXPECTED_ERROR, stored)
  if (record.resultCode !== 0) return headerReply(record.resultCode, gen, voidTime)
  const result = fromTagged(outcome.result)
  const value = result === UNSUPPORTED || result === null ? null : sValueToParticle(result)
  if (!record.hasUpdates) return valueReply(0, 'SUCCESS', value, gen, voidTime)
  const written = writeRecord(ns, record, found, nowMs)
  if (typeof written === 'number') return headerReply(written, gen, voidTime)
  return valueReply(0, 'SUCCESS', value, written.generation, written.voidTime)
}

/** Stores (or deletes) the record as the call left it, replacing `replaced` (the stored record, expired or not): the write's TTL, size and existence checks. */
function writeRecord(
  ns: Namespace,
  record: UdfRecord,
  replaced: StoredRecord | undefined,
  nowMs: number,
): { generation: number; voidTime: number } | number {
  const prev = record.stored
  let ttl = record.ttl
  if (ttl === TTL_DONT_UPDATE && record.oldBinCount === 0) ttl = TTL_USE_DEFAULT
  if (!isValidTtl(ttl)) return PARAMETER
  if (isTtlDisallowed(ttl, ns.config)) return FORBIDDEN
  const generation = prev === undefined ? 1 : nextGeneration(prev.generation)
  if (record.bins.length === 0) {
    if (record.oldBinCount === 0 || prev === undefined) return NOT_FOUND
    ns.remove(prev)
    return { generation, voidTime: 0 }
  }
  const voidTime = nextVoidTime(prev?.voidTime ?? 0, ttl, nowMs, ns.config)
  const { setName, key, bins } = record
  const size = recordWriteSize({ setName, key, voidTime, bins })
  if (size > ns.config.maxRecordSize) {
    ns.counters.fail_record_too_big++
    return RECORD_TOO_BIG
  }
  ns.put(
    {
      digest: replaced?.digest ?? Buffer.from(record.digest),
      setName,
      bins,
      generation,
      voidTime,
      lastUpdateMs: prev === undefined ? nowMs : Math.max(prev.lastUpdateMs, nowMs),
      key,
      storageSize: storageSize(size),
    },
    replaced,
  )
  return { generation, voidTime }
}
