import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { ParseError } from '../../../src/protocol/codec-errors.js'
import {
  FrameReader,
  MAX_FRAME_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  readProtoHeader,
  writeProtoHeader,
} from '../../../src/protocol/frame.js'

/** A whole frame of `type` around `body`. */
function frame(type: number, body: Buffer): Buffer {
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + body.length)
  writeProtoHeader(w, type, body.length)
  w.bytes(body)
  return w.buf
}

/** A bare proto header with arbitrary version, type and size. */
function header(version: number, type: number, size: number): Buffer {
  const b = Buffer.alloc(8)
  b[0] = version
  b[1] = type
  b.writeUIntBE(size, 2, 6)
  return b
}

describe('proto header', () => {
  it('is version 2, the type, and a 48-bit big-endian body size', () => {
    const w = ByteWriter.alloc(8)
    writeProtoHeader(w, ProtoType.INFO, 0x1a)
    expect(w.buf.toString('hex')).toBe('020100000000001a')
    const big = ByteWriter.alloc(8)
    writeProtoHeader(big, ProtoType.MESSAGE, 0x0102_0304_0506)
    expect(big.buf.toString('hex')).toBe('0203010203040506')
    expect(ProtoType).toEqual({ INFO: 1, ADMIN: 2, MESSAGE: 3, COMPRESSED: 4 })
  })

  it('reads back type and size', () => {
    expect(readProtoHeader(header(2, 3, 65), 0)).toEqual({ type: 3, size: 65 })
    expect(readProtoHeader(Buffer.concat([Buffer.alloc(3), header(2, 1, 7)]), 3)).toEqual({
      type: 1,
      size: 7,
    })
  })

  it('accepts version 0 only for admin messages, as the server does', () => {
    expect(readProtoHeader(header(0, 2, 16), 0)).toEqual({ type: 2, size: 16 })
    expect(() => readProtoHeader(header(0, 3, 16), 0)).toThrow(/version 0/)
    expect(() => readProtoHeader(header(1, 3, 16), 0)).toThrow(ParseError)
  })

  it('refuses unknown types, truncated headers and oversized bodies', () => {
    expect(() => readProtoHeader(header(2, 0, 1), 0)).toThrow(/type 0/)
    expect(() => readProtoHeader(header(2, 5, 1), 0)).toThrow(/type 5/)
    expect(() => readProtoHeader(header(2, 3, 1).subarray(0, 7), 0)).toThrow(/truncated/)
    expect(readProtoHeader(header(2, 3, MAX_FRAME_SIZE), 0).size).toBe(128 * 1024 * 1024)
    expect(() => readProtoHeader(header(2, 3, MAX_FRAME_SIZE + 1), 0)).toThrow(/exceeds/)
    expect(() => readProtoHeader(header(2, 3, 2 ** 48 - 1), 0)).toThrow(ParseError)
    expect(() => readProtoHeader(header(2, 3, 11), 0, 10)).toThrow(/10-byte limit/)
  })
})

describe('FrameReader', () => {
  it('returns a frame lying in one chunk as a view of that chunk (no copy)', () => {
    const chunk = frame(ProtoType.MESSAGE, Buffer.from('hello'))
    const r = new FrameReader()
    r.push(chunk)
    const f = r.next()!
    expect(f.type).toBe(ProtoType.MESSAGE)
    expect(f.body.toString()).toBe('hello')
    expect(f.body.buffer).toBe(chunk.buffer)
    expect(f.body.byteOffset).toBe(chunk.byteOffset + PROTO_HEADER_SIZE)
    expect(r.next()).toBeUndefined()
    expect(r.bufferedBytes).toBe(0)
  })

  it('cuts several frames out of one chunk, each a view', () => {
    const chunk = Buffer.concat([
      frame(ProtoType.INFO, Buffer.from('a\tb\n')),
      frame(ProtoType.MESSAGE, Buffer.alloc(0)),
      frame(ProtoType.MESSAGE, Buffer.from('xyz')),
    ])
    const r = new FrameReader()
    r.push(chunk)
    const frames = [r.next()!, r.next()!, r.next()!]
    expect(frames.map((f) => [f.type, f.body.toString()])).toEqual([
      [1, 'a\tb\n'],
      [3, ''],
      [3, 'xyz'],
    ])
    expect(frames[2]!.body.buffer).toBe(chunk.buffer)
    expect(r.next()).toBeUndefined()
  })

  it('assembles frames split across chunks at every possible point', () => {
    const bytes = Buffer.concat([frame(3, Buffer.from('first body')), frame(1, Buffer.from('second'))])
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = new FrameReader()
      const got: string[] = []
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        r.push(part)
        for (let f = r.next(); f; f = r.next()) got.push(`${f.type}:${f.body.toString()}`)
      }
      expect(got).toEqual(['3:first body', '1:second'])
    }
  })

  it('assembles a frame fed one byte at a time', () => {
    const bytes = frame(3, Buffer.from('one byte at a time'))
    const r = new FrameReader()
    for (let i = 0; i < bytes.length - 1; i++) {
      r.push(bytes.subarray(i, i + 1))
      expect(r.next()).toBeUndefined()
    }
    r.push(bytes.subarray(bytes.length - 1))
    expect(r.next()?.body.toString()).toBe('one byte at a time')
  })

  it('refuses a header announcing more than 128 MiB before any body byte arrives', () => {
    const r = new FrameReader()
    r.push(header(2, 3, MAX_FRAME_SIZE + 1))
    expect(() => r.next()).toThrow(ParseError)
    const split = new FrameReader()
    const big = header(2, 3, MAX_FRAME_SIZE + 1)
    split.push(big.subarray(0, 5))
    expect(split.next()).toBeUndefined()
    split.push(big.subarray(5))
    expect(() => split.next()).toThrow(ParseError)
    const ok = new FrameReader()
    ok.push(header(2, 3, MAX_FRAME_SIZE))
    expect(ok.next()).toBeUndefined()
    expect(ok.bufferedBytes).toBe(0)
  })

  it('honours a smaller limit and refuses bad versions', () => {
    const small = new FrameReader(4)
    small.push(frame(3, Buffer.from('12345')))
    expect(() => small.next()).toThrow(/limit/)
    const bad = new FrameReader()
    bad.push(header(9, 3, 0))
    expect(() => bad.next()).toThrow(/version/)
  })

  it('ignores empty chunks and forgets everything on reset', () => {
    const r = new FrameReader()
    r.push(Buffer.alloc(0))
    r.push(frame(3, Buffer.from('abc')).subarray(0, 9))
    expect(r.next()).toBeUndefined()
    expect(r.bufferedBytes).toBe(1)
    r.reset()
    expect(r.bufferedBytes).toBe(0)
    r.push(frame(1, Buffer.from('ok')))
    expect(r.next()?.body.toString()).toBe('ok')
  })
})
