/** Encodes bit op objects into wire ops: op type 12 (read) or 13 (modify), a BLOB particle, msgpack `[opCode, args...]`. */
import { BitIntFlag, BitWireCode } from '../../protocol/bit-codes.js'
import { OpType } from '../../protocol/message.js'
import type { Packable } from '../../protocol/msgpack.js'
import type { Operation } from '../operation.js'
import { boolField, bytesField, countField, int64Field, intField } from './bit-hll-args.js'
import { BitOpCode } from './bit-operation.js'
import {
  modifyShape as modify,
  type PayloadShape,
  payloadOperations,
  readShape as read,
} from './payload-shapes.js'

const policy = (o: Operation) => countField(o, 'bitPolicy', 0)
const region = (o: Operation): Packable[] => [intField(o, 'bitOffset'), countField(o, 'bitSize')]
const withBytes = (code: number) => modify(code, (o) => [...region(o), bytesField(o, 'val'), policy(o)])
const shift = (code: number) => modify(code, (o) => [...region(o), countField(o, 'shift'), policy(o)])
const arithmetic = (code: number) =>
  modify(code, (o) => [
    ...region(o),
    int64Field(o, 'val'),
    policy(o),
    countField(o, 'action', 0) | (boolField(o, 'signed', false) ? BitIntFlag.SIGNED : 0),
  ])

const B = BitOpCode
const W = BitWireCode

/** Op code -> wire shape, for every bit op. */
const SHAPES: ReadonlyMap<number, PayloadShape> = new Map<number, PayloadShape>([
  [
    B.RESIZE,
    modify(W.RESIZE, (o) => [countField(o, 'byteSize'), policy(o), countField(o, 'resizeFlags', 0)]),
  ],
  [B.INSERT, modify(W.INSERT, (o) => [intField(o, 'byteOffset'), bytesField(o, 'val'), policy(o)])],
  [B.REMOVE, modify(W.REMOVE, (o) => [intField(o, 'byteOffset'), countField(o, 'byteSize'), policy(o)])],
  [B.SET, withBytes(W.SET)],
  [B.OR, withBytes(W.OR)],
  [B.XOR, withBytes(W.XOR)],
  [B.AND, withBytes(W.AND)],
  [B.NOT, modify(W.NOT, (o) => [...region(o), policy(o)])],
  [B.LSHIFT, shift(W.LSHIFT)],
  [B.RSHIFT, shift(W.RSHIFT)],
  [B.ADD, arithmetic(W.ADD)],
  [B.SUBTRACT, arithmetic(W.SUBTRACT)],
  [B.SET_INT, modify(W.SET_INT, (o) => [...region(o), int64Field(o, 'val'), policy(o)])],
  [B.GET, read(W.GET, region)],
  [B.COUNT, read(W.COUNT, region)],
  [B.LSCAN, read(W.LSCAN, (o) => [...region(o), boolField(o, 'val')])],
  [B.RSCAN, read(W.RSCAN, (o) => [...region(o), boolField(o, 'val')])],
  [
    B.GET_INT,
    read(W.GET_INT, (o) => [...region(o), ...(boolField(o, 'signed', false) ? [BitIntFlag.SIGNED] : [])]),
  ],
])

/** Every bit op code with its encoder, for the client's op table. */
export const BIT_OPERATIONS = payloadOperations(SHAPES, {
  readType: OpType.BIT_READ,
  modifyType: OpType.BIT_MODIFY,
  what: 'a bit operation',
})
