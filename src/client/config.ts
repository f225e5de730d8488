/** Client configuration: its shape, defaults, and validation (InvalidArgError for unknown keys and wrong types). */
import { ParseError, parseHostPort } from '../protocol/index.js'
import type { NodeAddress } from './cluster/connection.js'
import { invalidArg } from './errors.js'
import {
  DEFAULT_POLICIES,
  type PolicyDefaults,
  type PolicyKind,
  type ResolvedOperatePolicy,
  type ResolvedReadPolicy,
  type ResolvedWritePolicy,
  validatePolicy,
} from './policies.js'
import { AUTH_EXTERNAL, AUTH_INTERNAL, AUTH_PKI } from './security/auth-mode.js'
import { resolveTls, type TlsConfig } from './security/tls-config.js'

/** Port used when a host gives none. */
export const DEFAULT_PORT = 3000

/**
 * A seed host: `[host, port]`, `'host:port'`, `'host'` or `{ host, port }`.
 * With TLS, the name the node's certificate must carry: `{ host, port, tlsName }`,
 * `[host, port, tlsName]` or `'host:tlsName:port'`.
 */
export type HostInput =
  | readonly [host: string, port: number, tlsName?: string]
  | string
  | { host: string; port?: number; tlsName?: string }

/** What `aerospike.client()` accepts. */
export interface ClientConfig {
  /** Seed hosts; one reachable seed is enough to discover the cluster. A comma-separated string is accepted too. */
  hosts: readonly HostInput[] | string
  /** Expected cluster name; seeds and peers reporting another name are refused. */
  clusterName?: string
  /** Connect (and seed validation) timeout, ms. Default 1000. */
  timeout?: number
  /** Time between cluster tends, ms. Default 1000. */
  tendInterval?: number
  /** Connections opened per node at connect and kept open. Default 0. */
  minConnsPerNode?: number
  /** Most connections per node; commands wait for one beyond that. Default 100. */
  maxConnsPerNode?: number
  /**
   * Most single-record commands one connection carries at once (pipelining: sent without waiting
   * for the previous answer, answered in order), on nodes announcing the `pipelining` feature.
   * 1 turns pipelining off. Default 8.
   */
  pipelineDepth?: number
  /** Close pooled connections idle for longer than this, seconds. Default 55. */
  idleTimeout?: number
  /** Network errors and timeouts a node may have per error window before it fails fast; 0 = no limit. Default 100. */
  maxErrorRate?: number
  /** Length of the error window, in tend intervals. Default 1. */
  errorRateWindow?: number
  /** Use the nodes' alternate addresses (`peers-clear-alt`, or `peers-tls-alt` with TLS). Default false. */
  useServicesAlternate?: boolean
  /** User to log in as (`connect(user, password)` overrides it). */
  user?: string
  /** Password of `user`. */
  password?: string
  /** AUTH_INTERNAL (default), AUTH_EXTERNAL (needs `tls`) or AUTH_PKI (needs `tls` with a client certificate). */
  authMode?: number
  /** TLS for every connection (node:tls options); see TlsConfig. Off when absent. */
  tls?: TlsConfig
  /** Defaults for each policy kind, merged over the built-in defaults. */
  policies?: PolicyDefaults
  /** Where the client finds the Lua modules of aggregations (it runs their final phase itself). */
  lua?: LuaConfig
}

/** The client's Lua settings (aerospike-py's `lua: { user_path }`). */
export interface LuaConfig {
  /** Directory holding `<module>.lua` for each module an aggregation names. Default: the current directory. */
  userPath?: string
}

/** A validated configuration with every value set. */
export interface ResolvedConfig {
  hosts: NodeAddress[]
  clusterName: string
  timeout: number
  tendInterval: number
  minConnsPerNode: number
  maxConnsPerNode: number
  pipelineDepth: number
  /** Milliseconds. */
  idleTimeout: number
  maxErrorRate: number
  errorRateWindow: number
  useServicesAlternate: boolean
  user: string | undefined
  password: string | undefined
  authMode: number
  tls: TlsConfig | undefined
  /** Directory of the aggregation modules. */
  luaUserPath: string
  policies: {
    read: ResolvedReadPolicy
    write: ResolvedWritePolicy
    operate: ResolvedOperatePolicy
    batch: typeof DEFAULT_POLICIES.batch
    query: typeof DEFAULT_POLICIES.query
    info: typeof DEFAULT_POLICIES.info
    admin: typeof DEFAULT_POLICIES.admin
  }
}

type Check = (v: unknown) => string | undefined

const positiveInt: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0x7fff_ffff ? undefined : 'a positive integer'
const nonNegInt: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fff_ffff
    ? undefined
    : 'a non-negative integer'
const nonNegNumber: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'a non-negative number'
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'a boolean')
const str: Check = (v) => (typeof v === 'string' ? undefined : 'a string')
const anything: Check = () => undefined

/** Every config key and how its value is checked (hosts and policies get their own validation). */
const CONFIG_FIELDS: Record<keyof ClientConfig, Check> = {
  hosts: anything,
  clusterName: str,
  timeout: positiveInt,
  tendInterval: positiveInt,
  minConnsPerNode: nonNegInt,
  maxConnsPerNode: positiveInt,
  pipelineDepth: positiveInt,
  idleTimeout: nonNegNumber,
  maxErrorRate: nonNegInt,
  errorRateWindow: positiveInt,
  useServicesAlternate: bool,
  user: str,
  password: str,
  authMode: (v) =>
    v === AUTH_INTERNAL || v === AUTH_EXTERNAL || v === AUTH_PKI
      ? undefined
      : 'AUTH_INTERNAL, AUTH_EXTERNAL or AUTH_PKI',
  tls: anything,
  policies: anything,
  lua: (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).every((k) => k === 'userPath') &&
    ((v as LuaConfig).userPath === undefined || typeof (v as LuaConfig).userPath === 'string')
      ? undefined
      : 'an object { userPath?: string }',
}

/** Validates `config` and fills in the defaults. Throws InvalidArgError on any problem. */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw invalidArg('client config must be an object')
  const c = config as Record<string, unknown>
  for (const name of Object.keys(c)) {
    const check = CONFIG_FIELDS[name as keyof ClientConfig]
    if (check === undefined) throw invalidArg(`client config has an unknown key '${name}'`)
    if (c[name] === undefined) continue
    const problem = check(c[name])
    if (problem !== undefined) throw invalidArg(`client config '${name}' must be ${problem}`)
  }
  const cfg = config as ClientConfig
  const minConns = cfg.minConnsPerNode ?? 0
  const maxConns = cfg.maxConnsPerNode ?? 100
  if (minConns > maxConns) throw invalidArg('client config minConnsPerNode exceeds maxConnsPerNode')
  if ((cfg.user === undefined) !== (cfg.password === undefined))
    throw invalidArg('client config needs both user and password, or neither')
  const tls = resolveTls(cfg.tls)
  const authMode = cfg.authMode ?? AUTH_INTERNAL
  if (authMode !== AUTH_INTERNAL && tls === undefined)
    throw invalidArg(
      authMode === AUTH_PKI
        ? 'AUTH_PKI needs tls with a client certificate (tls.cert and tls.key)'
        : 'AUTH_EXTERNAL sends the clear password, so it needs tls',
    )
  return {
    hosts: parseHosts(cfg.hosts),
    clusterName: cfg.clusterName ?? '',
    timeout: cfg.timeout ?? 1000,
    tendInterval: cfg.tendInterval ?? 1000,
    minConnsPerNode: minConns,
    maxConnsPerNode: maxConns,
    pipelineDepth: cfg.pipelineDepth ?? 8,
    idleTimeout: (cfg.idleTimeout ?? 55) * 1000,
    maxErrorRate: cfg.maxErrorRate ?? 100,
    errorRateWindow: cfg.errorRateWindow ?? 1,
    useServicesAlternate: cfg.useServicesAlternate ?? false,
    user: cfg.user,
    password: cfg.password,
    authMode,
    tls,
    luaUserPath: cfg.lua?.userPath ?? '.',
    policies: resolvePolicyDefaults(cfg.policies),
  }
}

function resolvePolicyDefaults(given: unknown): ResolvedConfig['policies'] {
  if (given === undefined) return { ...DEFAULT_POLICIES }
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw invalidArg('client config policies must be an object')
  const out: Record<string, object> = { ...DEFAULT_POLICIES }
  for (const [kind, policy] of Object.entries(given)) {
    if (!(kind in DEFAULT_POLICIES)) throw invalidArg(`client config policies has an unknown kind '${kind}'`)
    if (policy === undefined) continue
    validatePolicy(kind as PolicyKind, policy, `client config policies.${kind}`)
    const merged: Record<string, unknown> = { ...DEFAULT_POLICIES[kind as PolicyKind] }
    for (const [k, v] of Object.entries(policy as object)) if (v !== undefined) merged[k] = v
    out[kind] = merged
  }
  return out as ResolvedConfig['policies']
}

/** Parses the seed list; throws InvalidArgError for an empty list or a malformed host. */
export function parseHosts(hosts: unknown): NodeAddress[] {
  const list = typeof hosts === 'string' ? hosts.split(',').map((h) => h.trim()) : hosts
  if (!Array.isArray(list) || list.length === 0)
    throw invalidArg('client config hosts must be a non-empty list of hosts')
  return list.map(parseHost)
}

/** `host:tlsName:port` or `[v6]:tlsName:port`; undefined for the other string forms. */
function parseTlsHostString(h: string): { host: string; tlsName: string; port: string } | undefined {
  const m = /^(\[[^\]]*\]|[^:[\]]+):([^:]+):(\d+)$/.exec(h)
  if (m === null) return undefined
  const host = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : m[1]!
  return { host, tlsName: m[2]!, port: m[3]! }
}

function parseHost(h: unknown): NodeAddress {
  let host: unknown
  let port: unknown = DEFAULT_PORT
  let tlsName: unknown
  if (typeof h === 'string') {
    const withName = parseTlsHostString(h)
    if (withName !== undefined) {
      ;({ host, tlsName } = withName)
      port = Number(withName.port)
    } else {
      try {
        ;({ host, port } = parseHostPort(h, DEFAULT_PORT))
      } catch (err) {
        throw invalidArg(`bad host '${h}': ${err instanceof ParseError ? err.message : String(err)}`)
      }
    }
  } else if (Array.isArray(h) && h.length >= 1 && h.length <= 3) {
    host = h[0]
    port = h[1] ?? DEFAULT_PORT
    tlsName = h[2]
  } else if (typeof h === 'object' && h !== null) {
    host = (h as { host?: unknown }).host
    port = (h as { port?: unknown }).port ?? DEFAULT_PORT
    tlsName = (h as { tlsName?: unknown }).tlsName
  }
  if (typeof host !== 'string' || host === '')
    throw invalidArg(
      `bad host ${JSON.stringify(h)}: expected [host, port], 'host:port', 'host:tlsName:port' or { host, port, tlsName }`,
    )
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw invalidArg(`bad port in host ${JSON.stringify(h)}`)
  if (tlsName === undefined || tlsName === '') return { host, port }
  if (typeof tlsName !== 'string') throw invalidArg(`bad TLS name in host ${JSON.stringify(h)}`)
  return { host, port, tlsName }
}
