/** Value transfer between the client's values and its Lua engine: Lua source text one way, the prelude's tagged text the other. */
import { ParseError } from '../../protocol/codec-errors.js'
import { luaFloat, luaInteger, luaString, TaggedCursor } from '../../protocol/lua-text.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { Double, GeoJSON } from '../../protocol/values.js'

const MIN_INT64 = -(2n ** 63n)
const MAX_INT64 = 2n ** 63n - 1n

/** Lua source of an integer that fits 64 bits; RangeError otherwise. */
function int64Source(v: bigint): string {
  if (v < MIN_INT64 || v > MAX_INT64) throw new RangeError(`integer ${v} does not fit 64 bits`)
  return luaInteger(v)
}

/**
 * A Lua expression building `v` with the prelude's value constructors:
 * safe integers and bigints as Lua integers, other numbers and `Double` as
 * floats, strings, Buffers as `bytes`, `GeoJSON`, arrays as lists, plain
 * objects and Maps as maps, booleans, null/undefined as nil.
 */
export function toLuaSource(v: unknown): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      return int64Source(v)
    case 'number':
      return Number.isSafeInteger(v) ? int64Source(BigInt(v)) : luaFloat(v)
    case 'string':
      return luaString(Buffer.from(v, 'utf8'))
    case 'undefined':
      return 'nil'
  }
  if (v === null) return 'nil'
  if (v instanceof Double) return luaFloat(v.value)
  if (v instanceof GeoJSON) return `G(${luaString(Buffer.from(v.value, 'utf8'))})`
  if (v instanceof Uint8Array) return `B(${luaString(v)},${ParticleType.BLOB})`
  if (Array.isArray(v)) return `L({${v.map(toLuaSource).join(',')}},${v.length})`
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object)
  return `M({${entries.map(([k, x]) => `${toLuaSource(k)},${toLuaSource(x)}`).join(',')}})`
}

/** Reads one tagged value as a client value (as the client reads server values). */
function readValue(c: TaggedCursor): unknown {
  const tag = c.tag()
  switch (tag) {
    case 'N':
    case 'U':
      return null
    case 'T':
      return true
    case 'F':
      return false
    case 'I': {
      const v = BigInt(c.until(';'))
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
    }
    case 'D':
      return c.float()
    case 'S':
      return c.hexBytes().toString('utf8')
    case 'G':
      return new GeoJSON(c.hexBytes().toString('utf8'))
    case 'B': {
      const type = Number(c.until(':'))
      const bytes = c.hexBytes()
      return type === ParticleType.STRING ? bytes.toString('utf8') : bytes
    }
    case 'L': {
      const n = Number(c.until(';'))
      const items: unknown[] = new Array(n)
      for (let i = 0; i < n; i++) items[i] = readValue(c)
      return items
    }
    case 'M': {
      const n = Number(c.until(';'))
      const entries: Array<[unknown, unknown]> = new Array(n)
      for (let i = 0; i < n; i++) entries[i] = [readValue(c), readValue(c)]
      // Maps with string keys only read as plain objects, others as Map (as the client reads maps).
      if (entries.every(([k]) => typeof k === 'string')) {
        const out: { [k: string]: unknown } = {}
        for (const [k, x] of entries)
          Object.defineProperty(out, k as string, {
            value: x,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        return out
      }
      return new Map(entries)
    }
  }
  throw new ParseError(`bad Lua value tag '${tag}'`)
}

/** Decodes one tagged value; Lua values without an Aerospike type read as null. */
export function fromTagged(text: string): unknown {
  const c = new TaggedCursor(text)
  const v = readValue(c)
  c.end()
  return v
}
