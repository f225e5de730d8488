/** Comparison instructions: EQ..LE, CMP_REGEX, CMP_GEO. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { SBytes } from '../value.js'
import { ExpBuilder, type OpBuilder, typeName } from './builder.js'
import { compareValues } from './compare.js'
import { ExpBuildError } from './exp-error.js'
import { geoMatches } from './geo.js'
import { compilePosixRegex, PosixRegexError, posixRegexMatches } from './posix-regex.js'
import { GeoValue, RType, UNKNOWN } from './types.js'

const NOT_COMPARABLE: ReadonlySet<number> = new Set([RType.GEO, RType.HLL, RType.REMOVE])

function comparison(code: number): OpBuilder {
  return (b, argc) => {
    ExpBuilder.arity('compare', argc, 2)
    const left = b.next()
    const right = b.next()
    if (left.type !== right.type)
      throw new ExpBuildError(`compare: mismatched types ${typeName(left.type)} and ${typeName(right.type)}`)
    if (NOT_COMPARABLE.has(left.type))
      throw new ExpBuildError(`compare: cannot compare ${typeName(left.type)}`)
    return {
      type: RType.BOOL,
      eval(rt) {
        const a = left.eval(rt)
        if (a === UNKNOWN) return UNKNOWN
        const c = right.eval(rt)
        if (c === UNKNOWN) return UNKNOWN
        return compareValues(code, a, c)
      },
    }
  }
}

const cmpRegex: OpBuilder = (b, argc) => {
  ExpBuilder.arity('cmp_regex', argc, 3)
  const flags = Number(BigInt.asIntN(32, b.readInt('regex flags')))
  const pattern = b.readRawString('regex')
  const subject = b.nextOf(RType.STRING, 'cmp_regex')
  let regex: RegExp
  try {
    regex = compilePosixRegex(pattern, flags)
  } catch (e) {
    if (e instanceof PosixRegexError) throw new ExpBuildError(`regex compile: ${e.message}`)
    throw e
  }
  return {
    type: RType.BOOL,
    eval(rt) {
      const s = subject.eval(rt)
      if (!(s instanceof SBytes) || s.ptype !== ParticleType.STRING) return UNKNOWN
      return posixRegexMatches(regex, s.bytes)
    },
  }
}

const cmpGeo: OpBuilder = (b, argc) => {
  ExpBuilder.arity('cmp_geo', argc, 2)
  const left = b.nextOf(RType.GEO, 'cmp_geo')
  const right = b.nextOf(RType.GEO, 'cmp_geo')
  return {
    type: RType.BOOL,
    eval(rt) {
      const a = left.eval(rt)
      if (!(a instanceof GeoValue)) return UNKNOWN
      const c = right.eval(rt)
      if (!(c instanceof GeoValue) || a.shape === undefined || c.shape === undefined) return UNKNOWN
      return geoMatches(a.shape, c.shape)
    },
  }
}

/** Builders of the comparison instructions, by op code. */
export const COMPARE_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.EQ]: comparison(ExpOp.EQ),
  [ExpOp.NE]: comparison(ExpOp.NE),
  [ExpOp.GT]: comparison(ExpOp.GT),
  [ExpOp.GE]: comparison(ExpOp.GE),
  [ExpOp.LT]: comparison(ExpOp.LT),
  [ExpOp.LE]: comparison(ExpOp.LE),
  [ExpOp.CMP_REGEX]: cmpRegex,
  [ExpOp.CMP_GEO]: cmpGeo,
}
