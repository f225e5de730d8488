/** Left fold over evaluated instruction arguments, shared by the n-ary arithmetic, min/max and integer bit instructions. */
import { type ExpNode, type RtValue, type Runtime, UNKNOWN } from './types.js'

/**
 * Evaluates `args` (at least one) left to right and folds them with
 * `combine`; the result is UNKNOWN as soon as one argument is (later
 * arguments are then not evaluated).
 */
export function foldKnown(
  args: readonly ExpNode[],
  rt: Runtime,
  combine: (acc: RtValue, v: RtValue) => RtValue,
): RtValue {
  let acc = args[0]!.eval(rt)
  if (acc === UNKNOWN) return UNKNOWN
  for (let i = 1; i < args.length; i++) {
    const v = args[i]!.eval(rt)
    if (v === UNKNOWN) return UNKNOWN
    acc = combine(acc, v)
  }
  return acc
}
