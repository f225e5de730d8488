/** Decodes single-record responses: the header, then the bins in one pass (as an object, collapsed or in order). */
import {
  type AerospikeValue,
  type Bins,
  ByteReader,
  decodeParticle,
  MSG_HEADER_SIZE,
  ParseError,
  setOwn,
} from '../../protocol/index.js'
import type { BinTuple } from '../record.js'
import { cachedName } from './names.js'

/** The header of a single-record response, and a reader positioned at its first op. */
export interface ResponseHead {
  resultCode: number
  generation: number
  /** Void time, seconds since 2010-01-01 (0 = never expires). */
  voidTime: number
  nOps: number
  reader: ByteReader
}

/** Reads the AS_MSG header of `body` and skips its fields. Throws ParseError for a malformed body. */
export function readResponseHead(body: Buffer): ResponseHead {
  const r = new ByteReader(body)
  r.need(MSG_HEADER_SIZE)
  if (body[0] !== MSG_HEADER_SIZE) throw new ParseError(`message header size ${body[0]}, expected 22`)
  const resultCode = body[5]!
  const generation = body.readUInt32BE(6)
  const voidTime = body.readUInt32BE(10)
  const nFields = body.readUInt16BE(18)
  const nOps = body.readUInt16BE(20)
  r.pos = MSG_HEADER_SIZE
  for (let i = 0; i < nFields; i++) r.skip(r.u32())
  return { resultCode, generation, voidTime, nOps, reader: r }
}

/** Reads one op at the reader and calls `use` with its name and decoded value. */
function readOp<T>(r: ByteReader, use: (name: string, value: AerospikeValue) => T): T {
  const size = r.u32()
  if (size < 4) throw new ParseError(`op of size ${size}`)
  r.need(size)
  const buf = r.buf
  const start = r.pos
  const particleType = buf[start + 1]!
  const flags = buf[start + 2]!
  const nameLength = buf[start + 3]!
  let valueStart = start + 4 + nameLength
  if (flags & 1) valueStart += 8
  const end = start + size
  if (valueStart > end) throw new ParseError('op name overruns op')
  const name = cachedName(buf, start + 4, start + 4 + nameLength)
  r.pos = end
  return use(name, decodeParticle(particleType, buf, valueStart, end))
}

/** Reads one op at the reader and calls back with its name and decoded value. */
function readBin(r: ByteReader): [string, AerospikeValue] {
  return readOp(r, (name, value) => [name, value])
}

/** Reads one op at the reader into `bins` (a repeated name keeps its last value). */
export function readBinInto(r: ByteReader, bins: Bins): void {
  readOp(r, (name, value) => setOwn<AerospikeValue>(bins, name, value))
}

/** Every returned bin as an object (get, select). A repeated name keeps its last value. */
export function readBins(head: ResponseHead): Bins {
  const bins: Bins = {}
  for (let i = 0; i < head.nOps; i++) readBinInto(head.reader, bins)
  checkConsumed(head)
  return bins
}

/**
 * Operate's bins: null results are dropped and several results for one bin
 * collapse into an array of them, in op order (as aerospike-py does).
 */
export function readCollapsedBins(head: ResponseHead): Bins {
  const bins: Bins = {}
  let collapsed: Set<string> | undefined
  for (let i = 0; i < head.nOps; i++) {
    const [name, value] = readBin(head.reader)
    if (value === null) continue
    if (!Object.hasOwn(bins, name)) {
      setOwn<AerospikeValue>(bins, name, value)
    } else if (collapsed?.has(name)) {
      ;(bins[name] as AerospikeValue[]).push(value)
    } else {
      collapsed ??= new Set()
      collapsed.add(name)
      setOwn<AerospikeValue>(bins, name, [bins[name]!, value])
    }
  }
  checkConsumed(head)
  return bins
}

/** Every returned op as `[name, value]`, in the order the server sent them (operateOrdered). */
export function readOrderedBins(head: ResponseHead): BinTuple[] {
  const out: BinTuple[] = new Array(head.nOps)
  for (let i = 0; i < head.nOps; i++) out[i] = readBin(head.reader)
  checkConsumed(head)
  return out
}

function checkConsumed(head: ResponseHead): void {
  if (head.reader.remaining !== 0) throw new ParseError(`${head.reader.remaining} bytes after the last op`)
}
