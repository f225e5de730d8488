/** Control instructions: the unknown value, COND, LET, VAR, VAR_BUILTIN and RESULT_REMOVE. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { SBytes, SList, SMap } from '../value.js'
import { ExpBuilder, type OpBuilder, typeName } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { type ExpNode, GeoValue, REMOVE, RType, type RTypeId, type RtValue, UNKNOWN } from './types.js'

const unknown: OpBuilder = (_b, argc) => {
  ExpBuilder.arity('unknown', argc, 0)
  return { type: RType.BOOL, isUnknownOp: true, eval: () => UNKNOWN }
}

const cond: OpBuilder = (b, argc) => {
  if (argc < 3) throw new ExpBuildError(`cond: too few arguments (${argc})`)
  if (argc % 2 === 0) throw new ExpBuildError('cond: requires a default case')
  const cases: Array<[ExpNode, ExpNode]> = []
  let type: RTypeId | undefined
  const unify = (node: ExpNode, where: string): void => {
    if (node.isUnknownOp) return
    type ??= node.type
    if (node.type !== type)
      throw new ExpBuildError(
        `cond: mismatched type ${typeName(node.type)} (expected ${typeName(type)}) at ${where}`,
      )
  }
  for (let i = 0; i < (argc - 1) / 2; i++) {
    const condition = b.nextOf(RType.BOOL, `cond condition ${i + 1}`)
    const action = b.next()
    unify(action, `condition ${i + 1}`)
    cases.push([condition, action])
  }
  const fallback = b.next()
  type ??= fallback.type
  unify(fallback, 'default')
  return {
    type,
    eval(rt) {
      for (const [condition, action] of cases) {
        const c = condition.eval(rt)
        if (c === UNKNOWN) return UNKNOWN
        if (c === true) return action.eval(rt)
      }
      return fallback.eval(rt)
    },
  }
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

const letOp: OpBuilder = (b, argc) => {
  if (argc < 3) throw new ExpBuildError(`let: too few arguments (${argc})`)
  if (argc % 2 === 0) throw new ExpBuildError(`let: invalid argument count ${argc}`)
  const defs: Array<[number, ExpNode]> = []
  b.pushScope()
  for (let i = 0; i < (argc - 1) / 2; i++) {
    const name = b.readRawString('let variable name').toString('latin1')
    if (!VARIABLE_NAME.test(name)) throw new ExpBuildError(`let: illegal variable name '${name}'`)
    const slot = b.declare(name)
    const value = b.next()
    b.define(name, value.type)
    defs.push([slot, value])
  }
  const scope = b.next()
  b.popScope()
  return {
    type: scope.type,
    // A let whose scope is [0] counts as the unknown instruction in a cond branch, as on the server.
    isUnknownOp: scope.isUnknownOp === true,
    eval(rt) {
      for (const [slot, value] of defs) rt.vars[slot] = value.eval(rt)
      return scope.eval(rt)
    },
  }
}

const varOp: OpBuilder = (b, argc) => {
  ExpBuilder.arity('var', argc, 1)
  const name = b.readRawString('var name').toString('latin1')
  const entry = b.lookup(name)
  if (entry === undefined) throw new ExpBuildError(`var: undefined variable '${name}'`)
  if (entry.type === undefined) throw new ExpBuildError(`var: '${name}' used in its own definition`)
  const slot = entry.index
  return { type: entry.type, eval: (rt) => rt.vars[slot]! }
}

/** Does `v` have static type `type` (rt_is_type)? */
function hasType(v: RtValue, type: RTypeId): boolean {
  switch (type) {
    case RType.NIL:
      return v === null
    case RType.BOOL:
      return typeof v === 'boolean'
    case RType.INT:
      return typeof v === 'bigint'
    case RType.FLOAT:
      return typeof v === 'number'
    case RType.LIST:
      return v instanceof SList
    case RType.MAP:
      return v instanceof SMap
    case RType.GEO:
      return v instanceof GeoValue
    case RType.STRING:
      return v instanceof SBytes && v.ptype === ParticleType.STRING
    case RType.BLOB:
      return v instanceof SBytes && v.ptype === ParticleType.BLOB
    case RType.HLL:
      return v instanceof SBytes && v.ptype === ParticleType.HLL
    default:
      return false
  }
}

/** Number of built-in variables: key, value, index. */
const BUILTIN_COUNT = 3
const BUILTIN_INDEX = 2

const varBuiltin: OpBuilder = (b, argc) => {
  ExpBuilder.arity('var_builtin', argc, 2)
  const type = b.readUint('var_builtin type')
  const index = b.readUint('var_builtin index')
  if (index >= BUILTIN_COUNT) throw new ExpBuildError(`var_builtin: invalid built-in variable ${index}`)
  if (index === BUILTIN_INDEX && type !== RType.INT)
    throw new ExpBuildError('var_builtin: the index is an integer')
  if (type > RType.HLL) throw new ExpBuildError(`var_builtin: invalid type ${type}`)
  return {
    type: type as RTypeId,
    eval(rt) {
      const v = rt.builtins[index] ?? UNKNOWN
      return hasType(v, type as RTypeId) ? v : UNKNOWN
    },
  }
}

const resultRemove: OpBuilder = (_b, argc) => {
  ExpBuilder.arity('result_remove', argc, 0)
  return { type: RType.REMOVE, eval: () => REMOVE }
}

/** Builders of the control instructions, by op code. */
export const CONTROL_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.UNKNOWN]: unknown,
  [ExpOp.COND]: cond,
  [ExpOp.LET]: letOp,
  [ExpOp.VAR]: varOp,
  [ExpOp.VAR_BUILTIN]: varBuiltin,
  [ExpOp.RESULT_REMOVE]: resultRemove,
}
