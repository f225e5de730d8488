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

/** Fields and ops read from a request, and the offset just after the last op. */
export interface FieldsAndOps {
  readonly fields: ReadonlyArray<Buffer | undefined>
  readonly ops: readonly RequestOp[]
  readonly end: number
}

/**
 * Reads `nFields` fields then `nOps` ops from `buf` at `start`, none reaching
 * past `limit`. Returns undefined when one is malformed (a field of size 0, an
 * op whose name overruns it, anything past `limit`).
 */
export function readFieldsAndOps(
  buf: Buffer,
  start: number,
  limit: number,
  nFields: number,
  nOps: number,
): FieldsAndOps | undefined {
  // Every field takes at least 5 bytes and every op 8: refuse counts the bytes cannot hold.
  if (start + nFields * 5 + nOps * 8 > limit) return undefined
  const fields: (Buffer | undefined)[] = new Array(MAX_KNOWN_FIELD + 1)
  let p = start
  for (let i = 0; i < nFields; i++) {
    if (p + 5 > limit) return undefined
    const size = buf.readUInt32BE(p)
    if (size === 0 || p + 4 + size > limit) return undefined
    const type = buf[p + 4]!
    if (type <= MAX_KNOWN_FIELD && fields[type] === undefined)
      fields[type] = buf.subarray(p + 5, p + 4 + size)
    p += 4 + size
  }
  const ops: RequestOp[] = new Array(nOps)
  for (let i = 0; i < nOps; i++) {
    if (p + 8 > limit) return undefined
    const size = buf.readUInt32BE(p)
    const flags = buf[p + 6]!
    const nameLength = buf[p + 7]!
    // Flag bit 0: an 8-byte last-update time (XDR) follows the name.
    const meta = flags & 1 ? 8 : 0
    const valueStart = p + 8 + nameLength + meta
    if (4 + nameLength + meta > size || p + 4 + size > limit) return undefined
    ops[i] = {
      op: buf[p + 4]!,
      particleType: buf[p + 5]!,
      name: buf.toString('latin1', p + 8, p + 8 + nameLength),
      value: buf.subarray(valueStart, p + 4 + size),
    }
    p += 4 + size
  }
  return { fields, ops, end: p }
}

/**
 * Demarshals a type-3 body. Returns undefined when the body is malformed (too
 * short, a field of size 0, an op whose name overruns it, or bytes left over),
 * which the server answers with PARAMETER (4).
 */
export function parseRequest(body: Buffer): Request | undefined {
  if (body.length < MSG_HEADER_SIZE) return undefined
  const parsed = readFieldsAndOps(
    body,
    MSG_HEADER_SIZE,
    body.length,
    body.readUInt16BE(18),
    body.readUInt16BE(20),
  )
  if (parsed === undefined || parsed.end !== body.length) return undefined
  return {
    info1: body[1]!,
    info2: body[2]!,
    info3: body[3]!,
    info4: body[4]!,
    generation: body.readUInt32BE(6),
    recordTtl: body.readUInt32BE(10),
    transactionTtl: body.readUInt32BE(14),
    fields: parsed.fields,
    ops: parsed.ops,
  }
}
