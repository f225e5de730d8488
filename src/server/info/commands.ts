/** The info command table: command name -> value, in the formats of a CE 8.1 node. */
import { CITRUSLEAF_EPOCH_MS, clepochMs } from '../clock.js'
import type { ConnectionInfo } from '../handler-types.js'
import { QUERY_INFO_COMMANDS } from '../query/query-info.js'
import type { ServerState } from '../server-state.js'
import { SINDEX_INFO_COMMANDS } from '../sindex/sindex-info.js'
import { UDF_INFO_COMMANDS } from '../udf/udf-info.js'
import { namespaceConfig, namespaceInfo } from './namespace-info.js'
import {
  BUILD,
  BUILD_SHA,
  buildArch,
  COMPATIBILITY_ID,
  EDITION,
  FEATURES,
  NO_PEERS,
  release,
  replicas,
  replicasMaster,
  serviceAddress,
  sets,
} from './node-info.js'
import { checkParam, getParam, infoError, optionalParam, requiredParam } from './params.js'
import { statistics } from './statistics.js'

/** What a command sees: the server, its own name, the text after its name and separator, and the connection. */
export interface InfoCall {
  readonly state: ServerState
  readonly name: string
  readonly params: string
  readonly conn: ConnectionInfo
}

/** Computes one command's value (later, for a command that must wait: udf-put loads the Lua engine). */
export type InfoCommand = (call: InfoCall) => string | Promise<string>

/** Longest namespace name plus one, and longest set name plus one (the server's buffer sizes). */
const NS_NAME_SIZE = 32
const SET_NAME_SIZE = 64
/** Base64 text of at most 64 bytes: 88 characters, plus the terminator. */
const USER_AGENT_SIZE = 89
const ENTERPRISE_ONLY = infoError(25, 'enterprise only')

const constant =
  (value: string): InfoCommand =>
  () =>
    value

const enterpriseOnly: InfoCommand = () => ENTERPRISE_ONLY

/** A TLS command: answered when the server serves TLS, Enterprise-only otherwise (as on Community Edition). */
const tlsOnly =
  (command: InfoCommand): InfoCommand =>
  (call) =>
    call.state.config.tls === undefined ? ENTERPRISE_ONLY : command(call)

/** `cluster-stable[:size=N;ignore-migrations=bool;namespace=ns]`: the cluster key when the condition holds. */
const clusterStable: InfoCommand = ({ state, params }) => {
  const size = optionalParam(params, 'size', 4)
  if ('error' in size) return size.error
  if (size.value !== undefined) {
    if (!/^\d+$/.test(size.value)) return infoError(4, 'bad size')
    if (Number(size.value) !== 1) return infoError(7, 'cluster not specified size')
  }
  const ignore = optionalParam(params, 'ignore-migrations', 6)
  if ('error' in ignore) return ignore.error
  if (ignore.value !== undefined && ignore.value !== 'true' && ignore.value !== 'false')
    return infoError(4, 'bad ignore migrations')
  if (ignore.value !== 'true') {
    const ns = optionalParam(params, 'namespace', NS_NAME_SIZE)
    if ('error' in ns) return ns.error
    if (ns.value !== undefined && state.store.namespace(ns.value) === undefined)
      return infoError(20, 'namespace not found on node')
  }
  return state.clusterKey
}

/** `get-config:context=namespace;id=<ns>` (other contexts are not kept by this server). */
const getConfig: InfoCommand = ({ state, params }) => {
  const context = requiredParam(params, 'context', 1024)
  if ('error' in context) return context.error
  if (context.value !== 'namespace') return infoError(4, 'invalid context')
  // The namespace may be named `namespace=` or (deprecated) `id=`; errors name it `namespace` either way.
  let lookup = getParam(params, 'namespace', NS_NAME_SIZE)
  if (lookup === 'missing') lookup = getParam(params, 'id', NS_NAME_SIZE)
  const id = checkParam(lookup, 'namespace', true)
  if ('error' in id) return id.error
  const ns = state.store.namespace(id.value!)
  return ns === undefined ? infoError(20, 'namespace not found on node') : namespaceConfig(ns)
}

/** `peers-*`: no peers; with `:generation=N` the delta form, which for no peers is the same. */
const peers: InfoCommand = () => NO_PEERS

/** `replicas[:max=N]`. */
const replicasCommand: InfoCommand = ({ state, params }) => {
  const max = optionalParam(params, 'max', 4)
  if ('error' in max) return max.error
  if (max.value !== undefined && !/^\d+$/.test(max.value)) return infoError(4, 'bad max')
  return replicas(state, true)
}

/** Parses a truncate `lut` (Unix epoch nanoseconds, decimal/hex/octal) to ms since the Citrusleaf epoch. */
function truncateLut(text: string): number | string {
  const ns = /^0[xX][0-9a-fA-F]+$/.test(text)
    ? BigInt(text)
    : /^0[0-7]*$/.test(text)
      ? BigInt(`0o${text.slice(1) || '0'}`)
      : /^\d+$/.test(text)
        ? BigInt(text)
        : 0n
  const ms = Number(ns / 1_000_000n) - CITRUSLEAF_EPOCH_MS
  if (ms <= 0) return infoError(4, 'would truncate to 0')
  if (ms > clepochMs()) return infoError(4, 'would truncate in the future')
  return ms
}

/** `truncate:namespace=ns;set=s[;lut=ns]` and `truncate-namespace:namespace=ns[;lut=ns]`. */
function truncateCommand(withSet: boolean): InfoCommand {
  return ({ state, params }) => {
    const ns = requiredParam(params, 'namespace', NS_NAME_SIZE)
    if ('error' in ns) return ns.error
    let setName: string | undefined
    if (withSet) {
      const set = requiredParam(params, 'set', SET_NAME_SIZE)
      if ('error' in set) return set.error
      setName = set.value
    } else if (optionalParamPresent(params, 'set')) {
      return infoError(4, 'unexpected set name')
    }
    const lut = optionalParam(params, 'lut', 24)
    if ('error' in lut) return lut.error
    const ms = lut.value === undefined ? undefined : truncateLut(lut.value)
    if (typeof ms === 'string') return ms
    // An unknown namespace is accepted and ignored, as the server's metadata broadcast does.
    state.store.namespace(ns.value)?.truncate(setName, ms)
    return 'ok'
  }
}

/** `truncate-undo` / `truncate-namespace-undo`: accepted (nothing was kept to undo). */
function truncateUndoCommand(withSet: boolean): InfoCommand {
  return ({ params }) => {
    const ns = requiredParam(params, 'namespace', NS_NAME_SIZE)
    if ('error' in ns) return ns.error
    if (withSet) {
      const set = requiredParam(params, 'set', SET_NAME_SIZE)
      if ('error' in set) return set.error
    } else if (optionalParamPresent(params, 'set')) {
      return infoError(4, 'unexpected set name')
    }
    return 'ok'
  }
}

function optionalParamPresent(params: string, name: string): boolean {
  const r = optionalParam(params, name, 2)
  return 'error' in r || r.value !== undefined
}

/** Whether `text` is canonical base64 of at most 64 bytes. */
function isShortBase64(text: string): boolean {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return false
  return Buffer.from(text, 'base64').length <= 64
}

/** `user-agent-set:value=<base64>`: remembered once per connection. */
const userAgentSet: InfoCommand = ({ params, conn }) => {
  if (conn.userAgent !== undefined) return infoError(4, 'already set')
  const v = requiredParam(params, 'value', USER_AGENT_SIZE)
  if ('error' in v) return v.error
  if (!isShortBase64(v.value)) return infoError(4, "'value' invalid base64")
  conn.userAgent = v.value
  return 'ok'
}

/** Every command this server answers. Any other name gets `ERROR:4:unrecognized command`. */
export const INFO_COMMANDS: Readonly<Record<string, InfoCommand>> = {
  'alumni-clear-alt': peers,
  'alumni-clear-std': peers,
  'alumni-tls-alt': tlsOnly(peers),
  'alumni-tls-std': tlsOnly(peers),
  'best-practices': constant('failed_best_practices=none'),
  build: constant(BUILD),
  build_arch: () => buildArch(),
  build_ee_sha: constant(''),
  build_os: () => process.platform,
  build_sha: constant(BUILD_SHA),
  'cluster-name': ({ state }) => state.config.clusterName,
  'cluster-stable': clusterStable,
  'compatibility-id': constant(COMPATIBILITY_ID),
  'config-get': getConfig,
  connection: constant('admin=false'),
  digests: constant('RIPEMD160'),
  edition: constant(EDITION),
  features: constant(FEATURES),
  'get-config': getConfig,
  name: ({ state }) => state.config.nodeId,
  namespace: ({ state, params }) => {
    const ns = state.store.namespace(params)
    return ns === undefined ? 'type=unknown' : namespaceInfo(ns)
  },
  namespaces: ({ state }) => [...state.store.namespaces.keys()].join(';'),
  node: ({ state }) => state.config.nodeId,
  objects: ({ state }) => String([...state.store.namespaces.values()].reduce((n, ns) => n + ns.objects, 0)),
  'partition-generation': constant('0'),
  partitions: constant('4096'),
  'peers-clear-alt': peers,
  'peers-clear-std': peers,
  'peers-generation': constant('0'),
  'peers-tls-alt': tlsOnly(peers),
  'peers-tls-std': tlsOnly(peers),
  'rack-ids': enterpriseOnly,
  racks: enterpriseOnly,
  'rebalance-generation': constant('1'),
  ...QUERY_INFO_COMMANDS,
  release: () => release(),
  replicas: replicasCommand,
  'replicas-all': ({ state }) => replicas(state, false),
  'replicas-master': ({ state }) => replicasMaster(state),
  service: ({ state }) => serviceAddress(state),
  'service-clear-alt': constant(''),
  'service-clear-std': ({ state }) => serviceAddress(state),
  'service-tls-alt': tlsOnly(constant('')),
  'service-tls-std': tlsOnly(({ state }) => serviceAddress(state)),
  services: constant(''),
  'services-alternate': constant(''),
  'services-alumni': constant(''),
  sets: ({ state, params }) => sets(state, params),
  ...SINDEX_INFO_COMMANDS,
  statistics: ({ state }) => statistics(state),
  status: constant('ok'),
  truncate: truncateCommand(true),
  ...UDF_INFO_COMMANDS,
  'truncate-namespace': truncateCommand(false),
  'truncate-namespace-undo': truncateUndoCommand(false),
  'truncate-undo': truncateUndoCommand(true),
  'user-agent-set': userAgentSet,
  version: constant(`${EDITION} build ${BUILD}`),
}

/** Commands an empty info request lists, in the server's order. */
export const SUMMARY_COMMANDS = [
  'features',
  'node',
  'compatibility-id',
  'edition',
  'build_ee_sha',
  'build_sha',
  'build_arch',
  'build_os',
  'build',
  'version',
  'statistics',
  'services-alumni',
  'services',
  'partition-generation',
] as const
