/** Integer bit instructions: INT_AND/OR/XOR/NOT, shifts, INT_COUNT, INT_LSCAN, INT_RSCAN. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ExpBuilder, type OpBuilder } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { foldKnown } from './fold.js'
import { clz64, ctz64, popcount64, unsigned64, wrap64 } from './int64.js'
import { type ExpNode, RType, type RTypeId, type RtValue, UNKNOWN } from './types.js'

function bitFold(what: string, f: (x: bigint, y: bigint) => bigint): OpBuilder {
  return (b, argc) => {
    if (argc < 1) throw new ExpBuildError(`${what}: too few arguments`)
    const args: ExpNode[] = []
    for (let i = 0; i < argc; i++) args.push(b.nextOf(RType.INT, `${what} argument ${i + 1}`))
    return {
      type: RType.INT,
      eval(rt) {
        return foldKnown(args, rt, (acc, v) => wrap64(f(acc as bigint, v as bigint)))
      },
    }
  }
}

function fixed(
  what: string,
  argTypes: readonly RTypeId[],
  apply: (v: bigint, w: RtValue) => bigint,
): OpBuilder {
  return (b, argc) => {
    ExpBuilder.arity(what, argc, argTypes.length)
    const args = argTypes.map((t, i) => b.nextOf(t, `${what} argument ${i + 1}`))
    return {
      type: RType.INT,
      eval(rt) {
        const v = args[0]!.eval(rt)
        if (v === UNKNOWN) return UNKNOWN
        const w = args.length > 1 ? args[1]!.eval(rt) : null
        if (w === UNKNOWN) return UNKNOWN
        return apply(v as bigint, w)
      },
    }
  }
}

/** The CPU takes a 64-bit shift count modulo 64. */
const count = (shift: RtValue): bigint => unsigned64(shift as bigint) & 63n
const I = RType.INT

/** Builders of the integer bit instructions, by op code. */
export const INT_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.INT_AND]: bitFold('int_and', (x, y) => x & y),
  [ExpOp.INT_OR]: bitFold('int_or', (x, y) => x | y),
  [ExpOp.INT_XOR]: bitFold('int_xor', (x, y) => x ^ y),
  [ExpOp.INT_NOT]: fixed('int_not', [I], (v) => wrap64(~v)),
  [ExpOp.INT_LSHIFT]: fixed('int_lshift', [I, I], (v, s) => wrap64(v << count(s))),
  [ExpOp.INT_RSHIFT]: fixed('int_rshift', [I, I], (v, s) => wrap64(unsigned64(v) >> count(s))),
  [ExpOp.INT_ARSHIFT]: fixed('int_arshift', [I, I], (v, s) => v >> count(s)),
  [ExpOp.INT_COUNT]: fixed('int_count', [I], (v) => BigInt(popcount64(v))),
  // Scans give the bit position counted from the most significant bit, -1 when no bit matches.
  [ExpOp.INT_LSCAN]: fixed('int_lscan', [I, RType.BOOL], (v, search) => {
    const n = clz64(search === false ? ~v : v)
    return n === 64 ? -1n : BigInt(n)
  }),
  [ExpOp.INT_RSCAN]: fixed('int_rscan', [I, RType.BOOL], (v, search) =>
    BigInt(63 - ctz64(search === false ? ~v : v)),
  ),
}
