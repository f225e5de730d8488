/** The text forms values take between a host and the Lua prelude, shared by the client and the embedded server: Lua source literals one way, the prelude's tagged text the other. */
import { ParseError } from './codec-errors.js'

const MIN_INT64 = -(2n ** 63n)

/** A Lua string literal for `bytes`, ASCII only (every other byte as a `\ddd` escape), so it crosses into Lua intact. */
export function luaString(bytes: Uint8Array): string {
  let out = '"'
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b)
    else out += `\\${b.toString().padStart(3, '0')}`
  }
  return `${out}"`
}

/** A Lua float literal for `v` (integral values get `.0`: Lua would read them as integers). */
export function luaFloat(v: number): string {
  if (Number.isNaN(v)) return '(0/0)'
  if (v === Number.POSITIVE_INFINITY) return '(1/0)'
  if (v === Number.NEGATIVE_INFINITY) return '(-1/0)'
  if (Object.is(v, -0)) return '(-0.0)'
  const text = String(v)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

/** Lua source of an integer (the prelude's `mininteger` for -2^63, which Lua cannot write as a literal). */
export function luaInteger(v: bigint): string {
  return v === MIN_INT64 ? 'mininteger' : v.toString()
}

/**
 * A cursor over the prelude's tagged text: one tag character per value, then
 * its payload up to `;` (numbers, lowercase hex bytes, list and map sizes) or
 * `:` (a bytes value's particle type). Each side decodes the tags into its own
 * value model with these reads.
 */
export class TaggedCursor {
  /** The index of the next character to read. */
  pos = 0
  constructor(readonly text: string) {}

  /** Whether every character was read. */
  get done(): boolean {
    return this.pos >= this.text.length
  }

  /** Reads the next tag character. */
  tag(): string | undefined {
    return this.text[this.pos++]
  }

  /** Reads up to (and past) the next `end` character. */
  until(end: ';' | ':'): string {
    const stop = this.text.indexOf(end, this.pos)
    if (stop < 0) throw new ParseError('truncated Lua value')
    const out = this.text.slice(this.pos, stop)
    this.pos = stop + 1
    return out
  }

  /** Reads a `;`-terminated float as Lua's `%.17g` prints it (which writes `inf`, `-inf`, `nan`, `-nan`). */
  float(): number {
    const text = this.until(';')
    if (text === 'inf') return Number.POSITIVE_INFINITY
    if (text === '-inf') return Number.NEGATIVE_INFINITY
    if (text === 'nan' || text === '-nan') return Number.NaN
    const v = Number(text)
    if (Number.isNaN(v)) throw new ParseError(`bad Lua float '${text}'`)
    return v
  }

  /** Reads `;`-terminated lowercase hex bytes. */
  hexBytes(): Buffer {
    const hex = this.until(';')
    if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new ParseError('bad Lua bytes')
    return Buffer.from(hex, 'hex')
  }

  /** Throws unless every character was read. */
  end(): void {
    if (!this.done) throw new ParseError('bytes after a Lua value')
  }
}
