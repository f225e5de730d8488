/**
 * Path operations (server 8.1): select every element a context with
 * multi-element steps (`cdtCtx.allChildren()`, `cdtCtx.mapKeysIn()`)
 * reaches, in one op.
 */
import { invalidArg } from '../errors.js'
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
