/** Admin frames (proto type 2) in security mode: decode the message, run its command, answer in admin messages. */
import {
  ADMIN_SCHEME,
  type AdminMessage,
  decodeAdminMessage,
  encodeAdminFrame,
  encodeAdminMessage,
  SecurityResult,
} from '../../protocol/admin.js'
import { ParseError } from '../../protocol/codec-errors.js'
import type { ConnectionInfo } from '../handler-types.js'
import { ADMIN_COMMANDS, type AdminOutcome } from './admin-commands.js'
import type { SecurityState } from './security-state.js'

/** Query entries per frame; the end marker (result 50) follows the last entry in the last frame. */
const ENTRIES_PER_FRAME = 100

const END: AdminMessage = { command: 0, result: SecurityResult.QUERY_END, fields: {} }

/** An answer of one message with `result` and no fields. */
export function adminResult(result: number): Buffer {
  return encodeAdminMessage({ command: 0, result, fields: {} })
}

function reply(outcome: AdminOutcome): Buffer | Buffer[] {
  if (typeof outcome === 'number') return adminResult(outcome)
  if ('answer' in outcome)
    return encodeAdminMessage({ command: 0, result: SecurityResult.OK, fields: outcome.answer })
  const frames: Buffer[] = []
  const { entries } = outcome
  for (let i = 0; i + ENTRIES_PER_FRAME < entries.length; i += ENTRIES_PER_FRAME)
    frames.push(encodeAdminFrame(entries.slice(i, i + ENTRIES_PER_FRAME)))
  const rest = entries.length - frames.length * ENTRIES_PER_FRAME
  frames.push(encodeAdminFrame([...entries.slice(entries.length - rest), END]))
  return frames
}

/**
 * Answers one admin frame: malformed messages get INVALID_FIELD, another
 * scheme SCHEME_NOT_SUPPORTED, unknown commands INVALID_COMMAND; otherwise
 * the command's own result (and fields, or query entries then the end marker).
 */
export function handleSecureAdmin(
  security: SecurityState,
  body: Buffer,
  conn: ConnectionInfo,
): Buffer | Buffer[] {
  let msg: ReturnType<typeof decodeAdminMessage>
  try {
    msg = decodeAdminMessage(body)
  } catch (err) {
    if (err instanceof ParseError) return adminResult(SecurityResult.INVALID_FIELD)
    throw err
  }
  if (msg.scheme !== ADMIN_SCHEME) return adminResult(SecurityResult.SCHEME_NOT_SUPPORTED)
  const command = ADMIN_COMMANDS.get(msg.command)
  if (command === undefined) return adminResult(SecurityResult.INVALID_COMMAND)
  return reply(command({ security, conn, fields: msg.fields }))
}
