/** The CALL handlers the embedded server evaluates list/map, bit and HLL expressions with (one place to plug engines in). */
import { ExpCallSystem } from '../../protocol/exp-codes.js'
import { bitsExpCall } from '../bits/exp-call.js'
import { cdtCallHandler } from '../cdt/exp-engine.js'
import { hllExpCall } from '../hll/exp-call.js'
import type { ExpCallHandlers } from './types.js'

/**
 * Handlers by call system (ExpCallSystem.CDT, BITS, HLL). A system without a
 * handler makes expressions that use it fail with UNSUPPORTED_FEATURE (16).
 */
export const EXP_CALL_HANDLERS: ExpCallHandlers = Object.freeze({
  [ExpCallSystem.CDT]: cdtCallHandler,
  [ExpCallSystem.BITS]: bitsExpCall,
  [ExpCallSystem.HLL]: hllExpCall,
})
