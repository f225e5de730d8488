import { describe, expect, it } from 'vitest'
import { ByteReader } from '../../../src/protocol/byte-reader.js'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import { EncodeError, ParseError } from '../../../src/protocol/codec-errors.js'
import { computeDigest } from '../../../src/protocol/digest.js'
import { PROTO_HEADER_SIZE } from '../../../src/protocol/frame.js'
import {
  binNameLength,
  decodeMessage,
  decodeMessages,
  emptyHeader,
  encodeMessage,
  FieldType,
  fieldSize,
  findField,
  Info1,
  Info2,
  Info3,
  Info4,
  MAX_OPS,
  type MessageHeader,
  MSG_HEADER_SIZE,
  messageBodySize,
  messageSize,
  OpType,
  type OutgoingField,
  opSize,
  readMessage,
  readMessageHeader,
  writeField,
  writeFieldHeader,
  writeMessageBody,
  writeMessageHeader,
  writeOpHeader,
} from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { Double } from '../../../src/protocol/values.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex')

const keyFields: OutgoingField[] = [
  { type: FieldType.NAMESPACE, data: Buffer.from('test') },
  { type: FieldType.SET, data: Buffer.from('demo') },
  { type: FieldType.DIGEST, data: computeDigest('demo', 'key1') },
]
const KEY_FIELDS_HEX =
  '00000005 00 74657374  00000005 01 64656d6f  00000015 04 ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'

describe('flag bits, field ids and op ids', () => {
  it('names every info1..info4 bit with its protocol value', () => {
    expect(Info1).toEqual({
      READ: 1,
      GET_ALL: 2,
      SHORT_QUERY: 4,
      BATCH: 8,
      XDR: 16,
      GET_NO_BINS: 32,
      READ_MODE_AP_ALL: 64,
      COMPRESS_RESPONSE: 128,
    })
    expect(Info2).toEqual({
      WRITE: 1,
      DELETE: 2,
      GENERATION: 4,
      GENERATION_GT: 8,
      DURABLE_DELETE: 16,
      CREATE_ONLY: 32,
      RELAX_AP_LONG_QUERY: 64,
      RESPOND_ALL_OPS: 128,
    })
    expect(Info3).toEqual({
      LAST: 1,
      COMMIT_MASTER: 2,
      PARTITION_DONE: 4,
      UPDATE_ONLY: 8,
      CREATE_OR_REPLACE: 16,
      REPLACE_ONLY: 32,
      SC_READ_TYPE: 64,
      SC_READ_RELAX: 128,
    })
    expect(Info4).toEqual({
      MRT_VERIFY_READ: 1,
      MRT_ROLL_FORWARD: 2,
      MRT_ROLL_BACK: 4,
      MRT_MONITOR_DRIVEN: 8,
      MRT_ON_LOCKING_ONLY: 16,
    })
  })

  it('has every field id and op id of protocol.md §3.3/§3.4', () => {
    expect(FieldType).toEqual({
      NAMESPACE: 0,
      SET: 1,
      KEY: 2,
      RECORD_VERSION: 3,
      DIGEST: 4,
      MRT_ID: 5,
      MRT_DEADLINE: 6,
      TRID: 7,
      SOCKET_TIMEOUT: 9,
      RECORDS_PER_SECOND: 10,
      PID_ARRAY: 11,
      DIGEST_ARRAY: 12,
      MAX_RECORDS: 13,
      LUT: 14,
      BVAL_ARRAY: 15,
      INDEX_NAME: 21,
      INDEX_RANGE: 22,
      INDEX_CONTEXT: 23,
      INDEX_EXPRESSION: 24,
      INDEX_TYPE: 26,
      UDF_PACKAGE_NAME: 30,
      UDF_FUNCTION: 31,
      UDF_ARGLIST: 32,
      UDF_OP: 33,
      QUERY_BINLIST: 40,
      BATCH_INDEX: 41,
      BATCH_INDEX_WITH_SET: 42,
      FILTER_EXP: 43,
    })
    expect(OpType).toEqual({
      READ: 1,
      WRITE: 2,
      CDT_READ: 3,
      CDT_MODIFY: 4,
      INCR: 5,
      EXP_READ: 7,
      EXP_MODIFY: 8,
      APPEND: 9,
      PREPEND: 10,
      TOUCH: 11,
      BIT_READ: 12,
      BIT_MODIFY: 13,
      DELETE: 14,
      HLL_READ: 15,
      HLL_MODIFY: 16,
    })
  })
})

describe('encodeMessage', () => {
  it('encodes the GET example of protocol.md §5.1 byte for byte', () => {
    const header: MessageHeader = {
      ...emptyHeader(),
      info1: Info1.READ | Info1.GET_ALL,
      transactionTtl: 1000,
    }
    expect(encodeMessage(header, keyFields, [])).toEqual(
      hex(`0203000000000041 16 03 00 00 00 00 00000000 00000000 000003e8 0003 0000 ${KEY_FIELDS_HEX}`),
    )
  })

  it('encodes the PUT example of protocol.md §5.1, from wire-form and from client values alike', () => {
    const expected = hex(
      `020300000000005d 16 00 01 00 00 00 00000000 00000000 000003e8 0003 0002 ${KEY_FIELDS_HEX}
       0000000d 02 01 00 01 61 000000000000002a
       00000007 02 03 00 01 62 6869`,
    )
    const header: MessageHeader = { ...emptyHeader(), info2: Info2.WRITE, transactionTtl: 1000 }
    const wire = encodeMessage(header, keyFields, [
      { op: OpType.WRITE, particleType: ParticleType.INTEGER, name: 'a', value: hex('000000000000002a') },
      { op: OpType.WRITE, particleType: ParticleType.STRING, name: 'b', value: Buffer.from('hi') },
    ])
    expect(wire).toEqual(expected)
    const values = encodeMessage(header, keyFields, [
      { op: OpType.WRITE, name: 'a', value: 42 },
      { op: OpType.WRITE, name: 'b', value: 'hi' },
    ])
    expect(values).toEqual(expected)
  })

  it('writes every header field at its offset', () => {
    const header: MessageHeader = {
      info1: 0x11,
      info2: 0x22,
      info3: 0x33,
      info4: 0x44,
      resultCode: 0x55,
      generation: 0x01020304,
      recordTtl: 0xfffffffe,
      transactionTtl: 0x0a0b0c0d,
    }
    expect(encodeMessage(header, [], [])).toEqual(
      hex('0203000000000016 16 11 22 33 44 55 01020304 fffffffe 0a0b0c0d 0000 0000'),
    )
  })

  it('writes value ops of every particle type, null as a bin delete and a touch op', () => {
    const frame = encodeMessage(
      emptyHeader(),
      [],
      [
        { op: OpType.WRITE, name: 'gone', value: null },
        { op: OpType.WRITE, name: 'f', value: new Double(2) },
        { op: OpType.WRITE, name: 'b', value: true },
        { op: OpType.WRITE, name: 'l', value: [1] },
        { op: OpType.TOUCH, particleType: 0, name: '', value: Buffer.alloc(0) },
      ],
    )
    expect(frame.subarray(PROTO_HEADER_SIZE + MSG_HEADER_SIZE)).toEqual(
      hex(`00000008 02 00 00 04 676f6e65
           0000000d 02 02 00 01 66 4000000000000000
           00000006 02 11 00 01 62 01
           00000007 02 14 00 01 6c 9101
           00000004 0b 00 00 00`),
    )
  })

  it('sizes exactly: messageSize, messageBodySize, fieldSize and opSize', () => {
    const ops = [{ op: OpType.WRITE, name: 'name', value: 'héllo' }]
    const frame = encodeMessage(emptyHeader(), keyFields, ops)
    expect(messageSize(keyFields, ops)).toBe(frame.length)
    expect(messageBodySize(keyFields, ops)).toBe(frame.length - PROTO_HEADER_SIZE)
    expect(fieldSize(4)).toBe(9)
    expect(opSize(4, 6)).toBe(18)
  })

  it('writes several messages into one frame body (batch and scan streams)', () => {
    const one = messageBodySize([], [])
    const w = ByteWriter.alloc(one * 2)
    writeMessageBody(w, { ...emptyHeader(), transactionTtl: 7 }, [], [])
    writeMessageBody(w, { ...emptyHeader(), info3: Info3.LAST }, [], [])
    const messages = decodeMessages(w.buf)
    expect(messages.map((m) => [m.header.transactionTtl, m.header.info3])).toEqual([
      [7, 0],
      [0, 1],
    ])
  })

  it('offers the low-level writers used to stream large fields', () => {
    const w = ByteWriter.alloc(MSG_HEADER_SIZE + 5 + 2 + 5 + 1 + 8 + 1)
    writeMessageHeader(w, emptyHeader(), 2, 1)
    writeFieldHeader(w, FieldType.SET, 2)
    w.bytes(Buffer.from('ab'))
    writeField(w, FieldType.INDEX_TYPE, Buffer.from([1]))
    writeOpHeader(w, OpType.READ, 0, 'x', 1, 0)
    const m = decodeMessage(w.buf.subarray(0, w.pos))
    expect(m.fields.map((f) => [f.type, f.data.toString('hex')])).toEqual([
      [1, '6162'],
      [26, '01'],
    ])
    expect(m.ops.map((o) => [o.op, o.name, o.value.length])).toEqual([[1, 'x', 0]])
  })

  it('refuses bin names over 15 bytes and too many ops', () => {
    expect(binNameLength('fifteen-chars-x')).toBe(15)
    expect(binNameLength('ünï')).toBe(5)
    expect(() => binNameLength('sixteen-chars-xx')).toThrow(EncodeError)
    expect(() => binNameLength('ééééééééé')).toThrow(EncodeError)
    expect(() =>
      encodeMessage(emptyHeader(), [], [{ op: OpType.WRITE, name: 'x'.repeat(16), value: 1 }]),
    ).toThrow(EncodeError)
    const tooMany = Array.from({ length: MAX_OPS + 1 }, () => ({ op: OpType.READ, name: 'a', value: null }))
    expect(() => encodeMessage(emptyHeader(), [], tooMany)).toThrow(EncodeError)
    expect(() => writeMessageHeader(ByteWriter.alloc(MSG_HEADER_SIZE), emptyHeader(), 0x10000, 0)).toThrow(
      EncodeError,
    )
  })

  it('refuses values the wire cannot carry', () => {
    for (const value of [undefined, () => 1, Symbol('s'), 2n ** 63n, new Date(0)])
      expect(() => encodeMessage(emptyHeader(), [], [{ op: OpType.WRITE, name: 'a', value }])).toThrow(
        EncodeError,
      )
  })
})

describe('decodeMessage', () => {
  const response = hex(
    `16 00 00 00 00 00 00000002 1f9d6f77 00000000 0001 0002
     00000005 00 74657374
     0000000d 01 01 00 01 69 000000000000002a
     00000007 01 03 00 01 73 6869`,
  )

  it('decodes header, fields and ops; data and values are views into the body', () => {
    const m = decodeMessage(response)
    expect(m.header).toEqual({
      info1: 0,
      info2: 0,
      info3: 0,
      info4: 0,
      resultCode: 0,
      generation: 2,
      recordTtl: 0x1f9d6f77,
      transactionTtl: 0,
    })
    expect(m.fields).toHaveLength(1)
    expect(m.fields[0]!.type).toBe(FieldType.NAMESPACE)
    expect(m.fields[0]!.data.toString()).toBe('test')
    expect(m.fields[0]!.data.buffer).toBe(response.buffer)
    expect(response.subarray(m.fields[0]!.start, m.fields[0]!.end).toString()).toBe('test')
    expect(m.ops.map((o) => [o.op, o.particleType, o.name, o.value.toString('hex')])).toEqual([
      [1, 1, 'i', '000000000000002a'],
      [1, 3, 's', '6869'],
    ])
    const op = m.ops[1]!
    expect(op.buf).toBe(response)
    expect(op.value.byteOffset).toBe(response.byteOffset + op.start)
    expect(op.end - op.start).toBe(2)
    expect(findField(m, FieldType.NAMESPACE)).toBe(m.fields[0])
    expect(findField(m, FieldType.DIGEST)).toBeUndefined()
  })

  it('re-encodes a decoded message byte for byte', () => {
    const m = decodeMessage(response)
    expect(encodeMessage(m.header, m.fields, m.ops).subarray(PROTO_HEADER_SIZE)).toEqual(response)
  })

  it('skips the 8-byte LUT of an op with flag bit 0', () => {
    const m = decodeMessage(
      hex(
        '16 00 00 00 00 00 00000000 00000000 00000000 0000 0001  00000015 02 01 01 01 61 0102030405060708 000000000000002a',
      ),
    )
    expect(m.ops[0]!.name).toBe('a')
    expect(m.ops[0]!.value.toString('hex')).toBe('000000000000002a')
  })

  it('reads messages through a reader, leaving it after the last op', () => {
    const twice = Buffer.concat([response, response])
    const r = new ByteReader(twice)
    readMessage(r)
    expect(r.pos).toBe(response.length)
    const { header, nFields, nOps } = readMessageHeader(r)
    expect([header.generation, nFields, nOps]).toEqual([2, 1, 2])
  })

  it('throws ParseError for every kind of malformed message', () => {
    const bad: Record<string, string> = {
      'header size': '15 00 00 00 00 00 00000000 00000000 00000000 0000 0000',
      'truncated header': '16 00 00 00',
      'counts beyond the bytes': '16 00 00 00 00 00 00000000 00000000 00000000 0010 0000',
      'field of size 0': '16 00 00 00 00 00 00000000 00000000 00000000 0001 0000 00000000',
      'field overrun': '16 00 00 00 00 00 00000000 00000000 00000000 0001 0000 00000009 00 7465',
      'op of size 3': '16 00 00 00 00 00 00000000 00000000 00000000 0000 0001 00000003 01 01 00 00',
      'op overrun': '16 00 00 00 00 00 00000000 00000000 00000000 0000 0001 00000010 01 01 00 00',
      'name overrun': '16 00 00 00 00 00 00000000 00000000 00000000 0000 0001 00000005 01 01 00 05 61',
      'LUT overrun': '16 00 00 00 00 00 00000000 00000000 00000000 0000 0001 00000006 01 01 01 01 61 00',
      'trailing bytes': '16 00 00 00 00 00 00000000 00000000 00000000 0000 0000 00',
    }
    for (const [what, text] of Object.entries(bad))
      expect(() => decodeMessage(hex(text)), what).toThrow(ParseError)
    expect(() => decodeMessages(hex(bad['trailing bytes']!))).toThrow(ParseError)
    expect(decodeMessages(Buffer.alloc(0))).toEqual([])
  })
})
