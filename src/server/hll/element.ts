/** An element of an HLL add or mayContain in the server's compact msgpack form: the bytes it is hashed by. */
import { ByteWriter } from '../../protocol/byte-writer.js'
import {
  intSize,
  MsgpackExt,
  MsgpackKind,
  type MsgpackReader,
  packToBuffer,
  strHeaderSize,
  writeInt,
  writeStrHeader,
} from '../../protocol/msgpack.js'

/** Longest payload each bin-family header byte (c4, c5, c6) can hold with a smaller header: longer stays as sent. */
const BIN_NEEDS: Readonly<Record<number, number>> = { 196: 0x1f, 197: 0xff, 198: 0xffff }

function compactInt(v: bigint): Buffer {
  const w = ByteWriter.alloc(intSize(v))
  writeInt(w, v)
  return w.buf
}

function compactStr(payload: Buffer): Buffer {
  const w = ByteWriter.alloc(strHeaderSize(payload.length) + payload.length)
  writeStrHeader(w, payload.length)
  w.bytes(payload)
  return w.buf
}

/**
 * Reads the next scalar item of `r` (the caller has refused lists and maps)
 * and returns it as the server compacts it before hashing: integers in
 * their smallest form (unsigned forms for non-negative values), strings
 * with the smallest str header, ext items with the smallest ext header, and
 * bin-family bytes as a str item when a smaller header fits them (longer
 * ones keep their bin header, as the server does). Throws ParseError for
 * malformed msgpack.
 */
export function readCompactElement(r: MsgpackReader): Buffer {
  const first = r.peek()
  switch (r.peekKind()) {
    case MsgpackKind.Int:
      return compactInt(r.readBigInt())
    case MsgpackKind.Str:
      return compactStr(r.readBytes())
    case MsgpackKind.Bin: {
      const start = r.pos
      const payload = r.readBytes()
      return payload.length <= BIN_NEEDS[first]! ? compactStr(payload) : r.buf.subarray(start, r.pos)
    }
    case MsgpackKind.Ext: {
      const ext = r.readExt()
      return packToBuffer(new MsgpackExt(ext.type, ext.data))
    }
    default:
      return r.readRaw()
  }
}
