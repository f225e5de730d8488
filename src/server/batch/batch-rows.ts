/** Reads a batch request the way the server's batch dispatcher does: the parent's BATCH field, then one sub-request per row. */
import { FieldType, Info1, Info3, MSG_HEADER_SIZE } from '../../protocol/message.js'
import { type Request, readFieldsAndOps } from '../msg/request.js'
import type { Namespace } from '../storage/namespace.js'
import type { Store } from '../storage/store.js'

/** Bytes of a row's fixed part: index (4), digest (20), row flags (1); a REPEAT row is only this. */
const ROW_FIXED_SIZE = 25
/** Bytes of the BATCH field's own header: row count (4) and parent flags (1). */
const BATCH_FIELD_HEADER_SIZE = 5

/** Parent flags of the BATCH field. */
export const BatchParentFlag = {
  /** Run rows inline when the data is in memory. */
  INLINE: 0x01,
  /** Run rows inline when the data is on a device. */
  INLINE_SSD: 0x02,
  /** Every row gets its own result; the batch never stops on a row's error. */
  REPORT_ALL_ERRORS: 0x04,
  /** When a row's error stops the batch, the block holding that row is still sent. */
  REPORT_ERROR_RECORD: 0x08,
} as const

/** Row flags: what the variable part of a row carries. */
export const BatchRowFlag = {
  /** Nothing: the row reuses the previous row's namespace, set, flags, fields and ops. */
  REPEAT: 0x01,
  /** info2 and info3 follow info1. */
  INFO: 0x02,
  /** A u16 generation follows. */
  GENERATION: 0x04,
  /** A u32 record TTL follows. */
  RECORD_TTL: 0x08,
  /** info4 follows info2/info3. */
  INFO4: 0x10,
} as const

/** The parts of a batch request the rows need. */
export interface BatchParent {
  /** Rows announced. */
  readonly count: number
  /** BatchParentFlag bits. */
  readonly flags: number
  /** The BATCH field's data: count, flags, then the rows. */
  readonly data: Buffer
  /** The parent's info3 (its SC read bits pass to rows without their own info3). */
  readonly info3: number
  /** The parent's server-side timeout, ms (0 = none). */
  readonly transactionTtl: number
  /** The parent's filter expression, for rows without their own. */
  readonly filter: Buffer | undefined
}

/**
 * Reads the parent message: its fields must be well formed and include a
 * BATCH field announcing at least one row. Returns the result code to fail the
 * whole batch with otherwise (PARAMETER).
 */
export function parseBatchParent(body: Buffer): BatchParent | number {
  const PARAMETER = 4
  if (body.length < MSG_HEADER_SIZE) return PARAMETER
  const parsed = readFieldsAndOps(body, MSG_HEADER_SIZE, body.length, body.readUInt16BE(18), 0)
  if (parsed === undefined) return PARAMETER
  const data = parsed.fields[FieldType.BATCH_INDEX] ?? parsed.fields[FieldType.BATCH_INDEX_WITH_SET]
  if (data === undefined || data.length < BATCH_FIELD_HEADER_SIZE) return PARAMETER
  const count = data.readUInt32BE(0)
  if (count === 0) return PARAMETER
  return {
    count,
    flags: data[4]!,
    data,
    info3: body[3]!,
    transactionTtl: body.readUInt32BE(14),
    filter: parsed.fields[FieldType.FILTER_EXP],
  }
}

/** One row as a single-record request on a record of a namespace. */
export interface BatchRow {
  /** The index the client gave the row; its result carries it back. */
  readonly index: number
  readonly digest: Buffer
  readonly ns: Namespace
  readonly request: Request
}

/** Bits of info1 a row may not carry: compression and XDR are cleared, as the server does. */
const ROW_INFO1_MASK = ~(Info1.COMPRESS_RESPONSE | Info1.XDR) & 0xff
/** info3 bits a row without its own info3 inherits from the parent. */
const SC_READ_BITS = Info3.SC_READ_TYPE | Info3.SC_READ_RELAX

/**
 * Walks the rows of a batch front to back. `next()` returns the next row,
 * undefined once every announced row was read, or null when the rest cannot
 * be read (malformed bytes, a REPEAT with nothing to repeat or after a row
 * carrying a key, an unknown namespace): the batch then stops with PARAMETER.
 */
export class BatchRowReader {
  private pos = BATCH_FIELD_HEADER_SIZE
  private read = 0
  private previous: { ns: Namespace; request: Request } | undefined

  constructor(
    private readonly parent: BatchParent,
    private readonly store: Store,
  ) {}

  /** Rows read so far. */
  get rowsRead(): number {
    return this.read
  }

  /** The next row, undefined when done, null when the rest is unreadable. */
  next(): BatchRow | undefined | null {
    const { data, count } = this.parent
    if (this.read >= count) return undefined
    const p = this.pos
    if (p + ROW_FIXED_SIZE > data.length) return null
    const index = data.readUInt32BE(p)
    const digest = data.subarray(p + 4, p + 24)
    const flags = data[p + 24]!
    let row: { ns: Namespace; request: Request } | null
    if (flags & BatchRowFlag.REPEAT) {
      const prev = this.previous
      if (prev === undefined || prev.request.fields[FieldType.KEY] !== undefined) return null
      row = prev
      this.pos = p + ROW_FIXED_SIZE
    } else {
      row = this.readFull(p + ROW_FIXED_SIZE, flags)
      if (row === null) return null
      this.previous = row
    }
    this.read++
    return { index, digest, ns: row.ns, request: row.request }
  }

  /** Reads a row's variable part at `p`; sets `pos` past it. */
  private readFull(p: number, flags: number): { ns: Namespace; request: Request } | null {
    const parent = this.parent
    const data = parent.data
    const metaSize =
      1 +
      (flags & BatchRowFlag.INFO ? 2 : 0) +
      (flags & BatchRowFlag.INFO4 ? 1 : 0) +
      (flags & BatchRowFlag.GENERATION ? 2 : 0) +
      (flags & BatchRowFlag.RECORD_TTL ? 4 : 0) +
      4
    if (p + metaSize > data.length) return null
    const info1 = data[p++]! & ROW_INFO1_MASK
    let info2 = 0
    let info3 = parent.info3 & SC_READ_BITS
    if (flags & BatchRowFlag.INFO) {
      info2 = data[p++]!
      info3 = data[p++]!
    }
    const info4 = flags & BatchRowFlag.INFO4 ? data[p++]! : 0
    let generation = 0
    if (flags & BatchRowFlag.GENERATION) {
      generation = data.readUInt16BE(p)
      p += 2
    }
    let recordTtl = 0
    if (flags & BatchRowFlag.RECORD_TTL) {
      recordTtl = data.readUInt32BE(p)
      p += 4
    }
    // Older clients sent 0 fields but always a namespace.
    const nFields = data.readUInt16BE(p) || 1
    const nOps = data.readUInt16BE(p + 2)
    p += 4
    // The namespace must be the first field.
    if (p + 5 > data.length || data[p + 4] !== FieldType.NAMESPACE) return null
    const nsSize = data.readUInt32BE(p)
    if (nsSize === 0 || p + 4 + nsSize > data.length) return null
    const ns = this.store.namespace(data.toString('latin1', p + 5, p + 4 + nsSize))
    if (ns === undefined) return null
    const parsed = readFieldsAndOps(data, p, data.length, nFields, nOps)
    if (parsed === undefined) return null
    this.pos = parsed.end
    let fields = parsed.fields
    if (parent.filter !== undefined && fields[FieldType.FILTER_EXP] === undefined) {
      const withFilter = fields.slice()
      withFilter[FieldType.FILTER_EXP] = parent.filter
      fields = withFilter
    }
    const request: Request = {
      info1,
      info2,
      info3,
      info4,
      generation,
      recordTtl,
      transactionTtl: parent.transactionTtl,
      fields,
      ops: parsed.ops,
    }
    return { ns, request }
  }
}
