/**
 * Path expressions (server 8.1): the loop variables a path filter or apply
 * expression reads (the element's key, value or index), the "remove this
 * element" result, and path select/modify as expressions.
 */
import { CDT_PATH_SELECT, CdtSelectFlag } from '../../protocol/cdt-codes.js'
import { ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { invalidArg } from '../errors.js'
import { Expression } from '../exp/expression.js'
import type { CdtContext } from './cdt-context.js'
import { callWire, contextWire, expArg, flagsArg } from './exp-cdt.js'

/** Which part of the visited element a loop variable reads. */
export const LoopVarPart = {
  /** The map key (map entries only). */
  KEY: 0,
  /** The element's value. */
  VALUE: 1,
  /** The list position (list elements only). */
  INDEX: 2,
} as const

const VALUE_TYPES = new Set<number>(Object.values(ExpType))

function loopVar(type: ExpTypeId, name: string): (part: number) => Expression {
  return (part: number) => {
    if (part !== LoopVarPart.KEY && part !== LoopVarPart.VALUE && part !== LoopVarPart.INDEX)
      throw invalidArg(`${name}: part must be LoopVarPart.KEY, VALUE or INDEX, got ${String(part)}`)
    return Expression.fromWire([ExpOp.VAR_BUILTIN, type, part], type)
  }
}

/** The visited element's key, value or index as an integer. */
export const loopVarInt = loopVar(ExpType.INT, 'loopVarInt')
/** ... as a float. */
export const loopVarFloat = loopVar(ExpType.FLOAT, 'loopVarFloat')
/** ... as a string. */
export const loopVarStr = loopVar(ExpType.STRING, 'loopVarStr')
/** ... as a boolean. */
export const loopVarBool = loopVar(ExpType.BOOL, 'loopVarBool')
/** ... as a blob. */
export const loopVarBlob = loopVar(ExpType.BLOB, 'loopVarBlob')
/** ... as a list. */
export const loopVarList = loopVar(ExpType.LIST, 'loopVarList')
/** ... as a map. */
export const loopVarMap = loopVar(ExpType.MAP, 'loopVarMap')
/** ... as GeoJSON. */
export const loopVarGeo = loopVar(ExpType.GEO, 'loopVarGeo')
/** ... as a HyperLogLog. */
export const loopVarHll = loopVar(ExpType.HLL, 'loopVarHll')
/** ... as nil. */
export const loopVarNil = loopVar(ExpType.NIL, 'loopVarNil')

/** The result of an apply expression that removes the visited element. */
export function removeResult(): Expression {
  return Expression.fromWire([ExpOp.RESULT_REMOVE], ExpType.NIL)
}

function checkPath(ctx: readonly CdtContext[], what: string): void {
  if (!Array.isArray(ctx) || ctx.length === 0) throw invalidArg(`${what}: ctx must be a non-empty array`)
}

function valueTypeOf(v: unknown, what: string): ExpTypeId {
  if (typeof v !== 'number' || !VALUE_TYPES.has(v))
    throw invalidArg(`${what}: valueType must be one of the EXP_TYPE_* constants, got ${String(v)}`)
  return v as ExpTypeId
}

/**
 * What a path reaches in a list or map expression, as a value: `flags` is
 * one of PATH_SELECT_* (with PATH_NO_FAIL), `valueType` the type of the
 * result (EXP_TYPE_LIST for the flat results, the bin's type for the tree).
 */
export function selectByPath(
  bin: Expression,
  valueType: number,
  flags: number,
  ctx: readonly CdtContext[],
): Expression {
  const w = 'selectByPath'
  checkPath(ctx, w)
  const f = flagsArg(flags, `${w}: flags`)
  return callWire(
    w,
    undefined,
    valueTypeOf(valueType, w),
    false,
    [CDT_PATH_SELECT, contextWire(ctx, w), f],
    bin,
  )
}

/**
 * The list or map with every element the path reaches rewritten by
 * `modExp` (reading the element with the loop variables; `removeResult()`
 * drops it). `valueType` is the bin's type.
 */
export function modifyByPath(
  bin: Expression,
  valueType: number,
  modExp: Expression,
  flags: number,
  ctx: readonly CdtContext[],
): Expression {
  const w = 'modifyByPath'
  checkPath(ctx, w)
  const f = flagsArg(flags, `${w}: flags`) | CdtSelectFlag.APPLY
  const payload = [CDT_PATH_SELECT, contextWire(ctx, w), f, expArg(modExp, `${w}: modExp`)]
  return callWire(w, undefined, valueTypeOf(valueType, w), true, payload, bin)
}
