/** Value transfer between the client's values and its Lua engine: Lua source text one way, the prelude's tagged text the other. */
import { ParseError } from '../../protocol/codec-errors.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { Double, GeoJSON } from '../../protocol/values.js'

const MIN_INT64 = -(2n ** 63n)
const MAX_INT64 = 2n ** 63n - 1n

/** A Lua string literal for `bytes`, ASCII only (every other byte as a `\ddd` escape). */
function luaString(bytes: Uint8Array): string {
  let out = '"'
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b)
    else out += `\\${b.toString().padStart(3, '0')}`
  }
  return `${out}"`
}

/** A Lua float literal (integral values get `.0`, which Lua reads as a float). */
function luaFloat(v: number): string {
  if (Number.isNaN(v)) return '(0/0)'
  if (v === Number.POSITIVE_INFINITY) return '(1/0)'
  if (v === Number.NEGATIVE_INFINITY) return '(-1/0)'
  if (Object.is(v, -0)) return '(-0.0)'
  const text = String(v)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

/** Lua source of an integer that fits 64 bits (the prelude's `mininteger` for the one Lua cannot write). */
function luaInteger(v: bigint): string {
  if (v < MIN_INT64 || v > MAX_INT64) throw new RangeError(`integer ${v} does not fit 64 bits`)
  return v === MIN_INT64 ? 'mininteger' : v.toString()
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
      return luaInteger(v)
    case 'number':
      return Number.isSafeInteger(v) ? luaInteger(BigInt(v)) : luaFloat(v)
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

/** A cursor over the prelude's tagged text, decoding to client values (as the client reads server values). */
class TaggedReader {
  pos = 0
  constructor(readonly text: string) {}

  private until(end: string): string {
    const stop = this.text.indexOf(end, this.pos)
    if (stop < 0) throw new ParseError('truncated Lua value')
    const out = this.text.slice(this.pos, stop)
    this.pos = stop + 1
    return out
  }

  private hexBytes(): Buffer {
    return Buffer.from(this.until(';'), 'hex')
  }

  value(): unknown {
    const tag = this.text[this.pos++]
    switch (tag) {
      case 'N':
      case 'U':
        return null
      case 'T':
        return true
      case 'F':
        return false
      case 'I': {
        const v = BigInt(this.until(';'))
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
      }
      case 'D':
        return luaNumber(this.until(';'))
      case 'S':
        return this.hexBytes().toString('utf8')
      case 'G':
        return new GeoJSON(this.hexBytes().toString('utf8'))
      case 'B': {
        const type = Number(this.until(':'))
        const bytes = this.hexBytes()
        return type === ParticleType.STRING ? bytes.toString('utf8') : bytes
      }
      case 'L': {
        const n = Number(this.until(';'))
        const items: unknown[] = new Array(n)
        for (let i = 0; i < n; i++) items[i] = this.value()
        return items
      }
      case 'M': {
        const n = Number(this.until(';'))
        const entries: Array<[unknown, unknown]> = new Array(n)
        for (let i = 0; i < n; i++) entries[i] = [this.value(), this.value()]
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
}

/** A float printed by Lua's `%.17g`. */
function luaNumber(text: string): number {
  if (text === 'inf') return Number.POSITIVE_INFINITY
  if (text === '-inf') return Number.NEGATIVE_INFINITY
  if (text === 'nan' || text === '-nan') return Number.NaN
  const v = Number(text)
  if (Number.isNaN(v)) throw new ParseError(`bad Lua float '${text}'`)
  return v
}

/** Decodes one tagged value; Lua values without an Aerospike type read as null. */
export function fromTagged(text: string): unknown {
  const r = new TaggedReader(text)
  const v = r.value()
  if (r.pos !== text.length) throw new ParseError('bytes after a Lua value')
  return v
}
