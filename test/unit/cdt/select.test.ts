// Path select/apply (op 0xfe) beyond the golden table: return types, steps, AND filters, NO_FAIL, apply and failures.
import { describe, expect, it } from 'vitest'
import {
  applyCdtOp,
  CDT_REMOVE,
  type CdtBuiltins,
  CdtError,
  type CdtExpEngine,
  type CdtOptions,
  cdtExpCall,
} from '../../../src/server/cdt/index.js'
import { type Particle, particleToSValue, sValueToParticle } from '../../../src/server/particle.js'
import { encodeSValue, SBytes, SList, SSpecial, type SValue } from '../../../src/server/value.js'
import { fromGolden, toGolden } from './golden-values.js'

const list = (...items: SValue[]) => new SList(items)
const str = (s: string) => SBytes.str(s)
const op = (...parts: SValue[]) => encodeSValue(new SList(parts))
const select = (ctx: SValue[], flags: number, apply?: SValue) =>
  apply === undefined ? op(0xfen, list(...ctx), BigInt(flags)) : op(0xfen, list(...ctx), BigInt(flags), apply)

type Fn = (b: CdtBuiltins) => SValue | typeof CDT_REMOVE | undefined

/**
 * A stand-in for the expression module: an "expression" is a list whose
 * first item names a function of the element.
 */
function engine(fns: Record<string, Fn>): CdtExpEngine {
  return {
    compile(raw) {
      const v = toGolden(particleToSValue({ type: 20, data: raw })) as unknown[]
      const fn = fns[String(v[0])]
      return fn && { eval: fn }
    },
  }
}

const num = (v: SValue | undefined): number | undefined => (typeof v === 'bigint' ? Number(v) : undefined)
const ENGINE = engine({
  gt2: (b) => (num(b.value) === undefined ? undefined : num(b.value)! > 2),
  even: (b) => (num(b.value) === undefined ? undefined : num(b.value)! % 2 === 0),
  notQ: (b) => !(b.key instanceof SBytes && b.key.text() === 'q'),
  idx0: (b) => b.index === 0n,
  times10: (b) => (typeof b.value === 'bigint' ? b.value * 10n : undefined),
  plusIndex: (b) => (typeof b.value === 'bigint' && b.index !== undefined ? b.value + b.index : undefined),
  removeOdd: (b) => (typeof b.value === 'bigint' && b.value % 2n === 1n ? CDT_REMOVE : b.value),
  negate: (b) => (typeof b.value === 'bigint' ? -b.value : undefined),
  unknown: () => undefined,
  wildcard: () => SSpecial.WILDCARD,
  keyOf: (b) => b.key ?? null,
})
const exp = (name: string) => list(str(name))

function bin(golden: unknown): Particle {
  return sValueToParticle(fromGolden(golden))
}

function run(current: unknown, payload: Buffer, modify = false, options: CdtOptions = { exp: ENGINE }) {
  const out = applyCdtOp(bin(current), payload, modify, options)
  return {
    result: out.result && toGolden(particleToSValue(out.result)),
    updated: out.updated && toGolden(particleToSValue(out.updated)),
  }
}

function code(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    if (e instanceof CdtError) return e.resultCode
    throw e
  }
  return 0
}

const ALL = [4n, true]
const DOC = {
  $map: [
    ['a', { $map: [['b', [1, 2, 3]]] }],
    ['c', [{ $map: [['d', 1]] }, { $map: [['d', 2]] }]],
    ['e', 7],
  ],
}

describe('select return types', () => {
  it('TREE keeps every container on the way with only the matching elements', () => {
    expect(run([[1, 5], [3], 9], select([...ALL, 4n, exp('gt2')], 0)).result).toEqual([[5], [3], 9])
    // A map level keeps keys; scalars above the leaf level stay whole.
    expect(run(DOC, select([...ALL, ...ALL], 0)).result).toEqual({
      $map: [
        ['a', { $map: [['b', [1, 2, 3]]] }],
        ['c', [{ $map: [['d', 1]] }, { $map: [['d', 2]] }]],
        ['e', 7],
      ],
    })
  })

  it('the leaf types flatten what the last step reached', () => {
    expect(run(DOC, select([0x22n, str('c'), ...ALL, ...ALL], 1)).result).toEqual([1, 2])
    expect(run(DOC, select([0x22n, str('c'), ...ALL, ...ALL], 2)).result).toEqual(['d', 'd'])
    expect(run(DOC, select([0x22n, str('c'), ...ALL, ...ALL], 3)).result).toEqual(['d', 1, 'd', 2])
    // Scalars above the leaf level are not leaves.
    expect(run(DOC, select([...ALL, ...ALL], 1)).result).toEqual([
      [1, 2, 3],
      { $map: [['d', 1]] },
      { $map: [['d', 2]] },
    ])
  })

  it('an empty result is an empty list', () => {
    expect(run([1, 2], select([4n, exp('gt2')], 1)).result).toEqual([])
  })

  it('map keys asked of a list: INCOMPATIBLE_TYPE, or nothing with NO_FAIL', () => {
    expect(code(() => run([1, 2], select(ALL, 2)))).toBe(12)
    expect(code(() => run([1, 2], select(ALL, 3)))).toBe(12)
    expect(run([1, 2], select(ALL, 0x12)).result).toEqual([])
    // An empty unordered list is never looked at.
    expect(run([], select(ALL, 2)).result).toEqual([])
  })

  it('TREE of empty containers keeps their order flags', () => {
    expect(run({ $list: [], $listFlags: 1 }, select(ALL, 0)).result).toEqual({ $list: [], $listFlags: 1 })
    expect(run({ $map: [], $mapFlags: 1 }, select(ALL, 0)).result).toEqual({ $map: [], $mapFlags: 1 })
  })
})

describe('select steps', () => {
  it('index and rank pick one element (negative from the end, out of range: none)', () => {
    expect(run([5, 1, 3], select([0x10n, -1n], 1)).result).toEqual([3])
    expect(run([5, 1, 3], select([0n, 7n], 1)).result).toEqual([])
    expect(run([5, 1, 3], select([0x11n, 0n], 1)).result).toEqual([1])
    expect(run([5, 1, 3], select([1n, -1n], 1)).result).toEqual([5])
    expect(
      run(
        {
          $map: [
            ['a', 9],
            ['b', 1],
          ],
        },
        select([0x20n, 1n], 3),
      ).result,
    ).toEqual(['b', 1])
    expect(
      run(
        {
          $map: [
            ['a', 9],
            ['b', 1],
          ],
        },
        select([0x21n, 0n], 3),
      ).result,
    ).toEqual(['b', 1])
  })

  it('value matches every equal element; a map key matches one entry', () => {
    expect(run([1, 2, 1], select([0x13n, 1n], 1)).result).toEqual([1, 1])
    expect(
      run(
        {
          $map: [
            ['a', 1],
            ['b', 2],
            ['c', 1],
          ],
        },
        select([0x23n, 1n], 2),
      ).result,
    ).toEqual(['a', 'c'])
    expect(
      run(
        {
          $map: [
            ['a', 1],
            ['b', 2],
          ],
        },
        select([0x22n, str('b')], 1),
      ).result,
    ).toEqual([2])
  })

  it('a key list matches the keys it holds', () => {
    const m = {
      $map: [
        ['p', 1],
        ['q', 2],
        ['r', 3],
      ],
    }
    expect(run(m, select([0x2an, list(str('r'), str('zz'), str('p'))], 2)).result).toEqual(['p', 'r'])
    expect(code(() => run(m, select([0x2an, str('p')], 2)))).toBe(4)
    const unordered = new SList([str('r'), str('p')], 1)
    expect(code(() => run(m, select([0x2an, unordered], 2)))).toBe(4)
  })

  it('steps that do not apply to a list are unknown: PARAMETER, or no match with NO_FAIL', () => {
    expect(code(() => run([1, 2], select([2n, 1n], 1)))).toBe(4)
    expect(run([1, 2], select([2n, 1n], 0x11)).result).toEqual([])
  })

  it('a step typed for the other container kind answers PARAMETER', () => {
    expect(code(() => run([1, 2], select([0x20n, 0n], 1)))).toBe(4)
    expect(code(() => run({ $map: [['a', 1]] }, select([0x10n, 0n], 1)))).toBe(4)
  })

  it('filters see the index and value of list elements, the key and value of map entries', () => {
    expect(run([4, 5, 6], select([4n, exp('idx0')], 1)).result).toEqual([4])
    expect(
      run(
        {
          $map: [
            ['p', 1],
            ['q', 2],
          ],
        },
        select([4n, exp('notQ')], 2),
      ).result,
    ).toEqual(['p'])
  })

  it('an AND filter narrows the step before it', () => {
    const and = 0x204n
    expect(run([1, 2, 3, 4], select([0x13n, 4n, and, exp('even')], 1)).result).toEqual([4])
    expect(run([1, 3, 4, 6], select([4n, exp('gt2'), 0x13n, 1n], 1)).result).toEqual([])
    expect(
      run(
        [
          [1, 4, 6],
          [3, 8],
        ],
        select([...ALL, 0x13n, 4n, and, exp('even')], 1),
      ).result,
    ).toEqual([4])
    // AND first, twice, on a filter step, or of another type: PARAMETER.
    expect(code(() => run([1], select([and, exp('even'), ...ALL], 1)))).toBe(4)
    expect(code(() => run([1], select([0x13n, 1n, and, exp('even'), and, exp('even')], 1)))).toBe(4)
    expect(code(() => run([1], select([4n, exp('gt2'), and, exp('even')], 1)))).toBe(4)
    expect(code(() => run([1], select([0x13n, 1n, 0x203n, 1n], 1)))).toBe(4)
  })
})

describe('apply', () => {
  it('rewrites every leaf and returns nothing', () => {
    expect(run([1, 5, 3], select(ALL, 4, exp('times10')), true)).toEqual({
      result: undefined,
      updated: [10, 50, 30],
    })
    expect(run([[1, 2], [3]], select([...ALL, ...ALL], 4, exp('plusIndex')), true).updated).toEqual([
      [1, 3],
      [3],
    ])
  })

  it('removes the leaves the expression removes', () => {
    expect(run([1, 2, 3, 4], select(ALL, 4, exp('removeOdd')), true).updated).toEqual([2, 4])
    expect(
      run(
        {
          $map: [
            ['a', 1],
            ['b', 2],
          ],
        },
        select(ALL, 4, exp('removeOdd')),
        true,
      ).updated,
    ).toEqual({
      $map: [['b', 2]],
    })
  })

  it('keeps an ordered list in order', () => {
    const ordered = { $list: [1, 2, 3], $listFlags: 1 }
    expect(run(ordered, select(ALL, 4, exp('negate')), true).updated).toEqual({
      $list: [-3, -2, -1],
      $listFlags: 1,
    })
    expect(run([ordered], select([...ALL, ...ALL], 4, exp('negate')), true).updated).toEqual([
      { $list: [-3, -2, -1], $listFlags: 1 },
    ])
  })

  it('an unknown result fails with 1, or keeps the element with NO_FAIL; a non-storable one answers 12', () => {
    expect(code(() => run([1], select(ALL, 4, exp('unknown')), true))).toBe(1)
    expect(run([1, 2], select(ALL, 0x14, exp('unknown')), true).updated).toEqual([1, 2])
    expect(code(() => run([1], select(ALL, 4, exp('wildcard')), true))).toBe(12)
  })

  it('is refused in a read op, without its expression, or with one too many arguments', () => {
    expect(code(() => run([1], select(ALL, 4, exp('times10')), false))).toBe(4)
    expect(code(() => run([1], select(ALL, 4), true))).toBe(4)
    expect(code(() => run([1], select(ALL, 1, exp('times10')), false))).toBe(4)
    expect(code(() => run([1], select(ALL, 4, true), true))).toBe(4)
  })

  it('a select type in a modify op returns its result and leaves the bin alone', () => {
    expect(run([1, 5], select([4n, exp('gt2')], 1), true)).toEqual({ result: [5], updated: undefined })
  })
})

describe('select failures', () => {
  it('answers PARAMETER for malformed contexts, flags and expressions', () => {
    expect(code(() => run([1], op(0xfen, list(), 1n)))).toBe(4)
    expect(code(() => run([1], op(0xfen, list(4n), 1n)))).toBe(4)
    expect(code(() => run([1], op(0xfen, 4n, 1n)))).toBe(4)
    expect(code(() => run([1], op(0xfen, list(...Array.from({ length: 65 }, () => ALL).flat()), 1n)))).toBe(4)
    expect(code(() => run([1], select([-1n, 0n], 1)))).toBe(4)
    expect(code(() => run([1], select([5n, 0n], 1)))).toBe(4)
    expect(code(() => run([1], select([0n, str('x')], 1)))).toBe(4)
    expect(code(() => run([1], select([4n, 3n], 1)))).toBe(4)
    expect(code(() => run([1], select([4n, exp('nope')], 1)))).toBe(4)
    expect(code(() => run([1], select(ALL, 5)))).toBe(4)
    expect(code(() => run([1], op(0xfen, list(...ALL))))).toBe(4)
    expect(code(() => run([1], op(0xfen, list(...ALL), str('x'))))).toBe(4)
  })

  it('needs the expression module for steps with an expression', () => {
    expect(code(() => run([1], select([4n, exp('gt2')], 1), false, {}))).toBe(4)
    expect(run([1], select(ALL, 1), false, {}).result).toEqual([1])
  })

  it('a filter that is unknown answers PARAMETER, or no match with NO_FAIL', () => {
    expect(code(() => run(['x'], select([4n, exp('gt2')], 1)))).toBe(4)
    expect(run(['x', 5], select([4n, exp('gt2')], 0x11)).result).toEqual([5])
  })

  it('answers INCOMPATIBLE_TYPE on a bin that is not a list or map, and on a missing bin in a modify op', () => {
    expect(code(() => applyCdtOp(sValueToParticle(1n), select(ALL, 1), false))).toBe(12)
    expect(code(() => applyCdtOp(undefined, select(ALL, 4, exp('times10')), true, { exp: ENGINE }))).toBe(12)
    expect(applyCdtOp(undefined, select(ALL, 1), false)).toEqual({})
  })
})

describe('expression calls (cdtExpCall)', () => {
  it('returns a read op result, nil when it returns nothing', () => {
    expect(cdtExpCall(op(16n), list(1n, 2n), false)).toBe(2n)
    expect(cdtExpCall(op(16n), null, false)).toBe(null)
  })

  it('returns the modified value of a modify op, the operand when nothing changed', () => {
    expect(toGolden(cdtExpCall(op(1n, 3n), list(1n), true))).toEqual([1, 3])
    expect(toGolden(cdtExpCall(op(1n, 3n), null, true))).toEqual([3])
    const l = list(1n)
    expect(toGolden(cdtExpCall(op(35n, 0n, 9n), l, true))).toEqual([1])
  })

  it('puts a literal operand in stored form first', () => {
    const unsorted = fromGolden({
      $map: [
        ['b', 1],
        ['a', 2],
      ],
    })
    expect(toGolden(cdtExpCall(op(98n, 6n, 0n), unsorted, false))).toBe('a')
  })

  it('fails on an operand that is not a list or map, and on op failures', () => {
    expect(code(() => cdtExpCall(op(16n), 5n, false))).toBe(12)
    expect(code(() => cdtExpCall(op(16n), list(), true))).toBe(4)
  })

  it('runs path select with the engine it is given', () => {
    expect(toGolden(cdtExpCall(select([4n, exp('gt2')], 1), list(1n, 3n), false, { exp: ENGINE }))).toEqual([
      3,
    ])
    expect(
      toGolden(
        cdtExpCall(select(ALL, 4, exp('keyOf')), fromGolden({ $map: [['a', 1]] }), true, { exp: ENGINE }),
      ),
    ).toEqual({
      $map: [['a', 'a']],
    })
  })
})
