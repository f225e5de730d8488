/**
 * Path operations (server 8.1): select, or rewrite, every element a context
 * with multi-element steps (`cdtCtx.allChildren()`,
 * `cdtCtx.allChildrenWithFilter()`, `cdtCtx.mapKeysIn()`) reaches, in one op.
 */
import { invalidArg } from '../errors.js'
import { type Expression, requireExpression } from '../exp/expression.js'
import type { CdtContext } from './cdt-context.js'
import { buildOp, type CdtOperation, PathOpCode } from './cdt-operation.js'

/**
 * Selects what `ctx` reaches in a list or map bin. `flags` is one of
 * PATH_SELECT_MATCHING_TREE, PATH_SELECT_VALUE, PATH_SELECT_MAP_KEY or
 * PATH_SELECT_MAP_KEY_VALUE, optionally OR-ed with PATH_NO_FAIL.
 */
export function selectByPath(bin: string, flags: number, ctx: readonly CdtContext[]): CdtOperation {
  if (!Array.isArray(ctx) || ctx.length === 0) throw invalidArg('selectByPath: ctx must be a non-empty array')
  return buildOp(PathOpCode.SELECT, bin, { val: flags, ctx })
}

/**
 * Rewrites every element `ctx` reaches in a list or map bin with `modExp`
 * (which reads the element through the loop variables, and may return
 * `exp.removeResult()` to drop it). `flags`: 0 or PATH_NO_FAIL.
 */
export function modifyByPath(
  bin: string,
  modExp: Expression,
  flags: number,
  ctx: readonly CdtContext[],
): CdtOperation {
  if (!Array.isArray(ctx) || ctx.length === 0) throw invalidArg('modifyByPath: ctx must be a non-empty array')
  requireExpression(modExp, 'modifyByPath: modExp')
  return buildOp(PathOpCode.MODIFY, bin, { val: flags, modExp, ctx })
}
