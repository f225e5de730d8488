/** Info protocol (proto type 1): request text, response parsing and the parsers for tend values. */
import { ByteWriter } from './byte-writer.js'
import { EncodeError, ParseError } from './codec-errors.js'
import { PARTITIONS } from './digest.js'
import { PROTO_HEADER_SIZE, ProtoType, writeProtoHeader } from './frame.js'

/** Size in bytes of a partition ownership bitmap (one bit per partition). */
export const PARTITION_BITMAP_SIZE = PARTITIONS / 8
/** Length of a partition bitmap in base64 text (with padding). */
const PARTITION_BITMAP_B64_LENGTH = Math.ceil(PARTITION_BITMAP_SIZE / 3) * 4
/** Standard base64 with padding. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Encodes an info request frame: each command followed by `\n`. */
export function encodeInfoRequest(commands: readonly string[]): Buffer {
  let text = ''
  for (const c of commands) {
    if (c.includes('\n')) throw new EncodeError(`info command contains a newline: ${JSON.stringify(c)}`)
    text += `${c}\n`
  }
  const len = Buffer.byteLength(text)
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + len)
  writeProtoHeader(w, ProtoType.INFO, len)
  w.utf8(text, len)
  return w.buf
}

/** Encodes an info response frame from `[command, value]` pairs (what a server sends). */
export function encodeInfoResponse(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  let text = ''
  for (const [c, v] of pairs) text += `${c}\t${v}\n`
  const len = Buffer.byteLength(text)
  const w = ByteWriter.alloc(PROTO_HEADER_SIZE + len)
  writeProtoHeader(w, ProtoType.INFO, len)
  w.utf8(text, len)
  return w.buf
}

/**
 * Parses an info response body into command -> value, keyed by the exact
 * command text the server echoes. A line without a tab maps to ''.
 */
export function parseInfoResponse(body: Buffer | string): Map<string, string> {
  const text = typeof body === 'string' ? body : body.toString('utf8')
  const out = new Map<string, string>()
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    if (end > start) {
      const line = text.slice(start, end)
      const tab = line.indexOf('\t')
      if (tab < 0) out.set(line, '')
      else out.set(line.slice(0, tab), line.slice(tab + 1))
    }
    start = end + 1
  }
  return out
}

/** The lines of an info request body, without their terminators (what a server reads). */
export function parseInfoRequest(body: Buffer): string[] {
  const text = body.toString('utf8')
  // Text after the last newline is not a command: the server ignores it.
  const last = text.lastIndexOf('\n')
  if (last < 0) return []
  return text.slice(0, last).split('\n')
}

/** An info value that reports failure, parsed. */
export interface InfoFailure {
  /** Numeric result code; 1 (unknown) when the server omitted it. */
  code: number
  message: string
}

/**
 * Recognises the failure forms of an info value: `ERROR:<code>:<msg>`,
 * `ERROR::<msg>`, the older `FAIL:<code>:<msg>`, and UDF's `error=<reason>`.
 * Returns undefined for a value that is not a failure.
 */
export function parseInfoFailure(value: string): InfoFailure | undefined {
  let rest: string
  if (value.startsWith('ERROR')) rest = value.slice(5)
  else if (value.startsWith('FAIL')) rest = value.slice(4)
  else if (value.startsWith('error=')) return { code: 1, message: value.slice(6) }
  else return undefined
  if (rest === '') return { code: 1, message: '' }
  if (rest[0] !== ':') return undefined
  const sep = rest.indexOf(':', 1)
  const codeText = sep < 0 ? rest.slice(1) : rest.slice(1, sep)
  const message = sep < 0 ? '' : rest.slice(sep + 1)
  const code = codeText === '' ? 1 : Number(codeText)
  return {
    code: Number.isInteger(code) ? code : 1,
    message: Number.isInteger(code) ? message : rest.slice(1),
  }
}

/** A failure value the server answered for an info command (`ERROR:4:unrecognized command` and the like). */
export class InfoError extends Error {
  override name = 'InfoError'
  constructor(
    /** The command as sent. */
    readonly command: string,
    /** The failure's result code; 1 (unknown) when the server gave none. */
    readonly code: number,
    /** The server's message, without the `ERROR:<code>:` prefix. */
    readonly detail: string,
  ) {
    super(`info command '${command}' failed with code ${code}${detail ? `: ${detail}` : ''}`)
  }
}

/**
 * The value the server answered for `command`. Throws InfoError when that
 * value is a failure (see `parseInfoFailure`) and ParseError when the
 * response does not carry the command at all.
 */
export function infoValue(response: ReadonlyMap<string, string>, command: string): string {
  const value = response.get(command)
  if (value === undefined) throw new ParseError(`info response lacks command '${command}'`)
  const failure = parseInfoFailure(value)
  if (failure) throw new InfoError(command, failure.code, failure.message)
  return value
}

/** Formats an info failure as the server does (`ERROR:4:msg`, or `ERROR::msg` for code 1). */
export function formatInfoFailure(code: number, message: string): string {
  return code === 1 ? `ERROR::${message}` : `ERROR:${code}:${message}`
}

/** A host and port. */
export interface HostPort {
  host: string
  port: number
}

/** One peer of a `peers-*` response. */
export interface Peer {
  nodeId: string
  tlsName: string
  hosts: HostPort[]
}

/** A parsed `peers-clear-std` / `peers-clear-alt` / `peers-tls-std` value. */
export interface PeersInfo {
  generation: number
  defaultPort: number
  peers: Peer[]
}

/** Parses `host`, `host:port`, `[v6]` or `[v6]:port`, defaulting the port. */
export function parseHostPort(text: string, defaultPort: number): HostPort {
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) throw new ParseError(`bad IPv6 address: ${text}`)
    const host = text.slice(1, close)
    const rest = text.slice(close + 1)
    if (rest === '') return { host, port: defaultPort }
    if (rest[0] !== ':') throw new ParseError(`bad address: ${text}`)
    return { host, port: parsePort(rest.slice(1), text) }
  }
  const colon = text.lastIndexOf(':')
  if (colon < 0) return { host: text, port: defaultPort }
  return { host: text.slice(0, colon), port: parsePort(text.slice(colon + 1), text) }
}

function parsePort(text: string, context: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535 || text === '')
    throw new ParseError(`bad port in ${context}`)
  return port
}

/**
 * Parses `<gen>,<defaultPort>,[[<node>,<tls>,[<addr>,...]],...]`. An address
 * without a port uses the default port the response carries.
 */
export function parsePeers(value: string): PeersInfo {
  const c1 = value.indexOf(',')
  const c2 = value.indexOf(',', c1 + 1)
  if (c1 < 0 || c2 < 0) throw new ParseError(`bad peers value: ${value}`)
  const generation = Number(value.slice(0, c1))
  const defaultPort = Number(value.slice(c1 + 1, c2))
  if (!Number.isInteger(generation) || !Number.isInteger(defaultPort))
    throw new ParseError(`bad peers value: ${value}`)
  let pos = c2 + 1
  const expect = (ch: string): void => {
    if (value[pos] !== ch) throw new ParseError(`bad peers value at ${pos}: expected '${ch}'`)
    pos++
  }
  const readUntil = (stops: string): string => {
    const start = pos
    while (pos < value.length && !stops.includes(value[pos]!)) pos++
    return value.slice(start, pos)
  }
  const peers: Peer[] = []
  expect('[')
  while (value[pos] === '[') {
    pos++
    const nodeId = readUntil(',')
    expect(',')
    const tlsName = readUntil(',')
    expect(',')
    const hosts: HostPort[] = []
    if (value[pos] === '[') {
      pos++
      while (pos < value.length && value[pos] !== ']') {
        // An IPv6 address is itself bracketed: copy through its closing bracket.
        let addr = ''
        if (value[pos] === '[') {
          const close = value.indexOf(']', pos)
          if (close < 0) throw new ParseError('unterminated IPv6 address in peers value')
          addr = value.slice(pos, close + 1)
          pos = close + 1
        }
        addr += readUntil(',]')
        hosts.push(parseHostPort(addr, defaultPort))
        if (value[pos] === ',') pos++
      }
      expect(']')
    }
    expect(']')
    peers.push({ nodeId, tlsName, hosts })
    if (value[pos] === ',') pos++
  }
  expect(']')
  if (pos !== value.length) throw new ParseError(`bad peers value: text after the peer list at ${pos}`)
  return { generation, defaultPort, peers }
}

/** Formats a peers value as a server does, stripping `:defaultPort` from addresses. */
export function formatPeers(generation: number, defaultPort: number, peers: readonly Peer[]): string {
  const items = peers.map((p) => {
    const addrs = p.hosts.map((h) => {
      const host = h.host.includes(':') ? `[${h.host}]` : h.host
      return h.port === defaultPort ? host : `${host}:${h.port}`
    })
    return `[${p.nodeId},${p.tlsName},[${addrs.join(',')}]]`
  })
  return `${generation},${defaultPort},[${items.join(',')}]`
}

/** Parses `service-clear-std` style (`h:p,h:p`) or `services` style (`h:p;h:p`) address lists. */
export function parseServices(value: string, defaultPort = 3000): HostPort[] {
  if (value === '') return []
  return value.split(/[,;]/).map((a) => parseHostPort(a, defaultPort))
}

/** One namespace of a `replicas` value: the regime and one ownership bitmap per replica. */
export interface NamespaceReplicas {
  regime: number
  /** Replica count the node reports (effective replication factor). */
  replicaCount: number
  /** Bitmap per replica index (0 = master), PARTITION_BITMAP_SIZE bytes each. */
  bitmaps: Buffer[]
}

/**
 * Parses a `replicas` value (`ns:regime,count,b64,...;...`) or, with
 * `withRegime` false, a `replicas-all` value (`ns:count,b64,...;...`).
 */
export function parseReplicas(value: string, withRegime = true): Map<string, NamespaceReplicas> {
  const out = new Map<string, NamespaceReplicas>()
  for (const [ns, rest] of namespaceEntries(value)) {
    const cols = rest.split(',')
    const regime = withRegime ? parseCount(cols.shift(), ns) : 0
    const replicaCount = parseCount(cols.shift(), ns)
    if (cols.length !== replicaCount)
      throw new ParseError(`namespace ${ns}: ${cols.length} bitmaps for ${replicaCount} replicas`)
    const bitmaps = cols.map((b64) => decodePartitionBitmap(b64))
    out.set(ns, { regime, replicaCount, bitmaps })
  }
  return out
}

/** Parses a `replicas-all` value (`ns:count,b64,...;...`): the regime is reported as 0. */
export function parseReplicasAll(value: string): Map<string, NamespaceReplicas> {
  return parseReplicas(value, false)
}

/** Parses a `replicas-master` value (`ns:b64;...`) into the master bitmap of each namespace. */
export function parseReplicasMaster(value: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const [ns, b64] of namespaceEntries(value)) out.set(ns, decodePartitionBitmap(b64))
  return out
}

/** Splits `ns:rest;ns:rest` into [ns, rest] pairs. */
function namespaceEntries(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const part of value.split(';')) {
    if (part === '') continue
    const colon = part.indexOf(':')
    if (colon <= 0) throw new ParseError(`bad replicas entry: ${part.slice(0, 40)}`)
    out.push([part.slice(0, colon), part.slice(colon + 1)])
  }
  return out
}

/** A non-negative decimal count of a replicas header. */
function parseCount(text: string | undefined, ns: string): number {
  if (text === undefined || !/^\d{1,10}$/.test(text))
    throw new ParseError(`bad replicas header for namespace ${ns}`)
  return Number(text)
}

/** Decodes a base64 ownership bitmap; throws ParseError unless it is exactly 512 bytes of valid base64. */
export function decodePartitionBitmap(b64: string): Buffer {
  if (b64.length !== PARTITION_BITMAP_B64_LENGTH || !BASE64.test(b64))
    throw new ParseError(`partition bitmap is not ${PARTITION_BITMAP_B64_LENGTH} base64 characters`)
  const buf = Buffer.from(b64, 'base64')
  if (buf.length !== PARTITION_BITMAP_SIZE) throw new ParseError(`partition bitmap of ${buf.length} bytes`)
  return buf
}

/** Encodes an ownership bitmap in which `owns(pid)` partitions are set. */
export function encodePartitionBitmap(owns: (pid: number) => boolean): string {
  const buf = Buffer.alloc(PARTITION_BITMAP_SIZE)
  for (let p = 0; p < PARTITIONS; p++) if (owns(p)) buf[p >> 3]! |= 0x80 >> (p & 7)
  return buf.toString('base64')
}

/** Whether partition `pid` is set in `bitmap`. */
export function bitmapHas(bitmap: Buffer, pid: number): boolean {
  return (bitmap[pid >> 3]! & (0x80 >> (pid & 7))) !== 0
}

/** Parses the `features` value into a set of feature names. */
export function parseFeatures(value: string): Set<string> {
  return new Set(value.split(';').filter((f) => f !== ''))
}

/** Parses an integer info value (`partition-generation`, `peers-generation`...). */
export function parseInfoInt(value: string): number {
  const n = Number(value)
  if (value === '' || !Number.isInteger(n))
    throw new ParseError(`expected an integer info value, got ${JSON.stringify(value)}`)
  return n
}

/** Parses `k=v;k=v` (or another separator pair) into an object; a part without `=` maps to ''. */
export function parseKeyValues(value: string, pairSep = ';', kvSep = '='): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of value.split(pairSep)) {
    if (part === '') continue
    const eq = part.indexOf(kvSep)
    if (eq < 0) out[part] = ''
    else out[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return out
}

/** A parsed info command: name, `/` arguments and `:k=v;...` parameters. */
export interface InfoCommand {
  name: string
  args: string[]
  params: Map<string, string>
}

/** Splits `name[/a/b][:k=v;k=v]` as the server does. */
export function parseInfoCommand(text: string): InfoCommand {
  const colon = text.indexOf(':')
  const head = colon < 0 ? text : text.slice(0, colon)
  const [name = '', ...args] = head.split('/')
  const params = new Map<string, string>()
  if (colon >= 0) {
    for (const part of text.slice(colon + 1).split(';')) {
      if (part === '') continue
      const eq = part.indexOf('=')
      if (eq < 0) params.set(part, '')
      else params.set(part.slice(0, eq), part.slice(eq + 1))
    }
  }
  return { name, args, params }
}
