import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../src/index.js'
import { Aerospike, E, type Official, P, type Pair } from '../unit/exp/exp-pairs.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

// List and map expressions, built by the official client (aerospike@6.7.1)
// and by our `exp.lists` / `exp.maps`, run against the embedded server: both
// clients must get the expected answer, which the CDT evaluator computes.

const { exp, cdtCtx } = aerospike
const X = Aerospike.exp
const LR = Aerospike.lists.returnType
const MR = Aerospike.maps.returnType
const { v, bin, eq } = E

const SET = 'cdtexpconf'
const tags = bin.list('tags')
const nums = bin.list('nums')
const m = bin.map('m')
const doc = bin.map('doc')

const T = {
  str: exp.EXP_TYPE_STRING,
  int: exp.EXP_TYPE_INT,
}

/** Filters over the fixture record and whether it passes them. */
const FILTERS: Array<[string, () => Pair, boolean]> = [
  ['lists.size', () => eq(P(exp.lists.size(tags.ours), X.lists.size(tags.theirs)), v.int(2)), true],
  [
    'lists.getByIndex',
    () =>
      eq(
        P(
          exp.lists.getByIndex(tags.ours, 1, T.str, aerospike.LIST_RETURN_VALUE),
          X.lists.getByIndex(tags.theirs, X.int(1), X.type.STR, LR.VALUE),
        ),
        v.str('b'),
      ),
    true,
  ],
  [
    'lists.getByValueRange count',
    () =>
      eq(
        P(
          exp.lists.getByValueRange(nums.ours, exp.intVal(2), exp.intVal(10), aerospike.LIST_RETURN_COUNT),
          X.lists.getByValueRange(nums.theirs, X.int(2), X.int(10), LR.COUNT),
        ),
        v.int(2),
      ),
    true,
  ],
  [
    'lists.getByRank largest',
    () =>
      eq(
        P(
          exp.lists.getByRank(nums.ours, -1, T.int, aerospike.LIST_RETURN_VALUE),
          X.lists.getByRank(nums.theirs, X.int(-1), X.type.INT, LR.VALUE),
        ),
        v.int(20),
      ),
    true,
  ],
  [
    'maps.getByKey',
    () =>
      eq(
        P(
          exp.maps.getByKey(m.ours, exp.stringVal('k'), T.int, aerospike.MAP_RETURN_VALUE),
          X.maps.getByKey(m.theirs, X.str('k'), X.type.INT, MR.VALUE),
        ),
        v.int(1),
      ),
    true,
  ],
  [
    'maps.getByKey through a context',
    () => {
      const theirCtx = new Aerospike.cdt.Context().addMapKey('o')
      return eq(
        P(
          exp.maps.getByKey(doc.ours, exp.stringVal('k'), T.int, aerospike.MAP_RETURN_VALUE, [
            cdtCtx.mapKey('o'),
          ]),
          X.maps.getByKey(doc.theirs, X.str('k'), X.type.INT, MR.VALUE, theirCtx),
        ),
        v.int(7),
      )
    },
    true,
  ],
  [
    'maps.size after a local put',
    () =>
      eq(
        P(
          exp.maps.size(exp.maps.put(m.ours, exp.stringVal('z'), exp.intVal(0))),
          X.maps.size(X.maps.put(m.theirs, X.int(0), X.str('z'))),
        ),
        v.int(2),
      ),
    true,
  ],
  [
    'lists.size of a missing bin',
    () => eq(P(exp.lists.size(exp.listBin('none')), X.lists.size(X.binList('none'))), v.int(0)),
    false,
  ],
]

/** Expression reads and their values. */
const VALUES: Array<[string, () => Pair, unknown]> = [
  [
    'lists.getByValue rank',
    () =>
      P(
        exp.lists.getByValue(tags.ours, exp.stringVal('b'), aerospike.LIST_RETURN_RANK),
        X.lists.getByValue(tags.theirs, X.str('b'), LR.RANK),
      ),
    [1],
  ],
  [
    'lists.append (local)',
    () => P(exp.lists.append(tags.ours, exp.stringVal('c')), X.lists.append(tags.theirs, X.str('c'))),
    ['a', 'b', 'c'],
  ],
  [
    'lists.removeByValueRange (local)',
    () =>
      P(
        exp.lists.removeByValueRange(nums.ours, exp.intVal(2), exp.intVal(10)),
        X.lists.removeByValueRange(nums.theirs, X.int(10), X.int(2)),
      ),
    [1, 20],
  ],
  [
    'maps.getByRankRange keys',
    () =>
      P(
        exp.maps.getByRankRange(doc.ours, 0, aerospike.MAP_RETURN_KEY),
        X.maps.getByRankRangeToEnd(doc.theirs, X.int(0), MR.KEY),
      ),
    ['o'],
  ],
  [
    'selectByPath values',
    () =>
      P(
        exp.selectByPath(nums.ours, exp.EXP_TYPE_LIST, aerospike.PATH_SELECT_VALUE, [
          cdtCtx.allChildrenWithFilter(exp.gt(exp.loopVarInt(exp.loopVarPart.VALUE), exp.intVal(4))),
        ]),
        X.selectByPath(
          nums.theirs,
          X.type.LIST,
          X.pathSelectFlags.VALUE,
          new Aerospike.cdt.Context().addAllChildrenWithFilter(
            X.gt(X.loopVarInt(X.loopVarPart.VALUE), X.int(4)),
          ),
        ),
      ),
    [5, 20],
  ],
  [
    'modifyByPath (local)',
    () =>
      P(
        exp.modifyByPath(
          nums.ours,
          exp.EXP_TYPE_LIST,
          exp.numMul(exp.loopVarInt(exp.loopVarPart.VALUE), exp.intVal(2)),
          0,
          [cdtCtx.allChildren()],
        ),
        X.modifyByPath(
          nums.theirs,
          X.type.LIST,
          X.mul(X.loopVarInt(X.loopVarPart.VALUE), X.int(2)),
          0,
          new Aerospike.cdt.Context().addAllChildren(),
        ),
      ),
    [10, 2, 40, 6],
  ],
]

let server: ServerProcess
let client: Official
let ours: aerospike.Client
const officialKey = new Aerospike.Key('test', SET, 'c1')

beforeAll(async () => {
  server = await startServerProcess()
  client = await Aerospike.connect({ hosts: `127.0.0.1:${server.port}`, log: { level: Aerospike.log.OFF } })
  ours = await aerospike.client({ hosts: [['127.0.0.1', server.port]] }).connect()
  await client.put(officialKey, { tags: ['a', 'b'], nums: [5, 1, 20, 3], m: { k: 1 }, doc: { o: { k: 7 } } })
})

afterAll(async () => {
  await ours?.close()
  await client?.close()
  await server?.stop()
})

async function officialPasses(pair: Pair): Promise<boolean> {
  try {
    await client.get(officialKey, { filterExpression: pair.theirs })
    return true
  } catch (e) {
    if ((e as { code?: number }).code === 27) return false
    throw e
  }
}

async function ourClientPasses(pair: Pair): Promise<boolean> {
  try {
    await ours.get(['test', SET, 'c1'], { filterExpression: pair.ours })
    return true
  } catch (e) {
    if (e instanceof aerospike.FilteredOut) return false
    throw e
  }
}

describe('list/map filters: the official client and our client agree with the expected answer', () => {
  it.each(FILTERS)('%s', async (_name, build, passes) => {
    const pair = build()
    expect(await officialPasses(pair)).toBe(passes)
    expect(await ourClientPasses(pair)).toBe(passes)
  })
})

describe('list/map expression reads: both clients get the same value', () => {
  it.each(VALUES)('%s', async (_name, build, expected) => {
    const pair = build()
    const record = await client.operate(officialKey, [Aerospike.exp.operations.read('v', pair.theirs, 0)])
    expect(record.bins.v).toEqual(expected)
    const mine = await ours.operate(['test', SET, 'c1'], [aerospike.exp.operations.read('v', pair.ours)])
    expect(mine.bins.v).toEqual(expected)
  })
})
