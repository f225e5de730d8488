/** Checks shared by reads, writes and deletes: set name and stored key against the request, and the filter expression. */
import { FieldType, Info2 } from '../../protocol/message.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { filterEvaluator } from '../exp/filter.js'
import type { Request } from '../msg/request.js'
import type { Namespace } from '../storage/namespace.js'
import type { StoredRecord } from '../storage/record.js'

/** The request's set name as a byte string ('' when absent or empty). */
export function requestSetName(req: Request): string {
  const f = req.fields[FieldType.SET]
  return f === undefined ? '' : f.toString('latin1')
}

/** Read/delete rule: a request naming a set must name the record's set (an absent or empty set field passes). */
export function setNameMatches(req: Request, r: StoredRecord): boolean {
  const name = requestSetName(req)
  return name === '' || name === r.setName
}

/** Update rule: the request's set (absent counts as none) must be exactly the record's set. */
export function setNameMatchesOnUpdate(req: Request, r: StoredRecord): boolean {
  return requestSetName(req) === r.setName
}

/** Whether a KEY field sent with the request agrees with the record's stored key (true when either is absent). */
export function keyMatches(req: Request, r: StoredRecord): boolean {
  const f = req.fields[FieldType.KEY]
  return f === undefined || r.key === undefined || f.equals(r.key)
}

/** 0 when the request has no filter expression or the record matches it, else the result code to answer. */
export function applyFilter(req: Request, ns: Namespace, r: StoredRecord): number {
  const exp = req.fields[FieldType.FILTER_EXP]
  return exp === undefined ? 0 : filterEvaluator(exp, ns, r)
}

/** Whether the request's generation condition (EQ or GT, if any) holds for a record of generation `gen` (0 = new). */
export function generationOk(req: Request, gen: number): boolean {
  if (req.info2 & Info2.GENERATION) return req.generation === gen
  if (req.info2 & Info2.GENERATION_GT) return req.generation > gen
  return true
}

const UNSUPPORTED_FEATURE = 16

/** The user key to store from the request's KEY field, or a result code (16) when it is unusable. */
export function keyToStore(req: Request): Buffer | undefined | number {
  const f = req.fields[FieldType.KEY]
  if (f === undefined) return undefined
  if (f.length === 0 || (f[0] === ParticleType.INTEGER && f.length !== 9)) return UNSUPPORTED_FEATURE
  return Buffer.from(f)
}
