/** The op table: operation code -> encoder, for every operation family. Adding a family is one import and one entry. */
import { BASIC_OPERATIONS } from './basic-operations.js'
import { invalidArg } from './errors.js'
import { EXP_OPERATIONS } from './exp/operations.js'
import type { OpEncoder, Operation, WireOp } from './operation.js'
import { BIT_OPERATIONS } from './ops/bit-encoder.js'
import { CDT_OPERATIONS } from './ops/cdt-encoder.js'
import { HLL_OPERATIONS } from './ops/hll-encoder.js'

/** Every operation code the client can encode. */
export const OPERATION_ENCODERS: ReadonlyMap<number, OpEncoder> = new Map<number, OpEncoder>([
  ...BASIC_OPERATIONS,
  ...CDT_OPERATIONS,
  ...EXP_OPERATIONS,
  ...BIT_OPERATIONS,
  ...HLL_OPERATIONS,
])

/** Encodes one user operation through the table; InvalidArgError for an unknown code or a malformed op. */
export function encodeOperation(o: Operation): WireOp {
  if (typeof o !== 'object' || o === null) throw invalidArg('an operation must be an object { op, bin, val }')
  const encoder = OPERATION_ENCODERS.get(o.op)
  if (encoder === undefined) throw invalidArg(`unknown operation code ${String(o.op)}`)
  return encoder(o)
}
