/** Value transfer between the server's value model and the UDF Lua engine: Lua source text one way, the prelude's tagged text the other. */
import { ParseError } from '../../protocol/codec-errors.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { SBytes, SList, SMap, type SValue } from '../value.js'

const MIN_INT64 = -(2n ** 63n)

/** A Lua string literal for `bytes`, ASCII only (every other byte as a `\ddd` escape), so it crosses into Lua intact. */
function luaString(bytes: Buffer): string {
  let out = '"'
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b)
    else out += `\\${b.toString().padStart(3, '0')}`
  }
  return `${out}"`
}

/** A Lua float literal for `v` (integral values get `.0`: Lua would read them as integers). */
function luaFloat(v: number): string {
  if (Number.isNaN(v)) return '(0/0)'
  if (v === Number.POSITIVE_INFINITY) return '(1/0)'
  if (v === Number.NEGATIVE_INFINITY) return '(-1/0)'
  if (Object.is(v, -0)) return '(-0.0)'
  const text = String(v)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

/**
 * A Lua expression building `v` with the prelude's value constructors:
 * integers, floats, strings, `B(type, bytes)`, `G(json)`, `L({...}, n)`,
 * `M({k, v, ...})`. Values without a Lua form (CDT specials, other ext) are nil.
 */
export function toLuaSource(v: SValue): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      return v === MIN_INT64 ? 'mininteger' : v.toString()
    case 'number':
      return luaFloat(v)
  }
  if (v instanceof SBytes) {
    if (v.ptype === ParticleType.STRING) return luaString(v.bytes)
    if (v.ptype === ParticleType.GEOJSON) return `G(${luaString(v.bytes)})`
    return `B(${luaString(v.bytes)},${v.ptype === SBytes.UNTYPED ? ParticleType.BLOB : v.ptype})`
  }
  if (v instanceof SList) return `L({${v.items.map(toLuaSource).join(',')}},${v.items.length})`
  if (v instanceof SMap) {
    const parts: string[] = []
    for (let i = 0; i < v.size; i++) parts.push(toLuaSource(v.keys[i]!), toLuaSource(v.values[i]!))
    return `M({${parts.join(',')}})`
  }
  return 'nil'
}

/** A value decoded from the prelude's tagged text; UNSUPPORTED stands for a Lua value without an Aerospike type. */
export const UNSUPPORTED = Symbol('unsupported')

/** A cursor over the prelude's tagged text. */
export class TaggedReader {
  pos = 0
  constructor(readonly text: string) {}

  /** Whether every character was read. */
  get done(): boolean {
    return this.pos >= this.text.length
  }

  /** Reads up to (and past) the next `end` character. */
  private until(end: string): string {
    const stop = this.text.indexOf(end, this.pos)
    if (stop < 0) throw new ParseError('truncated UDF value')
    const out = this.text.slice(this.pos, stop)
    this.pos = stop + 1
    return out
  }

  private hexBytes(): Buffer {
    const hex = this.until(';')
    if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new ParseError('bad UDF bytes')
    return Buffer.from(hex, 'hex')
  }

  /** The text bytes of a string value (`S<hex>;`). */
  string(): Buffer {
    if (this.text[this.pos++] !== 'S') throw new ParseError('UDF value: string expected')
    return this.hexBytes()
  }

  /** Reads one value. */
  value(): SValue | typeof UNSUPPORTED {
    const tag = this.text[this.pos++]
    switch (tag) {
      case 'N':
        return null
      case 'T':
        return true
      case 'F':
        return false
      case 'U':
        return UNSUPPORTED
      case 'I':
        return BigInt(this.until(';'))
      case 'D':
        return luaNumber(this.until(';'))
      case 'S':
        return new SBytes(ParticleType.STRING, this.hexBytes())
      case 'G':
        return new SBytes(ParticleType.GEOJSON, this.hexBytes())
      case 'B': {
        const type = Number(this.until(':'))
        return new SBytes(
          Number.isInteger(type) && type > 0 && type < 256 ? type : ParticleType.BLOB,
          this.hexBytes(),
        )
      }
      case 'L': {
        const n = Number(this.until(';'))
        const items: SValue[] = new Array(n)
        for (let i = 0; i < n; i++) items[i] = this.nested()
        return new SList(items)
      }
      case 'M': {
        const n = Number(this.until(';'))
        const keys: SValue[] = new Array(n)
        const values: SValue[] = new Array(n)
        for (let i = 0; i < n; i++) {
          keys[i] = this.nested()
          values[i] = this.nested()
        }
        return new SMap(keys, values)
      }
    }
    throw new ParseError(`bad UDF value tag '${tag}'`)
  }

  /** A value inside a list or map: one without an Aerospike type counts as nil. */
  private nested(): SValue {
    const v = this.value()
    return v === UNSUPPORTED ? null : v
  }
}

/** A float printed by Lua's `%.17g` (which writes `inf`, `-inf`, `nan`, `-nan`). */
function luaNumber(text: string): number {
  if (text === 'inf') return Number.POSITIVE_INFINITY
  if (text === '-inf') return Number.NEGATIVE_INFINITY
  if (text === 'nan' || text === '-nan') return Number.NaN
  const v = Number(text)
  if (Number.isNaN(v)) throw new ParseError(`bad UDF float '${text}'`)
  return v
}

/** Decodes one whole tagged value. */
export function fromTagged(text: string): SValue | typeof UNSUPPORTED {
  const r = new TaggedReader(text)
  const v = r.value()
  if (!r.done) throw new ParseError('bytes after a UDF value')
  return v
}
