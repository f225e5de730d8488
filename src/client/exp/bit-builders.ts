/** Bit expressions (`exp.bit`): blob read and modify ops run by the server's CALL instruction on a blob expression. */
import { BitIntFlag, BitWireCode as Op } from '../../protocol/bit-codes.js'
import { ExpCallSystem, ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import { Expression, requireExpression, requireType, type WireNode } from './expression.js'

function flags(v: unknown, what: string): number {
  if (v === undefined) return 0
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
  throw invalidArg(`${what} must be a non-negative integer, got ${String(v)}`)
}

function typed(e: unknown, type: ExpTypeId, what: string): Expression {
  const x = requireExpression(e, what)
  requireType(x, type, what)
  return x
}

function int(e: unknown, what: string): Expression {
  return typed(e, ExpType.INT, what)
}

/** The value the op works on: a blob expression, or nil for a modify op (which then creates one). */
function binArg(bin: unknown, modify: boolean, what: string): Expression {
  const x = requireExpression(bin, what)
  if (!(modify && x.valueType === ExpType.NIL)) requireType(x, ExpType.BLOB, what)
  return x
}

function call(name: string, type: ExpTypeId, modify: boolean, payload: WireNode[], bin: unknown): Expression {
  const system = ExpCallSystem.BITS | (modify ? ExpCallSystem.MODIFY_LOCAL : 0)
  return Expression.fromWire(
    [ExpOp.CALL, type, system, payload, binArg(bin, modify, `bit.${name}: bin`)],
    type,
  )
}

/** A modify op: the blob with the op applied (BLOB). */
function modify(name: string, code: number, args: WireNode[], bin: unknown): Expression {
  return call(name, ExpType.BLOB, true, [code, ...args], bin)
}

/** The region arguments every op but resize/insert/remove takes. */
function region(name: string, bitOffset: unknown, bitSize: unknown): Expression[] {
  return [int(bitOffset, `bit.${name}: bitOffset`), int(bitSize, `bit.${name}: bitSize`)]
}

/** set, or, xor, and: the bits of a region combined with the first bits of a blob `value`. */
type BytesOp = (
  policy: number | undefined,
  bitOffset: Expression,
  bitSize: Expression,
  value: Expression,
  bin: Expression,
) => Expression

/** lshift, rshift: the bits of a region shifted by `shift`. */
type ShiftOp = (
  policy: number | undefined,
  bitOffset: Expression,
  bitSize: Expression,
  shift: Expression,
  bin: Expression,
) => Expression

/** add, subtract: integer arithmetic on a region of 1..64 bits (`action`: BIT_OVERFLOW_*). */
type ArithmeticOp = (
  policy: number | undefined,
  bitOffset: Expression,
  bitSize: Expression,
  value: Expression,
  signed: boolean,
  action: number,
  bin: Expression,
) => Expression

function bytesOp(name: string, code: number): BytesOp {
  return (policy, bitOffset, bitSize, value, bin) =>
    modify(
      name,
      code,
      [
        ...region(name, bitOffset, bitSize),
        typed(value, ExpType.BLOB, `bit.${name}: value`),
        flags(policy, 'policy'),
      ],
      bin,
    )
}

function shiftOp(name: string, code: number): ShiftOp {
  return (policy, bitOffset, bitSize, shift, bin) =>
    modify(
      name,
      code,
      [...region(name, bitOffset, bitSize), int(shift, `bit.${name}: shift`), flags(policy, 'policy')],
      bin,
    )
}

function arithmeticOp(name: string, code: number): ArithmeticOp {
  return (policy, bitOffset, bitSize, value, signed, action, bin) =>
    modify(
      name,
      code,
      [
        ...region(name, bitOffset, bitSize),
        int(value, `bit.${name}: value`),
        flags(policy, 'policy'),
        flags(action, 'action') | (signed ? BitIntFlag.SIGNED : 0),
      ],
      bin,
    )
}

/** The blob resized to `byteSize` bytes (BIT_RESIZE_* flags; policy: BIT_WRITE_* flags). */
export function resize(
  policy: number | undefined,
  byteSize: Expression,
  resizeFlags: number,
  bin: Expression,
): Expression {
  return modify(
    'resize',
    Op.RESIZE,
    [int(byteSize, 'bit.resize: byteSize'), flags(policy, 'policy'), flags(resizeFlags, 'resizeFlags')],
    bin,
  )
}

/** The blob with `value` (blob) inserted at `byteOffset`. */
export function insert(
  policy: number | undefined,
  byteOffset: Expression,
  value: Expression,
  bin: Expression,
): Expression {
  return modify(
    'insert',
    Op.INSERT,
    [
      int(byteOffset, 'bit.insert: byteOffset'),
      typed(value, ExpType.BLOB, 'bit.insert: value'),
      flags(policy, 'policy'),
    ],
    bin,
  )
}

/** The blob with `byteSize` bytes removed at `byteOffset`. */
export function remove(
  policy: number | undefined,
  byteOffset: Expression,
  byteSize: Expression,
  bin: Expression,
): Expression {
  return modify(
    'remove',
    Op.REMOVE,
    [
      int(byteOffset, 'bit.remove: byteOffset'),
      int(byteSize, 'bit.remove: byteSize'),
      flags(policy, 'policy'),
    ],
    bin,
  )
}

/** The blob with `bitSize` bits from `bitOffset` set to the first bits of `value` (blob). */
export const set: BytesOp = bytesOp('set', Op.SET)
/** The blob with `bitSize` bits from `bitOffset` or-ed with `value` (blob). */
export const or: BytesOp = bytesOp('or', Op.OR)
/** The blob with `bitSize` bits from `bitOffset` exclusive-or-ed with `value` (blob). */
export const xor: BytesOp = bytesOp('xor', Op.XOR)
/** The blob with `bitSize` bits from `bitOffset` and-ed with `value` (blob). */
export const and: BytesOp = bytesOp('and', Op.AND)

/** The blob with `bitSize` bits from `bitOffset` inverted. */
export function not(
  policy: number | undefined,
  bitOffset: Expression,
  bitSize: Expression,
  bin: Expression,
): Expression {
  return modify('not', Op.NOT, [...region('not', bitOffset, bitSize), flags(policy, 'policy')], bin)
}

/** The blob with `bitSize` bits from `bitOffset` shifted left by `shift`. */
export const lshift: ShiftOp = shiftOp('lshift', Op.LSHIFT)
/** The blob with `bitSize` bits from `bitOffset` shifted right by `shift`. */
export const rshift: ShiftOp = shiftOp('rshift', Op.RSHIFT)
/** The blob with `value` added to the integer in `bitSize` bits from `bitOffset` (action: BIT_OVERFLOW_*). */
export const add: ArithmeticOp = arithmeticOp('add', Op.ADD)
/** The blob with `value` subtracted from the integer in `bitSize` bits from `bitOffset` (action: BIT_OVERFLOW_*). */
export const subtract: ArithmeticOp = arithmeticOp('subtract', Op.SUBTRACT)

/** The blob with `value` stored in `bitSize` bits from `bitOffset`. */
export function setInt(
  policy: number | undefined,
  bitOffset: Expression,
  bitSize: Expression,
  value: Expression,
  bin: Expression,
): Expression {
  return modify(
    'setInt',
    Op.SET_INT,
    [...region('setInt', bitOffset, bitSize), int(value, 'bit.setInt: value'), flags(policy, 'policy')],
    bin,
  )
}

/** `bitSize` bits from `bitOffset` as a blob. */
export function get(bitOffset: Expression, bitSize: Expression, bin: Expression): Expression {
  return call('get', ExpType.BLOB, false, [Op.GET, ...region('get', bitOffset, bitSize)], bin)
}

/** How many of `bitSize` bits from `bitOffset` are 1. */
export function count(bitOffset: Expression, bitSize: Expression, bin: Expression): Expression {
  return call('count', ExpType.INT, false, [Op.COUNT, ...region('count', bitOffset, bitSize)], bin)
}

/** Position (from `bitOffset`) of the first bit equal to `value` (boolean), or -1. */
export function lscan(
  bitOffset: Expression,
  bitSize: Expression,
  value: Expression,
  bin: Expression,
): Expression {
  const args = [...region('lscan', bitOffset, bitSize), typed(value, ExpType.BOOL, 'bit.lscan: value')]
  return call('lscan', ExpType.INT, false, [Op.LSCAN, ...args], bin)
}

/** Position (from `bitOffset`) of the last bit equal to `value` (boolean), or -1. */
export function rscan(
  bitOffset: Expression,
  bitSize: Expression,
  value: Expression,
  bin: Expression,
): Expression {
  const args = [...region('rscan', bitOffset, bitSize), typed(value, ExpType.BOOL, 'bit.rscan: value')]
  return call('rscan', ExpType.INT, false, [Op.RSCAN, ...args], bin)
}

/** The integer in `bitSize` (1..64) bits from `bitOffset`, unsigned unless `signed`. */
export function getInt(
  bitOffset: Expression,
  bitSize: Expression,
  signed: boolean,
  bin: Expression,
): Expression {
  const args: WireNode[] = [...region('getInt', bitOffset, bitSize), ...(signed ? [BitIntFlag.SIGNED] : [])]
  return call('getInt', ExpType.INT, false, [Op.GET_INT, ...args], bin)
}
