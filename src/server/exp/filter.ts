/** Field 43 on the server: compiles a filter expression (cached by its bytes) and applies it to a record. */
import { ResultCode } from '../../protocol/result-codes.js'
import type { FilterEvaluator } from '../handler-types.js'
import { EXP_CALL_HANDLERS } from './call-handlers.js'
import { type CompiledExpression, compileFilter } from './compile.js'
import { filterMatches } from './evaluate.js'
import { ExpBuildError } from './exp-error.js'
import { storedRecordView } from './record-views.js'

/** How many distinct filters stay compiled. */
const CACHE_SIZE = 256

const cache = new Map<string, CompiledExpression | ExpBuildError>()

/** The compiled filter for `bytes`, or the build error the server answers with. */
export function compiledFilter(bytes: Buffer): CompiledExpression | ExpBuildError {
  const k = bytes.toString('latin1')
  let entry = cache.get(k)
  if (entry !== undefined) {
    // Refresh its place: the least recently used entry is the first one.
    cache.delete(k)
  } else {
    try {
      entry = compileFilter(bytes, { calls: EXP_CALL_HANDLERS })
    } catch (e) {
      if (!(e instanceof ExpBuildError)) throw e
      entry = e
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
  }
  cache.set(k, entry)
  return entry
}

/** 0 when the record matches the filter, 27 when it does not (false or unknown), 4/16 when it does not build. */
export const filterEvaluator: FilterEvaluator = (bytes, _ns, record) => {
  const exp = compiledFilter(bytes)
  if (exp instanceof ExpBuildError) return exp.resultCode
  return filterMatches(exp, storedRecordView(record)) ? ResultCode.OK : ResultCode.FILTERED_OUT
}
