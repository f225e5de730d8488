// exp.lists / exp.maps / path builders encode what the official client sent to Aerospike 8.1, and check their arguments.
import { describe, expect, it } from 'vitest'
import { InvalidArgError } from '../../../src/client/errors.js'
import { exp } from '../../../src/client/exp/index.js'
import * as ops from '../../../src/client/ops/index.js'
import { cdtCtx, cdtPayload } from '../../../src/client/ops/index.js'
import { type ExpCase, loadExpCases, wireToBytes } from '../exp/golden-exp.js'
import { treeToExpression } from './exp-trees.js'
import { buildOp } from './golden-ops.js'
import { loadGoldenCases, payloadFromGolden } from './golden-values.js'

const CDT_TREE = /"(lists|maps)\./

interface Sample {
  id: string
  tree: unknown
  wire: unknown
}

function samples(c: ExpCase): Sample[] {
  if (c.mode === 'filter')
    return c.wireFilter === undefined ? [] : [{ id: c.id, tree: c.filter, wire: c.wireFilter }]
  return (c.ops ?? []).map((op, i) => ({
    id: `${c.id}#${i}`,
    tree: op.args.exp,
    wire: (c.wireOps?.[i]?.payload as unknown[] | undefined)?.[0],
  }))
}

const cdtSamples = loadExpCases()
  .flatMap(samples)
  .filter((s) => CDT_TREE.test(JSON.stringify(s.tree)))

describe('list and map expressions against the bytes the official client sent', () => {
  it('covers the golden list/map expressions', () => {
    expect(cdtSamples.length).toBeGreaterThanOrEqual(21)
  })

  it.each(cdtSamples.map((s) => [s.id, s] as const))('%s encodes byte for byte', (_id, s) => {
    expect(treeToExpression(s.tree as never).bytes.toString('hex')).toBe(wireToBytes(s.wire).toString('hex'))
  })
})

describe('path ops against the bytes the official client sent', () => {
  const cases = loadGoldenCases().filter((c) => c.id.startsWith('ctx.path.'))
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const op = buildOp(c.ops[0]!)
    expect(cdtPayload(op).toString('hex')).toBe(payloadFromGolden(c.wireOps[0]!.payload).toString('hex'))
  })
})

describe('list/map expression arguments', () => {
  const l = exp.listBin('l')
  const m = exp.mapBin('m')

  it('types reads by their return type', () => {
    expect(exp.lists.getByValue(l, exp.intVal(1), ops.LIST_RETURN_COUNT).valueType).toBe(exp.EXP_TYPE_INT)
    expect(exp.lists.getByValue(l, exp.intVal(1), ops.LIST_RETURN_INDEX).valueType).toBe(exp.EXP_TYPE_LIST)
    expect(exp.lists.getByIndex(l, 0, exp.EXP_TYPE_INT, ops.LIST_RETURN_RANK).valueType).toBe(
      exp.EXP_TYPE_INT,
    )
    expect(exp.lists.getByIndex(l, 0, exp.EXP_TYPE_FLOAT, ops.LIST_RETURN_VALUE).valueType).toBe(
      exp.EXP_TYPE_FLOAT,
    )
    expect(exp.lists.getByValueRange(l, exp.nil(), exp.nil(), ops.LIST_RETURN_EXISTS).valueType).toBe(
      exp.EXP_TYPE_BOOL,
    )
    expect(exp.maps.getByKeyRange(m, exp.nil(), exp.nil(), ops.MAP_RETURN_KEY_VALUE).valueType).toBe(
      exp.EXP_TYPE_MAP,
    )
    expect(exp.maps.getByIndex(m, 0, exp.EXP_TYPE_STRING, ops.MAP_RETURN_KEY).valueType).toBe(
      exp.EXP_TYPE_STRING,
    )
    expect(exp.maps.getByRankRange(m, 0, ops.MAP_RETURN_KEY, 2).valueType).toBe(exp.EXP_TYPE_LIST)
  })

  it('refuses return types that give nothing or contradict the value type', () => {
    expect(() => exp.lists.getByValue(l, exp.intVal(1), ops.LIST_RETURN_NONE)).toThrow(InvalidArgError)
    expect(() => exp.lists.getByIndex(l, 0, exp.EXP_TYPE_STRING, ops.LIST_RETURN_COUNT)).toThrow(
      InvalidArgError,
    )
    expect(() => exp.lists.getByIndex(l, 0, 42, ops.LIST_RETURN_VALUE)).toThrow(InvalidArgError)
    expect(() => exp.lists.getByValue(l, exp.intVal(1), 6)).toThrow(InvalidArgError)
    expect(() => exp.maps.getByValue(m, exp.intVal(1), -1)).toThrow(InvalidArgError)
  })

  it('checks the bin, value and index arguments', () => {
    expect(() => exp.lists.size(m)).toThrow(InvalidArgError)
    expect(() => exp.maps.size(l)).toThrow(InvalidArgError)
    expect(() => exp.lists.size('l' as never)).toThrow(InvalidArgError)
    expect(() => exp.lists.getByIndex(l, exp.stringVal('x') as never, exp.EXP_TYPE_INT, 7)).toThrow(
      InvalidArgError,
    )
    expect(() => exp.lists.getByIndex(l, 1.5, exp.EXP_TYPE_INT, 7)).toThrow(InvalidArgError)
    expect(() => exp.lists.append(l, 1 as never)).toThrow(InvalidArgError)
    expect(() => exp.lists.appendItems(l, exp.intVal(1))).toThrow(InvalidArgError)
    expect(() => exp.maps.putItems(m, exp.listVal([]))).toThrow(InvalidArgError)
  })

  it('a context decides the bin type: a map step on a list expression is refused', () => {
    expect(exp.lists.size(m, [cdtCtx.mapKey('a')]).valueType).toBe(exp.EXP_TYPE_INT)
    expect(exp.lists.append(m, exp.intVal(1), undefined, [cdtCtx.mapKey('a')]).valueType).toBe(
      exp.EXP_TYPE_MAP,
    )
    expect(() => exp.lists.size(l, [cdtCtx.mapKey('a')])).toThrow(InvalidArgError)
  })

  it('modify expressions return the bin type and encode their policies', () => {
    const e = exp.lists.append(l, exp.intVal(1), {
      order: ops.LIST_ORDERED,
      flags: ops.LIST_WRITE_ADD_UNIQUE,
    })
    expect(e.valueType).toBe(exp.EXP_TYPE_LIST)
    // [127, 4, 0x40, [1, 1, 1, 1], [81, 4, "l"]]
    expect(e.bytes.toString('hex')).toBe('957f04409401010101935104a16c')
    const p = exp.maps.put(m, exp.stringVal('k'), exp.intVal(1), {
      order: ops.MAP_KEY_ORDERED,
      writeMode: ops.MAP_CREATE_ONLY,
    })
    // [127, 5, 0x40, [67, "k", 1, 1, 1], [81, 5, "m"]]
    expect(p.bytes.toString('hex')).toBe('957f05409543a2036b010101935105a16d')
    const inc = exp.maps.increment(m, exp.stringVal('k'), exp.intVal(1), { order: ops.MAP_KEY_ORDERED })
    expect(inc.bytes.toString('hex')).toBe('957f05409449a2036b0101935105a16d')
  })

  it('removes ask for nothing: the expression is the modified collection', () => {
    const e = exp.lists.removeByIndexRange(l, 1, 2)
    // [127, 4, 0x40, [37, 0, 1, 2], [81, 4, "l"]]
    expect(e.bytes.toString('hex')).toBe('957f04409425000102935104a16c')
  })
})

describe('path expressions', () => {
  it('loop variables and the remove result', () => {
    expect(exp.loopVarInt(exp.loopVarPart.VALUE).bytes.toString('hex')).toBe('937a0201')
    expect(exp.loopVarStr(exp.loopVarPart.KEY).bytes.toString('hex')).toBe('937a0300')
    expect(exp.removeResult().bytes.toString('hex')).toBe('9164')
    expect(() => exp.loopVarInt(3)).toThrow(InvalidArgError)
  })

  it('select and modify as expressions', () => {
    const sel = exp.selectByPath(exp.listBin('l'), exp.EXP_TYPE_LIST, ops.PATH_SELECT_VALUE, [
      cdtCtx.allChildren(),
    ])
    // [127, 4, 0, [0xfe, [4, true], 1], [81, 4, "l"]]
    expect(sel.bytes.toString('hex')).toBe('957f040093ccfe9204c301935104a16c')
    const mod = exp.modifyByPath(exp.listBin('l'), exp.EXP_TYPE_LIST, exp.removeResult(), 0, [
      cdtCtx.allChildren(),
    ])
    // [127, 4, 0x40, [0xfe, [4, true], 4, [100]], [81, 4, "l"]]
    expect(mod.bytes.toString('hex')).toBe('957f044094ccfe9204c3049164935104a16c')
    expect(() => exp.selectByPath(exp.intBin('i'), exp.EXP_TYPE_LIST, 1, [cdtCtx.allChildren()])).toThrow(
      InvalidArgError,
    )
    expect(() => exp.selectByPath(exp.listBin('l'), exp.EXP_TYPE_LIST, 1, [])).toThrow(InvalidArgError)
  })

  it('filter steps take boolean expressions', () => {
    const gt = exp.gt(exp.loopVarInt(exp.loopVarPart.VALUE), exp.intVal(2))
    expect(cdtCtx.allChildrenWithFilter(gt).type).toBe(4)
    expect(cdtCtx.andFilter(gt).type).toBe(0x204)
    expect(() => cdtCtx.allChildrenWithFilter(exp.intVal(1))).toThrow(InvalidArgError)
    expect(() => cdtCtx.andFilter(true as never)).toThrow(InvalidArgError)
  })
})
