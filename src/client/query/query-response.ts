/** Decodes the frames of a scan/query answer: record messages, partition-done messages and the end of the stream. */
import {
  type Bins,
  ByteReader,
  DIGEST_SIZE,
  decodeParticle,
  FieldType,
  Info3,
  MSG_HEADER_SIZE,
  ParseError,
  partitionId,
  ResultCode,
  type UserKey,
} from '../../protocol/index.js'
import { cachedName } from '../commands/names.js'
import { readBinInto } from '../commands/record-response.js'
import { Key } from '../key.js'
import { type Record, ttlFromVoidTime } from '../record.js'

/** Where the decoded messages of a frame go. */
export interface QueryFrameSink {
  /** A record, with its partition, index value (index queries) and wire size. */
  record(record: Record, pid: number, bval: bigint | undefined, size: number): void
  /** The node could not serve partition `pid` (result code `code`): read it again later. */
  partitionDone(pid: number, code: number): void
}

/** The end of a node's stream: the result code it ended with (0 = every requested partition was read). */
export interface StreamEnd {
  readonly resultCode: number
}

/**
 * Decodes every message of one frame body into `sink`. Returns the end of the
 * stream when the frame carries it (a LAST message, or a message with an
 * error result that is not about one partition), else undefined. Throws
 * ParseError for a malformed body.
 */
export function readQueryFrame(body: Buffer, sink: QueryFrameSink, nowMs: number): StreamEnd | undefined {
  const r = new ByteReader(body)
  while (r.remaining > 0) {
    const start = r.pos
    r.need(MSG_HEADER_SIZE)
    if (body[start] !== MSG_HEADER_SIZE)
      throw new ParseError(`message header size ${body[start]}, expected 22`)
    const info3 = body[start + 3]!
    const resultCode = body[start + 5]!
    const generation = body.readUInt32BE(start + 6)
    const voidTime = body.readUInt32BE(start + 10)
    const nFields = body.readUInt16BE(start + 18)
    const nOps = body.readUInt16BE(start + 20)
    r.pos = start + MSG_HEADER_SIZE
    if (info3 & Info3.LAST) return { resultCode }
    if (info3 & Info3.PARTITION_DONE) {
      // The partition id travels in the generation field.
      if (resultCode !== ResultCode.OK) sink.partitionDone(generation, resultCode)
      skipFieldsAndOps(r, nFields, nOps)
      continue
    }
    if (resultCode !== ResultCode.OK) return { resultCode }

    let namespace = ''
    let set = ''
    let digest: Buffer | undefined
    let userKey: UserKey | null = null
    let bval: bigint | undefined
    for (let i = 0; i < nFields; i++) {
      const size = r.u32()
      if (size < 1) throw new ParseError('field of size 0')
      r.need(size)
      const type = body[r.pos]!
      const dataStart = r.pos + 1
      const dataEnd = r.pos + size
      switch (type) {
        case FieldType.NAMESPACE:
          namespace = cachedName(body, dataStart, dataEnd)
          break
        case FieldType.SET:
          set = cachedName(body, dataStart, dataEnd)
          break
        case FieldType.DIGEST:
          if (dataEnd - dataStart !== DIGEST_SIZE)
            throw new ParseError(`digest field of ${dataEnd - dataStart} bytes`)
          // A copy: the key keeps it, and must not keep the whole frame alive.
          digest = Buffer.allocUnsafe(DIGEST_SIZE)
          for (let j = 0; j < DIGEST_SIZE; j++) digest[j] = body[dataStart + j]!
          break
        case FieldType.KEY:
          if (dataEnd > dataStart)
            userKey = decodeParticle(body[dataStart]!, body, dataStart + 1, dataEnd) as UserKey
          break
        case FieldType.BVAL_ARRAY:
          if (dataEnd - dataStart !== 8) throw new ParseError(`bval field of ${dataEnd - dataStart} bytes`)
          bval = body.readBigInt64LE(dataStart)
          break
      }
      r.pos = dataEnd
    }
    if (digest === undefined) throw new ParseError('record message without a digest')
    if (namespace === '') throw new ParseError('record message without a namespace')
    const bins: Bins = {}
    for (let i = 0; i < nOps; i++) readBinInto(r, bins)
    const key = Key.fromAnswer(namespace, set, userKey, digest)
    const record: Record = { key, meta: { gen: generation, ttl: ttlFromVoidTime(voidTime, nowMs) }, bins }
    sink.record(record, partitionId(digest), bval, r.pos - start)
  }
  return undefined
}

function skipFieldsAndOps(r: ByteReader, nFields: number, nOps: number): void {
  for (let i = 0; i < nFields + nOps; i++) r.skip(r.u32())
}
