/** Info values about this node: identity, build, services and peers, partition maps and sets. */
import { encodePartitionBitmap } from '../../protocol/info.js'
import type { ServerState } from '../server-state.js'
import type { Namespace, SetState } from '../storage/namespace.js'

/** Server version this node presents. */
export const BUILD = '8.1.2.0'
/** Edition string (`edition`, `version`, `release`). */
export const EDITION = 'Aerospike Community Edition'
/** Source revision of the public CE 8.1.2.0 release this server imitates. */
export const BUILD_SHA = '05b91c64'
/** Protocol compatibility id of 8.1 nodes. */
export const COMPATIBILITY_ID = '15'
/** The `features` value of a CE 8.1 node. */
export const FEATURES =
  'batch-any;batch-index;blob-bits;cdt-index;cdt-list;cdt-map;cluster-stable;float;geo;sindex-exists;' +
  'peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;replicas-all;replicas-master;' +
  'replicas-max;truncate-namespace;udf'

/** The machine architecture as the server names it. */
export function buildArch(): string {
  return process.arch === 'arm64' ? 'aarch64' : process.arch === 'x64' ? 'x86_64' : process.arch
}

/** The `release` value. */
export function release(): string {
  return `edition=${EDITION};version=${BUILD};os=${process.platform};arch=${buildArch()};sha=${BUILD_SHA}`
}

/** `host:port` of this node's service (the address clients connect to). */
export function serviceAddress(state: ServerState): string {
  const h = state.serviceHost
  return `${h.includes(':') ? `[${h}]` : h}:${state.servicePort}`
}

/** A peers value for a node without peers: `<generation>,3000,[]`. */
export const NO_PEERS = '0,3000,[]'

/** Bitmap owning every partition: a single node is master of all of them. */
const ALL_PARTITIONS = encodePartitionBitmap(() => true)

/**
 * `replicas` (with regime 0) or `replicas-all` (without). A single node holds
 * one copy whatever the configured factor (effective replication factor 1), so
 * there is one column and a `max` limit never removes it.
 */
export function replicas(state: ServerState, withRegime: boolean): string {
  const parts: string[] = []
  for (const ns of state.store.namespaces.values())
    parts.push(withRegime ? `${ns.name}:0,1,${ALL_PARTITIONS}` : `${ns.name}:1,${ALL_PARTITIONS}`)
  return parts.join(';')
}

/** `replicas-master`. */
export function replicasMaster(state: ServerState): string {
  return [...state.store.namespaces.values()].map((ns) => `${ns.name}:${ALL_PARTITIONS}`).join(';')
}

/** One set's properties as `sets` lists them, `;`-terminated (with its secondary indexes and set index). */
function setProps(state: ServerState, ns: Namespace, s: SetState): string {
  const { sindexes, setIndex } = state.sindexes.setSummary(ns.name, s.name)
  return (
    `objects=${s.objects}:tombstones=0:data_used_bytes=${s.dataUsedBytes}:truncate_lut=${s.truncateLut}` +
    `:sindexes=${sindexes}:index_populating=false:truncating=false:default-read-touch-ttl-pct=0` +
    `:default-ttl=0:disable-eviction=false:enable-index=${setIndex}:stop-writes-count=0:stop-writes-size=0;`
  )
}

/** `sets`, `sets/<ns>` or `sets/<ns>/<set>` (params are the text after `sets/`). */
export function sets(state: ServerState, params: string): string {
  if (params === '') {
    let out = ''
    for (const ns of state.store.namespaces.values()) out += setsOf(state, ns)
    return out
  }
  const slash = params.indexOf('/')
  const ns = state.store.namespace(slash < 0 ? params : params.slice(0, slash))
  if (ns === undefined) return 'ns_type=unknown'
  if (slash < 0) return setsOf(state, ns)
  const set = ns.sets.get(params.slice(slash + 1))
  return set === undefined ? '' : setProps(state, ns, set)
}

function setsOf(state: ServerState, ns: Namespace): string {
  let out = ''
  for (const s of ns.sets.values()) out += `ns=${ns.name}:set=${s.name}:${setProps(state, ns, s)}`
  return out
}
