/** Truncate: removes a set's (or a namespace's) records last updated before a point in time, through the truncate info commands. */
import type { Cluster } from '../cluster/cluster.js'
import { invalidArg } from '../errors.js'
import { type InfoPolicy, resolvePolicy } from '../policies.js'
import { checkName, infoCommand } from './sindex.js'

/**
 * Truncates a set (or the whole namespace when `set` is null or ''): records
 * last updated before `nanos` (nanoseconds since the Unix epoch; 0 = now)
 * are removed. A bigint keeps every nanosecond; a number is rounded.
 */
export async function truncate(
  cluster: Cluster,
  namespace: string,
  set: string | null | undefined,
  nanos: number | bigint,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  const ns = checkName(namespace, 'truncate namespace', 31)
  const setName =
    set === undefined || set === null || set === '' ? undefined : checkName(set, 'truncate set', 63)
  let lut: bigint
  if (typeof nanos === 'bigint') lut = nanos
  else if (typeof nanos === 'number' && Number.isFinite(nanos)) lut = BigInt(Math.round(nanos))
  else throw invalidArg('truncate nanos must be a number or a bigint (nanoseconds since the Unix epoch)')
  if (lut < 0n) throw invalidArg('truncate nanos must not be negative')
  const p = resolvePolicy('info', defaults, policy)
  let text =
    setName === undefined ? `truncate-namespace:namespace=${ns}` : `truncate:namespace=${ns};set=${setName}`
  if (lut > 0n) text += `;lut=${lut}`
  await infoCommand(cluster.randomNode(), text, p.timeout)
}
