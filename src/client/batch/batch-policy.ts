/** The resolved batch policy, and validation of the per-record meta and policy batch entries may carry. */
import { TTL_CLIENT_DEFAULT } from '../constants.js'
import { invalidArg } from '../errors.js'
import type { Key } from '../key.js'
import { type BatchPolicy, type FilterExpression, validatePolicy } from '../policies.js'
import type { RowOverrides } from './batch-row.js'

/** A batch policy with every field set (what batch calls run with). */
export type ResolvedBatchPolicy = Required<Omit<BatchPolicy, 'filterExpression'>> & {
  filterExpression: FilterExpression | null
}

type Check = (v: unknown) => boolean

const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const oneOf =
  (...values: number[]): Check =>
  (v) =>
    typeof v === 'number' && values.includes(v)
const bool: Check = (v) => typeof v === 'boolean'

/** Meta fields each batch call accepts per record, with their checks and what they must be. */
const WRITE_META: Readonly<Record<string, readonly [Check, string]>> = {
  gen: [int(0, 0xffff), 'a generation (0..65535)'],
  ttl: [int(TTL_CLIENT_DEFAULT, 0xffff_ffff), 'seconds or a TTL_* constant'],
  key: [oneOf(0, 1), 'POLICY_KEY_DIGEST or POLICY_KEY_SEND'],
  exists: [oneOf(0, 1, 2, 3, 4), 'a POLICY_EXISTS_* constant'],
  commitLevel: [oneOf(0, 1), 'a POLICY_COMMIT_LEVEL_* constant'],
  durableDelete: [bool, 'a boolean'],
}
const REMOVE_META: Readonly<Record<string, readonly [Check, string]>> = {
  gen: WRITE_META.gen!,
  key: WRITE_META.key!,
  commitLevel: WRITE_META.commitLevel!,
  durableDelete: WRITE_META.durableDelete!,
}

/** Fields a batchWrite entry's own policy accepts. */
const RECORD_POLICY_FIELDS = new Set([
  'exists',
  'gen',
  'key',
  'commitLevel',
  'durableDelete',
  'ttl',
  'filterExpression',
])

/** Validates a batchWrite (`write`) or batchRemove (`remove`) entry's meta; InvalidArgError when wrong. */
export function checkRecordMeta(meta: unknown, kind: 'write' | 'remove', key: Key): RowOverrides['meta'] {
  if (meta === undefined || meta === null) return undefined
  if (typeof meta !== 'object' || Array.isArray(meta))
    throw invalidArg('batch record meta must be an object', key)
  const fields = kind === 'write' ? WRITE_META : REMOVE_META
  for (const [name, value] of Object.entries(meta)) {
    if (value === undefined) continue
    const field = fields[name]
    if (field === undefined)
      throw invalidArg(
        `batch record meta has an unknown field '${name}' (expected ${Object.keys(fields).join(', ')})`,
        key,
      )
    if (!field[0](value)) throw invalidArg(`batch record meta.${name} must be ${field[1]}`, key)
  }
  return meta as RowOverrides['meta']
}

/** Validates a batchWrite entry's policy (write fields and a filter expression); InvalidArgError when wrong. */
export function checkRecordPolicy(policy: unknown, key: Key): RowOverrides['policy'] {
  if (policy === undefined || policy === null) return undefined
  if (typeof policy !== 'object' || Array.isArray(policy))
    throw invalidArg('batch record policy must be an object', key)
  for (const name of Object.keys(policy)) {
    if (!RECORD_POLICY_FIELDS.has(name))
      throw invalidArg(`batch record policy has an unknown field '${name}'`, key)
  }
  validatePolicy('write', policy, 'batch record policy')
  return policy as RowOverrides['policy']
}
