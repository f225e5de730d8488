/** Evaluating compiled expressions against a record: filter verdicts and values for expression ops. */
import { ParseError } from '../../protocol/codec-errors.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { type Particle, sValueToParticle } from '../particle.js'
import { SBytes, SSpecial, type SValue } from '../value.js'
import type { CompiledExpression } from './compile.js'
import { parseGeoJson } from './geo.js'
import { type ExpBuiltins, type ExpRecordView, GeoValue, REMOVE, type RtValue, UNKNOWN } from './types.js'

/** Options of one evaluation. */
export interface EvalOptions {
  /** The current time in milliseconds since the Unix epoch (default Date.now()). */
  readonly nowMs?: number
  /** Values of the built-in variables, for expressions a CDT operation applies to elements. */
  readonly builtins?: ExpBuiltins
}

function builtinValue(v: SValue | bigint | undefined): RtValue {
  if (v === undefined) return UNKNOWN
  if (v instanceof SBytes && v.ptype === ParticleType.GEOJSON)
    return new GeoValue(v.bytes, parseGeoJson(v.bytes))
  return v as RtValue
}

/** Evaluates `exp` against `record`: the value, or UNKNOWN. */
export function evaluate(exp: CompiledExpression, record: ExpRecordView, options: EvalOptions = {}): RtValue {
  const b = options.builtins
  return exp.root.eval({
    record,
    nowMs: options.nowMs ?? Date.now(),
    vars: new Array<RtValue>(exp.varCount).fill(UNKNOWN),
    builtins: b ? [builtinValue(b.key), builtinValue(b.value), builtinValue(b.index)] : [],
  })
}

/** The verdict of a filter: true, false or 'unknown' (a command treats unknown as false: FILTERED_OUT). */
export function evaluateFilter(
  exp: CompiledExpression,
  record: ExpRecordView,
  options: EvalOptions = {},
): boolean | 'unknown' {
  const v = evaluate(exp, record, options)
  return v === true ? true : v === false ? false : 'unknown'
}

/** True only when the filter evaluates to true. */
export function filterMatches(
  exp: CompiledExpression,
  record: ExpRecordView,
  options: EvalOptions = {},
): boolean {
  return evaluate(exp, record, options) === true
}

/**
 * The value of `exp` as a bin particle (type NULL for nil), or undefined when
 * the expression is unknown or has no bin form: the server then fails the op (26).
 */
export function evaluateToParticle(
  exp: CompiledExpression,
  record: ExpRecordView,
  options: EvalOptions = {},
): Particle | undefined {
  const v = evaluate(exp, record, options)
  if (v === UNKNOWN || v === REMOVE || v instanceof SSpecial) return undefined
  if (v instanceof GeoValue) return sValueToParticle(new SBytes(ParticleType.GEOJSON, v.json))
  try {
    return sValueToParticle(v)
  } catch (e) {
    if (e instanceof ParseError) return undefined
    throw e
  }
}
