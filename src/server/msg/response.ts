/** Encoders for AS_MSG replies: a bare header with a result code, or a header followed by bin ops; one Buffer each. */
import { PROTO_HEADER_SIZE, PROTO_VERSION, ProtoType } from '../../protocol/frame.js'
import { MSG_HEADER_SIZE, OpType } from '../../protocol/message.js'
import type { Particle } from '../particle.js'
import type { Bin } from '../storage/record.js'

/** One op of a reply: the op id echoed, the bin name (byte string) and its value (null = no value). */
export interface ReplyOp {
  readonly op: number
  readonly name: string
  readonly value: Particle | null
}

const REPLY_HEADER_SIZE = PROTO_HEADER_SIZE + MSG_HEADER_SIZE
/** Where a reply frame holds its result code. */
export const REPLY_RESULT_CODE_OFFSET = PROTO_HEADER_SIZE + 5

/** Writes the proto header and the message header of a reply with `nOps` ops into `buf`. */
function writeHeaders(
  buf: Buffer,
  resultCode: number,
  generation: number,
  voidTime: number,
  nOps: number,
  info3 = 0,
): void {
  buf[0] = PROTO_VERSION
  buf[1] = ProtoType.MESSAGE
  buf.writeUIntBE(buf.length - PROTO_HEADER_SIZE, 2, 6)
  buf[8] = MSG_HEADER_SIZE
  buf[9] = 0
  buf[10] = 0
  buf[11] = info3
  buf[12] = 0
  buf[REPLY_RESULT_CODE_OFFSET] = resultCode
  buf.writeUInt32BE(generation, 14)
  buf.writeUInt32BE(voidTime, 18)
  buf.writeUInt32BE(0, 22)
  buf.writeUInt32BE(0, 26) // n_fields = 0, n_ops written below
  buf.writeUInt16BE(nOps, 28)
}

/** Writes one op at `p`; returns the offset after it. */
function writeOp(buf: Buffer, p: number, op: number, name: string, value: Particle | null): number {
  const valueLength = value === null ? 0 : value.data.length
  buf.writeUInt32BE(4 + name.length + valueLength, p)
  buf[p + 4] = op
  buf[p + 5] = value === null ? 0 : value.type
  buf[p + 6] = 0
  buf[p + 7] = name.length
  p += 8
  if (name.length > 0) p += buf.write(name, p, 'latin1')
  if (value !== null) p += value.data.copy(buf, p)
  return p
}

/** A reply without ops: result code, the record's generation and void time (0 for none). */
export function headerReply(resultCode: number, generation = 0, voidTime = 0, info3 = 0): Buffer {
  const buf = Buffer.allocUnsafe(REPLY_HEADER_SIZE)
  writeHeaders(buf, resultCode, generation, voidTime, 0, info3)
  return buf
}

/** A reply carrying the given ops in order. */
export function opsReply(
  resultCode: number,
  generation: number,
  voidTime: number,
  ops: readonly ReplyOp[],
): Buffer {
  let size = REPLY_HEADER_SIZE
  for (const o of ops) size += 8 + o.name.length + (o.value === null ? 0 : o.value.data.length)
  const buf = Buffer.allocUnsafe(size)
  writeHeaders(buf, resultCode, generation, voidTime, ops.length)
  let p = REPLY_HEADER_SIZE
  for (const o of ops) p = writeOp(buf, p, o.op, o.name, o.value)
  return buf
}

/** A successful read of whole bins: each bin as a READ op. */
export function binsReply(generation: number, voidTime: number, bins: readonly Bin[]): Buffer {
  let size = REPLY_HEADER_SIZE
  for (const b of bins) size += 8 + b.name.length + b.value.data.length
  const buf = Buffer.allocUnsafe(size)
  writeHeaders(buf, 0, generation, voidTime, bins.length)
  let p = REPLY_HEADER_SIZE
  for (const b of bins) p = writeOp(buf, p, OpType.READ, b.name, b.value)
  return buf
}
