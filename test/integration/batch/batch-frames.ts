/** Test helper: raw batch requests (any row layout, including malformed ones) and reading a batch answer off a raw connection. */
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { computeDigest, type UserKey } from '../../../src/protocol/digest.js'
import {
  decodeMessages,
  FieldType,
  Info1,
  Info3,
  type Message,
  type OutgoingField,
  type OutgoingOp,
} from '../../../src/protocol/message.js'
import { type RawConnection, request } from '../server/raw-client.js'

/** One row as a test writes it: defaults give a read-all row of namespace test, set batch. */
export interface RawRow {
  key: UserKey
  index?: number
  ns?: string
  set?: string
  /** Row flags; default INFO | RECORD_TTL (0x0a), or REPEAT when `repeat`. */
  flags?: number
  repeat?: boolean
  info1?: number
  info2?: number
  info3?: number
  info4?: number
  gen?: number
  ttl?: number
  fields?: OutgoingField[]
  ops?: OutgoingOp[]
}

function rowBytes(r: RawRow, i: number): Buffer {
  const set = r.set ?? 'batch'
  const flags = r.repeat ? 0x01 : (r.flags ?? 0x0a)
  const fields: OutgoingField[] = [{ type: FieldType.NAMESPACE, data: Buffer.from(r.ns ?? 'test') }]
  if (set !== '') fields.push({ type: FieldType.SET, data: Buffer.from(set) })
  fields.push(...(r.fields ?? []))
  const ops = r.ops ?? []
  let size = 25
  if (!r.repeat) {
    size +=
      1 +
      (flags & 0x02 ? 2 : 0) +
      (flags & 0x10 ? 1 : 0) +
      (flags & 0x04 ? 2 : 0) +
      (flags & 0x08 ? 4 : 0) +
      4
    for (const f of fields) size += 5 + f.data.length
    for (const o of ops) size += 8 + Buffer.byteLength(o.name) + o.value.length
  }
  const w = ByteWriter.alloc(size)
  w.u32(r.index ?? i)
    .bytes(computeDigest(set, r.key))
    .u8(flags)
  if (r.repeat) return w.buf
  w.u8(r.info1 ?? Info1.READ | Info1.GET_ALL)
  if (flags & 0x02) w.u8(r.info2 ?? 0).u8(r.info3 ?? 0)
  if (flags & 0x10) w.u8(r.info4 ?? 0)
  if (flags & 0x04) w.u16(r.gen ?? 0)
  if (flags & 0x08) w.u32(r.ttl ?? 0)
  w.u16(fields.length).u16(ops.length)
  for (const f of fields)
    w.u32(f.data.length + 1)
      .u8(f.type)
      .bytes(f.data)
  for (const o of ops) {
    const name = Buffer.from(o.name)
    w.u32(4 + name.length + o.value.length)
      .u8(o.op)
      .u8(o.particleType)
      .u8(0)
      .u8(name.length)
    w.bytes(name).bytes(o.value)
  }
  return w.buf
}

/** Options of a raw batch request. */
export interface BatchOptions {
  /** Parent flags (default 0x0d: inline, respond all keys, report error record). */
  parentFlags?: number
  /** Announced row count (default: the number of rows). */
  count?: number
  /** Bytes appended after the rows. */
  tail?: Buffer
  /** Parent filter expression. */
  filter?: Buffer
}

/** A whole batch request frame. */
export function batchRequest(rows: readonly RawRow[], o: BatchOptions = {}): Buffer {
  const parts = rows.map(rowBytes)
  const head = Buffer.alloc(5)
  head.writeUInt32BE(o.count ?? rows.length)
  head[4] = o.parentFlags ?? 0x0d
  const data = Buffer.concat([head, ...parts, o.tail ?? Buffer.alloc(0)])
  const fields: OutgoingField[] = [{ type: FieldType.BATCH_INDEX, data }]
  if (o.filter !== undefined) fields.unshift({ type: FieldType.FILTER_EXP, data: o.filter })
  return request({ info1: Info1.BATCH, transactionTtl: 1000 }, fields)
}

/** A batch answer: the row messages in arrival order, by index, the trailer, and the frame sizes. */
export interface BatchAnswer {
  rows: Message[]
  byIndex: Map<number, Message>
  trailer: Message
  frameSizes: number[]
}

/** Reads frames until the trailer (a message with info3 LAST). */
export async function readBatch(conn: RawConnection): Promise<BatchAnswer> {
  const rows: Message[] = []
  const frameSizes: number[] = []
  for (;;) {
    const f = await conn.next()
    if (f === undefined) throw new Error('connection closed before the batch trailer')
    frameSizes.push(f.body.length)
    for (const m of decodeMessages(f.body)) {
      if (m.header.info3 & Info3.LAST) {
        return {
          rows,
          byIndex: new Map(rows.map((r) => [r.header.transactionTtl, r])),
          trailer: m,
          frameSizes,
        }
      }
      rows.push(m)
    }
  }
}
