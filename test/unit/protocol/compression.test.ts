import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../../../src/protocol/codec-errors.js'
import { COMPRESS_THRESHOLD, compressFrame, decompressFrame } from '../../../src/protocol/compression.js'
import { MAX_FRAME_SIZE, PROTO_HEADER_SIZE, readProtoHeader } from '../../../src/protocol/frame.js'
import { emptyHeader, encodeMessage, OpType } from '../../../src/protocol/message.js'

const inner = encodeMessage(emptyHeader(), [], [{ op: OpType.WRITE, name: 'big', value: 'x'.repeat(1000) }])

/** A type-4 body: declared uncompressed size then zlib data. */
function body(declared: bigint, zlib: Buffer): Buffer {
  const size = Buffer.alloc(8)
  size.writeBigUInt64BE(declared)
  return Buffer.concat([size, zlib])
}

describe('compressed frames', () => {
  it('wrap a whole type-3 frame: type 4, size = 8 + zlib length, u64 uncompressed size, zlib stream', () => {
    const frame = compressFrame(inner)
    const { type, size } = readProtoHeader(frame, 0)
    expect(type).toBe(4)
    expect(size).toBe(frame.length - PROTO_HEADER_SIZE)
    expect(frame.readBigUInt64BE(PROTO_HEADER_SIZE)).toBe(BigInt(inner.length))
    expect(frame[PROTO_HEADER_SIZE + 8]).toBe(0x78)
    expect(frame.length).toBeLessThan(inner.length)
    expect(COMPRESS_THRESHOLD).toBe(128)
  })

  it('round-trip to the identical inner frame', () => {
    const frame = compressFrame(inner)
    expect(decompressFrame(frame.subarray(PROTO_HEADER_SIZE))).toEqual(inner)
  })

  it('refuse a zlib bomb: output beyond the declared size stops inflation', () => {
    const bomb = deflateSync(Buffer.alloc(50 * 1024 * 1024))
    expect(() => decompressFrame(body(BigInt(inner.length), bomb))).toThrow(ParseError)
  })

  it('refuse declared sizes outside the frame limit, before inflating', () => {
    expect(() =>
      decompressFrame(body(BigInt(MAX_FRAME_SIZE + PROTO_HEADER_SIZE + 1), deflateSync(inner))),
    ).toThrow(/declares/)
    expect(() => decompressFrame(body(2n ** 64n - 1n, deflateSync(inner)))).toThrow(ParseError)
    expect(() => decompressFrame(body(4n, deflateSync(inner)))).toThrow(ParseError)
  })

  it('refuse short bodies, bad zlib data and inner frames that do not match', () => {
    expect(() => decompressFrame(Buffer.alloc(7))).toThrow(ParseError)
    expect(() => decompressFrame(body(BigInt(inner.length), Buffer.from('not zlib')))).toThrow(/zlib/)
    expect(() => decompressFrame(body(BigInt(inner.length + 1), deflateSync(inner)))).toThrow(/inflated/)
    const info = Buffer.from('0201000000000002610a', 'hex')
    expect(() => decompressFrame(body(BigInt(info.length), deflateSync(info)))).toThrow(/proto type 1/)
    const lying = Buffer.from(inner)
    lying.writeUIntBE(inner.length, 2, 6)
    expect(() => decompressFrame(body(BigInt(lying.length), deflateSync(lying)))).toThrow(/size mismatch/)
  })
})
