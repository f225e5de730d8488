/** Test helper: every expression builder paired with the official client's (aerospike@6.7.1) equivalent. */
import { createRequire } from 'node:module'
import { type Expression, exp } from '../../../src/client/exp/index.js'

/** An expression as the official client builds it. */
export type Theirs = unknown[]
// biome-ignore lint/suspicious/noExplicitAny: the official client's JS API is untyped
export type Official = any
const require = createRequire(import.meta.url)
/** The official client module. */
export const Aerospike: Official = require('aerospike')
/** The official client's `exp` module. */
export const X: Official = Aerospike.exp

/** The same expression built by our builder and by the official client. */
export interface Pair {
  ours: Expression
  theirs: Theirs
}
/** Pairs two equivalent expressions. */
export const P = (ours: Expression, theirs: Theirs): Pair => ({ ours, theirs })
const lift =
  (ours: (...e: Expression[]) => Expression, theirs: (...t: Theirs[]) => Theirs) =>
  (...ps: Pair[]): Pair =>
    P(ours(...ps.map((p) => p.ours)), theirs(...ps.map((p) => p.theirs)))
// aerospike@6.7.1 does not flatten the arguments of these builders (see cdt-semantics.json nodeClientBugs).
const flattened =
  (f: (...t: Theirs[]) => Theirs) =>
  (...t: Theirs[]): Theirs => {
    const [head, ...rest] = f(...t)
    return [head, ...rest.flat()]
  }

const v = {
  int: (n: number) => P(exp.intVal(n), X.int(n)),
  float: (n: number) => P(exp.floatVal(n), X.float(n)),
  str: (s: string) => P(exp.stringVal(s), X.str(s)),
  bool: (b: boolean) => P(exp.boolVal(b), X.bool(b)),
  blob: (b: Buffer) => P(exp.blobVal(b), X.bytes(b, b.length)),
  geo: (o: object) => P(exp.geoVal(o), X.geo(new Aerospike.GeoJSON(o))),
  list: (l: unknown[]) => P(exp.listVal(l as never), X.list(l)),
  map: (m: object) => P(exp.mapVal(m as never), X.map(m)),
  nil: () => P(exp.nil(), X.nil()),
  inf: () => P(exp.infinity(), X.inf()),
  wildcard: () => P(exp.wildcard(), X.wildcard()),
  unknown: () => P(exp.unknown(), X.unknown()),
}
const bin = {
  int: (n: string) => P(exp.intBin(n), X.binInt(n)),
  float: (n: string) => P(exp.floatBin(n), X.binFloat(n)),
  str: (n: string) => P(exp.stringBin(n), X.binStr(n)),
  bool: (n: string) => P(exp.boolBin(n), X.binBool(n)),
  blob: (n: string) => P(exp.blobBin(n), X.binBlob(n)),
  geo: (n: string) => P(exp.geoBin(n), X.binGeo(n)),
  list: (n: string) => P(exp.listBin(n), X.binList(n)),
  map: (n: string) => P(exp.mapBin(n), X.binMap(n)),
  hll: (n: string) => P(exp.hllBin(n), X.binHll(n)),
  type: (n: string) => P(exp.binType(n), X.binType(n)),
  exists: (n: string) => P(exp.binExists(n), X.binExists(n)),
}
const meta = {
  keyInt: () => P(exp.key(exp.EXP_TYPE_INT), X.keyInt()),
  keyStr: () => P(exp.key(exp.EXP_TYPE_STRING), X.keyStr()),
  keyBlob: () => P(exp.key(exp.EXP_TYPE_BLOB), X.keyBlob()),
  keyExists: () => P(exp.keyExists(), X.keyExist()),
  setName: () => P(exp.setName(), X.setName()),
  recordSize: () => P(exp.recordSize(), X.recordSize()),
  lastUpdate: () => P(exp.lastUpdate(), X.lastUpdate()),
  sinceUpdate: () => P(exp.sinceUpdate(), X.sinceUpdate()),
  voidTime: () => P(exp.voidTime(), X.voidTime()),
  ttl: () => P(exp.ttl(), X.ttl()),
  digestModulo: (m: number) => P(exp.digestModulo(m), [{ op: 64, count: 2 }, ...X.int(m)]),
}
const eq = lift(exp.eq, X.eq)
const ne = lift(exp.ne, X.ne)
const gt = lift(exp.gt, X.gt)
const ge = lift(exp.ge, X.ge)
const lt = lift(exp.lt, X.lt)
const le = lift(exp.le, X.le)
const and = lift(exp.and, X.and)
const or = lift(exp.or, X.or)
const not = lift(exp.not, X.not)
const exclusive = lift(exp.exclusive, X.exclusive)
const add = lift(exp.numAdd, X.add)
const sub = lift(exp.numSub, X.sub)
const mul = lift(exp.numMul, X.mul)
const div = lift(exp.numDiv, X.div)
const pow = lift(exp.numPow, flattened(X.pow))
const log = lift(exp.numLog, flattened(X.log))
const mod = lift(exp.numMod, flattened(X.mod))
const abs = lift(exp.numAbs, flattened(X.abs))
const floor = lift(exp.numFloor, flattened(X.floor))
const ceil = lift(exp.numCeil, flattened(X.ceil))
const toInt = lift(exp.toInt, flattened(X.toInt))
const toFloat = lift(exp.toFloat, flattened(X.toFloat))
const min = lift(exp.min, X.min)
const max = lift(exp.max, X.max)
const intAnd = lift(exp.intAnd, X.intAnd)
const intOr = lift(exp.intOr, X.intOr)
const intXor = lift(exp.intXor, X.intXor)
const intNot = lift(exp.intNot, flattened(X.intNot))
const intLshift = lift(exp.intLshift, flattened(X.intLshift))
const intRshift = lift(exp.intRshift, flattened(X.intRshift))
const intArshift = lift(exp.intArshift, flattened(X.intArshift))
const intCount = lift(exp.intCount, flattened(X.intCount))
const intLscan = lift(exp.intLscan, flattened(X.intLscan))
const intRscan = lift(exp.intRscan, flattened(X.intRscan))
const cond = lift(exp.cond, X.cond)
const inList = lift(exp.inList, X.inList)
const mapKeys = lift(exp.mapKeys, X.mapKeys)
const mapValues = lift(exp.mapValues, X.mapValues)
const regex = (pattern: string, flags: number, e: Pair) =>
  P(exp.regexCompare(pattern, flags, e.ours), X.cmpRegex(flags, pattern, e.theirs))
const geoCmp = lift(exp.geoCompare, X.cmpGeo)
const varOf = (n: string) => P(exp.var(n), X.var(n))
const letIn = (defs: Array<[string, Pair]>, scope: Pair) =>
  P(
    exp.let(...defs.map(([n, p]) => exp.def(n, p.ours)), scope.ours),
    X.let(...defs.map(([n, p]) => X.def(n, p.theirs)), scope.theirs),
  )

/** Paired builders, named after the official client's functions. */
export const E = {
  v,
  bin,
  meta,
  eq,
  ne,
  gt,
  ge,
  lt,
  le,
  and,
  or,
  not,
  exclusive,
  add,
  sub,
  mul,
  div,
  pow,
  log,
  mod,
  abs,
  floor,
  ceil,
  toInt,
  toFloat,
  min,
  max,
  intAnd,
  intOr,
  intXor,
  intNot,
  intLshift,
  intRshift,
  intArshift,
  intCount,
  intLscan,
  intRscan,
  cond,
  inList,
  mapKeys,
  mapValues,
  regex,
  geoCmp,
  varOf,
  letIn,
}
