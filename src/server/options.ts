/** Server options as users write them, and their validated, defaulted form. */
import { randomBytes } from 'node:crypto'

/** Configuration of one namespace (always in memory). */
export interface NamespaceConfig {
  /** Namespace name, 1 to 31 bytes. */
  name: string
  /** TTL in seconds given to writes that send TTL 0; 0 (the default) means never expire. */
  defaultTtl?: number
  /** Largest record in bytes, as the 8.x `max-record-size` (default 1 MiB). */
  maxRecordSize?: number
  /** Seconds between expiry sweeps, as `nsup-period` (default 10); 0 disables them. */
  nsupPeriod?: number
  /** Allow writes with a TTL while `nsupPeriod` is 0, as `allow-ttl-without-nsup` (default false). */
  allowTtlWithoutNsup?: boolean
  /** Replication factor reported in `namespace/<ns>` (default 2; a single node is effectively 1). */
  replicationFactor?: number
}

/**
 * Test-only fault injection, so client tests can simulate a stalled server.
 * Not part of any real server's behaviour.
 */
export interface FaultOptions {
  /** Delay every AS_MSG response by this many milliseconds (0 = none). */
  delayMs?: number
  /** Read AS_MSG requests but never answer them. */
  dropResponses?: boolean
  /** Apply the faults to info requests too (default false). */
  info?: boolean
}

/** Options of `startServer`. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one (default 3000). */
  port?: number
  /** Address to listen on (default 127.0.0.1). */
  host?: string
  /** Namespaces (default `test` and `bar`, both with default settings). */
  namespaces?: NamespaceConfig[]
  /** Value of the `cluster-name` info command (default `aerospike-ts`). */
  clusterName?: string
  /** Node id as upper-case hex (default: a random `BB9...` id). */
  nodeId?: string
  /** Test-only fault injection; see FaultOptions. */
  faults?: FaultOptions
}

/** A namespace configuration with every default applied. */
export interface ResolvedNamespaceConfig {
  /** Name as a byte string (latin1-decoded UTF-8), the form the server compares on the wire. */
  name: string
  defaultTtl: number
  maxRecordSize: number
  nsupPeriod: number
  allowTtlWithoutNsup: boolean
  replicationFactor: number
}

/** Fault settings with defaults applied. */
export interface ResolvedFaults {
  delayMs: number
  dropResponses: boolean
  info: boolean
}

/** ServerOptions with every default applied and every value checked. */
export interface ResolvedOptions {
  port: number
  host: string
  namespaces: ResolvedNamespaceConfig[]
  clusterName: string
  nodeId: string
  faults: ResolvedFaults
}

/** Longest TTL a write may ask for: 10 years, as the server's MAX_ALLOWED_TTL. */
export const MAX_ALLOWED_TTL = 10 * 365 * 24 * 3600
/** Most namespaces one server may have (the server's limit). */
const MAX_NAMESPACES = 32

/** Converts text to the byte-string form (one char per UTF-8 byte) names are compared in. */
export function toByteString(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

function checkInt(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${String(value)}`)
  return value
}

function resolveNamespace(c: NamespaceConfig): ResolvedNamespaceConfig {
  if (c === null || typeof c !== 'object') throw new TypeError('a namespace config must be an object')
  if (typeof c.name !== 'string') throw new TypeError('namespace name must be a string')
  const name = toByteString(c.name)
  if (name.length === 0 || name.length > 31 || /[\0/:;\n\t]/.test(name))
    throw new RangeError(`bad namespace name ${JSON.stringify(c.name)}: 1-31 bytes without / : ; or control`)
  const where = `namespace ${c.name}:`
  return {
    name,
    defaultTtl: checkInt(c.defaultTtl ?? 0, `${where} defaultTtl`, 0, MAX_ALLOWED_TTL),
    maxRecordSize: checkInt(c.maxRecordSize ?? 1024 * 1024, `${where} maxRecordSize`, 64, 128 * 1024 * 1024),
    nsupPeriod: checkInt(c.nsupPeriod ?? 10, `${where} nsupPeriod`, 0, 24 * 3600),
    allowTtlWithoutNsup: c.allowTtlWithoutNsup ?? false,
    replicationFactor: checkInt(c.replicationFactor ?? 2, `${where} replicationFactor`, 1, 256),
  }
}

/** Normalises a node id: upper-case hex without leading zeros, 1 to 16 digits, not zero. */
function resolveNodeId(id: string | undefined): string {
  if (id === undefined) return `BB9${randomBytes(6).toString('hex').toUpperCase()}`
  if (typeof id !== 'string' || !/^[0-9a-fA-F]{1,16}$/.test(id))
    throw new RangeError(`nodeId must be 1-16 hex digits, got ${JSON.stringify(id)}`)
  const trimmed = id.toUpperCase().replace(/^0+/, '')
  if (trimmed === '') throw new RangeError('nodeId must not be zero')
  return trimmed
}

/** Fault settings from partial options (unset fields keep `base`'s values). */
export function resolveFaults(f: FaultOptions | undefined, base?: ResolvedFaults): ResolvedFaults {
  const b = base ?? { delayMs: 0, dropResponses: false, info: false }
  if (f === undefined) return { ...b }
  return {
    delayMs: f.delayMs === undefined ? b.delayMs : checkInt(f.delayMs, 'faults.delayMs', 0, 3_600_000),
    dropResponses: f.dropResponses ?? b.dropResponses,
    info: f.info ?? b.info,
  }
}

/** Applies defaults and checks every option; throws TypeError/RangeError for bad ones. */
export function resolveOptions(o: ServerOptions = {}): ResolvedOptions {
  const namespaces = (o.namespaces ?? [{ name: 'test' }, { name: 'bar' }]).map(resolveNamespace)
  if (namespaces.length === 0) throw new RangeError('at least one namespace is required')
  if (namespaces.length > MAX_NAMESPACES) throw new RangeError(`at most ${MAX_NAMESPACES} namespaces`)
  const names = new Set(namespaces.map((n) => n.name))
  if (names.size !== namespaces.length) throw new RangeError('namespace names must be unique')
  const clusterName = o.clusterName ?? 'aerospike-ts'
  if (typeof clusterName !== 'string' || clusterName === '' || /[\n\t;:]/.test(clusterName))
    throw new RangeError('clusterName must be a non-empty string without tabs, newlines, ; or :')
  const host = o.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty string')
  return {
    port: checkInt(o.port ?? 3000, 'port', 0, 65535),
    host,
    namespaces,
    clusterName: toByteString(clusterName),
    nodeId: resolveNodeId(o.nodeId),
    faults: resolveFaults(o.faults),
  }
}
