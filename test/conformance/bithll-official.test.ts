// The official client (aerospike@6.7.1: its bitwise, hll and exp.bit/exp.hll
// builders) against the embedded server: every golden bit/HLL case gives what
// the same calls gave against Aerospike 8.1.2, and on ops the golden table
// does not cover, the official client and ours agree op by op.
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../src/index.js'
import { type BitHllCase, expCallCases, type GoldenStep, loadCases } from '../unit/bits/golden-bithll.js'
import { startWithBothClients, stopBoth } from './both-clients.js'
import type { ServerProcess } from './server-process.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Args = Record<string, Json>

const bitwise = Aerospike.bitwise
const hll = Aerospike.hll
const X = Aerospike.exp

let server: ServerProcess
let official: Aerospike.Client
let ours: aerospike.Client

beforeAll(async () => {
  ;({ server, official, ours } = await startWithBothClients())
})

afterAll(() => stopBoth({ server, official, ours }))

const bytes = (v: Json | undefined) => Buffer.from((v as { $blob: string }).$blob, 'hex')
const hlls = (v: Json | undefined) =>
  (v as Array<{ $hll: string }>).map((h) => new Aerospike.HyperLogLog(Buffer.from(h.$hll, 'hex')))
const num = (v: Json | undefined) => v as number
const flagsOf = (names: readonly string[], table: Record<string, number>) =>
  names.reduce((f, n) => f | table[n]!, 0)

/** An official op with the case's write flags applied. */
function withPolicy<T extends { withPolicy(p: never): unknown }>(
  op: T,
  step: GoldenStep,
  flags: Record<string, number>,
): unknown {
  return step.policy ? op.withPolicy({ writeFlags: flagsOf(step.policy.writeFlags, flags) } as never) : op
}

/** The official form of an exp tree node used by the bit/HLL cases. */
function officialExp(tree: Json): Aerospike.AerospikeExp {
  const [name, a] = tree as [string, Args]
  const sub = (k: string) => officialExp(a[k]!)
  switch (name) {
    case 'bit.lScan':
      return X.bit.lScan(sub('bin'), sub('value'), sub('bitSize'), sub('bitOffset'))
    case 'bit.rScan':
      return X.bit.rScan(sub('bin'), sub('value'), sub('bitSize'), sub('bitOffset'))
    case 'bit.count':
      return X.bit.count(sub('bin'), sub('bitSize'), sub('bitOffset'))
    case 'bit.get':
      return X.bit.get(sub('bin'), sub('bitSize'), sub('bitOffset'))
    case 'bit.getInt':
      return X.bit.getInt(sub('bin'), a.sign === true, sub('bitSize'), sub('bitOffset'))
    case 'hll.getCount':
      return X.hll.getCount(sub('bin'))
    case 'hll.mayContain':
      return X.hll.mayContain(sub('bin'), sub('list'))
    case 'int':
      return X.int(num(a as unknown as Json))
    case 'bool':
      return X.bool(a as unknown as boolean)
    case 'bytes':
      return X.bytes(bytes(a as unknown as Json), 2)
    case 'binBlob':
      return X.binBlob(a as unknown as string)
    case 'binHll':
      return X.binHll(a as unknown as string)
    case 'list':
      return X.list(a as unknown as Json[])
  }
  throw new Error(`no official builder for ${name}`)
}

const W = bitwise.writeFlags as unknown as Record<string, number>
const HW = hll.writeFlags as unknown as Record<string, number>
const R = bitwise.resizeFlags as unknown as Record<string, number>
const O = bitwise.overflow as unknown as Record<string, number>

const OFFICIAL: Record<string, (s: GoldenStep, a: Args) => unknown> = {
  'bitwise.resize': (s, a) =>
    withPolicy(bitwise.resize(s.bin, num(a.size), flagsOf((a.flags as string[]) ?? [], R)), s, W),
  'bitwise.insert': (s, a) => withPolicy(bitwise.insert(s.bin, num(a.byteOffset), bytes(a.value)), s, W),
  'bitwise.remove': (s, a) => withPolicy(bitwise.remove(s.bin, num(a.byteOffset), num(a.byteSize)), s, W),
  'bitwise.set': (s, a) =>
    withPolicy(
      bitwise.set(
        s.bin,
        num(a.bitOffset),
        num(a.bitSize),
        typeof a.value === 'number' ? a.value : bytes(a.value),
      ),
      s,
      W,
    ),
  'bitwise.or': (s, a) =>
    withPolicy(bitwise.or(s.bin, num(a.bitOffset), num(a.bitSize), bytes(a.value)), s, W),
  'bitwise.xor': (s, a) =>
    withPolicy(bitwise.xor(s.bin, num(a.bitOffset), num(a.bitSize), bytes(a.value)), s, W),
  'bitwise.and': (s, a) =>
    withPolicy(bitwise.and(s.bin, num(a.bitOffset), num(a.bitSize), bytes(a.value)), s, W),
  'bitwise.not': (s, a) => withPolicy(bitwise.not(s.bin, num(a.bitOffset), num(a.bitSize)), s, W),
  'bitwise.lshift': (s, a) =>
    withPolicy(bitwise.lshift(s.bin, num(a.bitOffset), num(a.bitSize), num(a.shift)), s, W),
  'bitwise.rshift': (s, a) =>
    withPolicy(bitwise.rshift(s.bin, num(a.bitOffset), num(a.bitSize), num(a.shift)), s, W),
  'bitwise.add': (s, a) =>
    withPolicy(
      bitwise
        .add(s.bin, num(a.bitOffset), num(a.bitSize), num(a.value), a.sign === true)
        .onOverflow(O[s.overflow ?? 'FAIL']!),
      s,
      W,
    ),
  'bitwise.subtract': (s, a) =>
    withPolicy(
      bitwise
        .subtract(s.bin, num(a.bitOffset), num(a.bitSize), num(a.value), a.sign === true)
        .onOverflow(O[s.overflow ?? 'FAIL']!),
      s,
      W,
    ),
  'bitwise.get': (s, a) => bitwise.get(s.bin, num(a.bitOffset), num(a.bitSize)),
  'bitwise.getInt': (s, a) => bitwise.getInt(s.bin, num(a.bitOffset), num(a.bitSize), a.sign === true),
  'bitwise.lscan': (s, a) => bitwise.lscan(s.bin, num(a.bitOffset), num(a.bitSize), a.value === true),
  'bitwise.rscan': (s, a) => bitwise.rscan(s.bin, num(a.bitOffset), num(a.bitSize), a.value === true),
  'hll.init': (s, a) => withPolicy(hll.init(s.bin, num(a.indexBits), (a.minhashBits as number) ?? -1), s, HW),
  'hll.add': (s, a) =>
    withPolicy(
      hll.add(s.bin, a.list as string[], (a.indexBits as number) ?? -1, (a.minhashBits as number) ?? -1),
      s,
      HW,
    ),
  'hll.getCount': (s) => hll.getCount(s.bin),
  'hll.describe': (s) => hll.describe(s.bin),
  'hll.refreshCount': (s) => hll.refreshCount(s.bin),
  'hll.getUnion': (s, a) => hll.getUnion(s.bin, hlls(a.list)),
  'hll.getUnionCount': (s, a) => hll.getUnionCount(s.bin, hlls(a.list)),
  'hll.getIntersectCount': (s, a) => hll.getIntersectCount(s.bin, hlls(a.list)),
  'hll.getSimilarity': (s, a) => hll.getSimilarity(s.bin, hlls(a.list)),
  'hll.setUnion': (s, a) => withPolicy(hll.setUnion(s.bin, hlls(a.list)), s, HW),
  'hll.fold': (s, a) => hll.fold(s.bin, num(a.indexBits)),
  'exp.operations.read': (s, a) => X.operations.read(s.bin, officialExp(a.exp!) as never, 0),
}

const officialOps = (steps: readonly GoldenStep[]) =>
  steps.map((s) => OFFICIAL[s.op]!(s, s.args ?? {})) as never

/** A value the official client returned, in the golden file's `nodeResult` form. */
function nodeForm(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'bigint') return { $int: v.toString() }
  if (Buffer.isBuffer(v)) return { $blob: v.toString('hex') }
  if (Array.isArray(v)) return v.map(nodeForm)
  throw new Error(`no golden form for ${String(v)}`)
}

/** Result bins in the `nodeResult` form. */
function binsForm(bins: Record<string, unknown>): Record<string, Json> {
  return Object.fromEntries(Object.entries(bins).map(([k, v]) => [k, nodeForm(v)]))
}

/** The bins the official client reads back, in the golden `after` form (HLLs are particle 18 on the wire). */
function afterForm(bins: Record<string, unknown>, c: BitHllCase): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(bins).map(([k, v]) => {
      const expected = c.after?.[k] as { $hll?: string } | undefined
      const form = nodeForm(v)
      return [k, expected?.$hll !== undefined && Buffer.isBuffer(v) ? { $hll: v.toString('hex') } : form]
    }),
  )
}

function initialBins(c: BitHllCase): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(c.initial).map(([k, v]) => [
      k,
      v !== null && typeof v === 'object' && '$blob' in v ? bytes(v) : v,
    ]),
  )
}

const cases = [...loadCases('bit'), ...loadCases('hll'), ...expCallCases()].filter((c) => c.group !== 'exp')

describe('golden bit/HLL cases run by the official client against the embedded server', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const key = new Aerospike.Key('test', 'cbithll', c.id)
    await official.remove(key).catch(() => undefined)
    await official.put(key, initialBins(c) as never)
    if (c.setup) await official.operate(key, officialOps(c.setup))
    const run = official.operate(key, officialOps(c.ops))
    if (c.error) await expect(run).rejects.toMatchObject({ code: c.error.code })
    else expect(binsForm((await run).bins)).toEqual((c as { nodeResult?: Json }).nodeResult)
    expect(afterForm((await official.get(key)).bins, c)).toEqual(c.after)
  })
})

/** A value either client returned, in one comparable form (HLL wrappers as their bytes). */
function common(v: unknown): Json {
  if (v instanceof aerospike.HLL) return { $blob: v.value.toString('hex') }
  if (typeof v === 'number' && !Number.isInteger(v)) return { $float: v }
  if (Array.isArray(v)) return v.map(common)
  return nodeForm(v)
}
const commonBins = (bins: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(bins).map(([k, v]) => [k, common(v)]))

const { bitOperations: B, hllOperations: H, exp: E } = aerospike
const blob = (hex: string) => Buffer.from(hex, 'hex')
const words = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + from}`)
const I = E.intVal

/** One scenario: an initial record, then the same ops built by each client. */
interface Scenario {
  readonly initial: Record<string, unknown>
  readonly theirs: () => unknown[]
  readonly ours: () => aerospike.Operation[]
}

const BW = bitwise.writeFlags
const HF = hll.writeFlags
const SCENARIOS: Record<string, Scenario> = {
  'bit PARTIAL and NO_FAIL': {
    initial: { b: blob('f00faa55') },
    theirs: () => [
      bitwise.set('b', 24, 16, blob('ffff')).withPolicy({ writeFlags: BW.PARTIAL }),
      bitwise.not('b', 40, 8).withPolicy({ writeFlags: BW.NO_FAIL }),
      bitwise.remove('b', 3, 4).withPolicy({ writeFlags: BW.PARTIAL }),
      bitwise.insert('b', -1, blob('ab')),
      bitwise.get('b', 0, 32),
    ],
    ours: () => [
      B.bitSet('b', 24, 16, blob('ffff'), aerospike.BIT_WRITE_PARTIAL),
      B.bitNot('b', 40, 8, aerospike.BIT_WRITE_NO_FAIL),
      B.bitRemove('b', 3, 4, aerospike.BIT_WRITE_PARTIAL),
      B.bitInsert('b', -1, blob('ab')),
      B.bitGet('b', 0, 32),
    ],
  },
  'bit resize from the front, shifts, counts and scans': {
    initial: { b: blob('0123456789abcdef') },
    theirs: () => [
      bitwise.resize('b', 10, bitwise.resizeFlags.FROM_FRONT | bitwise.resizeFlags.GROW_ONLY),
      bitwise.lshift('b', 20, 30, 7),
      bitwise.rshift('b', 3, 61, 13),
      bitwise.rscan('b', 6, 2, true),
      bitwise.getInt('b', 13, 64, true),
      bitwise.get('b', 5, 43),
    ],
    ours: () => [
      B.bitResize('b', 10, aerospike.BIT_RESIZE_FROM_FRONT | aerospike.BIT_RESIZE_GROW_ONLY),
      B.bitLshift('b', 20, 30, 7),
      B.bitRshift('b', 3, 61, 13),
      B.bitRscan('b', 6, 2, true),
      B.bitGetInt('b', 13, 64, true),
      B.bitGet('b', 5, 43),
    ],
  },
  'bit integer arithmetic': {
    initial: { b: blob('7f000000000000008000') },
    theirs: () => [
      bitwise.add('b', 0, 8, 5, true).onOverflow(bitwise.overflow.SATURATE),
      bitwise.subtract('b', 8, 64, 1, false).onOverflow(bitwise.overflow.WRAP),
      bitwise.set('b', 72, 8, 0x7e),
      bitwise.add('b', 64, 16, 0xffff, false).onOverflow(bitwise.overflow.SATURATE),
      bitwise.getInt('b', 8, 64, false),
      bitwise.get('b', 0, 80),
    ],
    ours: () => [
      B.bitAdd('b', 0, 8, 5, true, aerospike.BIT_OVERFLOW_SATURATE),
      B.bitSubtract('b', 8, 64, 1, false, aerospike.BIT_OVERFLOW_WRAP),
      B.bitSetInt('b', 72, 8, 0x7e),
      B.bitAdd('b', 64, 16, 0xffff, false, aerospike.BIT_OVERFLOW_SATURATE),
      B.bitGetInt('b', 8, 64, false),
      B.bitGet('b', 0, 80),
    ],
  },
  'HLL with min-hash bits: adds, counts, similarity, intersection': {
    initial: { x: 1 },
    theirs: () => [
      hll.add('h', words('a', 300), 10, 12),
      hll.add('g', words('a', 300, 150), 10, 12),
      hll.getCount('h'),
      hll.describe('g'),
    ],
    ours: () => [
      H.hllAdd('h', words('a', 300), 10, 12),
      H.hllAdd('g', words('a', 300, 150), 10, 12),
      H.hllGetCount('h'),
      H.hllDescribe('g'),
    ],
  },
  'HLL unions, folds and count caching': {
    initial: { x: 1 },
    theirs: () => [
      hll.add('h', words('u', 500), 12),
      hll.add('g', words('u', 500, 250), 8),
      hll.refreshCount('h'),
      hll.fold('h', 9),
      hll.getCount('h'),
    ],
    ours: () => [
      H.hllAdd('h', words('u', 500), 12),
      H.hllAdd('g', words('u', 500, 250), 8),
      H.hllRefreshCount('h'),
      H.hllFold('h', 9),
      H.hllGetCount('h'),
    ],
  },
}

/** Runs a scenario with one client on its own key; returns the answers (last per bin) and the record. */
async function runOfficial(name: string, s: Scenario) {
  const key = new Aerospike.Key('test', 'cbithll2', `theirs-${name}`)
  await official.remove(key).catch(() => undefined)
  await official.put(key, s.initial as never)
  const result = await official.operate(key, s.theirs() as never)
  return { answers: commonBins(result.bins), record: commonBins((await official.get(key)).bins) }
}

async function runOurs(name: string, s: Scenario) {
  const key: aerospike.KeyTuple = ['test', 'cbithll2', `ours-${name}`]
  await ours.remove(key).catch(() => undefined)
  await ours.put(key, s.initial as aerospike.Bins)
  // The official client keeps the last answer per bin; ours lists them all, in order.
  const { orderedBins } = await ours.operateOrdered(key, s.ours())
  const last = Object.fromEntries(orderedBins.filter(([, v]) => v !== null))
  return { answers: commonBins(last), record: commonBins((await ours.get(key)).bins) }
}

describe('the official client and ours agree on bit/HLL ops the golden table does not cover', () => {
  it.each(Object.entries(SCENARIOS))('%s', async (name, s) => {
    expect(await runOurs(name, s)).toEqual(await runOfficial(name, s))
  })

  it('HLL set operations across records: each client merges what the other wrote', async () => {
    const a = ['test', 'cbithll2', 'merge-a'] as aerospike.KeyTuple
    const b = new Aerospike.Key('test', 'cbithll2', 'merge-b')
    await ours.put(a, { x: 1 })
    await ours.operate(a, [H.hllAdd('h', words('m', 400), 11, 8)])
    await official.put(b, { x: 1 })
    await official.operate(b, [hll.add('h', words('m', 400, 200), 11, 8)] as never)
    const hA = (await ours.get(a)).bins.h as aerospike.HLL
    const hB = (await official.get(b)).bins.h as Buffer
    const theirs = await official.operate(b, [
      hll.getSimilarity('h', [new Aerospike.HyperLogLog(hA.value)]),
    ] as never)
    const mine = await ours.operate(a, [H.hllGetSimilarity('h', [hB])])
    expect(mine.bins.h).toBe(theirs.bins.h)
    expect(Math.abs((mine.bins.h as number) - 1 / 3)).toBeLessThan(0.1)
    const theirCount = await official.operate(b, [
      hll.getIntersectCount('h', [new Aerospike.HyperLogLog(hA.value)]),
    ] as never)
    const myCount = await ours.operate(a, [H.hllGetIntersectCount('h', [hB])])
    expect(myCount.bins.h).toBe(theirCount.bins.h)
    await ours.operate(a, [H.hllSetUnion('h', [hB], { flags: aerospike.HLL_WRITE_ALLOW_FOLD })])
    await official.operate(b, [
      hll.setUnion('h', [new Aerospike.HyperLogLog(hA.value)]).withPolicy({ writeFlags: HF.ALLOW_FOLD }),
    ] as never)
    expect(((await ours.get(a)).bins.h as aerospike.HLL).value).toEqual((await official.get(b)).bins.h)
  })

  it('expressions: exp.bit and exp.hll filters and reads agree', async () => {
    const t = new Aerospike.Key('test', 'cbithll2', 'exp-t')
    const o: aerospike.KeyTuple = ['test', 'cbithll2', 'exp-o']
    for (const put of [
      () => official.put(t, { b: blob('f00faa55') }),
      () => ours.put(o, { b: blob('f00faa55') }),
    ])
      await put()
    await official.operate(t, [hll.add('h', ['a', 'b', 'c'], 8)] as never)
    await ours.operate(o, [H.hllAdd('h', ['a', 'b', 'c'], 8)])
    const theirs = await official.operate(t, [
      X.operations.read('c', X.bit.count(X.binBlob('b'), X.int(32), X.int(0)), 0),
      X.operations.read('d', X.hll.describe(X.binHll('h')), 0),
      X.operations.read(
        'g',
        X.bit.get(X.bit.not(X.binBlob('b'), X.int(8), X.int(4)), X.int(16), X.int(0)),
        0,
      ),
    ] as never)
    const mine = await ours.operate(o, [
      E.operations.read('c', E.bit.count(I(0), I(32), E.blobBin('b'))),
      E.operations.read('d', E.hll.describe(E.hllBin('h'))),
      E.operations.read('g', E.bit.get(I(0), I(16), E.bit.not(undefined, I(4), I(8), E.blobBin('b')))),
    ])
    expect(commonBins(mine.bins)).toEqual(commonBins(theirs.bins))
    const filter = E.eq(E.hll.getCount(E.hllBin('h')), I(3))
    expect((await ours.get(o, { filterExpression: filter })).bins.b).toEqual(blob('f00faa55'))
    const theirFilter = X.eq(X.hll.getCount(X.binHll('h')), X.int(3))
    expect((await official.get(t, { filterExpression: theirFilter })).bins.b).toEqual(blob('f00faa55'))
  })
})
