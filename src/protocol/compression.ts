/** Compressed messages (proto type 4): a zlib stream wrapping a whole type-3 frame. */
import { deflateSync, inflateSync } from 'node:zlib'
import { ByteWriter } from './byte-writer.js'
import { ParseError } from './codec-errors.js'
import {
  type Frame,
  MAX_FRAME_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  readProtoHeader,
  writeProtoHeader,
} from './frame.js'

/** Requests smaller than this are not worth compressing (the clients' threshold). */
export const COMPRESS_THRESHOLD = 128

/** Wraps a complete type-3 frame (proto header included) in a type-4 frame. */
export function compressFrame(frame: Buffer): Buffer {
  const data = deflateSync(frame)
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + 8 + data.length)
  writeProtoHeader(w, ProtoType.COMPRESSED, 8 + data.length)
  w.i64(frame.length)
  w.bytes(data)
  return w.buf
}

/**
 * Unwraps a type-4 body: returns the inner complete frame (proto header
 * included). Inflation stops at the declared size, so a zlib bomb cannot
 * allocate more than the sender announced (itself capped at 128 MiB).
 */
export function decompressFrame(body: Buffer): Buffer {
  if (body.length < 8) throw new ParseError('compressed frame shorter than its size prefix')
  const declared = body.readBigUInt64BE(0)
  if (declared < BigInt(PROTO_HEADER_SIZE) || declared > BigInt(MAX_FRAME_SIZE + PROTO_HEADER_SIZE)) {
    throw new ParseError(`compressed frame declares ${declared} bytes`)
  }
  const size = Number(declared)
  let inner: Buffer
  try {
    inner = inflateSync(body.subarray(8), { maxOutputLength: size })
  } catch (err) {
    throw new ParseError(`bad zlib data in compressed frame: ${(err as Error).message}`)
  }
  if (inner.length !== size)
    throw new ParseError(`compressed frame inflated to ${inner.length} bytes, declared ${size}`)
  const { type, size: bodySize } = readProtoHeader(inner, 0)
  if (type !== ProtoType.MESSAGE) throw new ParseError(`compressed frame wraps proto type ${type}`)
  if (bodySize !== size - PROTO_HEADER_SIZE) throw new ParseError('compressed frame inner size mismatch')
  return inner
}

/** The message body of a type-3 frame, or of the type-3 frame a type-4 one wraps; ParseError `<what> of proto type <n>` for any other type. */
export function messageBody(frame: Frame, what: string): Buffer {
  if (frame.type === ProtoType.MESSAGE) return frame.body
  if (frame.type === ProtoType.COMPRESSED) return decompressFrame(frame.body).subarray(PROTO_HEADER_SIZE)
  throw new ParseError(`${what} of proto type ${frame.type}`)
}
