/** The remove command: delete a record (RecordNotFound when it does not exist). */
import { Info2, Info3 } from '../../protocol/index.js'
import { POLICY_KEY_SEND } from '../constants.js'
import type { Key } from '../key.js'
import type { ResolvedWritePolicy } from '../policies.js'
import type { WriteMeta } from '../record.js'
import type { RecordCommand } from './execute.js'
import { writeHeader } from './header.js'
import { parseWrite } from './operate.js'
import { encodeRecordRequest } from './record-request.js'

/** remove: WRITE|DELETE with the policy's generation check, commit level and durable delete; no ops. */
export function removeCommand(
  key: Key,
  meta: WriteMeta | undefined,
  policy: ResolvedWritePolicy,
): RecordCommand<void> {
  const header = writeHeader(policy, meta, undefined, key)
  // Existence policies and TTLs do not apply to a delete.
  header.info2 = (header.info2 & ~Info2.CREATE_ONLY) | Info2.DELETE
  header.info3 &= ~(Info3.UPDATE_ONLY | Info3.CREATE_OR_REPLACE | Info3.REPLACE_ONLY)
  header.recordTtl = 0
  return {
    key,
    isWrite: true,
    replica: 0,
    request: encodeRecordRequest(key, header, policy.key === POLICY_KEY_SEND, policy.filterExpression, []),
    parse: parseWrite,
  }
}
