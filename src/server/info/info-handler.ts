/** Answers an info request (proto type 1): each `\n`-terminated command echoed with its value, as a CE 8.1 node does. */

import { ByteWriter } from '../../protocol/byte-writer.js'
import { MAX_FRAME_SIZE, PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from '../../protocol/frame.js'
import type { ConnectionInfo } from '../handler-types.js'
import { authenticatedUser, checkInfoCommand, NOT_AUTHENTICATED_INFO } from '../security/access-checks.js'
import type { ServerState } from '../server-state.js'
import { INFO_COMMANDS, SUMMARY_COMMANDS } from './commands.js'
import { infoError } from './params.js'

/** Command names must be shorter than this. */
const MAX_NAME_LENGTH = 32
const UNRECOGNIZED = infoError(4, 'unrecognized command')

/** The value of one command line (the text up to, not including, its `\n`). */
function answer(state: ServerState, line: string, conn: ConnectionInfo): string | Promise<string> {
  let sep = -1
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '/' || ch === ':' || ch === ';') {
      sep = i
      break
    }
  }
  const name = sep < 0 ? line : line.slice(0, sep)
  const params = sep < 0 ? '' : line.slice(sep + 1)
  if (name.length >= MAX_NAME_LENGTH || !Object.hasOwn(INFO_COMMANDS, name)) return UNRECOGNIZED
  if (state.security !== undefined) {
    const refused = checkInfoCommand(state.security, conn, name, params)
    if (refused !== undefined) return refused
  }
  return INFO_COMMANDS[name]!({ state, name, params, conn })
}

/**
 * The reply frame for an info request body (a promise when a command must wait). Text after the last `\n` is ignored; an empty body
 * lists the summary. Throws RangeError when the reply would exceed 128 MiB (the connection closes).
 * In security mode, a connection that has not authenticated gets `ERROR:80:not authenticated`
 * for the whole request, and commands needing a permission its user lacks get `ERROR:81:...`.
 */
export function handleInfo(state: ServerState, body: Buffer, conn: ConnectionInfo): Buffer | Promise<Buffer> {
  // Byte strings throughout: every byte is echoed back exactly.
  const text = body.toString('latin1')
  const parts: (string | Promise<string>)[] = []
  let waits = false
  let size = 0
  const add = (line: string, value: string | Promise<string>): void => {
    parts.push(`${line}\t`, value, '\n')
    if (typeof value !== 'string') waits = true
    else size += line.length + value.length + 2
    // A reply no client could read would only exhaust memory: give up on the request.
    if (size > MAX_FRAME_SIZE) throw new RangeError('info reply over 128 MiB')
  }
  if (state.security !== undefined && authenticatedUser(state.security, conn) === undefined) {
    parts.push(NOT_AUTHENTICATED_INFO)
  } else if (text.length === 0) {
    for (const name of SUMMARY_COMMANDS) add(name, answer(state, name, conn))
  } else {
    let start = 0
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      let line = text.slice(start, end)
      // The server works on C strings: a command stops at its first NUL byte.
      const nul = line.indexOf('\0')
      if (nul >= 0) line = line.slice(0, nul)
      add(line, answer(state, line, conn))
      start = end + 1
    }
  }
  state.counters.infoComplete++
  return waits ? Promise.all(parts).then(infoFrame) : infoFrame(parts as string[])
}

/** The info reply frame carrying `parts` joined. */
function infoFrame(parts: readonly string[]): Buffer {
  const out = parts.join('')
  if (out.length > MAX_FRAME_SIZE) throw new RangeError('info reply over 128 MiB')
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + out.length)
  writeProtoHeader(w, ProtoType.INFO, out.length)
  w.ascii(out)
  return w.buf
}
