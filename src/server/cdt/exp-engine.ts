/**
 * The CDT evaluator plugged into the expression module, both ways: list/map
 * CALLs inside expressions run on applyCdtOp's engine, and path
 * select/apply compiles its filter and apply expressions with the
 * expression compiler.
 */
import { EXP_CALL_HANDLERS } from '../exp/call-handlers.js'
import { toSValue } from '../exp/compare.js'
import { compileExpression } from '../exp/compile.js'
import { evaluate } from '../exp/evaluate.js'
import { type ExpRecordView, REMOVE } from '../exp/types.js'
import type { SValue } from '../value.js'
import { CDT_REMOVE, type CdtBuiltins, type CdtExpEngine, cdtExpCall } from './index.js'

/**
 * What a path expression sees of the record: nothing. The server evaluates
 * path filters and apply expressions without a record, so bin reads are
 * unknown.
 */
const NO_RECORD: ExpRecordView = Object.freeze({
  bin: () => undefined,
  digest: Buffer.alloc(20),
  setName: '',
  key: undefined,
  voidTime: 0,
  lastUpdateMs: 0,
  size: 0,
})

/** Path select/apply's expression engine: the expression compiler, with every CALL handler. */
export const CDT_EXP_ENGINE: CdtExpEngine = Object.freeze({
  compile(bytes: Buffer) {
    const compiled = compileExpression(bytes, { calls: EXP_CALL_HANDLERS })
    return {
      eval(builtins: CdtBuiltins) {
        const v = evaluate(compiled, NO_RECORD, { builtins })
        return v === REMOVE ? CDT_REMOVE : toSValue(v)
      },
    }
  },
})

/**
 * The CALL handler of the CDT system (ExpCallSystem.CDT): a list/map op,
 * or a path select/apply, on the operand value.
 */
export function cdtCallHandler(payload: Buffer, operand: SValue, modify: boolean): SValue {
  return cdtExpCall(payload, operand, modify, { exp: CDT_EXP_ENGINE })
}
