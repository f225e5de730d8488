/** The checks a write makes on its flags and ops before touching the record (the server's write policies). */
import { Info1, Info2, Info3, MAX_OPS, OpType } from '../../protocol/message.js'
import { ParticleType } from '../../protocol/particle-type.js'
import type { Request } from '../msg/request.js'

const PARAMETER = 4
const BIN_NAME = 21

/** What an op type means for the policy checks. */
interface OpTraits {
  /** A read op: the request must set info1 READ. */
  readonly read?: boolean
  /** The op may add a reply op (cannot mix with a read-all op). */
  readonly replies?: boolean
  /** The op cannot be combined with a replace existence policy. */
  readonly noReplace?: boolean
}

const OP_TRAITS: Readonly<Record<number, OpTraits>> = {
  [OpType.READ]: { read: true, replies: true },
  [OpType.INCR]: { noReplace: true },
  [OpType.APPEND]: { noReplace: true },
  [OpType.PREPEND]: { noReplace: true },
  [OpType.DELETE]: { noReplace: true },
  [OpType.BIT_MODIFY]: { noReplace: true },
  [OpType.BIT_READ]: { read: true, replies: true },
  [OpType.HLL_MODIFY]: { noReplace: true, replies: true },
  [OpType.HLL_READ]: { read: true, replies: true },
  [OpType.CDT_MODIFY]: { noReplace: true, replies: true },
  [OpType.CDT_READ]: { read: true, replies: true },
  [OpType.EXP_READ]: { read: true, replies: true },
}

/** The outcome of the policy checks: the flags the write runs with, or a result code. */
export type WritePolicy = { mustNotCreate: boolean; isReplace: boolean } | number

/** Whether a bin name is acceptable: under 16 bytes, no NUL byte. */
export function isValidBinName(name: string): boolean {
  return name.length < 16 && !name.includes('\0')
}

/** Checks a write's flags and ops as the server does before looking up the record. */
export function checkWritePolicy(req: Request): WritePolicy {
  const ops = req.ops
  if (ops.length === 0 || ops.length > MAX_OPS) return PARAMETER
  const getAll = (req.info1 & Info1.GET_ALL) !== 0
  const respondAllOps = (req.info2 & Info2.RESPOND_ALL_OPS) !== 0
  let mustNotCreate = (req.info3 & (Info3.UPDATE_ONLY | Info3.REPLACE_ONLY)) !== 0
  const isReplace = (req.info3 & (Info3.CREATE_OR_REPLACE | Info3.REPLACE_ONLY)) !== 0
  let hasRead = false
  let hasReadAll = false
  let replies = false
  for (const op of ops) {
    if (op.op === OpType.TOUCH) {
      if (isReplace) return PARAMETER
      mustNotCreate = true
      continue
    }
    if (!isValidBinName(op.name)) return BIN_NAME
    if (op.op === OpType.WRITE) {
      if (op.particleType === ParticleType.NULL && isReplace) return PARAMETER
      continue
    }
    if (op.op === OpType.READ && op.name === '' && getAll) {
      if (respondAllOps || hasReadAll) return PARAMETER
      hasRead = true
      hasReadAll = true
      continue
    }
    const traits = OP_TRAITS[op.op]
    if (traits === undefined) continue
    if (traits.noReplace && isReplace) return PARAMETER
    if (traits.read) hasRead = true
    if (traits.replies) replies = true
  }
  if (hasRead && (req.info1 & Info1.READ) === 0) return PARAMETER
  if (hasReadAll && replies) return PARAMETER
  if (getAll && !hasReadAll) return PARAMETER
  return { mustNotCreate, isReplace }
}
