/** The batch calls: batchRead, batchWrite, batchOperate and batchRemove validate their input, build rows and run them. */
import { OpType } from '../../protocol/index.js'
import { binOp } from '../basic-operations.js'
import type { Cluster } from '../cluster/cluster.js'
import { binsToOps } from '../commands/operate.js'
import { udfFields } from '../commands/udf-fields.js'
import { invalidArg } from '../errors.js'
import { type Key, type KeyInput, toKey } from '../key.js'
import { type Operation, OpFlag } from '../operation.js'
import { encodeOperation } from '../operation-table.js'
import { validatePolicy } from '../policies.js'
import { executeBatch } from './batch-executor.js'
import { checkRecordMeta, checkRecordPolicy, type ResolvedBatchPolicy } from './batch-policy.js'
import type { BatchRecord, BatchRecords, BatchRemoveEntry, BatchWriteEntry } from './batch-record.js'
import {
  applySpec,
  type BatchApplyPolicy,
  operateSpec,
  type RowSpec,
  readSpec,
  removeSpec,
} from './batch-row.js'

function checkArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalidArg(`${what} must be an array`)
  return value
}

/** Runs rows (`keys[i]` with `specs[i]`) and returns one BatchRecord per row, keyed by `inputs[i]`. */
async function run<K>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  inputs: readonly K[],
  keys: readonly Key[],
  specs: readonly RowSpec[],
): Promise<BatchRecords<K>> {
  const records = new Array<BatchRecord<K>>(keys.length)
  if (keys.length === 0) return { batchRecords: records }
  await executeBatch(cluster, policy, {
    rows: { keys, specs },
    inputs,
    records: records as BatchRecord<unknown>[],
    waiting: new Int32Array(keys.length),
  })
  return { batchRecords: records }
}

/**
 * batchRead: every bin (`bins` undefined), the named bins, or the header only
 * (`bins` empty: an exists check) of each key.
 */
export function batchRead<K extends KeyInput>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  keys: readonly K[],
  bins: readonly string[] | undefined | null,
): Promise<BatchRecords<K>> {
  checkArray(keys, 'batchRead keys')
  let spec: RowSpec
  if (bins === undefined || bins === null) spec = readSpec(policy, 'all')
  else if (checkArray(bins, 'batchRead bins').length === 0) spec = readSpec(policy, 'header')
  else
    spec = readSpec(
      policy,
      bins.map((b) => binOp(OpType.READ, b, OpFlag.READ, 'batchRead')),
    )
  const routed = keys.map(toKey)
  return run(cluster, policy, keys, routed, new Array<RowSpec>(keys.length).fill(spec))
}

/**
 * batchWrite: per entry, `[key, bins, meta?]` writes the bins (null removes a
 * bin); `{ key, ops, meta?, policy? }` runs its own operations.
 */
export function batchWrite<K extends KeyInput>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  records: readonly BatchWriteEntry<K>[],
): Promise<BatchRecords<K>> {
  checkArray(records, 'batchWrite records')
  const n = records.length
  const inputs = new Array<K>(n)
  const keys = new Array<Key>(n)
  const specs = new Array<RowSpec>(n)
  for (let i = 0; i < n; i++) {
    const entry = records[i] as unknown
    if (Array.isArray(entry)) {
      if (entry.length < 2 || entry.length > 3)
        throw invalidArg(`batchWrite record ${i} must be [key, bins] or [key, bins, meta]`)
      const key = toKey(entry[0] as KeyInput)
      const meta = checkRecordMeta(entry[2], 'write', key)
      inputs[i] = entry[0] as K
      keys[i] = key
      specs[i] = operateSpec(policy, binsToOps(entry[1], key), key, { meta })
    } else if (typeof entry === 'object' && entry !== null && 'key' in entry && 'ops' in entry) {
      const e = entry as { key: K; ops: unknown; meta?: unknown; policy?: unknown }
      const key = toKey(e.key)
      const operations = checkArray(e.ops, `batchWrite record ${i} ops`)
      if (operations.length === 0)
        throw invalidArg(`batchWrite record ${i} needs at least one operation`, key)
      const ops = (operations as Operation[]).map(encodeOperation)
      inputs[i] = e.key
      keys[i] = key
      specs[i] = operateSpec(policy, ops, key, {
        meta: checkRecordMeta(e.meta, 'write', key),
        policy: checkRecordPolicy(e.policy, key),
      })
    } else {
      throw invalidArg(`batchWrite record ${i} must be [key, bins, meta?] or { key, ops, meta?, policy? }`)
    }
  }
  return run(cluster, policy, inputs, keys, specs)
}

/** batchOperate: the same operations (reads and writes) on every key. */
export function batchOperate<K extends KeyInput>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  keys: readonly K[],
  operations: readonly Operation[],
): Promise<BatchRecords<K>> {
  checkArray(keys, 'batchOperate keys')
  if (checkArray(operations, 'batchOperate ops').length === 0)
    throw invalidArg('batchOperate needs at least one operation')
  const ops = operations.map(encodeOperation)
  const routed = keys.map(toKey)
  const specs = new Array<RowSpec>(keys.length)
  if (routed.length > 0) specs.fill(operateSpec(policy, ops, routed[0]!))
  return run(cluster, policy, keys, routed, specs)
}

/** batchRemove: deletes each key; an entry `[key, meta]` adds that record's generation check or write settings. */
export function batchRemove<K extends KeyInput>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  entries: readonly BatchRemoveEntry<K>[],
): Promise<BatchRecords<K>> {
  checkArray(entries, 'batchRemove keys')
  const n = entries.length
  const inputs = new Array<K>(n)
  const keys = new Array<Key>(n)
  const specs = new Array<RowSpec>(n)
  let shared: RowSpec | undefined
  for (let i = 0; i < n; i++) {
    const entry = entries[i] as unknown
    // [key, meta]: a two-element array whose second element is an object (key tuples have 3 or 4 parts).
    if (Array.isArray(entry) && entry.length === 2) {
      const key = toKey(entry[0] as KeyInput)
      inputs[i] = entry[0] as K
      keys[i] = key
      specs[i] = removeSpec(policy, key, { meta: checkRecordMeta(entry[1], 'remove', key) })
    } else {
      const key = toKey(entry as KeyInput)
      inputs[i] = entry as K
      keys[i] = key
      shared ??= removeSpec(policy, key)
      specs[i] = shared
    }
  }
  return run(cluster, policy, inputs, keys, specs)
}

const APPLY_POLICY_FIELDS = new Set(['key', 'ttl', 'commitLevel', 'durableDelete', 'filterExpression'])

/**
 * batchApply: runs `fn` of `module` with `args` on every key. Each row's
 * record holds `{ SUCCESS: value }`, or `{ FAILURE: message }` with result
 * AEROSPIKE_ERR_UDF (100).
 */
export function batchApply<K extends KeyInput>(
  cluster: Cluster,
  policy: ResolvedBatchPolicy,
  keys: readonly K[],
  module: unknown,
  fn: unknown,
  args: unknown,
  applyPolicy: BatchApplyPolicy | undefined,
): Promise<BatchRecords<K>> {
  checkArray(keys, 'batchApply keys')
  if (applyPolicy !== undefined && applyPolicy !== null) {
    if (typeof applyPolicy !== 'object' || Array.isArray(applyPolicy))
      throw invalidArg('batch apply policy must be an object')
    for (const name of Object.keys(applyPolicy))
      if (!APPLY_POLICY_FIELDS.has(name))
        throw invalidArg(`batch apply policy has an unknown field '${name}'`)
    validatePolicy('write', applyPolicy, 'batch apply policy')
  }
  const udf = udfFields(module, fn, args)
  const routed = keys.map(toKey)
  const specs = new Array<RowSpec>(keys.length)
  if (routed.length > 0) specs.fill(applySpec(policy, udf, routed[0]!, applyPolicy ?? undefined))
  return run(cluster, policy, keys, routed, specs)
}
