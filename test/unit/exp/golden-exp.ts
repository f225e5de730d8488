/** Test helper: the `exp` cases of cdt-semantics.json, their wire forms as bytes, and their trees as our builders. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Expression, exp } from '../../../src/client/exp/index.js'
import { ByteWriter } from '../../../src/protocol/byte-writer.js'
import {
  arrayHeaderSize,
  intSize,
  mapHeaderSize,
  strHeaderSize,
  writeArrayHeader,
  writeInt,
  writeMapHeader,
  writeStrHeader,
} from '../../../src/protocol/msgpack.js'
import { type AerospikeValue, Double } from '../../../src/protocol/values.js'

/** One case of the `exp` group. */
export interface ExpCase {
  id: string
  description: string
  mode?: 'filter'
  initial: Record<string, unknown>
  meta?: { ttl?: number; sendKey?: boolean }
  filter?: unknown
  wireFilter?: unknown
  ops?: Array<{ op: string; bin: string; args: { exp: unknown; flags?: number } }>
  wireOps?: Array<{ type: string; bin: string; payload: unknown }>
  result?: unknown
  error?: { code: number; name: string; clientSide?: boolean }
  frames?: { request: string; response: string }
}

const path = fileURLToPath(new URL('../../fixtures/golden/cdt-semantics.json', import.meta.url))

/** Every case of the `exp` group, in file order. */
export function loadExpCases(): ExpCase[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { cases: Array<ExpCase & { group: string }> }
  return doc.cases.filter((c) => c.group === 'exp')
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function isObj(v: Json): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function floatOf(v: Json): number {
  if (typeof v === 'number') return v
  if (v === 'NaN') return Number.NaN
  if (v === 'Infinity') return Number.POSITIVE_INFINITY
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY
  if (v === '-0') return -0
  throw new Error(`bad $float ${JSON.stringify(v)}`)
}

/** A golden wire value encoded as msgpack, the way the official client sent it. */
type Enc = { size: number; write: (w: ByteWriter) => void }

function prefixed(type: number, data: Buffer): Enc {
  return {
    size: strHeaderSize(data.length + 1) + data.length + 1,
    write: (w) => {
      writeStrHeader(w, data.length + 1)
      w.u8(type).bytes(data)
    },
  }
}

function enc(v: Json): Enc {
  if (v === null) return { size: 1, write: (w) => w.u8(0xc0) }
  if (typeof v === 'boolean') return { size: 1, write: (w) => w.u8(v ? 0xc3 : 0xc2) }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return { size: intSize(v), write: (w) => writeInt(w, v) }
    return { size: 9, write: (w) => w.u8(0xcb).f64(v) }
  }
  if (typeof v === 'string') return prefixed(3, Buffer.from(v, 'utf8'))
  if (Array.isArray(v)) {
    const items = v.map(enc)
    return {
      size: arrayHeaderSize(items.length) + items.reduce((s, i) => s + i.size, 0),
      write: (w) => {
        writeArrayHeader(w, items.length)
        for (const i of items) i.write(w)
      },
    }
  }
  if ('$int' in v) {
    const n = BigInt(v.$int as string)
    return { size: intSize(n), write: (w) => writeInt(w, n) }
  }
  if ('$float' in v) {
    const f = floatOf(v.$float)
    return { size: 9, write: (w) => w.u8(0xcb).f64(f) }
  }
  if ('$raw' in v) {
    const b = Buffer.from(v.$raw as string, 'utf8')
    return {
      size: strHeaderSize(b.length) + b.length,
      write: (w) => {
        writeStrHeader(w, b.length)
        w.bytes(b)
      },
    }
  }
  if ('$blob' in v) return prefixed(4, Buffer.from(v.$blob as string, 'hex'))
  if ('$geo' in v) return prefixed(23, Buffer.from(v.$geo as string, 'utf8'))
  if ('$bytes' in v) {
    const b = v.$bytes as { type: number; hex: string }
    return prefixed(b.type, Buffer.from(b.hex, 'hex'))
  }
  if ('$list' in v) {
    const flags = v.$listFlags as number | undefined
    const items = (v.$list as Json[]).map(enc)
    const n = items.length + (flags !== undefined ? 1 : 0)
    return {
      size: arrayHeaderSize(n) + (flags !== undefined ? 3 : 0) + items.reduce((s, i) => s + i.size, 0),
      write: (w) => {
        writeArrayHeader(w, n)
        if (flags !== undefined) w.u8(0xc7).u8(0).u8(flags)
        for (const i of items) i.write(w)
      },
    }
  }
  if ('$map' in v) {
    const flags = v.$mapFlags as number | undefined
    const pairs = (v.$map as Json[][]).map(([k, val]) => [enc(k!), enc(val!)] as const)
    const n = pairs.length + (flags !== undefined ? 1 : 0)
    return {
      size:
        mapHeaderSize(n) +
        (flags !== undefined ? 4 : 0) +
        pairs.reduce((s, [k, val]) => s + k.size + val.size, 0),
      write: (w) => {
        writeMapHeader(w, n)
        if (flags !== undefined) w.u8(0xc7).u8(0).u8(flags).u8(0xc0)
        for (const [k, val] of pairs) {
          k.write(w)
          val.write(w)
        }
      },
    }
  }
  if ('$ext' in v) {
    const e = v.$ext as { type: number; hex: string }
    const data = Buffer.from(e.hex, 'hex')
    if (data.length !== 1) throw new Error('only fixext1 is used in the golden file')
    return { size: 3, write: (w) => w.u8(0xd4).u8(e.type).bytes(data) }
  }
  throw new Error(`unknown golden value ${JSON.stringify(v)}`)
}

/** The msgpack bytes of a golden `wireFilter` / `wireOps[].payload` value. */
export function wireToBytes(v: unknown): Buffer {
  const e = enc(v as Json)
  const w = ByteWriter.alloc(e.size)
  e.write(w)
  return w.buf
}

/** A golden value (`initial` bins, list/map literals) in the client value model. */
export function goldenValue(v: unknown): AerospikeValue {
  const j = v as Json
  if (j === null || typeof j === 'boolean' || typeof j === 'number' || typeof j === 'string') return j
  if (Array.isArray(j)) return j.map(goldenValue)
  if ('$int' in j) return BigInt(j.$int as string)
  if ('$float' in j) return new Double(floatOf(j.$float))
  if ('$blob' in j) return Buffer.from(j.$blob as string, 'hex')
  if ('$list' in j) return (j.$list as Json[]).map(goldenValue)
  if ('$map' in j) {
    const entries = j.$map as Json[][]
    if (entries.every(([k]) => typeof k === 'string')) {
      const o: Record<string, AerospikeValue> = {}
      for (const [k, val] of entries) o[k as string] = goldenValue(val)
      return o
    }
    return new Map(entries.map(([k, val]) => [goldenValue(k), goldenValue(val)]))
  }
  throw new Error(`golden value ${JSON.stringify(j)} has no client form here`)
}

const REGEX_FLAGS: Record<string, number> = { BASIC: 0, EXTENDED: 1, ICASE: 2, NEWLINE: 4 }

/** Thrown for trees this helper does not translate (CDT calls, deprecated metadata, Node-bug probes). */
export class NotOurBuilder extends Error {}

type Builder = (args: Json[]) => Expression

const sub = (t: Json): Expression => treeToExpression(t)
const subs = (ts: Json[]): Expression[] => ts.map(sub)
const num = (t: Json): number | bigint => {
  if (Array.isArray(t) && t[0] === 'int') {
    const v = t[1]!
    return isObj(v) ? BigInt(v.$int as string) : (v as number)
  }
  if (isObj(t) && '$int' in t) return BigInt(t.$int as string)
  return t as number
}

const BUILDERS: Record<string, Builder> = {
  int: ([v]) => exp.intVal(num(v!)),
  uint: ([v]) => exp.intVal(num(v!)),
  float: ([v]) => exp.floatVal(isObj(v!) ? floatOf(v.$float!) : (v as number)),
  str: ([v]) => exp.stringVal(v as string),
  bool: ([v]) => exp.boolVal(v as boolean),
  bytes: ([v]) => exp.blobVal(Buffer.from((v as { $blob: string }).$blob, 'hex')),
  geo: ([v]) => exp.geoVal(v as string),
  list: ([v]) => exp.listVal(goldenValue(v) as AerospikeValue[]),
  map: ([v]) => exp.mapVal(goldenValue(v) as Record<string, AerospikeValue>),
  nil: () => exp.nil(),
  unknown: () => exp.unknown(),
  binInt: ([n]) => exp.intBin(n as string),
  binFloat: ([n]) => exp.floatBin(n as string),
  binStr: ([n]) => exp.stringBin(n as string),
  binBool: ([n]) => exp.boolBin(n as string),
  binBlob: ([n]) => exp.blobBin(n as string),
  binGeo: ([n]) => exp.geoBin(n as string),
  binList: ([n]) => exp.listBin(n as string),
  binMap: ([n]) => exp.mapBin(n as string),
  binHll: ([n]) => exp.hllBin(n as string),
  binType: ([n]) => exp.binType(n as string),
  binExists: ([n]) => exp.binExists(n as string),
  keyExist: () => exp.keyExists(),
  keyInt: () => exp.key(exp.EXP_TYPE_INT),
  keyStr: () => exp.key(exp.EXP_TYPE_STRING),
  keyBlob: () => exp.key(exp.EXP_TYPE_BLOB),
  setName: () => exp.setName(),
  recordSize: () => exp.recordSize(),
  lastUpdate: () => exp.lastUpdate(),
  sinceUpdate: () => exp.sinceUpdate(),
  voidTime: () => exp.voidTime(),
  ttl: () => exp.ttl(),
  isTombstone: () => exp.isTombstone(),
  digestModulo: ([m]) => exp.digestModulo(Number(num(m!))),
  eq: ([a, b]) => exp.eq(sub(a!), sub(b!)),
  ne: ([a, b]) => exp.ne(sub(a!), sub(b!)),
  gt: ([a, b]) => exp.gt(sub(a!), sub(b!)),
  ge: ([a, b]) => exp.ge(sub(a!), sub(b!)),
  lt: ([a, b]) => exp.lt(sub(a!), sub(b!)),
  le: ([a, b]) => exp.le(sub(a!), sub(b!)),
  and: (a) => exp.and(...subs(a)),
  or: (a) => exp.or(...subs(a)),
  not: ([a]) => exp.not(sub(a!)),
  exclusive: (a) => exp.exclusive(...subs(a)),
  cmpRegex: ([flags, regex, e]) => {
    const f = Array.isArray(flags)
      ? flags.reduce((s: number, n) => s | REGEX_FLAGS[n as string]!, 0)
      : (flags as number)
    return exp.regexCompare(regex as string, f, sub(e!))
  },
  cmpGeo: ([a, b]) => exp.geoCompare(sub(a!), sub(b!)),
  inList: ([a, b]) => exp.inList(sub(a!), sub(b!)),
  mapKeys: ([a]) => exp.mapKeys(sub(a!)),
  mapValues: ([a]) => exp.mapValues(sub(a!)),
  add: (a) => exp.numAdd(...subs(a)),
  sub: (a) => exp.numSub(...subs(a)),
  mul: (a) => exp.numMul(...subs(a)),
  div: (a) => exp.numDiv(...subs(a)),
  pow: ([a, b]) => exp.numPow(sub(a!), sub(b!)),
  log: ([a, b]) => exp.numLog(sub(a!), sub(b!)),
  mod: ([a, b]) => exp.numMod(sub(a!), sub(b!)),
  abs: ([a]) => exp.numAbs(sub(a!)),
  floor: ([a]) => exp.numFloor(sub(a!)),
  ceil: ([a]) => exp.numCeil(sub(a!)),
  toInt: ([a]) => exp.toInt(sub(a!)),
  toFloat: ([a]) => exp.toFloat(sub(a!)),
  min: (a) => exp.min(...subs(a)),
  max: (a) => exp.max(...subs(a)),
  intAnd: (a) => exp.intAnd(...subs(a)),
  intOr: (a) => exp.intOr(...subs(a)),
  intXor: (a) => exp.intXor(...subs(a)),
  intNot: ([a]) => exp.intNot(sub(a!)),
  intLshift: ([a, b]) => exp.intLshift(sub(a!), sub(b!)),
  intRshift: ([a, b]) => exp.intRshift(sub(a!), sub(b!)),
  intArshift: ([a, b]) => exp.intArshift(sub(a!), sub(b!)),
  intCount: ([a]) => exp.intCount(sub(a!)),
  intLscan: ([a, b]) => exp.intLscan(sub(a!), sub(b!)),
  intRscan: ([a, b]) => exp.intRscan(sub(a!), sub(b!)),
  cond: (a) => exp.cond(...subs(a)),
  var: ([n]) => exp.var(n as string),
  let: (a) => {
    const defs = a.slice(0, -1).map((d) => {
      const [, name, value] = d as Json[]
      return exp.def(name as string, sub(value!))
    })
    return exp.let(...defs, sub(a[a.length - 1]!))
  },
}

/** Our builder's expression for a golden expression tree; NotOurBuilder for trees outside this issue. */
export function treeToExpression(tree: unknown): Expression {
  const t = tree as Json[]
  const name = t[0] as string
  const build = BUILDERS[name]
  if (!build) throw new NotOurBuilder(name)
  return build(t.slice(1))
}
