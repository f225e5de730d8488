/** UDF module management over info commands: register (waiting until every node lists it), remove, list, get. */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import type { Node } from '../cluster/node.js'
import { UDF_TYPE_LUA } from '../constants.js'
import { errorFromResultCode, invalidArg } from '../errors.js'
import { type InfoPolicy, resolvePolicy } from '../policies.js'
import { infoOnNode } from './info.js'

/** One registered module, as `udfList` reports it. */
export interface UdfInfo {
  /** File name, extension included (`example.lua`). */
  name: string
  /** The hash the server reports for the module (40 hex digits). */
  hash: string
  /** UDF_TYPE_LUA. */
  udfType: number
}

/** First wait between two looks at the nodes' module lists, and the longest, ms. */
const FIRST_POLL_MS = 10
const MAX_POLL_MS = 200

/** Checks a module file name that goes into an info command. */
function checkFilename(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalidArg(`${what} must be a non-empty string`)
  if (Buffer.byteLength(value) > 127) throw invalidArg(`${what} '${value}' is longer than 127 bytes`)
  if (/[;:=,\n\t]/.test(value))
    throw invalidArg(`${what} '${value}' must not contain ';', ':', '=', ',' or newlines`)
  return value
}

function checkUdfType(udfType: unknown): void {
  if (udfType !== UDF_TYPE_LUA) throw invalidArg('UDF type must be UDF_TYPE_LUA')
}

/** Parses `key=value;key=value` (an info value) into a map. */
function infoFields(value: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of value.split(';')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    out.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? '' : part.slice(eq + 1))
  }
  return out
}

/** The UDFError for an `error=...` answer, with the compile error's file, line and (decoded) message when given. */
function udfInfoError(command: string, value: string, node: Node): Error {
  const f = infoFields(value)
  let detail = `${command} failed: ${f.get('error') ?? value}`
  const file = f.get('file')
  if (file !== undefined) detail += ` in ${file}${f.has('line') ? `:${f.get('line')}` : ''}`
  const message = f.get('message')
  if (message !== undefined) detail += `: ${Buffer.from(message, 'base64').toString('utf8')}`
  return errorFromResultCode(ResultCode.UDF_EXECUTION, { node: node.name, address: node.address, detail })
}

/** Sends `command` to `node`; the value, or a UDFError for an `error=` or `ERROR:` answer. */
async function udfInfo(node: Node, command: string, name: string, timeout: number): Promise<string> {
  const value = await infoOnNode(node, command, timeout)
  if (value.startsWith('error=') || value.startsWith('ERROR') || value.startsWith('FAIL'))
    throw udfInfoError(name, value, node)
  return value
}

/** Parses a `udf-list` value. */
function parseList(value: string): UdfInfo[] {
  const out: UdfInfo[] = []
  for (const entry of value.split(';')) {
    if (entry.trim() === '') continue
    const fields = new Map(
      entry.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
    )
    out.push({ name: fields.get('filename') ?? '', hash: fields.get('hash') ?? '', udfType: UDF_TYPE_LUA })
  }
  return out
}

/** Polls every node's `udf-list` until `done` holds for the lists, or `timeout` ms pass (AerospikeTimeoutError). */
async function waitForLists(
  cluster: Cluster,
  timeout: number,
  what: string,
  done: (lists: UdfInfo[][]) => boolean,
): Promise<void> {
  const deadline = Date.now() + (timeout > 0 ? timeout : Number.POSITIVE_INFINITY)
  let delay = FIRST_POLL_MS
  for (;;) {
    const nodes = cluster.state.nodes.filter((n) => n.active)
    const lists = await Promise.all(
      nodes.map(async (n) => parseList(await udfInfo(n, 'udf-list', 'udf-list', timeout))),
    )
    if (nodes.length > 0 && done(lists)) return
    if (Date.now() + delay > deadline)
      throw errorFromResultCode(ResultCode.TIMEOUT, {
        detail: `${what}: not every node lists the change yet`,
      })
    await cluster.sleep(delay)
    if (cluster.closed)
      throw errorFromResultCode(ResultCode.CLIENT_ERROR, { detail: 'the client was closed' })
    delay = Math.min(delay * 2, MAX_POLL_MS)
  }
}

/**
 * Registers `content` as module file `filename` (`udf-put` to one node, which
 * spreads it), then waits until every node lists the file, all with the same
 * hash, within the policy's timeout (the official clients wait for the name). A compile error is a UDFError
 * naming the file, line and Lua's message.
 */
export async function udfPutContent(
  cluster: Cluster,
  filename: unknown,
  content: unknown,
  udfType: unknown,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  const name = checkFilename(filename, 'UDF file name')
  if (!name.includes('.') || name.startsWith('.') || name.endsWith('.'))
    throw invalidArg(`UDF file name '${name}' needs an extension (for example '.lua')`)
  checkUdfType(udfType)
  let bytes: Buffer
  if (typeof content === 'string') bytes = Buffer.from(content, 'utf8')
  else if (content instanceof Uint8Array)
    bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  else throw invalidArg('UDF content must be a string or a Buffer')
  const { timeout } = resolvePolicy('info', defaults, policy)
  const content64 = bytes.toString('base64')
  await udfInfo(
    cluster.randomNode(),
    `udf-put:filename=${name};content=${content64};content-len=${content64.length};udf-type=LUA;`,
    'udf-put',
    timeout,
  )
  await waitForLists(cluster, timeout, `udfPut of '${name}'`, (lists) => {
    const hashes = new Set(lists.map((list) => list.find((u) => u.name === name)?.hash))
    return hashes.size === 1 && !hashes.has(undefined)
  })
}

/** Reads the local file `path` and registers it under its base name (see udfPutContent). */
export async function udfPut(
  cluster: Cluster,
  path: unknown,
  udfType: unknown,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  if (typeof path !== 'string' || path === '') throw invalidArg('UDF path must be a non-empty string')
  checkUdfType(udfType)
  let content: Buffer
  try {
    content = await readFile(path)
  } catch (err) {
    throw errorFromResultCode(ResultCode.CLIENT_ERROR, {
      detail: `cannot read UDF file '${path}': ${(err as Error).message}`,
      cause: err,
    })
  }
  await udfPutContent(cluster, basename(path), content, udfType, policy, defaults)
}

/** Removes module file `filename` and waits until no node lists it (removing a file that is not there succeeds). */
export async function udfRemove(
  cluster: Cluster,
  filename: unknown,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<void> {
  const name = checkFilename(filename, 'UDF module')
  const { timeout } = resolvePolicy('info', defaults, policy)
  await udfInfo(cluster.randomNode(), `udf-remove:filename=${name};`, 'udf-remove', timeout)
  await waitForLists(cluster, timeout, `udfRemove of '${name}'`, (lists) =>
    lists.every((list) => list.every((u) => u.name !== name)),
  )
}

/** The modules a random node lists. */
export async function udfList(
  cluster: Cluster,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<UdfInfo[]> {
  const { timeout } = resolvePolicy('info', defaults, policy)
  return parseList(await udfInfo(cluster.randomNode(), 'udf-list', 'udf-list', timeout))
}

/** The source text of module file `filename`; UDFError when no such module is registered. */
export async function udfGet(
  cluster: Cluster,
  filename: unknown,
  udfType: unknown,
  policy: InfoPolicy | undefined,
  defaults: Required<InfoPolicy>,
): Promise<string> {
  const name = checkFilename(filename, 'UDF module')
  checkUdfType(udfType)
  const { timeout } = resolvePolicy('info', defaults, policy)
  const value = await udfInfo(cluster.randomNode(), `udf-get:filename=${name};`, 'udf-get', timeout)
  const content = infoFields(value).get('content')
  if (content === undefined)
    throw errorFromResultCode(ResultCode.PARSE_ERROR, {
      detail: `udf-get answered without content: ${value}`,
    })
  return Buffer.from(content, 'base64').toString('utf8')
}
