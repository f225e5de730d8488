/** Control-flow expressions: cond, let/def/var, unknown. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import type { RawMsgpack } from '../../protocol/msgpack.js'
import { invalidArg } from '../errors.js'
import {
  ANY_TYPE,
  describe,
  Expression,
  type ExpValueType,
  requireExpression,
  requireType,
  typeName,
  type WireNode,
} from './expression.js'
import { varNameWire } from './names.js'

/** A variable definition for `let`, made by `def(name, value)`. */
export class LetDefinition {
  /** @internal the name as sent */
  readonly wireName: RawMsgpack
  constructor(
    readonly name: string,
    readonly value: Expression,
  ) {
    this.wireName = varNameWire(name, 'def')
    requireExpression(value, `def(${name})`)
    Object.freeze(this)
  }
}

/** Defines variable `name` as the value of `value`, for use in `let`. */
export function def(name: string, value: Expression): LetDefinition {
  return new LetDefinition(name, value)
}

/**
 * Evaluates each definition in order (a later one may use earlier ones) and
 * then the last argument, in which `var(name)` reads the values:
 * `let(def('x', a), def('y', b), scope)`.
 */
export function letExp(...args: Array<LetDefinition | Expression>): Expression {
  if (args.length < 2) throw invalidArg('let needs at least one def and a scope expression')
  const scope = requireExpression(args[args.length - 1], 'let: the last argument (scope)')
  const wire: WireNode[] = [ExpOp.LET]
  const seen = new Set<string>()
  for (let i = 0; i < args.length - 1; i++) {
    const d = args[i]
    if (!(d instanceof LetDefinition))
      throw invalidArg(`let: argument ${i + 1} must be a def(name, value), got ${describe(d)}`)
    if (seen.has(d.name)) throw invalidArg(`let: variable '${d.name}' is defined twice`)
    seen.add(d.name)
    wire.push(d.wireName, d.value)
  }
  wire.push(scope)
  return Expression.fromWire(wire, scope.valueType)
}

/** The value of variable `name`, defined by an enclosing `let`. */
export function varExp(name: string): Expression {
  return Expression.fromWire([ExpOp.VAR, varNameWire(name, 'var')], ANY_TYPE)
}

/** The unknown value: a `cond` branch that makes the whole expression unknown (a filter then fails). */
export function unknown(): Expression {
  return Expression.fromWire([ExpOp.UNKNOWN], ExpType.BOOL, true)
}

/**
 * `cond(bool1, value1, bool2, value2, ..., default)`: the value of the first
 * true condition, else the default. Every value has the same type (unknown() fits any).
 */
export function cond(...exprs: Expression[]): Expression {
  if (exprs.length < 3 || exprs.length % 2 === 0)
    throw invalidArg(
      `cond needs condition/value pairs and a default (an odd count >= 3), got ${exprs.length}`,
    )
  let type: ExpValueType = ANY_TYPE
  let sawAny = false
  exprs.forEach((e, i) => {
    requireExpression(e, `cond: argument ${i + 1}`)
    const isCondition = i % 2 === 0 && i < exprs.length - 1
    if (isCondition) {
      requireType(e, ExpType.BOOL, `cond: condition ${i / 2 + 1}`)
      return
    }
    if (e.isUnknown) return
    if (e.valueType === ANY_TYPE) {
      sawAny = true
      return
    }
    if (type !== ANY_TYPE && e.valueType !== type)
      throw invalidArg(
        `cond: every value must have the same type, got ${typeName(type)} and ${typeName(e.valueType)}`,
      )
    type = e.valueType
  })
  // Every value unknown(): the server types the cond as boolean.
  if (type === ANY_TYPE && !sawAny) type = ExpType.BOOL
  return Expression.fromWire([ExpOp.COND, ...exprs], type)
}
