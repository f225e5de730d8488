/** Value transfer between the server's value model and the UDF Lua engine: Lua source text one way, the prelude's tagged text the other. */
import { ParseError } from '../../protocol/codec-errors.js'
import { luaFloat, luaInteger, luaString, TaggedCursor } from '../../protocol/lua-text.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { SBytes, SList, SMap, type SValue } from '../value.js'

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
      return luaInteger(v)
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

/** A cursor over the prelude's tagged text, decoding to server values. */
export class TaggedReader extends TaggedCursor {
  /** The text bytes of a string value (`S<hex>;`). */
  string(): Buffer {
    if (this.tag() !== 'S') throw new ParseError('UDF value: string expected')
    return this.hexBytes()
  }

  /** Reads one value. */
  value(): SValue | typeof UNSUPPORTED {
    const tag = this.tag()
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
        return this.float()
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

/** Decodes one whole tagged value. */
export function fromTagged(text: string): SValue | typeof UNSUPPORTED {
  const r = new TaggedReader(text)
  const v = r.value()
  r.end()
  return v
}
