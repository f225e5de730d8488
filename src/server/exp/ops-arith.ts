/** Arithmetic instructions: ADD, SUB, MUL, DIV, POW, LOG, MOD, ABS, FLOOR, CEIL, TO_INT, TO_FLOAT, MIN, MAX. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ExpBuilder, type OpBuilder, typeName } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { foldKnown } from './fold.js'
import { cPow, doubleToInt64, wrap64 } from './int64.js'
import { type ExpNode, RType, type RTypeId, type RtValue, type Runtime, UNKNOWN } from './types.js'

type IntFold = (acc: bigint, v: bigint) => bigint
type FloatFold = (acc: number, v: number) => number

/** Builds 1+ numeric arguments that are all integers or all floats; returns them and their type. */
function numericArgs(b: ExpBuilder, argc: number, what: string): { args: ExpNode[]; type: RTypeId } {
  if (argc < 1) throw new ExpBuildError(`${what}: too few arguments`)
  const args: ExpNode[] = []
  let type: RTypeId | undefined
  for (let i = 0; i < argc; i++) {
    const a = b.next()
    if (a.type !== RType.INT && a.type !== RType.FLOAT)
      throw new ExpBuildError(`${what}: invalid type ${typeName(a.type)} at argument ${i + 1}`)
    if (type !== undefined && a.type !== type)
      throw new ExpBuildError(`${what}: mixed types at argument ${i + 1}`)
    type = a.type
    args.push(a)
  }
  return { args, type: type! }
}

/** Left fold over the arguments; any unknown argument makes the result unknown. */
function fold(what: string, intFold: IntFold, floatFold: FloatFold): OpBuilder {
  return (b, argc) => {
    const { args, type } = numericArgs(b, argc, what)
    const combine =
      type === RType.INT
        ? (acc: RtValue, v: RtValue) => intFold(acc as bigint, v as bigint)
        : (acc: RtValue, v: RtValue) => floatFold(acc as number, v as number)
    return {
      type,
      eval(rt) {
        return foldKnown(args, rt, combine)
      },
    }
  }
}

const sub: OpBuilder = (b, argc) => {
  const minus = fold(
    'sub',
    (x, y) => wrap64(x - y),
    (x, y) => x - y,
  )(b, argc)
  if (argc !== 1) return minus
  return {
    type: minus.type,
    eval(rt) {
      const v = minus.eval(rt)
      if (v === UNKNOWN) return UNKNOWN
      return typeof v === 'bigint' ? wrap64(-v) : 0 - (v as number)
    },
  }
}

/** DIV: the first argument divided by the product of the others; one argument x gives 1 / x. */
const div: OpBuilder = (b, argc) => {
  const { args, type } = numericArgs(b, argc, 'div')
  const isInt = type === RType.INT
  return {
    type,
    eval(rt) {
      let first = args[0]!.eval(rt)
      if (first === UNKNOWN) return UNKNOWN
      let product: RtValue = isInt ? 1n : 1
      for (let i = 1; i < args.length; i++) {
        const v = args[i]!.eval(rt)
        if (v === UNKNOWN) return UNKNOWN
        product = isInt ? wrap64((product as bigint) * (v as bigint)) : (product as number) * (v as number)
      }
      if (args.length === 1) {
        product = first
        first = isInt ? 1n : 1
      }
      if (!isInt) return (first as number) / (product as number)
      // Integer division by zero is unknown; INT64_MIN / -1 wraps to INT64_MIN (the real server crashes).
      if (product === 0n) return UNKNOWN
      return wrap64((first as bigint) / (product as bigint))
    },
  }
}

function extreme(
  what: string,
  better: (candidate: number | bigint, current: number | bigint) => boolean,
): OpBuilder {
  return (b, argc) => {
    const { args, type } = numericArgs(b, argc, what)
    return {
      type,
      eval(rt: Runtime) {
        return foldKnown(args, rt, (best, v) =>
          better(v as number | bigint, best as number | bigint) ? v : best,
        )
      },
    }
  }
}

/** A fixed-arity instruction whose arguments have the given types. */
function typed(
  what: string,
  argTypes: readonly RTypeId[],
  result: RTypeId,
  apply: (values: Array<number | bigint>) => RtValue,
): OpBuilder {
  return (b, argc) => {
    ExpBuilder.arity(what, argc, argTypes.length)
    const args = argTypes.map((t, i) => b.nextOf(t, `${what} argument ${i + 1}`))
    return {
      type: result,
      eval(rt) {
        const values: Array<number | bigint> = []
        for (const a of args) {
          const v = a.eval(rt)
          if (v === UNKNOWN) return UNKNOWN
          values.push(v as number | bigint)
        }
        return apply(values)
      },
    }
  }
}

const abs: OpBuilder = (b, argc) => {
  ExpBuilder.arity('abs', argc, 1)
  const arg = b.next()
  if (arg.type !== RType.INT && arg.type !== RType.FLOAT)
    throw new ExpBuildError(`abs: invalid type ${typeName(arg.type)}`)
  return {
    type: arg.type,
    eval(rt) {
      const v = arg.eval(rt)
      if (v === UNKNOWN) return UNKNOWN
      if (typeof v === 'bigint') return v < 0n ? wrap64(-v) : v
      return Math.abs(v as number)
    },
  }
}

const F = RType.FLOAT
const I = RType.INT

/** Builders of the arithmetic instructions, by op code. */
export const ARITH_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.ADD]: fold(
    'add',
    (x, y) => wrap64(x + y),
    (x, y) => x + y,
  ),
  [ExpOp.SUB]: sub,
  [ExpOp.MUL]: fold(
    'mul',
    (x, y) => wrap64(x * y),
    (x, y) => x * y,
  ),
  [ExpOp.DIV]: div,
  [ExpOp.POW]: typed('pow', [F, F], F, ([x, y]) => cPow(x as number, y as number)),
  [ExpOp.LOG]: typed('log', [F, F], F, ([x, y]) => Math.log(x as number) / Math.log(y as number)),
  // Modulo zero is unknown; INT64_MIN % -1 is 0 (the real server would trap).
  [ExpOp.MOD]: typed('mod', [I, I], I, ([x, y]) => (y === 0n ? UNKNOWN : (x as bigint) % (y as bigint))),
  [ExpOp.ABS]: abs,
  [ExpOp.FLOOR]: typed('floor', [F], F, ([x]) => Math.floor(x as number)),
  [ExpOp.CEIL]: typed('ceil', [F], F, ([x]) => Math.ceil(x as number)),
  [ExpOp.TO_INT]: typed('to_int', [F], I, ([x]) => doubleToInt64(x as number)),
  [ExpOp.TO_FLOAT]: typed('to_float', [I], F, ([x]) => Number(x as bigint)),
  [ExpOp.MIN]: extreme('min', (v, best) => best > v),
  [ExpOp.MAX]: extreme('max', (v, best) => best < v),
}
