import { describe, expect, it } from 'vitest'
import { getCommand } from '../../../src/client/commands/read.js'
import { OPERATOR_EXP_READ, OPERATOR_EXP_WRITE } from '../../../src/client/constants.js'
import { InvalidArgError } from '../../../src/client/errors.js'
import { Expression, exp } from '../../../src/client/exp/index.js'
import { Key } from '../../../src/client/key.js'
import { encodeOperation } from '../../../src/client/operation-table.js'
import { DEFAULT_POLICIES, resolvePolicy } from '../../../src/client/policies.js'
import { decodeMessage } from '../../../src/protocol/message.js'
import { Double, GeoJSON } from '../../../src/protocol/values.js'
import { expOpWire } from './wire.js'

const hex = (e: Expression) => e.bytes.toString('hex')

describe('exp builders: exact bytes', () => {
  it.each([
    ['intBin == 42 (protocol.md §9.2)', () => exp.eq(exp.intBin('a'), exp.intVal(42)), '9301935102a1612a'],
    [
      'stringBin == "x" (protocol.md §9.2)',
      () => exp.eq(exp.stringBin('s'), exp.stringVal('x')),
      '9301935103a173a20378',
    ],
    ['bigint literal', () => exp.intVal(-(2n ** 63n)), 'd38000000000000000'],
    ['uint32 literal', () => exp.intVal(0xffffffff), 'ceffffffff'],
    ['integral float stays a double', () => exp.floatVal(2), 'cb4000000000000000'],
    ['bool', () => exp.boolVal(false), 'c2'],
    ['blob', () => exp.blobVal(Buffer.from([1, 2])), 'a3040102'],
    ['nil', () => exp.nil(), 'c0'],
    ['infinity', () => exp.infinity(), 'd4ff01'],
    ['wildcard', () => exp.wildcard(), 'd4ff00'],
    [
      'geo object',
      () => exp.geoVal({ type: 'Point', coordinates: [1, 2] }),
      'd925177b2274797065223a22506f696e74222c22636f6f7264696e61746573223a5b312c325d7d',
    ],
    ['list is quoted', () => exp.listVal([1, 'a']), '927e9201a20361'],
    ['map is key ordered with sorted keys', () => exp.mapVal({ b: 1, a: 2 }), '83c70001c0a2036102a2036201'],
    [
      'Map keys: ints before strings before blobs',
      () =>
        exp.mapVal(
          new Map<unknown, number>([
            [Buffer.from([0]), 3],
            ['s', 2],
            [5, 1],
          ]) as Map<never, number>,
        ),
      '84c70001c00501a2037302a2040003',
    ],
    [
      'nested maps in a list are ordered too',
      () => exp.listVal([{ z: 1, y: 2 }]),
      '927e9183c70001c0a2037902a2037a01',
    ],
    ['hllBin', () => exp.hllBin('h'), '935109a168'],
    ['binExists', () => exp.binExists('b'), '93029252a16200'],
    ['key(STRING)', () => exp.key(exp.EXP_TYPE_STRING), '925003'],
    ['digestModulo', () => exp.digestModulo(3), '924003'],
    ['isTombstone', () => exp.isTombstone(), '9148'],
    [
      'regexCompare',
      () => exp.regexCompare('^a', exp.regexFlags.ICASE, exp.stringBin('s')),
      '940702a25e61935103a173',
    ],
    ['unknown', () => exp.unknown(), '9100'],
    ['let/def/var', () => exp.let(exp.def('x', exp.intVal(1)), exp.var('x')), '947da17801927ca178'],
    ['cond', () => exp.cond(exp.boolVal(true), exp.intVal(1), exp.intVal(2)), '947bc30102'],
    ['numSub unary', () => exp.numSub(exp.intVal(5)), '921505'],
    ['intLscan', () => exp.intLscan(exp.intVal(1), exp.boolVal(true)), '932801c3'],
    ['inList', () => exp.inList(exp.intVal(1), exp.listVal([1])), '930901927e9101'],
    ['xor is exclusive', () => exp.xor(exp.boolVal(true), exp.boolVal(false)), '9313c3c2'],
  ])('%s', (_name, build, expected) => {
    expect(hex(build())).toBe(expected)
  })
})

describe('exp builders: local type checking', () => {
  const bad: Array<[string, () => unknown]> = [
    ['int vs string', () => exp.eq(exp.intBin('a'), exp.stringVal('x'))],
    ['int vs float', () => exp.lt(exp.intVal(1), exp.floatVal(1))],
    ['geo compared with eq', () => exp.eq(exp.geoBin('g'), exp.geoBin('h'))],
    ['hll compared', () => exp.ne(exp.hllBin('g'), exp.hllBin('h'))],
    ['and of one', () => exp.and(exp.boolVal(true))],
    ['or of an int', () => exp.or(exp.boolVal(true), exp.intVal(1))],
    ['not of a string', () => exp.not(exp.stringVal('x'))],
    ['add mixing int and float', () => exp.numAdd(exp.intVal(1), exp.floatVal(2))],
    ['add of strings', () => exp.numAdd(exp.stringVal('1'))],
    ['pow of ints', () => exp.numPow(exp.intVal(2), exp.intVal(3))],
    ['mod of floats', () => exp.numMod(exp.floatVal(2), exp.floatVal(3))],
    ['toInt of an int', () => exp.toInt(exp.intVal(2))],
    ['toFloat of a float', () => exp.toFloat(exp.floatVal(2))],
    ['abs of a string', () => exp.numAbs(exp.stringVal('x'))],
    ['intLscan with an int search', () => exp.intLscan(exp.intVal(1), exp.intVal(1))],
    ['regex on an int', () => exp.regexCompare('a', 0, exp.intBin('a'))],
    [
      'geoCompare on strings',
      () => exp.geoCompare(exp.stringVal('a'), exp.geoVal('{"type":"Point","coordinates":[0,0]}')),
    ],
    ['cond with mixed values', () => exp.cond(exp.boolVal(true), exp.intVal(1), exp.stringVal('x'))],
    ['cond with an even count', () => exp.cond(exp.boolVal(true), exp.intVal(1))],
    ['cond with an int condition', () => exp.cond(exp.intVal(1), exp.intVal(1), exp.intVal(2))],
    ['inList on a map', () => exp.inList(exp.intVal(1), exp.mapVal({}))],
    ['mapKeys of a list', () => exp.mapKeys(exp.listVal([]))],
    ['wildcard vs int', () => exp.eq(exp.wildcard(), exp.intVal(1))],
    ['a raw value instead of an expression', () => exp.eq(exp.intBin('a'), 5 as unknown as Expression)],
    ['intVal of a fraction', () => exp.intVal(1.5)],
    ['intVal beyond int64', () => exp.intVal(2n ** 63n)],
    ['unsafe number', () => exp.intVal(2 ** 60)],
    ['stringVal of a number', () => exp.stringVal(1 as unknown as string)],
    ['bin name too long', () => exp.intBin('sixteen-bytes-xx')],
    ['empty bin name', () => exp.intBin('')],
    ['bad variable name', () => exp.var('1x')],
    ['let without def', () => exp.let(exp.intVal(1), exp.intVal(2))],
    [
      'let defining a name twice',
      () => exp.let(exp.def('x', exp.intVal(1)), exp.def('x', exp.intVal(2)), exp.var('x')),
    ],
    ['key of a float', () => exp.key(exp.EXP_TYPE_FLOAT)],
    ['digestModulo 0', () => exp.digestModulo(0)],
    ['float map key', () => exp.mapVal(new Map([[1.5, 1]]))],
    [
      'duplicate map key',
      () =>
        exp.mapVal(
          new Map<unknown, number>([
            [1, 1],
            [1n, 2],
          ]) as Map<never, number>,
        ),
    ],
    ['geo that is not JSON', () => exp.geoVal('{')],
    ['unsupported value in a list', () => exp.listVal([() => 1] as never)],
    ['regex flags negative', () => exp.regexCompare('a', -1, exp.stringBin('s'))],
  ]
  it.each(bad)('%s throws InvalidArgError', (_name, build) => {
    expect(build).toThrow(InvalidArgError)
  })

  it('errors carry the invalid-argument code and are not in doubt', () => {
    try {
      exp.intVal(0.5)
      expect.unreachable()
    } catch (e) {
      expect(e).toMatchObject({ resultCode: -2, inDoubt: false, name: 'InvalidArgError' })
    }
  })

  it('variables and decoded expressions are accepted where any type fits', () => {
    expect(() => exp.numAdd(exp.var('x'), exp.intVal(1))).not.toThrow()
    expect(() => exp.eq(exp.var('x'), exp.stringVal('s'))).not.toThrow()
    expect(() => exp.and(exp.fromBase64(exp.boolVal(true).toBase64()), exp.boolVal(true))).not.toThrow()
  })

  it('unknown() fits a cond branch of any type', () => {
    const e = exp.cond(exp.boolVal(true), exp.unknown(), exp.intVal(2))
    expect(e.valueType).toBe(exp.EXP_TYPE_INT)
    expect(() => exp.eq(e, exp.intVal(2))).not.toThrow()
  })

  it('arithmetic keeps the type of its arguments', () => {
    expect(exp.numAdd(exp.floatBin('f'), exp.floatVal(1)).valueType).toBe(exp.EXP_TYPE_FLOAT)
    expect(exp.numAbs(exp.intBin('i')).valueType).toBe(exp.EXP_TYPE_INT)
    expect(exp.let(exp.def('x', exp.intVal(1)), exp.stringVal('s')).valueType).toBe(exp.EXP_TYPE_STRING)
  })
})

describe('Expression values', () => {
  it('are immutable and encode once', () => {
    const e = exp.gt(exp.intBin('age'), exp.intVal(30))
    expect(Object.isFrozen(e)).toBe(true)
    expect(e.bytes).toBe(e.bytes)
    expect(() => {
      ;(e as { valueType: number }).valueType = 3
    }).toThrow(TypeError)
  })

  it('a sub-expression is reused inside several parents with the same bytes', () => {
    const age = exp.intBin('age')
    const a = exp.gt(age, exp.intVal(1))
    const b = exp.and(a, a)
    expect(hex(b)).toBe(`9310${hex(a)}${hex(a)}`)
    expect(b.size).toBe(b.bytes.length)
  })

  it('round-trip through base64', () => {
    const e = exp.and(
      exp.eq(exp.stringBin('name'), exp.stringVal('Alice')),
      exp.ge(exp.intBin('age'), exp.intVal(21)),
    )
    const b64 = e.toBase64()
    expect(exp.toBase64(e)).toBe(b64)
    expect(exp.fromBase64(b64).bytes.equals(e.bytes)).toBe(true)
    expect(Expression.fromBase64(b64).toBase64()).toBe(b64)
  })

  it.each([['not base64!'], ['kwE='], [''], ['wA==wA==']])('fromBase64(%j) is refused', (text) => {
    expect(() => exp.fromBase64(text)).toThrow(InvalidArgError)
  })

  it('policies take an Expression as filterExpression, sent as field 43', () => {
    const e = exp.eq(exp.intBin('a'), exp.intVal(1))
    const policy = resolvePolicy('read', DEFAULT_POLICIES.read, { filterExpression: e })
    expect(policy.filterExpression).toBe(e)
    const request = decodeMessage(getCommand(new Key('test', 'demo', 'k'), policy).request.subarray(8))
    expect(request.fields.find((f) => f.type === 43)?.data.equals(e.bytes)).toBe(true)
    for (const bad of [Buffer.from('c3', 'hex'), 'x', {}]) {
      expect(() => resolvePolicy('read', DEFAULT_POLICIES.read, { filterExpression: bad as never })).toThrow(
        InvalidArgError,
      )
    }
  })

  it('accepts GeoJSON wrappers and Double elements', () => {
    expect(exp.geoVal(new GeoJSON('{"type":"Point","coordinates":[0,0]}')).valueType).toBe(exp.EXP_TYPE_GEO)
    expect(hex(exp.listVal([new Double(1)]))).toBe('927e91cb3ff0000000000000')
  })
})

describe('exp.operations', () => {
  it('read builds a plain frozen op object', () => {
    const e = exp.numAdd(exp.intBin('age'), exp.intVal(5))
    const op = exp.operations.read('v', e)
    expect(op).toEqual({ op: OPERATOR_EXP_READ, bin: 'v', exp: e, flags: 0 })
    expect(Object.isFrozen(op)).toBe(true)
  })

  it('read encodes as op 7 with [exp, flags] (golden exp.value.add)', () => {
    const op = exp.operations.read('v', exp.numAdd(exp.intBin('age'), exp.intVal(5)))
    const wire = expOpWire(op)
    expect(wire.op).toBe(7)
    expect(wire.particleType).toBe(4)
    expect(wire.name).toBe('v')
    expect(Buffer.from(wire.value).toString('hex')).toBe('929314935102a36167650500')
  })

  it('write encodes as op 8 with its flags', () => {
    const op = exp.operations.write(
      'b',
      exp.intVal(1),
      exp.expWriteFlags.CREATE_ONLY | exp.expWriteFlags.POLICY_NO_FAIL,
    )
    expect(op.op).toBe(OPERATOR_EXP_WRITE)
    const wire = expOpWire(op)
    expect(wire.op).toBe(8)
    expect(Buffer.from(wire.value).toString('hex')).toBe('920109')
  })

  it.each([
    ['read with a write flag', () => exp.operations.read('v', exp.intVal(1), exp.expWriteFlags.CREATE_ONLY)],
    ['write with an unknown flag', () => exp.operations.write('v', exp.intVal(1), 0x20)],
    ['a long bin name', () => exp.operations.read('sixteen-bytes-xx', exp.intVal(1))],
    ['no expression', () => exp.operations.write('v', 1 as unknown as Expression)],
  ])('%s is refused', (_name, build) => {
    expect(build).toThrow(InvalidArgError)
  })

  it('hand-written op objects go through the same checks', () => {
    const e = exp.intVal(1)
    expect(encodeOperation({ op: OPERATOR_EXP_READ, bin: 'v', exp: e })).toMatchObject({ op: 7, flags: 0x09 })
    expect(encodeOperation({ op: OPERATOR_EXP_WRITE, bin: 'v', exp: e, flags: 4 })).toMatchObject({
      op: 8,
      flags: 0x0c,
    })
    expect(() => encodeOperation({ op: OPERATOR_EXP_READ, bin: 'v' })).toThrow(InvalidArgError)
    expect(() => encodeOperation({ op: OPERATOR_EXP_WRITE, bin: 'v', exp: e, flags: 0x40 })).toThrow(
      InvalidArgError,
    )
    expect(() => encodeOperation({ op: OPERATOR_EXP_WRITE, exp: e })).toThrow(InvalidArgError)
  })
})
