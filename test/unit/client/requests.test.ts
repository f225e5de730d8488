// How operations, policies and meta become request headers, fields and ops.
import { describe, expect, it } from 'vitest'
import {
  OperateResult,
  operateCommand,
  putCommand,
  writeCommand,
} from '../../../src/client/commands/operate.js'
import { existsCommand, getCommand, selectCommand } from '../../../src/client/commands/read.js'
import { removeCommand } from '../../../src/client/commands/remove.js'
import { Key } from '../../../src/client/key.js'
import { encodeOperation, OPERATION_ENCODERS } from '../../../src/client/operation-table.js'
import { BIT_OPERATIONS } from '../../../src/client/ops/bit-encoder.js'
import { CDT_OPERATIONS } from '../../../src/client/ops/cdt-encoder.js'
import { HLL_OPERATIONS } from '../../../src/client/ops/hll-encoder.js'
import { DEFAULT_POLICIES, resolvePolicy } from '../../../src/client/policies.js'
import * as aerospike from '../../../src/index.js'
import { Double, decodeMessage, FieldType, Info1, Info2, Info3, OpType } from '../../../src/protocol/index.js'

const { operations: ops, InvalidArgError } = aerospike
const key = new Key('test', 'demo', 'k')
const read = (p: object = {}) => resolvePolicy('read', DEFAULT_POLICIES.read, p)
const write = (p: object = {}) => resolvePolicy('write', DEFAULT_POLICIES.write, p)
const operate = (p: object = {}) => resolvePolicy('operate', DEFAULT_POLICIES.operate, p)
const decode = (request: Buffer) => decodeMessage(request.subarray(8))

describe('operation builders', () => {
  it('build plain { op, bin, val } objects', () => {
    expect(ops.read('a')).toEqual({ op: aerospike.OPERATOR_READ, bin: 'a' })
    expect(ops.read()).toEqual({ op: aerospike.OPERATOR_READ })
    expect(ops.write('a', 1)).toEqual({ op: aerospike.OPERATOR_WRITE, bin: 'a', val: 1 })
    expect(ops.increment('a', 2)).toEqual({ op: aerospike.OPERATOR_INCR, bin: 'a', val: 2 })
    expect(ops.append('a', 'x')).toEqual({ op: aerospike.OPERATOR_APPEND, bin: 'a', val: 'x' })
    expect(ops.prepend('a', 'x')).toEqual({ op: aerospike.OPERATOR_PREPEND, bin: 'a', val: 'x' })
    expect(ops.touch()).toEqual({ op: aerospike.OPERATOR_TOUCH })
    expect(ops.touch(60)).toEqual({ op: aerospike.OPERATOR_TOUCH, val: 60 })
    expect(ops.delete()).toEqual({ op: aerospike.OPERATOR_DELETE })
  })

  it('encode through the op table with the wire op codes', () => {
    const byCode = (a: number, b: number) => a - b
    const familyCodes = [...CDT_OPERATIONS, ...BIT_OPERATIONS, ...HLL_OPERATIONS].map(([code]) => code)
    expect([...OPERATION_ENCODERS.keys()].sort(byCode)).toEqual([
      ...[1, 2, 5, 7, 8, 9, 10, 11, 12],
      ...familyCodes.sort(byCode),
    ])
    expect(encodeOperation(ops.delete()).op).toBe(OpType.DELETE)
    expect(encodeOperation(ops.touch(5))).toMatchObject({ op: OpType.TOUCH, ttl: 5 })
    expect(encodeOperation(ops.increment('f', new Double(2))).particleType).toBe(2)
    expect(encodeOperation({ op: aerospike.OPERATOR_INCR, bin: 'n' }).value).toBe(1)
  })

  it.each([
    [{ op: 999, bin: 'a' }, /unknown operation code 999/],
    [{ op: aerospike.OPERATOR_WRITE }, /needs a bin name/],
    [{ op: aerospike.OPERATOR_WRITE, bin: 'sixteen_bytes_xx', val: 1 }, /longer than 15 bytes/],
    [{ op: aerospike.OPERATOR_WRITE, bin: 'a', val: () => 1 }, /unsupported bin value type/],
    [{ op: aerospike.OPERATOR_WRITE, bin: 'a', val: new Date() }, /unsupported bin value type Date/],
    [{ op: aerospike.OPERATOR_INCR, bin: 'a', val: 'x' }, /needs a number/],
    [{ op: aerospike.OPERATOR_APPEND, bin: 'a', val: 5 }, /needs a string or bytes/],
    [{ op: aerospike.OPERATOR_TOUCH, val: 'soon' }, /touch ttl/],
  ])('rejects malformed operation %# with InvalidArgError', (op, message) => {
    expect(() => encodeOperation(op)).toThrow(InvalidArgError)
    expect(() => encodeOperation(op)).toThrow(message)
  })
})

describe('read requests', () => {
  it('get reads all bins; select names them; exists reads the header', () => {
    expect(decode(getCommand(key, read()).request).header.info1).toBe(Info1.READ | Info1.GET_ALL)
    const select = decode(selectCommand(key, ['a', 'b'], read()).request)
    expect(select.header.info1).toBe(Info1.READ)
    expect(select.ops.map((o) => [o.op, o.name])).toEqual([
      [OpType.READ, 'a'],
      [OpType.READ, 'b'],
    ])
    expect(decode(selectCommand(key, [], read()).request).header.info1).toBe(Info1.READ | Info1.GET_NO_BINS)
    expect(decode(existsCommand(key, read()).request).header.info1).toBe(Info1.READ | Info1.GET_NO_BINS)
  })

  it('carries the read mode, read-touch percent, server timeout and filter', () => {
    const m = decode(
      getCommand(
        key,
        read({
          readModeAP: aerospike.POLICY_READ_MODE_AP_ALL,
          readTouchTtlPercent: 80,
          totalTimeout: 250,
          filterExpression: aerospike.exp.gt(aerospike.exp.intBin('age'), aerospike.exp.intVal(10)),
        }),
      ).request,
    )
    expect(m.header.info1 & Info1.READ_MODE_AP_ALL).toBeTruthy()
    expect(m.header.recordTtl).toBe(80)
    expect(m.header.transactionTtl).toBe(250)
    expect(m.fields.find((f) => f.type === FieldType.FILTER_EXP)!.data.toString('hex')).toBe(
      '9303935102a36167650a',
    )
    const never = decode(getCommand(key, read({ readTouchTtlPercent: -1 })).request)
    expect(never.header.recordTtl).toBe(0xffff_ffff)
  })

  it('omits the set field for a key without a set', () => {
    const m = decode(getCommand(new Key('test', null, 'k'), read()).request)
    expect(m.fields.map((f) => f.type)).toEqual([FieldType.NAMESPACE, FieldType.DIGEST])
  })
})

describe('write requests', () => {
  it.each([
    [aerospike.POLICY_EXISTS_IGNORE, 0, 0],
    [aerospike.POLICY_EXISTS_UPDATE, 0, Info3.UPDATE_ONLY],
    [aerospike.POLICY_EXISTS_REPLACE, 0, Info3.CREATE_OR_REPLACE],
    [aerospike.POLICY_EXISTS_REPLACE_ONLY, 0, Info3.REPLACE_ONLY],
    [aerospike.POLICY_EXISTS_CREATE_ONLY, Info2.CREATE_ONLY, 0],
  ])('exists policy %i sets info2 %i, info3 %i', (exists, info2, info3) => {
    const m = decode(putCommand(key, { a: 1 }, undefined, write({ exists })).request)
    expect(m.header.info2).toBe(Info2.WRITE | info2)
    expect(m.header.info3).toBe(info3)
  })

  it('sets generation checks, commit level, durable delete and send-key', () => {
    const eq = decode(putCommand(key, { a: 1 }, { gen: 7 }, write({ gen: aerospike.POLICY_GEN_EQ })).request)
    expect(eq.header.info2).toBe(Info2.WRITE | Info2.GENERATION)
    expect(eq.header.generation).toBe(7)
    const gt = decode(putCommand(key, { a: 1 }, { gen: 9 }, write({ gen: aerospike.POLICY_GEN_GT })).request)
    expect(gt.header.info2).toBe(Info2.WRITE | Info2.GENERATION_GT)
    // meta.gen alone does not check anything: the policy decides.
    expect(decode(putCommand(key, { a: 1 }, { gen: 9 }, write()).request).header.info2).toBe(Info2.WRITE)
    expect(() => putCommand(key, { a: 1 }, undefined, write({ gen: aerospike.POLICY_GEN_EQ }))).toThrow(
      /needs meta.gen/,
    )
    const flags = decode(
      putCommand(
        key,
        { a: 1 },
        undefined,
        write({
          commitLevel: aerospike.POLICY_COMMIT_LEVEL_MASTER,
          durableDelete: true,
          key: aerospike.POLICY_KEY_SEND,
        }),
      ).request,
    )
    expect(flags.header.info3 & Info3.COMMIT_MASTER).toBeTruthy()
    expect(flags.header.info2 & Info2.DURABLE_DELETE).toBeTruthy()
    expect(flags.fields.find((f) => f.type === FieldType.KEY)!.data.toString('hex')).toBe('036b')
  })

  it('takes the TTL from meta, else a touch op, else the policy', () => {
    const ttl = (meta: object | undefined, policy: object, list = [encodeOperation(ops.write('a', 1))]) =>
      decode(writeCommand(key, list, meta, write(policy)).request).header.recordTtl
    expect(ttl(undefined, {})).toBe(0)
    expect(ttl(undefined, { ttl: 60 })).toBe(60)
    expect(ttl({ ttl: 30 }, { ttl: 60 })).toBe(30)
    expect(ttl({ ttl: aerospike.TTL_NEVER_EXPIRE }, {})).toBe(0xffff_ffff)
    expect(ttl({ ttl: aerospike.TTL_DONT_UPDATE }, {})).toBe(0xffff_fffe)
    expect(ttl({ ttl: aerospike.TTL_CLIENT_DEFAULT }, { ttl: 60 })).toBe(60)
    expect(ttl(undefined, { ttl: 60 }, [encodeOperation(ops.touch(5))])).toBe(5)
  })

  it('put writes one op per bin, null as a bin delete; rejects empty and undefined bins', () => {
    const m = decode(putCommand(key, { a: 1, b: null }, undefined, write()).request)
    expect(m.ops.map((o) => [o.op, o.particleType, o.name])).toEqual([
      [OpType.WRITE, 1, 'a'],
      [OpType.WRITE, 0, 'b'],
    ])
    expect(() => putCommand(key, {}, undefined, write())).toThrow(InvalidArgError)
    expect(() => putCommand(key, { a: undefined } as never, undefined, write())).toThrow(/use null/)
    expect(() => putCommand(key, [1] as never, undefined, write())).toThrow(/bins must be an object/)
  })

  it('remove sends WRITE|DELETE with the generation check and no ops', () => {
    const m = decode(removeCommand(key, { gen: 3 }, write({ gen: aerospike.POLICY_GEN_EQ, ttl: 50 })).request)
    expect(m.header.info2).toBe(Info2.WRITE | Info2.DELETE | Info2.GENERATION)
    expect(m.header.generation).toBe(3)
    expect(m.header.recordTtl).toBe(0)
    expect(m.ops).toHaveLength(0)
  })
})

describe('operate requests', () => {
  it('read-only operates route as reads with the replica policy', () => {
    const c = operateCommand(key, [ops.read('a')], undefined, operate({ replica: 0 }), OperateResult.RECORD)
    expect(c.isWrite).toBe(false)
    expect(c.replica).toBe(0)
    const m = decode(c.request)
    expect(m.header.info1).toBe(Info1.READ)
    expect(m.header.info2).toBe(0)
  })

  it('a nameless read reads every bin', () => {
    const m = decode(operateCommand(key, [ops.read()], undefined, operate(), OperateResult.RECORD).request)
    expect(m.header.info1).toBe(Info1.READ | Info1.GET_ALL)
  })

  it('any write routes to the master with write bits', () => {
    const c = operateCommand(
      key,
      [ops.increment('n', 1), ops.read('n')],
      undefined,
      operate({ exists: aerospike.POLICY_EXISTS_UPDATE }),
      OperateResult.ORDERED,
    )
    expect(c.isWrite).toBe(true)
    const m = decode(c.request)
    expect(m.header.info1).toBe(Info1.READ)
    expect(m.header.info2).toBe(Info2.WRITE)
    expect(m.header.info3).toBe(Info3.UPDATE_ONLY)
  })

  it('rejects an empty operation list and bad meta', () => {
    expect(() => operateCommand(key, [], undefined, operate(), OperateResult.RECORD)).toThrow(InvalidArgError)
  })
})
