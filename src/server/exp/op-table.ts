/** Every instruction the evaluator understands, by op code (the server's op table). */
import type { OpBuilder } from './builder.js'
import { ARITH_OPS } from './ops-arith.js'
import { CALL_OPS } from './ops-call.js'
import { COLLECTION_OPS } from './ops-collection.js'
import { COMPARE_OPS } from './ops-compare.js'
import { CONTROL_OPS } from './ops-control.js'
import { INT_OPS } from './ops-int.js'
import { LOGIC_OPS } from './ops-logic.js'
import { RECORD_OPS } from './ops-record.js'

/** Instruction builders by op code; a code missing here is an invalid instruction (result 4). */
export const OP_TABLE: Readonly<Record<number, OpBuilder>> = Object.freeze({
  ...COMPARE_OPS,
  ...LOGIC_OPS,
  ...ARITH_OPS,
  ...INT_OPS,
  ...RECORD_OPS,
  ...COLLECTION_OPS,
  ...CONTROL_OPS,
  ...CALL_OPS,
})
