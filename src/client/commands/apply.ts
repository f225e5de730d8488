/** apply: runs a record UDF on one record; its return value comes back in the `SUCCESS` bin, its error text in `FAILURE`. */
import { type AerospikeValue, ResultCode } from '../../protocol/index.js'
import { POLICY_KEY_SEND } from '../constants.js'
import { errorFromResultCode } from '../errors.js'
import type { Key } from '../key.js'
import type { ResolvedWritePolicy } from '../policies.js'
import type { WriteMeta } from '../record.js'
import type { ParseContext, RecordCommand } from './execute.js'
import { writeHeader } from './header.js'
import { resultError } from './read.js'
import { encodeRecordRequest } from './record-request.js'
import { readBins, readResponseHead } from './record-response.js'
import { udfFields } from './udf-fields.js'

/** The bin a successful call's return value comes back in. */
export const SUCCESS_BIN = 'SUCCESS'
/** The bin a failed call's error text comes back in (result code 100). */
export const FAILURE_BIN = 'FAILURE'

/** The UDFError for a failed call, its message carrying the server's error text. */
export function udfFailure(code: number, failure: AerospikeValue | undefined, context: ParseContext) {
  return errorFromResultCode(code, {
    node: context.node.name,
    address: context.node.address,
    key: context.key,
    detail: typeof failure === 'string' ? failure : undefined,
  })
}

function parseApply(body: Buffer, context: ParseContext): AerospikeValue {
  const head = readResponseHead(body)
  if (head.resultCode === ResultCode.UDF_EXECUTION) {
    const bins = readBins(head)
    throw udfFailure(head.resultCode, bins[FAILURE_BIN], context)
  }
  if (head.resultCode !== ResultCode.OK) throw resultError(head.resultCode, context)
  return readBins(head)[SUCCESS_BIN] ?? null
}

/** A record UDF call: a write (INFO2_WRITE) with the UDF fields and no ops, routed to the master. */
export function applyCommand(
  key: Key,
  module: unknown,
  fn: unknown,
  args: unknown,
  meta: WriteMeta | undefined,
  policy: ResolvedWritePolicy,
): RecordCommand<AerospikeValue> {
  const udf = udfFields(module, fn, args, key)
  const header = writeHeader(policy, meta, undefined, key)
  return {
    key,
    isWrite: true,
    replica: 0,
    request: encodeRecordRequest(
      key,
      header,
      policy.key === POLICY_KEY_SEND,
      policy.filterExpression,
      [],
      udf,
    ),
    parse: parseApply,
  }
}
