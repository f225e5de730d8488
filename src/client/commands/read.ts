/** Read commands: get (all bins), select (named bins) and exists (header only). */
import { Info1, OpType, ResultCode } from '../../protocol/index.js'
import { binOp } from '../basic-operations.js'
import { type AerospikeError, errorFromResultCode, invalidArg } from '../errors.js'
import type { Key } from '../key.js'
import { OpFlag, type WireOp } from '../operation.js'
import type { ResolvedReadPolicy } from '../policies.js'
import { type ExistsResult, type Record, ttlFromVoidTime } from '../record.js'
import type { ParseContext, RecordCommand } from './execute.js'
import { readModeBits, ttlToWire } from './header.js'
import { encodeRecordRequest } from './record-request.js'
import { readBins, readResponseHead } from './record-response.js'

/** The error of a failed single-record response. */
export function resultError(code: number, context: ParseContext): AerospikeError {
  return errorFromResultCode(code, {
    node: context.node.name,
    address: context.node.address,
    key: context.key,
    inDoubt: context.isWrite && code === ResultCode.TIMEOUT,
  })
}

function parseRecord(body: Buffer, context: ParseContext): Record {
  const head = readResponseHead(body)
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
  return {
    key: context.key,
    meta: { gen: head.generation, ttl: ttlFromVoidTime(head.voidTime, Date.now()) },
    bins: readBins(head),
  }
}

function parseExists(body: Buffer, context: ParseContext): ExistsResult {
  const head = readResponseHead(body)
  if (head.resultCode === ResultCode.RECORD_NOT_FOUND) return { key: context.key, meta: null }
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
  return { key: context.key, meta: { gen: head.generation, ttl: ttlFromVoidTime(head.voidTime, Date.now()) } }
}

function readRequest(key: Key, policy: ResolvedReadPolicy, info1: number, ops: readonly WireOp[]): Buffer {
  return encodeRecordRequest(
    key,
    {
      info1: info1 | readModeBits(policy.readModeAP),
      info2: 0,
      info3: 0,
      generation: 0,
      recordTtl: ttlToWire(policy.readTouchTtlPercent),
      transactionTtl: policy.totalTimeout,
    },
    false,
    policy.filterExpression,
    ops,
  )
}

/** get: every bin of the record (RecordNotFound when missing). */
export function getCommand(key: Key, policy: ResolvedReadPolicy): RecordCommand<Record> {
  return {
    key,
    isWrite: false,
    replica: policy.replica,
    request: readRequest(key, policy, Info1.READ | Info1.GET_ALL, []),
    parse: parseRecord,
  }
}

/** select: the named bins of the record (RecordNotFound when missing). */
export function selectCommand(
  key: Key,
  binNames: readonly string[],
  policy: ResolvedReadPolicy,
): RecordCommand<Record> {
  if (!Array.isArray(binNames)) throw invalidArg('select needs an array of bin names', key)
  const ops = binNames.map((bin) => binOp(OpType.READ, bin, OpFlag.READ, 'select'))
  return {
    key,
    isWrite: false,
    replica: policy.replica,
    // No names: the record's header only (bins come back empty).
    request: readRequest(key, policy, ops.length > 0 ? Info1.READ : Info1.READ | Info1.GET_NO_BINS, ops),
    parse: parseRecord,
  }
}

/** exists: the record's metadata, or `meta: null` when it does not exist. */
export function existsCommand(key: Key, policy: ResolvedReadPolicy): RecordCommand<ExistsResult> {
  return {
    key,
    isWrite: false,
    replica: policy.replica,
    request: readRequest(key, policy, Info1.READ | Info1.GET_NO_BINS, []),
    parse: parseExists,
  }
}
