/** Parses an AS_MSG request body the way the server's demarshal step does: fields and ops must exactly fill the body. */
import { MSG_HEADER_SIZE } from '../../protocol/message.js'

/** Highest field id the server looks at; higher ids are skipped. */
const MAX_KNOWN_FIELD = 43

/** One bin op of a request. `name` is a byte string (one char per byte); `value` is a view into the request. */
export interface RequestOp {
  readonly op: number
  readonly particleType: number
  readonly name: string
  readonly value: Buffer
}

/** A demarshalled request. Field data and op values are views into the received frame. */
export interface Request {
  readonly info1: number
  readonly info2: number
  readonly info3: number
  readonly info4: number
  /** Expected generation (with the GENERATION flags). */
  readonly generation: number
  /** TTL for writes, read-touch percent for reads. */
  readonly recordTtl: number
  /** Server-side timeout in ms (0 = none). */
  readonly transactionTtl: number
  /** Field data by field id (first occurrence wins); unknown ids are absent. */
  readonly fields: ReadonlyArray<Buffer | undefined>
  readonly ops: readonly RequestOp[]
}

/**
 * Demarshals a type-3 body. Returns undefined when the body is malformed (too
 * short, a field of size 0, an op whose name overruns it, or bytes left over),
 * which the server answers with PARAMETER (4).
 */
export function parseRequest(body: Buffer): Request | undefined {
  const end = body.length
  if (end < MSG_HEADER_SIZE) return undefined
  const nFields = body.readUInt16BE(18)
  const nOps = body.readUInt16BE(20)
  // Every field takes at least 5 bytes and every op 8: refuse counts the body cannot hold.
  if (MSG_HEADER_SIZE + nFields * 5 + nOps * 8 > end) return undefined
  const fields: (Buffer | undefined)[] = new Array(MAX_KNOWN_FIELD + 1)
  let p = MSG_HEADER_SIZE
  for (let i = 0; i < nFields; i++) {
    if (p + 5 > end) return undefined
    const size = body.readUInt32BE(p)
    if (size === 0 || p + 4 + size > end) return undefined
    const type = body[p + 4]!
    if (type <= MAX_KNOWN_FIELD && fields[type] === undefined)
      fields[type] = body.subarray(p + 5, p + 4 + size)
    p += 4 + size
  }
  const ops: RequestOp[] = new Array(nOps)
  for (let i = 0; i < nOps; i++) {
    if (p + 8 > end) return undefined
    const size = body.readUInt32BE(p)
    const flags = body[p + 6]!
    const nameLength = body[p + 7]!
    // Flag bit 0: an 8-byte last-update time (XDR) follows the name.
    const meta = flags & 1 ? 8 : 0
    const valueStart = p + 8 + nameLength + meta
    if (4 + nameLength + meta > size || p + 4 + size > end) return undefined
    ops[i] = {
      op: body[p + 4]!,
      particleType: body[p + 5]!,
      name: body.toString('latin1', p + 8, p + 8 + nameLength),
      value: body.subarray(valueStart, p + 4 + size),
    }
    p += 4 + size
  }
  if (p !== end) return undefined
  return {
    info1: body[1]!,
    info2: body[2]!,
    info3: body[3]!,
    info4: body[4]!,
    generation: body.readUInt32BE(6),
    recordTtl: body.readUInt32BE(10),
    transactionTtl: body.readUInt32BE(14),
    fields,
    ops,
  }
}
