/** Secondary-index management over info commands: create (waiting until the index is usable) and remove. */
import { parseInfoFailure, ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import type { Node } from '../cluster/node.js'
import { errorFromResultCode, invalidArg } from '../errors.js'
import type { InfoPolicy } from '../policies.js'
import {
  INDEX_BLOB,
  INDEX_GEO2DSPHERE,
  INDEX_NUMERIC,
  INDEX_STRING,
  INDEX_TYPE_DEFAULT,
  INDEX_TYPE_LIST,
  INDEX_TYPE_MAPKEYS,
  INDEX_TYPE_MAPVALUES,
} from '../query/query-constants.js'
import { infoOnNode } from './info.js'

/** Policy of index creation and removal. */
export interface IndexPolicy extends InfoPolicy {
  /** Wait until the index is built on every node before resolving (index creation). Default true. */
  wait?: boolean
}

/** A secondary index to create. */
export interface IndexOptions {
  namespace: string
  /** The set whose records are indexed; omitted, null or '' = records of every set. */
  set?: string | null
  bin: string
  /** The index name (unique in the namespace). */
  name: string
  /** INDEX_NUMERIC, INDEX_STRING, INDEX_BLOB or INDEX_GEO2DSPHERE. */
  type: number
  /** INDEX_TYPE_DEFAULT (the default), INDEX_TYPE_LIST, INDEX_TYPE_MAPKEYS or INDEX_TYPE_MAPVALUES. */
  collectionType?: number
}

/** The `type=` value of each index value type. */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  [INDEX_NUMERIC]: 'NUMERIC',
  [INDEX_STRING]: 'STRING',
  [INDEX_BLOB]: 'BLOB',
  [INDEX_GEO2DSPHERE]: 'GEO2DSPHERE',
}

/** The `indextype=` value of each collection type (the default is not sent). */
const COLLECTION_NAMES: Readonly<Record<number, string>> = {
  [INDEX_TYPE_LIST]: 'LIST',
  [INDEX_TYPE_MAPKEYS]: 'MAPKEYS',
  [INDEX_TYPE_MAPVALUES]: 'MAPVALUES',
}

/** Longest index name the server keeps (bytes). */
const MAX_INDEX_NAME = 63
/** First wait between two looks at an index being built, and the longest, ms. */
const FIRST_POLL_MS = 10
const MAX_POLL_MS = 500
/** Consecutive looks that may miss a just-created index (metadata still spreading) before giving up. */
const MAX_MISSES = 50

/** Checks a name that goes into an info command: a non-empty string of at most `max` bytes without `;:=` or newlines. */
export function checkName(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value === '') throw invalidArg(`${what} must be a non-empty string`)
  if (Buffer.byteLength(value) > max) throw invalidArg(`${what} '${value}' is longer than ${max} bytes`)
  if (/[;:=\n\t]/.test(value))
    throw invalidArg(`${what} '${value}' must not contain ';', ':', '=' or newlines`)
  return value
}

/** Validates an index policy: InfoPolicy fields plus `wait`. */
function checkPolicy(policy: unknown, defaults: Required<InfoPolicy>): { timeout: number; wait: boolean } {
  if (policy === undefined || policy === null) return { timeout: defaults.timeout, wait: true }
  if (typeof policy !== 'object' || Array.isArray(policy)) throw invalidArg('index policy must be an object')
  const out = { timeout: defaults.timeout, wait: true }
  for (const [name, value] of Object.entries(policy)) {
    if (value === undefined) continue
    if (name === 'wait') {
      if (typeof value !== 'boolean') throw invalidArg("index policy field 'wait' must be a boolean")
      out.wait = value
    } else if (name === 'timeout') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0x7fff_ffff)
        throw invalidArg("index policy field 'timeout' must be an integer from 0 to 2147483647")
      out.timeout = value
    } else {
      throw invalidArg(`index policy has an unknown field '${name}'`)
    }
  }
  return out
}

/** Sends one info command to `node`; resolves to its value, or throws the error an `ERROR:` answer stands for. */
export async function infoCommand(node: Node, text: string, timeout: number): Promise<string> {
  const value = await infoOnNode(node, text, timeout)
  const failure = parseInfoFailure(value)
  if (failure !== undefined)
    throw errorFromResultCode(failure.code, {
      node: node.name,
      address: node.address,
      detail: failure.message,
    })
  return value
}

/** `load_pct` of an index on one node: 0..100, or undefined while the node does not know the index yet. */
async function loadPercent(
  node: Node,
  ns: string,
  name: string,
  timeout: number,
): Promise<number | undefined> {
  const value = await infoOnNode(node, `sindex-stat:namespace=${ns};indexname=${name}`, timeout)
  const failure = parseInfoFailure(value)
  if (failure?.code === ResultCode.INDEX_NOT_FOUND) return undefined
  if (failure !== undefined)
    throw errorFromResultCode(failure.code, {
      node: node.name,
      address: node.address,
      detail: failure.message,
    })
  const m = /(?:^|;)load_pct=(\d+)/.exec(value)
  return m === null ? 100 : Number(m[1])
}

/** Resolves once every node reports the index fully built. */
async function waitUntilBuilt(cluster: Cluster, ns: string, name: string, timeout: number): Promise<void> {
  let delay = FIRST_POLL_MS
  let misses = 0
  for (;;) {
    const nodes = cluster.state.nodes.filter((n) => n.active)
    const loads = await Promise.all(nodes.map((n) => loadPercent(n, ns, name, timeout)))
    if (loads.every((l) => l === 100)) return
    if (loads.some((l) => l === undefined)) {
      if (++misses > MAX_MISSES)
        throw errorFromResultCode(ResultCode.INDEX_NOT_FOUND, {
          detail: `index '${name}' of namespace '${ns}' disappeared while it was being built`,
        })
    } else {
      misses = 0
    }
    await cluster.sleep(delay)
    if (cluster.closed)
      throw errorFromResultCode(ResultCode.CLIENT_ERROR, { detail: 'the client was closed' })
    delay = Math.min(delay * 2, MAX_POLL_MS)
  }
}

/**
 * Creates a secondary index (`sindex-create`) and, unless `wait` is false,
 * waits until every node has built it. An identical index already there is
 * success (as the server answers); the name taken by a different definition
 * is IndexFoundError.
 */
export async function createIndex(
  cluster: Cluster,
  options: IndexOptions,
  policy: IndexPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  if (typeof options !== 'object' || options === null) throw invalidArg('index options must be an object')
  const ns = checkName(options.namespace, 'index namespace', 31)
  const set =
    options.set === undefined || options.set === null || options.set === ''
      ? undefined
      : checkName(options.set, 'index set', 63)
  const bin = checkName(options.bin, 'index bin', 15)
  const name = checkName(options.name, 'index name', MAX_INDEX_NAME)
  const type = TYPE_NAMES[options.type]
  if (type === undefined)
    throw invalidArg('index type must be one of the INDEX_NUMERIC/STRING/BLOB/GEO2DSPHERE constants')
  const collection = options.collectionType ?? INDEX_TYPE_DEFAULT
  if (collection !== INDEX_TYPE_DEFAULT && COLLECTION_NAMES[collection] === undefined)
    throw invalidArg('index collection type must be one of the INDEX_TYPE_* constants')
  const p = checkPolicy(policy, defaults)
  let text = `sindex-create:namespace=${ns}`
  if (set !== undefined) text += `;set=${set}`
  text += `;indexname=${name}`
  if (collection !== INDEX_TYPE_DEFAULT) text += `;indextype=${COLLECTION_NAMES[collection]}`
  text += `;bin=${bin};type=${type}`
  await infoCommand(cluster.randomNode(), text, p.timeout)
  if (p.wait) await waitUntilBuilt(cluster, ns, name, p.timeout)
}

/** Drops a secondary index (`sindex-delete`). An index that does not exist is success, as in server 8.1. */
export async function removeIndex(
  cluster: Cluster,
  namespace: string,
  name: string,
  policy: IndexPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  const ns = checkName(namespace, 'index namespace', 31)
  const index = checkName(name, 'index name', MAX_INDEX_NAME)
  const p = checkPolicy(policy, defaults)
  await infoCommand(cluster.randomNode(), `sindex-delete:namespace=${ns};indexname=${index}`, p.timeout)
}
