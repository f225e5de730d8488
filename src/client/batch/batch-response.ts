/** Decodes batch response frames: row messages matched to their rows by batch index, and the trailer that ends a node's stream. */
import { ByteReader, Info3, MSG_HEADER_SIZE, ParseError, ResultCode } from '../../protocol/index.js'
import { type ResponseHead, readBins, readCollapsedBins } from '../commands/record-response.js'
import type { Record } from '../record.js'
import { ttlFromVoidTime } from '../record.js'
import type { BatchRecord } from './batch-record.js'
import type { BatchRows } from './batch-request.js'
import { RowDecode } from './batch-row.js'

/** What decoding fills in: one BatchRecord per row, and which request each unanswered row is waiting on. */
export interface BatchOutcome {
  readonly rows: BatchRows
  /** The values the caller passed as keys, by row. */
  readonly inputs: readonly unknown[]
  readonly records: BatchRecord<unknown>[]
  /** Per row: the id of the request it was last sent in while unanswered; 0 once answered. */
  readonly waiting: Int32Array
}

/** No trailer in the body yet. */
export const NO_TRAILER = -1

/**
 * Reads every message of one response body sent for request `requestId`.
 * Row messages fill `outcome.records` at their batch index (an index the
 * request did not carry, or one already answered, is a ParseError). Returns
 * the trailer's result code when the body ends the stream, else NO_TRAILER.
 */
export function readBatchBody(body: Buffer, requestId: number, outcome: BatchOutcome): number {
  const { waiting, records, rows, inputs } = outcome
  const now = Date.now()
  let pos = 0
  while (pos < body.length) {
    if (pos + MSG_HEADER_SIZE > body.length) throw new ParseError('truncated batch row message')
    if (body[pos] !== MSG_HEADER_SIZE) throw new ParseError(`message header size ${body[pos]}, expected 22`)
    const resultCode = body[pos + 5]!
    if (body[pos + 3]! & Info3.LAST) return resultCode
    const generation = body.readUInt32BE(pos + 6)
    const voidTime = body.readUInt32BE(pos + 10)
    const index = body.readUInt32BE(pos + 14)
    const nFields = body.readUInt16BE(pos + 18)
    const nOps = body.readUInt16BE(pos + 20)
    const r = new ByteReader(body, pos + MSG_HEADER_SIZE)
    for (let i = 0; i < nFields; i++) r.skip(r.u32())
    const opsStart = r.pos
    for (let i = 0; i < nOps; i++) r.skip(r.u32())
    const end = r.pos
    if (index >= waiting.length || waiting[index] !== requestId)
      throw new ParseError(`batch row index ${index} was not asked for, or already answered`)
    waiting[index] = 0
    let record: Record | null = null
    const decode = rows.specs[index]!.decode
    // A failed UDF row still carries its FAILURE bin.
    if (resultCode === ResultCode.OK || (decode === RowDecode.UDF && nOps > 0)) {
      const head: ResponseHead = {
        resultCode,
        generation,
        voidTime,
        nOps,
        reader: new ByteReader(body, opsStart, end),
      }
      record = {
        key: rows.keys[index]!,
        meta: { gen: generation, ttl: ttlFromVoidTime(voidTime, now) },
        bins: decode === RowDecode.COLLAPSED ? readCollapsedBins(head) : readBins(head),
      }
    }
    records[index] = { key: inputs[index], result: resultCode, record, inDoubt: false }
    pos = end
  }
  return NO_TRAILER
}
