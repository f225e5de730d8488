/** Compiling wire expressions (field 43, expression ops) once into typed instruction trees. */
import { ParseError } from '../../protocol/codec-errors.js'
import { MsgpackReader } from '../../protocol/msgpack.js'
import { ExpBuilder, typeName } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { OP_TABLE } from './op-table.js'
import { type ExpCallHandlers, type ExpNode, RType, type RTypeId } from './types.js'

/** Largest expression accepted, in bytes (the server's limit). */
export const MAX_EXPRESSION_SIZE = 1024 * 1024

/** A compiled expression: evaluate it with the functions of evaluate.ts, as often as needed. */
export interface CompiledExpression {
  /** The static type of the whole expression. */
  readonly type: RTypeId
  readonly root: ExpNode
  /** Variable slots one evaluation needs. */
  readonly varCount: number
}

/** Options of compilation. */
export interface CompileOptions {
  /** Handlers for CALL instructions (list/map, bit, HLL); without one a CALL is refused with 16. */
  readonly calls?: ExpCallHandlers
}

/**
 * Compiles the msgpack of an expression. Throws ExpBuildError (resultCode 4)
 * for malformed bytes, unknown instructions, wrong argument counts and
 * mismatched types, as the real server answers PARAMETER for each of them.
 */
export function compileExpression(bytes: Buffer, options: CompileOptions = {}): CompiledExpression {
  if (bytes.length === 0) throw new ExpBuildError('empty expression')
  if (bytes.length >= MAX_EXPRESSION_SIZE) throw new ExpBuildError('expression size exceeds 1 MiB')
  const r = new MsgpackReader(bytes)
  const b = new ExpBuilder(r, options.calls ?? {}, OP_TABLE)
  let root: ExpNode
  try {
    root = b.next()
  } catch (e) {
    if (e instanceof ParseError) throw new ExpBuildError(`malformed expression: ${e.message}`)
    throw e
  }
  if (r.remaining !== 0) throw new ExpBuildError('malformed expression: trailing bytes')
  if (root.type === RType.OTHER) throw new ExpBuildError('expression has no value type')
  return { type: root.type, root, varCount: b.maxVars }
}

/** Compiles a filter expression: like compileExpression, and it must be boolean. */
export function compileFilter(bytes: Buffer, options: CompileOptions = {}): CompiledExpression {
  const exp = compileExpression(bytes, options)
  if (exp.type !== RType.BOOL) throw new ExpBuildError(`filters must be boolean, found ${typeName(exp.type)}`)
  return exp
}
