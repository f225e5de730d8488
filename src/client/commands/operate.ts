/** Write and operate commands: put, operate, operateOrdered, and the one-op writes (append, increment, touch...). */
import { Info1, Info2, OpType, ResultCode } from '../../protocol/index.js'
import { binOp, checkedBinLength, particleOp } from '../basic-operations.js'
import { POLICY_KEY_SEND } from '../constants.js'
import { invalidArg } from '../errors.js'
import type { Key } from '../key.js'
import { type Operation, OpFlag, type WireOp } from '../operation.js'
import { encodeOperation } from '../operation-table.js'
import type { ResolvedOperatePolicy, ResolvedWritePolicy } from '../policies.js'
import { type OperateOrderedResult, type Record, ttlFromVoidTime, type WriteMeta } from '../record.js'
import type { ParseContext, RecordCommand } from './execute.js'
import { readModeBits, ttlToWire, writeHeader } from './header.js'
import { resultError } from './read.js'
import { encodeRecordRequest, type RequestHeader } from './record-request.js'
import { readCollapsedBins, readOrderedBins, readResponseHead } from './record-response.js'

/** Checks the result code of a write that returns nothing. */
export function parseWrite(body: Buffer, context: ParseContext): void {
  const head = readResponseHead(body)
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
}

function parseOperate(body: Buffer, context: ParseContext): Record {
  const head = readResponseHead(body)
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
  return {
    key: context.key,
    meta: { gen: head.generation, ttl: ttlFromVoidTime(head.voidTime, Date.now()) },
    bins: readCollapsedBins(head),
  }
}

function parseOperateOrdered(body: Buffer, context: ParseContext): OperateOrderedResult {
  const head = readResponseHead(body)
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
  return {
    key: context.key,
    meta: { gen: head.generation, ttl: ttlFromVoidTime(head.voidTime, Date.now()) },
    orderedBins: readOrderedBins(head),
  }
}

/** A write of wire ops (no reads): header from the write policy and meta, routed to the master. */
export function writeCommand(
  key: Key,
  ops: readonly WireOp[],
  meta: WriteMeta | undefined,
  policy: ResolvedWritePolicy,
): RecordCommand<void> {
  let opTtl: number | undefined
  for (const o of ops) if (o.ttl !== undefined) opTtl = o.ttl
  const header = writeHeader(policy, meta, opTtl, key)
  return {
    key,
    isWrite: true,
    replica: 0,
    request: encodeRecordRequest(key, header, policy.key === POLICY_KEY_SEND, policy.filterExpression, ops),
    parse: parseWrite,
  }
}

/** One WRITE op per bin of `bins` (a null value removes the bin); InvalidArgError for bad bins. */
export function binsToOps(bins: unknown, key: Key): WireOp[] {
  if (typeof bins !== 'object' || bins === null || Array.isArray(bins) || bins instanceof Uint8Array)
    throw invalidArg('bins must be an object of bin name -> value', key)
  const ops: WireOp[] = []
  for (const name of Object.keys(bins)) {
    const value = (bins as { [bin: string]: unknown })[name]
    if (value === undefined) throw invalidArg(`bin '${name}' is undefined (use null to remove a bin)`, key)
    ops.push(particleOp(OpType.WRITE, name, checkedBinLength(name, 'put'), value, OpFlag.WRITE))
  }
  if (ops.length === 0) throw invalidArg('put needs at least one bin', key)
  return ops
}

/** put: one WRITE op per bin (a null value removes the bin). */
export function putCommand(
  key: Key,
  bins: unknown,
  meta: WriteMeta | undefined,
  policy: ResolvedWritePolicy,
): RecordCommand<void> {
  return writeCommand(key, binsToOps(bins, key), meta, policy)
}

/** removeBin: a bin-delete WRITE (particle NULL) per name. */
export function removeBinCommand(
  key: Key,
  binNames: readonly string[],
  meta: WriteMeta | undefined,
  policy: ResolvedWritePolicy,
): RecordCommand<void> {
  if (!Array.isArray(binNames) || binNames.length === 0)
    throw invalidArg('removeBin needs a non-empty array of bin names', key)
  const ops = binNames.map((bin) => binOp(OpType.WRITE, bin, OpFlag.WRITE, 'removeBin'))
  return writeCommand(key, ops, meta, policy)
}

/** Which result shape an operate call returns. */
export const OperateResult = {
  /** Bins collapsed per name (operate). */
  RECORD: 0,
  /** `[name, value]` per result, in op order (operateOrdered). */
  ORDERED: 1,
} as const

/**
 * operate: the ops in order, in one atomic command. Read-only calls route as
 * reads (replica policy); any write routes to the master.
 */
export function operateCommand(
  key: Key,
  operations: readonly Operation[],
  meta: WriteMeta | undefined,
  policy: ResolvedOperatePolicy,
  result: typeof OperateResult.RECORD,
): RecordCommand<Record>
export function operateCommand(
  key: Key,
  operations: readonly Operation[],
  meta: WriteMeta | undefined,
  policy: ResolvedOperatePolicy,
  result: typeof OperateResult.ORDERED,
): RecordCommand<OperateOrderedResult>
export function operateCommand(
  key: Key,
  operations: readonly Operation[],
  meta: WriteMeta | undefined,
  policy: ResolvedOperatePolicy,
  result: number,
): RecordCommand<Record | OperateOrderedResult> {
  if (!Array.isArray(operations) || operations.length === 0)
    throw invalidArg('operate needs a non-empty array of operations', key)
  const ops = operations.map(encodeOperation)
  let flags = 0
  let opTtl: number | undefined
  for (const o of ops) {
    flags |= o.flags
    if (o.ttl !== undefined) opTtl = o.ttl
  }
  const isWrite = (flags & OpFlag.WRITE) !== 0
  let header: RequestHeader
  if (isWrite) {
    header = writeHeader(policy, meta, opTtl, key)
  } else {
    header = {
      info1: 0,
      info2: 0,
      info3: 0,
      generation: 0,
      recordTtl: ttlToWire(policy.readTouchTtlPercent),
      transactionTtl: policy.totalTimeout,
    }
  }
  if (flags & OpFlag.READ) header.info1 |= Info1.READ | readModeBits(policy.readModeAP)
  if (flags & OpFlag.READ_ALL) header.info1 |= Info1.GET_ALL
  if (flags & OpFlag.RESPOND_ALL_OPS) header.info2 |= Info2.RESPOND_ALL_OPS
  return {
    key,
    isWrite,
    replica: isWrite ? 0 : policy.replica,
    request: encodeRecordRequest(
      key,
      header,
      isWrite && policy.key === POLICY_KEY_SEND,
      policy.filterExpression,
      ops,
    ),
    parse: result === OperateResult.ORDERED ? parseOperateOrdered : parseOperate,
  }
}
