/** Boolean logic instructions: AND, OR, NOT, EXCLUSIVE (three-valued: true, false, unknown). */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ExpBuilder, type OpBuilder } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { type ExpNode, RType, type RtValue, type Runtime, UNKNOWN } from './types.js'

function boolArgs(b: ExpBuilder, argc: number, what: string): ExpNode[] {
  if (argc < 2) throw new ExpBuildError(`${what}: too few arguments (${argc})`)
  const args: ExpNode[] = []
  for (let i = 0; i < argc; i++) args.push(b.nextOf(RType.BOOL, `${what} argument ${i + 1}`))
  return args
}

/** False as soon as one argument is false; else unknown if one was unknown; else true. */
function evalAnd(args: readonly ExpNode[], rt: Runtime): RtValue {
  let result: RtValue = true
  for (const a of args) {
    const v = a.eval(rt)
    if (v === UNKNOWN) result = UNKNOWN
    else if (v === false) return false
  }
  return result
}

/** True as soon as one argument is true; else unknown if one was unknown; else false. */
function evalOr(args: readonly ExpNode[], rt: Runtime): RtValue {
  let result: RtValue = false
  for (const a of args) {
    const v = a.eval(rt)
    if (v === UNKNOWN) result = UNKNOWN
    else if (v === true) return true
  }
  return result
}

/** True when exactly one argument is true; unknown as soon as an argument is unknown; false at a second true. */
function evalExclusive(args: readonly ExpNode[], rt: Runtime): RtValue {
  let seenTrue = false
  for (const a of args) {
    const v = a.eval(rt)
    if (v === UNKNOWN) return UNKNOWN
    if (v === true) {
      if (seenTrue) return false
      seenTrue = true
    }
  }
  return seenTrue
}

function varargs(what: string, evaluate: (args: readonly ExpNode[], rt: Runtime) => RtValue): OpBuilder {
  return (b, argc) => {
    const args = boolArgs(b, argc, what)
    return { type: RType.BOOL, eval: (rt) => evaluate(args, rt) }
  }
}

const not: OpBuilder = (b, argc) => {
  ExpBuilder.arity('not', argc, 1)
  const arg = b.nextOf(RType.BOOL, 'not')
  return {
    type: RType.BOOL,
    eval(rt) {
      const v = arg.eval(rt)
      return v === UNKNOWN ? UNKNOWN : v !== true
    },
  }
}

/** Builders of the logic instructions, by op code. */
export const LOGIC_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.AND]: varargs('and', evalAnd),
  [ExpOp.OR]: varargs('or', evalOr),
  [ExpOp.NOT]: not,
  [ExpOp.EXCLUSIVE]: varargs('exclusive', evalExclusive),
}
