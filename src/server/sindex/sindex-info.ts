/** The secondary-index info commands of a CE 8.1 node: sindex-create, -delete, -exists, -list, -stat and the deprecated `sindex`. */
import type { InfoCommand } from '../info/commands.js'
import { getParam, infoError } from '../info/params.js'
import type { ServerState } from '../server-state.js'
import { decodeSValue, SBytes, SList, SMap, type SValue } from '../value.js'
import {
  INDEX_TYPE_NAMES,
  type IndexDefinition,
  IndexType,
  indexNameParam,
  KEY_TYPE_NAMES,
  namespaceParam,
  parseDefinition,
} from './definition.js'
import type { SecondaryIndex } from './secondary-index.js'

const NO_INDEX = infoError(201, 'no index')
const NAMESPACE_NOT_FOUND = infoError(20, 'namespace not found on node')
const CTX_NAMES = ['index', 'rank', 'key', 'value']

/** One context value as the server displays it. */
function displayValue(v: SValue): string {
  if (v === null) return 'nil'
  if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number') return String(v)
  if (v instanceof SBytes) return v.ptype === 3 ? `<string#${v.bytes.length}>` : `<blob#${v.bytes.length}>`
  if (v instanceof SList) return `<list#${v.items.length}>`
  if (v instanceof SMap) return `<map#${v.size}>`
  return '<ext>'
}

/** A context as `sindex-list` shows it without b64 (`[[list_index(0), map_key(<string#1>)]`, the server's own bracketing). */
function displayContext(ctx: Buffer): string {
  const items = (decodeSValue(ctx) as SList).items
  const parts: string[] = []
  for (let i = 0; i + 1 < items.length; i += 2) {
    const type = Number(items[i])
    const prefix = type & 0x10 ? 'list_' : type & 0x20 ? 'map_' : ''
    parts.push(`${prefix}${CTX_NAMES[type & 0x0f] ?? '?'}(${displayValue(items[i + 1]!)})`)
  }
  return `[[${parts.join(', ')}]`
}

function listEntry(index: SecondaryIndex, b64: boolean): string {
  const d = index.definition
  const ctx = d.context === undefined ? 'null' : b64 ? d.contextB64 : displayContext(d.context)
  return (
    `ns=${d.ns}:indexname=${d.name}:set=${d.set === '' ? 'null' : d.set}:bin=${d.bin}` +
    `:type=${KEY_TYPE_NAMES[d.keyType]}:indextype=${INDEX_TYPE_NAMES[d.indexType]}:context=${ctx}` +
    `:exp=null:state=${index.readable ? 'RW' : 'WO'}`
  )
}

function setIndexEntry(d: IndexDefinition): string {
  return `ns=${d.ns}:indexname=${d.name}:set=${d.set}:indextype=set`
}

/** Removes one trailing `;` (the server's chomp). */
function chomp(s: string): string {
  return s.endsWith(';') ? s.slice(0, -1) : s
}

/** The secondary indexes (set indexes aside) of the given namespaces, `;`-separated. */
function indexEntries(state: ServerState, namespaces: readonly string[], b64: boolean): string {
  let out = ''
  for (const ns of namespaces)
    for (const index of state.sindexes.indexesOf(ns))
      if (index.definition.indexType !== IndexType.SET) out += `${listEntry(index, b64)};`
  return chomp(out)
}

/** The secondary indexes, then the set indexes, joined exactly as `sindex-list` joins them. */
function listIndexes(state: ServerState, namespaces: readonly string[], b64: boolean): string {
  let out = `${indexEntries(state, namespaces, b64)};`
  for (const ns of namespaces)
    for (const index of state.sindexes.indexesOf(ns))
      if (index.definition.indexType === IndexType.SET) out += `${setIndexEntry(index.definition)};`
  return chomp(chomp(out))
}

/** The stats of index `name`, or the error value. */
function stats(state: ServerState, ns: string, name: string): string {
  const index = state.sindexes.byName(ns, name)
  if (index === undefined) return NO_INDEX
  if (index.definition.indexType !== IndexType.SET) return index.stats()
  const set = state.store.namespace(ns)?.sets.get(index.definition.set)
  const objects = set?.objects ?? 0
  return `entries=${objects};used_bytes=${objects * 4};load_pct=100`
}

/** Reads `indexname` then a namespace that exists on this node; the pair or the error value. */
function indexOnNode(state: ServerState, params: string): { ns: string; name: string } | string {
  const name = indexNameParam(params)
  if ('error' in name) return name.error
  const ns = namespaceParam(params, true)
  if ('error' in ns) return ns.error
  if (state.store.namespace(ns.value!) === undefined) return NAMESPACE_NOT_FOUND
  return { ns: ns.value!, name: name.value }
}

const sindexCreate: InfoCommand = ({ state, params }) => {
  const def = parseDefinition(params, (ns) => state.store.namespace(ns) !== undefined)
  return typeof def === 'string' ? def : state.sindexes.create(def)
}

const sindexDelete: InfoCommand = ({ state, params }) => {
  const name = indexNameParam(params)
  if ('error' in name) return name.error
  const ns = namespaceParam(params, true)
  if ('error' in ns) return ns.error
  return state.sindexes.delete(ns.value!, name.value)
}

const sindexExists: InfoCommand = ({ state, params }) => {
  const target = indexOnNode(state, params)
  if (typeof target === 'string') return target
  return state.sindexes.byName(target.ns, target.name) === undefined ? 'false' : 'true'
}

const sindexStat: InfoCommand = ({ state, params }) => {
  const target = indexOnNode(state, params)
  if (typeof target === 'string') return target
  return stats(state, target.ns, target.name)
}

const sindexList: InfoCommand = ({ state, params }) => {
  const ns = namespaceParam(params, false)
  if ('error' in ns) return ns.error
  if (ns.value !== undefined && state.store.namespace(ns.value) === undefined) return NAMESPACE_NOT_FOUND
  const b64 = getParam(params, 'b64', 6)
  if (b64 === 'too-long') return infoError(4, "'b64' value too long")
  if (b64 !== 'missing' && b64.value === '') return infoError(4, "missing 'b64' value")
  if (b64 !== 'missing' && b64.value !== 'true' && b64.value !== 'false') return infoError(4, 'bad b64')
  const namespaces = ns.value === undefined ? [...state.store.namespaces.keys()] : [ns.value]
  return listIndexes(state, namespaces, b64 !== 'missing' && b64.value === 'true')
}

/** Deprecated `sindex[/<ns>[/<name>]]`: every index, one namespace's, or one index's stats. */
const sindexLegacy: InfoCommand = ({ state, params }) => {
  if (params === '') return indexEntries(state, [...state.store.namespaces.keys()], false)
  const slash = params.indexOf('/')
  const nsName = slash < 0 ? params : params.slice(0, slash)
  if (state.store.namespace(nsName) === undefined) return 'ns_type=unknown'
  if (slash < 0) return indexEntries(state, [nsName], false)
  return stats(state, nsName, params.slice(slash + 1))
}

/** The secondary-index commands, by name. */
export const SINDEX_INFO_COMMANDS: Readonly<Record<string, InfoCommand>> = {
  sindex: sindexLegacy,
  'sindex-create': sindexCreate,
  'sindex-delete': sindexDelete,
  'sindex-exists': sindexExists,
  'sindex-list': sindexList,
  'sindex-stat': sindexStat,
}
