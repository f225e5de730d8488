/** Test helper: the golden bit/HLL cases' op descriptions (official Node client calls) as our builders. */

import type { Expression } from '../../../src/client/exp/expression.js'
import { exp } from '../../../src/client/exp/index.js'
import type { Operation } from '../../../src/client/operation.js'
import * as bit from '../../../src/client/ops/bit-operations.js'
import * as hll from '../../../src/client/ops/hll-operations.js'
import { type AerospikeValue, HLL } from '../../../src/protocol/values.js'
import { goldenValue, treeToExpression } from '../exp/golden-exp.js'
import type { GoldenStep } from './golden-bithll.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Step = GoldenStep
type Args = Record<string, Json>

const WRITE_FLAGS: Record<string, number> = {
  CREATE_ONLY: 1,
  UPDATE_ONLY: 2,
  NO_FAIL: 4,
  PARTIAL: 8,
  ALLOW_FOLD: 8,
}
const RESIZE_FLAGS: Record<string, number> = { FROM_FRONT: 1, GROW_ONLY: 2, SHRINK_ONLY: 4 }
const OVERFLOW: Record<string, number> = { FAIL: 0, SATURATE: 2, WRAP: 4 }

function flagsOf(names: Json | undefined, table: Record<string, number>): number {
  return ((names as string[] | undefined) ?? []).reduce((f, n) => f | table[n]!, 0)
}
const bytes = (v: Json) => Buffer.from((v as { $blob: string }).$blob, 'hex')
const hlls = (v: Json) => (v as Array<{ $hll: string }>).map((h) => new HLL(Buffer.from(h.$hll, 'hex')))
const n = (v: Json | undefined) => v as number
const opt = (v: Json | undefined) => (v === undefined ? undefined : (v as number))
const bitPolicy = (s: Step) => (s.policy ? flagsOf(s.policy.writeFlags, WRITE_FLAGS) : undefined)
const hllPolicy = (s: Step) => (s.policy ? { flags: flagsOf(s.policy.writeFlags, WRITE_FLAGS) } : undefined)

/** Our form of an exp tree node `["bit.x" | "hll.x", {named args}]`; other nodes go to the exp helper. */
function expNode(tree: Json): Expression {
  const [name, a] = tree as [string, Args]
  const e = (k: string) => expNode(a[k]!)
  switch (name) {
    case 'bit.lScan':
      return exp.bit.lscan(e('bitOffset'), e('bitSize'), e('value'), e('bin'))
    case 'bit.rScan':
      return exp.bit.rscan(e('bitOffset'), e('bitSize'), e('value'), e('bin'))
    case 'bit.count':
      return exp.bit.count(e('bitOffset'), e('bitSize'), e('bin'))
    case 'bit.get':
      return exp.bit.get(e('bitOffset'), e('bitSize'), e('bin'))
    case 'bit.getInt':
      return exp.bit.getInt(e('bitOffset'), e('bitSize'), a.sign === true, e('bin'))
    case 'hll.getCount':
      return exp.hll.getCount(e('bin'))
    case 'hll.mayContain':
      return exp.hll.mayContain(e('list'), e('bin'))
    default:
      return treeToExpression(tree)
  }
}

const BUILDERS: Record<string, (s: Step, a: Args) => Operation> = {
  'bitwise.resize': (s, a) => bit.bitResize(s.bin, n(a.size), flagsOf(a.flags, RESIZE_FLAGS), bitPolicy(s)),
  'bitwise.insert': (s, a) => bit.bitInsert(s.bin, n(a.byteOffset), bytes(a.value!), bitPolicy(s)),
  'bitwise.remove': (s, a) => bit.bitRemove(s.bin, n(a.byteOffset), n(a.byteSize), bitPolicy(s)),
  'bitwise.set': (s, a) =>
    typeof a.value === 'number'
      ? bit.bitSetInt(s.bin, n(a.bitOffset), n(a.bitSize), a.value, bitPolicy(s))
      : bit.bitSet(s.bin, n(a.bitOffset), n(a.bitSize), bytes(a.value!), bitPolicy(s)),
  'bitwise.or': (s, a) => bit.bitOr(s.bin, n(a.bitOffset), n(a.bitSize), bytes(a.value!), bitPolicy(s)),
  'bitwise.xor': (s, a) => bit.bitXor(s.bin, n(a.bitOffset), n(a.bitSize), bytes(a.value!), bitPolicy(s)),
  'bitwise.and': (s, a) => bit.bitAnd(s.bin, n(a.bitOffset), n(a.bitSize), bytes(a.value!), bitPolicy(s)),
  'bitwise.not': (s, a) => bit.bitNot(s.bin, n(a.bitOffset), n(a.bitSize), bitPolicy(s)),
  'bitwise.lshift': (s, a) => bit.bitLshift(s.bin, n(a.bitOffset), n(a.bitSize), n(a.shift), bitPolicy(s)),
  'bitwise.rshift': (s, a) => bit.bitRshift(s.bin, n(a.bitOffset), n(a.bitSize), n(a.shift), bitPolicy(s)),
  'bitwise.add': (s, a) =>
    bit.bitAdd(
      s.bin,
      n(a.bitOffset),
      n(a.bitSize),
      n(a.value),
      a.sign === true,
      OVERFLOW[s.overflow ?? 'FAIL'],
      bitPolicy(s),
    ),
  'bitwise.subtract': (s, a) =>
    bit.bitSubtract(
      s.bin,
      n(a.bitOffset),
      n(a.bitSize),
      n(a.value),
      a.sign === true,
      OVERFLOW[s.overflow ?? 'FAIL'],
      bitPolicy(s),
    ),
  'bitwise.get': (s, a) => bit.bitGet(s.bin, n(a.bitOffset), n(a.bitSize)),
  'bitwise.getInt': (s, a) => bit.bitGetInt(s.bin, n(a.bitOffset), n(a.bitSize), a.sign === true),
  // aerospike@6.7.1's lscan sends RSCAN: the capture shows RSCAN's wire form and answers.
  'bitwise.lscan': (s, a) => bit.bitRscan(s.bin, n(a.bitOffset), n(a.bitSize), a.value === true),
  'bitwise.rscan': (s, a) => bit.bitRscan(s.bin, n(a.bitOffset), n(a.bitSize), a.value === true),
  'hll.init': (s, a) => hll.hllInit(s.bin, n(a.indexBits), opt(a.minhashBits), hllPolicy(s)),
  'hll.add': (s, a) =>
    hll.hllAdd(
      s.bin,
      goldenValue(a.list) as AerospikeValue[],
      opt(a.indexBits),
      opt(a.minhashBits),
      hllPolicy(s),
    ),
  'hll.getCount': (s) => hll.hllGetCount(s.bin),
  'hll.describe': (s) => hll.hllDescribe(s.bin),
  'hll.refreshCount': (s) => hll.hllRefreshCount(s.bin),
  'hll.getUnion': (s, a) => hll.hllGetUnion(s.bin, hlls(a.list!)),
  'hll.getUnionCount': (s, a) => hll.hllGetUnionCount(s.bin, hlls(a.list!)),
  'hll.getIntersectCount': (s, a) => hll.hllGetIntersectCount(s.bin, hlls(a.list!)),
  'hll.getSimilarity': (s, a) => hll.hllGetSimilarity(s.bin, hlls(a.list!)),
  'hll.setUnion': (s, a) => hll.hllSetUnion(s.bin, hlls(a.list!), hllPolicy(s)),
  'hll.fold': (s, a) => hll.hllFold(s.bin, n(a.indexBits)),
  'exp.operations.read': (s, a) => exp.operations.read(s.bin, expNode(a.exp!)),
}

/** One golden op (or setup op) as our builders make it. */
export function ourOperation(step: Step): Operation {
  const build = BUILDERS[step.op]
  if (build === undefined) throw new Error(`no builder for ${step.op}`)
  return build(step, step.args ?? {})
}
