/** Batch rows: the attributes a row carries (info bits, generation, TTL, fields, ops) and how each batch call builds them. */
import { Info1, Info2, Info3 } from '../../protocol/index.js'
import { readModeBits, ttlToWire, writeHeader } from '../commands/header.js'
import { opsSize } from '../commands/record-request.js'
import type { UdfFields } from '../commands/udf-fields.js'
import { POLICY_EXISTS_IGNORE, POLICY_GEN_EQ, POLICY_GEN_IGNORE, POLICY_KEY_SEND } from '../constants.js'
import { invalidArg } from '../errors.js'
import type { Key } from '../key.js'
import { OpFlag, type WireOp } from '../operation.js'
import type { FilterExpression, ResolvedWritePolicy } from '../policies.js'
import type { WriteMeta } from '../record.js'
import type { ResolvedBatchPolicy } from './batch-policy.js'

/** Row flags: which optional parts follow a row's info1. */
export const RowFlag = {
  /** The row repeats the previous row's namespace, set, info bits, fields and ops. */
  REPEAT: 0x01,
  /** info2 and info3 follow info1. */
  INFO: 0x02,
  /** A u16 expected generation follows. */
  GENERATION: 0x04,
  /** A u32 record TTL (or read-touch percent) follows. */
  RECORD_TTL: 0x08,
} as const

/** How a found row's ops become bins. */
export const RowDecode = {
  /** As get/select: a bin per op, the last value of a repeated name wins. */
  BINS: 0,
  /** As operate: null results dropped, repeated names collapsed into arrays. */
  COLLAPSED: 1,
  /** A UDF row: `{ SUCCESS: value }`, or `{ FAILURE: message }` with result 100. */
  UDF: 2,
} as const

/**
 * What a row sends besides its key. Rows of one call usually share a spec:
 * consecutive rows with the same spec, namespace and set (and no user key
 * sent) go on the wire as REPEAT rows.
 */
export interface RowSpec {
  readonly flags: number
  readonly info1: number
  readonly info2: number
  readonly info3: number
  readonly generation: number
  readonly recordTtl: number
  readonly ops: readonly WireOp[]
  /** Wire size of `ops`. */
  readonly opsSize: number
  /** The row's own filter expression (the batch policy's goes in the parent). */
  readonly filter: FilterExpression | null
  /** Send the user key (KEY field) with the row. */
  readonly sendKey: boolean
  /** Writes route to the master and may be in doubt after a failure. */
  readonly isWrite: boolean
  /** RowDecode value. */
  readonly decode: number
  /** The UDF fields of a UDF row. */
  readonly udf?: UdfFields
}

/** Spec of a read row: every bin (`bins` undefined), the header only (`[]`), or the named bins (`ops`). */
export function readSpec(policy: ResolvedBatchPolicy, bins: 'all' | 'header' | readonly WireOp[]): RowSpec {
  let info1 = Info1.READ | readModeBits(policy.readModeAP)
  if (bins === 'all') info1 |= Info1.GET_ALL
  else if (bins === 'header') info1 |= Info1.GET_NO_BINS
  const ops = typeof bins === 'string' ? [] : bins
  return {
    flags: RowFlag.INFO | RowFlag.RECORD_TTL,
    info1,
    info2: 0,
    info3: 0,
    generation: 0,
    recordTtl: ttlToWire(policy.readTouchTtlPercent),
    ops,
    opsSize: opsSize(ops),
    filter: null,
    sendKey: false,
    isWrite: false,
    decode: RowDecode.BINS,
  }
}

/** Per-record overrides of a write or delete row. */
export interface RowOverrides {
  meta?: {
    gen?: number
    ttl?: number
    key?: number
    exists?: number
    commitLevel?: number
    durableDelete?: boolean
  }
  policy?: {
    exists?: number
    gen?: number
    key?: number
    commitLevel?: number
    durableDelete?: boolean
    ttl?: number
    filterExpression?: FilterExpression | null
  }
}

/** The write policy a row runs under: the batch policy, then the entry's policy, then its meta. */
function rowPolicy(policy: ResolvedBatchPolicy, o: RowOverrides | undefined): ResolvedWritePolicy {
  if (o === undefined || (o.meta === undefined && o.policy === undefined)) return policy
  const p: ResolvedWritePolicy = { ...policy }
  const given = o.policy
  if (given !== undefined) {
    for (const [k, v] of Object.entries(given))
      if (v !== undefined) (p as unknown as Record<string, unknown>)[k] = v
  }
  const m = o.meta
  if (m !== undefined) {
    if (m.key !== undefined) p.key = m.key
    if (m.exists !== undefined) p.exists = m.exists
    if (m.commitLevel !== undefined) p.commitLevel = m.commitLevel
    if (m.durableDelete !== undefined) p.durableDelete = m.durableDelete
    // A generation in meta turns the check on.
    if (m.gen !== undefined && p.gen === POLICY_GEN_IGNORE) p.gen = POLICY_GEN_EQ
  }
  return p
}

function writeMeta(o: RowOverrides | undefined): WriteMeta | undefined {
  const m = o?.meta
  if (m === undefined) return undefined
  return { gen: m.gen, ttl: m.ttl }
}

/**
 * Spec of a write row running `ops` (reads allowed): the write header of the
 * row's policy, RESPOND_ALL_OPS (one result per op) unless a read of every
 * bin is among the ops; a row without writes is a read row.
 */
export function operateSpec(
  policy: ResolvedBatchPolicy,
  ops: readonly WireOp[],
  key: Key,
  overrides?: RowOverrides,
): RowSpec {
  let flags = 0
  let opTtl: number | undefined
  for (const o of ops) {
    flags |= o.flags
    if (o.ttl !== undefined) opTtl = o.ttl
  }
  const p = rowPolicy(policy, overrides)
  const filter = overrides?.policy?.filterExpression ?? null
  if ((flags & OpFlag.WRITE) === 0) {
    let info1 = Info1.READ | readModeBits(policy.readModeAP)
    if (flags & OpFlag.READ_ALL) info1 |= Info1.GET_ALL
    return {
      flags: RowFlag.INFO | RowFlag.RECORD_TTL,
      info1,
      info2: flags & OpFlag.RESPOND_ALL_OPS ? Info2.RESPOND_ALL_OPS : 0,
      info3: 0,
      generation: 0,
      recordTtl: ttlToWire(policy.readTouchTtlPercent),
      ops,
      opsSize: opsSize(ops),
      filter,
      sendKey: false,
      isWrite: false,
      decode: RowDecode.COLLAPSED,
    }
  }
  const h = writeHeader(p, writeMeta(overrides), opTtl, key)
  if (flags & OpFlag.READ) h.info1 |= Info1.READ | readModeBits(policy.readModeAP)
  if (flags & OpFlag.READ_ALL) h.info1 |= Info1.GET_ALL
  else h.info2 |= Info2.RESPOND_ALL_OPS
  return {
    flags: RowFlag.INFO | RowFlag.GENERATION | RowFlag.RECORD_TTL,
    info1: h.info1,
    info2: h.info2,
    info3: h.info3,
    generation: checkedGeneration(h.generation, key),
    recordTtl: h.recordTtl,
    ops,
    opsSize: opsSize(ops),
    filter,
    sendKey: p.key === POLICY_KEY_SEND,
    isWrite: true,
    decode: RowDecode.COLLAPSED,
  }
}

/** Spec of a delete row: the row policy's generation check, commit level and durable delete; no ops. */
export function removeSpec(policy: ResolvedBatchPolicy, key: Key, overrides?: RowOverrides): RowSpec {
  const p = rowPolicy(policy, overrides)
  const h = writeHeader(p, writeMeta(overrides), undefined, key)
  return {
    flags: RowFlag.INFO | RowFlag.GENERATION | RowFlag.RECORD_TTL,
    info1: 0,
    // Existence policies and TTLs do not apply to a delete.
    info2: (h.info2 & ~Info2.CREATE_ONLY) | Info2.DELETE | Info2.RESPOND_ALL_OPS,
    info3: h.info3 & ~(Info3.UPDATE_ONLY | Info3.CREATE_OR_REPLACE | Info3.REPLACE_ONLY),
    generation: checkedGeneration(h.generation, key),
    recordTtl: 0,
    ops: [],
    opsSize: 0,
    filter: null,
    sendKey: p.key === POLICY_KEY_SEND,
    isWrite: true,
    decode: RowDecode.COLLAPSED,
  }
}

/** A row carries a 16-bit generation; larger values cannot be expected. */
function checkedGeneration(gen: number, key: Key): number {
  if (gen > 0xffff) throw invalidArg(`a batch row's generation must be at most 65535, got ${gen}`, key)
  return gen
}

/** Per-record settings of batchApply (aerospike-py's BatchApplyPolicy). */
export interface BatchApplyPolicy {
  /** POLICY_KEY_DIGEST or POLICY_KEY_SEND (store the user key). */
  key?: number
  /** TTL of records the UDF writes: seconds or a TTL_* constant. */
  ttl?: number
  /** POLICY_COMMIT_LEVEL_*. */
  commitLevel?: number
  /** Leave a tombstone when the UDF deletes (Enterprise). */
  durableDelete?: boolean
  /** Only run the UDF on records the expression selects (else AEROSPIKE_FILTERED_OUT). */
  filterExpression?: FilterExpression | null
}

/** Spec of a UDF row: a write (no existence or generation policy: servers refuse them for UDFs) with the UDF fields and no ops. */
export function applySpec(
  policy: ResolvedBatchPolicy,
  udf: UdfFields,
  key: Key,
  apply?: BatchApplyPolicy,
): RowSpec {
  const p: ResolvedWritePolicy = { ...policy, exists: POLICY_EXISTS_IGNORE, gen: POLICY_GEN_IGNORE }
  if (apply?.key !== undefined) p.key = apply.key
  if (apply?.commitLevel !== undefined) p.commitLevel = apply.commitLevel
  if (apply?.durableDelete !== undefined) p.durableDelete = apply.durableDelete
  if (apply?.ttl !== undefined) p.ttl = apply.ttl
  const h = writeHeader(p, undefined, undefined, key)
  return {
    flags: RowFlag.INFO | RowFlag.GENERATION | RowFlag.RECORD_TTL,
    info1: 0,
    info2: h.info2,
    info3: h.info3,
    generation: 0,
    recordTtl: h.recordTtl,
    ops: [],
    opsSize: 0,
    filter: apply?.filterExpression ?? null,
    sendKey: p.key === POLICY_KEY_SEND,
    isWrite: true,
    decode: RowDecode.UDF,
    udf,
  }
}
