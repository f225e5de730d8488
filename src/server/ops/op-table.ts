/** Op type -> handler, for the write path (operate with writes) and the read path (reads only). */
import { OpType } from '../../protocol/message.js'
import { bitModifyOp, bitReadOp } from '../bits/op-handlers.js'
import { cdtModifyOp, cdtReadOp } from '../cdt/op-handlers.js'
import { expModifyOp, expReadOp } from '../exp/op-handlers.js'
import { hllModifyOp, hllReadOp } from '../hll/op-handlers.js'
import { deleteAllOp, modifyOp, readOp, touchOp, writeOp } from './basic-ops.js'
import type { OpHandler } from './op-context.js'

/** Every op a write may carry. An op type missing here fails the command with PARAMETER (4). */
export const WRITE_PATH_OPS: Readonly<Record<number, OpHandler>> = {
  [OpType.READ]: readOp,
  [OpType.WRITE]: writeOp,
  [OpType.INCR]: modifyOp,
  [OpType.APPEND]: modifyOp,
  [OpType.PREPEND]: modifyOp,
  [OpType.TOUCH]: touchOp,
  [OpType.DELETE]: deleteAllOp,
  [OpType.CDT_READ]: cdtReadOp,
  [OpType.CDT_MODIFY]: cdtModifyOp,
  [OpType.EXP_READ]: expReadOp,
  [OpType.EXP_MODIFY]: expModifyOp,
  [OpType.BIT_READ]: bitReadOp,
  [OpType.BIT_MODIFY]: bitModifyOp,
  [OpType.HLL_READ]: hllReadOp,
  [OpType.HLL_MODIFY]: hllModifyOp,
}

/** The ops a plain read may carry: the read-type ops only. */
export const READ_PATH_OPS: Readonly<Record<number, OpHandler>> = {
  [OpType.READ]: readOp,
  [OpType.CDT_READ]: WRITE_PATH_OPS[OpType.CDT_READ]!,
  [OpType.EXP_READ]: WRITE_PATH_OPS[OpType.EXP_READ]!,
  [OpType.BIT_READ]: WRITE_PATH_OPS[OpType.BIT_READ]!,
  [OpType.HLL_READ]: WRITE_PATH_OPS[OpType.HLL_READ]!,
}
