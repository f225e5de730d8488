// The client's list/map builders encode the same requests the official client sent in the golden capture.
import { describe, expect, it } from 'vitest'
import { OpFlag, ValueEncoding, type WireOp } from '../../../src/client/operation.js'
import * as ops from '../../../src/client/ops/index.js'
import { cdtCtx, encodeCdtOperation } from '../../../src/client/ops/index.js'
import { InvalidArgError } from '../../../src/exception.js'
import { OpType } from '../../../src/protocol/message.js'
import type { RawMsgpack } from '../../../src/protocol/msgpack.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import type { AerospikeValue } from '../../../src/protocol/values.js'
import { compareValues, decodeSValue, SList, SMap, type SValue } from '../../../src/server/value.js'
import { buildOp } from './golden-ops.js'
import { fromGolden, loadGoldenCases } from './golden-values.js'

/** Maps compared without their flags and in key order: the official client sends every map KEY_ORDERED. */
function normalize(v: SValue): SValue {
  if (v instanceof SList) return new SList(v.items.map(normalize), v.flags)
  if (v instanceof SMap) {
    const order = v.keys.map((_, i) => i).sort((x, y) => compareValues(v.keys[x]!, v.keys[y]!))
    return new SMap(
      order.map((i) => normalize(v.keys[i]!)),
      order.map((i) => normalize(v.values[i]!)),
    )
  }
  return v
}

/** The msgpack payload of an encoded op. */
function payloadOf(wire: WireOp): Buffer {
  expect(wire.encoding).toBe(ValueEncoding.MSGPACK)
  const bytes = (wire.value as RawMsgpack).bytes
  expect(wire.valueSize).toBe(bytes.length)
  return bytes
}

/** Ops the official client encodes differently on purpose. */
const DIFFERENT = new Set([
  // The deprecated writeMode makes it send the legacy ADD (65) / REPLACE (69) ops; we send PUT with write flags.
  'map.put.writeMode.updateOnly',
  'map.put.writeMode.createOnly',
])

const cases = loadGoldenCases().filter(
  (c) =>
    (c.group === 'list' || c.group === 'map' || c.group === 'ctx') &&
    !c.error?.clientSide &&
    !DIFFERENT.has(c.id),
)

describe('list/map builders encode what the official client sent', () => {
  for (const c of cases) {
    it(c.id, () => {
      c.ops.forEach((o, i) => {
        const wire = c.wireOps[i]!
        const encoded = encodeCdtOperation(buildOp(o))
        const modify = wire.type === 'CDT_MODIFY'
        expect(encoded.bin).toBe(wire.bin)
        expect(encoded.particleType).toBe(ParticleType.BLOB)
        expect(encoded.op).toBe(modify ? OpType.CDT_MODIFY : OpType.CDT_READ)
        expect(encoded.flags).toBe((modify ? OpFlag.WRITE : OpFlag.READ) | OpFlag.RESPOND_ALL_OPS)
        expect(normalize(decodeSValue(payloadOf(encoded)))).toEqual(normalize(fromGolden(wire.payload)))
      })
    })
  }
})

describe('encoding rules', () => {
  it('sends a map put with write flags as PUT [67, key, value, order, flags]', () => {
    const o = ops.mapPut('m', 'k', 1, { order: ops.MAP_KEY_ORDERED, writeMode: ops.MAP_UPDATE_ONLY })
    expect(decodeSValue(payloadOf(encodeCdtOperation(o)))).toEqual(fromGolden([67, 'k', 1, 1, 2]))
  })

  it('leaves out a null range end and sends a null begin as nil', () => {
    const o = ops.listGetByValueRange('l', null, null, ops.LIST_RETURN_VALUE)
    expect(decodeSValue(payloadOf(encodeCdtOperation(o)))).toEqual(fromGolden([25, 7, null]))
  })

  it('marks the last context step of a create op with the create flag', () => {
    const o = ops.listCreate('l', ops.LIST_ORDERED, false, false, [cdtCtx.mapKey('a'), cdtCtx.mapKey('b')])
    expect(decodeSValue(payloadOf(encodeCdtOperation(o)))).toEqual(
      fromGolden([255, [0x22, 'a', 0xe2, 'b'], [0, 1]]),
    )
  })

  it('sends the persisted-index bit only at the top level', () => {
    const top = ops.mapCreate('m', ops.MAP_KEY_ORDERED, true)
    expect(decodeSValue(payloadOf(encodeCdtOperation(top)))).toEqual(fromGolden([64, 0x11]))
  })

  it('refuses malformed ops before anything is sent', () => {
    expect(() => encodeCdtOperation(ops.listGet('l', 1.5))).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation(ops.listAppendItems('l', 3 as unknown as AerospikeValue[]))).toThrow(
      InvalidArgError,
    )
    expect(() => encodeCdtOperation({ op: 999, bin: 'l' })).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation(ops.listSize('l', [{ type: -1, value: 0 }]))).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation(ops.listAppend('l', 1, { flags: -1 }))).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation(ops.listSize('a_bin_name_too_long'))).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation(ops.listAppend('l', (() => 1) as never))).toThrow(InvalidArgError)
  })
})

describe('cdtCtx', () => {
  it('builds each step type with its wire id and create flags', () => {
    expect(cdtCtx.listIndex(-1)).toEqual({ type: 0x10, value: -1 })
    expect(cdtCtx.listRank(0)).toEqual({ type: 0x11, value: 0 })
    expect(cdtCtx.listValue('x')).toEqual({ type: 0x13, value: 'x' })
    expect(cdtCtx.listIndexCreate(3, ops.LIST_ORDERED)).toEqual({ type: 0xd0, value: 3 })
    expect(cdtCtx.listIndexCreate(3, ops.LIST_UNORDERED, true)).toEqual({ type: 0x90, value: 3 })
    expect(cdtCtx.listIndexCreate(3)).toEqual({ type: 0x50, value: 3 })
    expect(cdtCtx.mapIndex(1)).toEqual({ type: 0x20, value: 1 })
    expect(cdtCtx.mapRank(-1)).toEqual({ type: 0x21, value: -1 })
    expect(cdtCtx.mapKey('k')).toEqual({ type: 0x22, value: 'k' })
    expect(cdtCtx.mapValue(5)).toEqual({ type: 0x23, value: 5 })
    expect(cdtCtx.mapKeyCreate('k', ops.MAP_KEY_ORDERED)).toEqual({ type: 0xa2, value: 'k' })
    expect(cdtCtx.mapKeyCreate('k', ops.MAP_KEY_VALUE_ORDERED)).toEqual({ type: 0xe2, value: 'k' })
    expect(() => cdtCtx.listIndex(0.5)).toThrow(InvalidArgError)
  })

  it('round-trips through base64 of the bare pair array', () => {
    const ctx = [cdtCtx.mapKey('a'), cdtCtx.listIndex(2)]
    const text = cdtCtx.toBase64(ctx)
    expect(Buffer.from(text, 'base64')).toEqual(Buffer.from([0x94, 0x22, 0xa2, 0x03, 0x61, 0x10, 0x02]))
    expect(cdtCtx.fromBase64(text)).toEqual(ctx)
  })

  it('refuses base64 that is not a context', () => {
    expect(() => cdtCtx.fromBase64(Buffer.from([0x91, 0x01]).toString('base64'))).toThrow(InvalidArgError)
    expect(() => cdtCtx.fromBase64(Buffer.from([0x92, 0xa2, 0x03, 0x61]).toString('base64'))).toThrow(
      InvalidArgError,
    )
    expect(() => cdtCtx.fromBase64(Buffer.from([0x92, 0x10]).toString('base64'))).toThrow(InvalidArgError)
  })
})

describe('path select', () => {
  it('builds the path steps', () => {
    expect(cdtCtx.allChildren()).toEqual({ type: 0x04, value: true })
    expect(cdtCtx.mapKeysIn(['a', 1])).toEqual({ type: 0x2a, value: ['a', 1] })
    expect(() => cdtCtx.mapKeysIn('a' as never)).toThrow(InvalidArgError)
  })

  it('encodes [0xfe, ctx, flags] as a CDT read', () => {
    const wire = encodeCdtOperation(
      ops.selectByPath('b', ops.PATH_SELECT_VALUE | ops.PATH_NO_FAIL, [
        cdtCtx.mapKey('a'),
        cdtCtx.allChildren(),
      ]),
    )
    expect(wire.op).toBe(OpType.CDT_READ)
    expect(wire.flags & OpFlag.READ).toBe(OpFlag.READ)
    expect((wire.value as RawMsgpack).bytes).toEqual(
      Buffer.from([0x93, 0xcc, 0xfe, 0x94, 0x22, 0xa2, 0x03, 0x61, 0x04, 0xc3, 0x11]),
    )
  })

  it('refuses a path without steps', () => {
    expect(() => ops.selectByPath('b', ops.PATH_SELECT_VALUE, [])).toThrow(InvalidArgError)
    expect(() => encodeCdtOperation({ op: ops.PathOpCode.SELECT, bin: 'b', val: 1 } as never)).toThrow(
      InvalidArgError,
    )
  })
})
