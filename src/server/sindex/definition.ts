/** Secondary-index definitions: what `sindex-create` declares (new and old syntax), checked as a CE 8.1 node checks it. */
import { ParticleType } from '../../protocol/particle-type.js'
import { getParam, infoError, type ParamResult } from '../info/params.js'
import { decodeSValue, SList, type SValue } from '../value.js'

/** Collection types of an index (INDEX_TYPE field values), and the set index of 8.1. */
export const IndexType = { DEFAULT: 0, LIST: 1, MAPKEYS: 2, MAPVALUES: 3, SET: 4 } as const

/** `indextype` names by index type. */
export const INDEX_TYPE_NAMES: readonly string[] = ['default', 'list', 'mapkeys', 'mapvalues', 'set']

/** `type` names by the particle type of the values an index holds. */
export const KEY_TYPE_NAMES: Readonly<Record<number, string>> = {
  [ParticleType.INTEGER]: 'numeric',
  [ParticleType.STRING]: 'string',
  [ParticleType.BLOB]: 'blob',
  [ParticleType.GEOJSON]: 'geo2dsphere',
}

const KEY_TYPE_CHARS: Readonly<Record<number, string>> = {
  [ParticleType.INTEGER]: 'I',
  [ParticleType.STRING]: 'S',
  [ParticleType.BLOB]: 'B',
  [ParticleType.GEOJSON]: 'G',
}
const INDEX_TYPE_CHARS = ['.', 'L', 'K', 'V', 'S']

/** Field sizes of the server's parameter buffers (a value must be shorter). */
const NS_SIZE = 32
const SET_SIZE = 64
const INDEX_NAME_SIZE = 64
const INDEX_TYPE_SIZE = 10
const KEY_TYPE_SIZE = 12
const BIN_SIZE = 16
const INDEX_DATA_SIZE = BIN_SIZE + KEY_TYPE_SIZE
const CONTEXT_SIZE = 2048
const EXP_SIZE = 16 * 1024

/** A secondary index as declared. Names are byte strings. */
export interface IndexDefinition {
  readonly ns: string
  readonly name: string
  /** '' when the index covers records in no particular set. */
  readonly set: string
  /** '' for a set index. */
  readonly bin: string
  /** Particle type of the indexed values; 0 for a set index. */
  readonly keyType: number
  readonly indexType: number
  /** The CDT context (msgpack), when the index looks inside a list or map. */
  readonly context: Buffer | undefined
  /** The context as the client sent it (base64). */
  readonly contextB64: string | undefined
  /** Identity of the definition: two creations with the same key declare the same index. */
  readonly key: string
}

/** Case-insensitive lookup of a key type name. */
function keyTypeFromName(name: string): number | undefined {
  const lower = name.toLowerCase()
  for (const [type, n] of Object.entries(KEY_TYPE_NAMES)) if (n === lower) return Number(type)
  return undefined
}

function indexTypeFromName(name: string): number | undefined {
  const i = INDEX_TYPE_NAMES.indexOf(name.toLowerCase())
  return i < 0 ? undefined : i
}

/** A parameter that may be absent: its value, undefined, or the error to answer ('namespace' errors use code 20). */
function optional(r: ParamResult, name: string): { value: string | undefined } | { error: string } {
  const code = name === 'namespace' ? 20 : 4
  if (r === 'missing') return { value: undefined }
  if (r === 'too-long') return { error: infoError(code, `'${name}' value too long`) }
  if (r.value === '') return { error: infoError(code, `missing '${name}' value`) }
  return { value: r.value }
}

function required(r: ParamResult, name: string): { value: string } | { error: string } {
  const o = optional(r, name)
  if ('error' in o) return o
  if (o.value === undefined) return { error: infoError(name === 'namespace' ? 20 : 4, `missing '${name}'`) }
  return { value: o.value }
}

/** The namespace parameter: `namespace=` or (deprecated) `ns=`. */
export function namespaceParam(
  params: string,
  isRequired: boolean,
): { value: string | undefined } | { error: string } {
  let r = getParam(params, 'namespace', NS_SIZE)
  if (r === 'missing') r = getParam(params, 'ns', NS_SIZE)
  return isRequired ? required(r, 'namespace') : optional(r, 'namespace')
}

/** The required `indexname` parameter. */
export function indexNameParam(params: string): { value: string } | { error: string } {
  return required(getParam(params, 'indexname', INDEX_NAME_SIZE), 'indexname')
}

const CTX_TYPES: ReadonlySet<number> = new Set([0x10, 0x11, 0x13, 0x20, 0x21, 0x22, 0x23])

/** Whether a value is a CDT context: an array of (context type, value) pairs. */
function isContext(v: SValue): boolean {
  if (!(v instanceof SList) || v.items.length === 0 || v.items.length % 2 !== 0) return false
  for (let i = 0; i < v.items.length; i += 2) {
    const t = v.items[i]
    if (typeof t !== 'bigint' || !CTX_TYPES.has(Number(t & 0x3fn))) return false
  }
  return true
}

/** Why context bytes are unusable ('invalid cdt context' or 'not normalized msgpack'), or undefined when they are fine. */
export function contextProblem(bytes: Buffer): string | undefined {
  let v: SValue
  try {
    v = decodeSValue(bytes)
  } catch {
    return 'invalid cdt context'
  }
  if (!isContext(v)) return 'invalid cdt context'
  if (!isCompact(bytes)) return 'not normalized msgpack'
  return undefined
}

/** Decodes a base64 context; the error text when it is not canonical base64, a context, or compact msgpack. */
function decodeContext(b64: string): Buffer | string {
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return "'context' invalid base64"
  const bytes = Buffer.from(b64, 'base64')
  const problem = contextProblem(bytes)
  return problem === undefined ? bytes : `'context' ${problem}`
}

/** Reads big-endian unsigned integers from a msgpack buffer; -1 when the buffer ends first. */
class Cursor {
  pos = 0
  constructor(readonly buf: Buffer) {}
  uint(n: number): number {
    if (this.pos + n > this.buf.length) return -1
    const v = n === 8 ? Number(this.buf.readBigUInt64BE(this.pos)) : this.buf.readUIntBE(this.pos, n)
    this.pos += n
    return v
  }
  int(n: number): number {
    if (this.pos + n > this.buf.length) return Number.NaN
    const v = n === 8 ? Number(this.buf.readBigInt64BE(this.pos)) : this.buf.readIntBE(this.pos, n)
    this.pos += n
    return v
  }
  skip(n: number): boolean {
    if (n < 0 || this.pos + n > this.buf.length) return false
    this.pos += n
    return true
  }
}

/** Smallest value each non-fix integer format may hold in compact form (below it, a smaller format fits). */
const UINT_MIN: Readonly<Record<number, [bytes: number, min: number]>> = {
  204: [1, 0x80],
  205: [2, 0x100],
  206: [4, 0x1_0000],
  207: [8, 0x1_0000_0000],
}
/** Largest value each signed integer format may hold in compact form (above it, a smaller format fits). */
const INT_MAX: Readonly<Record<number, [bytes: number, max: number]>> = {
  208: [1, -33],
  209: [2, -129],
  210: [4, -32769],
  211: [8, -2147483649],
}
/** Length-prefixed formats: [length bytes, smallest compact length, kind]. */
const SIZED: Readonly<Record<number, [bytes: number, min: number, kind: 'bytes' | 'array' | 'map']>> = {
  217: [1, 32, 'bytes'],
  218: [2, 0x100, 'bytes'],
  219: [4, 0x1_0000, 'bytes'],
  196: [1, 32, 'bytes'],
  197: [2, 0x100, 'bytes'],
  198: [4, 0x1_0000, 'bytes'],
  220: [2, 16, 'array'],
  221: [4, 0x1_0000, 'array'],
  222: [2, 16, 'map'],
  223: [4, 0x1_0000, 'map'],
}
/** Formats of a fixed size after the type byte (floats and fixext). */
const FIXED: Readonly<Record<number, number>> = { 202: 4, 203: 8, 212: 2, 213: 3, 214: 5, 215: 9, 216: 17 }

/** Whether the next msgpack item (and everything in it) is written in its smallest form. */
function compactItem(c: Cursor, depth: number): boolean {
  if (depth > 32 || c.pos >= c.buf.length) return false
  const b = c.buf[c.pos++]!
  if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return true
  if ((b & 0xe0) === 0xa0) return c.skip(b & 0x1f)
  if ((b & 0xf0) === 0x90) return compactItems(c, b & 0x0f, depth)
  if ((b & 0xf0) === 0x80) return compactItems(c, (b & 0x0f) * 2, depth)
  const u = UINT_MIN[b]
  if (u !== undefined) return c.uint(u[0]) >= u[1]
  const i = INT_MAX[b]
  if (i !== undefined) return c.int(i[0]) <= i[1]
  const sized = SIZED[b]
  if (sized !== undefined) {
    const n = c.uint(sized[0])
    if (n < sized[1]) return false
    if (sized[2] === 'bytes') return c.skip(n)
    return compactItems(c, sized[2] === 'map' ? n * 2 : n, depth)
  }
  const fixed = FIXED[b]
  if (fixed !== undefined) return c.skip(fixed)
  if (b === 0xc7) {
    const n = c.uint(1)
    return n >= 0 && c.skip(n + 1)
  }
  return false
}

function compactItems(c: Cursor, n: number, depth: number): boolean {
  for (let i = 0; i < n; i++) if (!compactItem(c, depth + 1)) return false
  return true
}

/** Whether `buf` is exactly one msgpack item whose integers, strings and headers all use their smallest form. */
export function isCompact(buf: Buffer): boolean {
  const c = new Cursor(buf)
  return compactItem(c, 0) && c.pos === buf.length
}

/** The definition's identity, as the server keys its metadata: `ns|set|bin[|c<ctx>]|itype|ktype`. */
function definitionKey(
  ns: string,
  set: string,
  bin: string,
  contextB64: string | undefined,
  indexType: number,
  keyType: number,
): string {
  if (indexType === IndexType.SET) return `${ns}|${set}|S`
  const ctx = contextB64 === undefined ? '' : `|c${contextB64}`
  return `${ns}|${set}|${bin}${ctx}|${INDEX_TYPE_CHARS[indexType]}|${KEY_TYPE_CHARS[keyType]}`
}

/** Params the set-index form must not carry, with the error each gives. */
const NOT_FOR_SET_INDEX = ['context', 'indexdata', 'type', 'bin', 'exp'] as const

/**
 * Reads `sindex-create` parameters (after `sindex-create:`) into a
 * definition, or the error value a CE 8.1 node answers. `namespaceExists`
 * tells whether a set index's namespace is known (other indexes may name
 * any namespace: the node stores the definition for when it appears).
 */
export function parseDefinition(
  params: string,
  namespaceExists: (ns: string) => boolean,
): IndexDefinition | string {
  const name = indexNameParam(params)
  if ('error' in name) return name.error
  const ns = namespaceParam(params, true)
  if ('error' in ns) return ns.error
  const itypeLookup = getParam(params, 'indextype', INDEX_TYPE_SIZE)
  const isSetIndex =
    itypeLookup !== 'missing' &&
    itypeLookup !== 'too-long' &&
    indexTypeFromName(itypeLookup.value) === IndexType.SET

  if (isSetIndex) {
    for (const p of NOT_FOR_SET_INDEX) {
      if (getParam(params, p, EXP_SIZE) !== 'missing')
        return infoError(4, `${p} parameter is not supported for set index`)
    }
    const set = required(getParam(params, 'set', SET_SIZE), 'set')
    if ('error' in set) return set.error
    if (!namespaceExists(ns.value!)) return infoError(4, 'namespace not found')
    return {
      ns: ns.value!,
      name: name.value,
      set: set.value,
      bin: '',
      keyType: 0,
      indexType: IndexType.SET,
      context: undefined,
      contextB64: undefined,
      key: definitionKey(ns.value!, set.value, '', undefined, IndexType.SET, 0),
    }
  }

  const set = optional(getParam(params, 'set', SET_SIZE), 'set')
  if ('error' in set) return set.error
  const ctx = optional(getParam(params, 'context', CONTEXT_SIZE), 'context')
  if ('error' in ctx) return ctx.error
  let context: Buffer | undefined
  if (ctx.value !== undefined) {
    const decoded = decodeContext(ctx.value)
    if (typeof decoded === 'string') return infoError(4, decoded)
    context = decoded
  }
  const itype = optional(itypeLookup, 'indextype')
  if ('error' in itype) return itype.error
  let indexType: number = IndexType.DEFAULT
  if (itype.value !== undefined) {
    const t = indexTypeFromName(itype.value)
    if (t === undefined)
      return infoError(4, "bad 'indextype' - must be one of 'default', 'list', 'mapkeys', 'mapvalues'")
    indexType = t
  }
  const indexData = optional(getParam(params, 'indexdata', INDEX_DATA_SIZE), 'indexdata')
  if ('error' in indexData) return indexData.error
  const type = optional(getParam(params, 'type', KEY_TYPE_SIZE), 'type')
  if ('error' in type) return type.error
  if (indexData.value === undefined && type.value === undefined)
    return infoError(4, "both 'indexdata' and 'type' are missing")
  if (indexData.value !== undefined && type.value !== undefined)
    return infoError(4, "both 'indexdata' and 'type' are specified")

  let bin: string
  let keyType: number
  if (type.value !== undefined) {
    const kt = keyTypeFromName(type.value)
    if (kt === undefined)
      return infoError(4, "bad 'type' - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'")
    keyType = kt
    const binParam = optional(getParam(params, 'bin', BIN_SIZE), 'bin')
    if ('error' in binParam) return binParam.error
    const exp = optional(getParam(params, 'exp', EXP_SIZE), 'exp')
    if ('error' in exp) return exp.error
    if (binParam.value !== undefined && exp.value !== undefined)
      return infoError(4, "both 'bin' and 'exp' are specified")
    if (binParam.value === undefined && exp.value === undefined)
      return infoError(4, "both 'bin' and 'exp' are missing")
    if (exp.value !== undefined) {
      if (context !== undefined) return infoError(4, "both 'context' and 'exp' are specified")
      // Expression indexes are not kept by this server: their expression is refused as the server refuses a bad one.
      return infoError(4, "bad 'exp'")
    }
    bin = binParam.value!
  } else {
    const data = indexData.value!
    const comma = data.indexOf(',')
    if (comma < 0) return infoError(4, "'indexdata' missing bin type")
    bin = data.slice(0, comma)
    if (bin === '') return infoError(4, "'indexdata' missing bin name")
    if (bin.length >= BIN_SIZE) return infoError(4, "'indexdata' bin name too long")
    const kt = keyTypeFromName(data.slice(comma + 1))
    if (kt === undefined)
      return infoError(
        4,
        "bad 'indexdata' bin type - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'",
      )
    keyType = kt
  }
  if (indexType === IndexType.MAPKEYS && keyType === ParticleType.GEOJSON)
    return infoError(
      4,
      "bad 'indexdata' bin type for 'indextype' 'mapkeys' - must be one of 'numeric', 'string', 'blob'",
    )
  const setName = set.value ?? ''
  return {
    ns: ns.value!,
    name: name.value,
    set: setName,
    bin,
    keyType,
    indexType,
    context,
    contextB64: ctx.value,
    key: definitionKey(ns.value!, setName, bin, ctx.value, indexType, keyType),
  }
}
