/** The immutable Expression value: a typed instruction tree that encodes once to the wire msgpack. */
import { ByteWriter } from '../../protocol/byte-writer.js'
import { ParseError } from '../../protocol/codec-errors.js'
import { ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import {
  arrayHeaderSize,
  intSize,
  MsgpackReader,
  RawMsgpack,
  writeArrayHeader,
  writeInt,
} from '../../protocol/msgpack.js'
import { invalidArg } from '../errors.js'

/** Static type of an expression whose type is only known at run time (a variable, a decoded expression). */
export const ANY_TYPE = -1
/** Static type of the comparison specials (wildcard, infinity): they compare only with each other. */
export const SPECIAL_TYPE = -2

/** What an expression evaluates to, as far as the client can tell before sending it. */
export type ExpValueType = ExpTypeId | typeof ANY_TYPE | typeof SPECIAL_TYPE

/**
 * One piece of an instruction on the wire: a msgpack integer, pre-encoded
 * msgpack bytes, a sub-expression, or a msgpack array of pieces.
 */
export type WireNode = number | bigint | RawMsgpack | Expression | readonly WireNode[]

const NAMES: Record<number, string> = {
  [ANY_TYPE]: 'any',
  [SPECIAL_TYPE]: 'wildcard/infinity',
  [ExpType.NIL]: 'nil',
  [ExpType.BOOL]: 'boolean',
  [ExpType.INT]: 'integer',
  [ExpType.STRING]: 'string',
  [ExpType.LIST]: 'list',
  [ExpType.MAP]: 'map',
  [ExpType.BLOB]: 'blob',
  [ExpType.FLOAT]: 'float',
  [ExpType.GEO]: 'GeoJSON',
  [ExpType.HLL]: 'HLL',
}

/** Human name of an expression value type, for error messages. */
export function typeName(t: ExpValueType): string {
  return NAMES[t] ?? `type ${t}`
}

function wireSize(node: WireNode): number {
  if (typeof node === 'number' || typeof node === 'bigint') return intSize(node)
  if (node instanceof RawMsgpack) return node.bytes.length
  if (node instanceof Expression) return node.size
  let size = arrayHeaderSize(node.length)
  for (const item of node) size += wireSize(item)
  return size
}

function writeWire(w: ByteWriter, node: WireNode): void {
  if (typeof node === 'number' || typeof node === 'bigint') writeInt(w, node)
  else if (node instanceof RawMsgpack) w.bytes(node.bytes)
  else if (node instanceof Expression) node.writeTo(w)
  else {
    writeArrayHeader(w, node.length)
    for (const item of node) writeWire(w, item)
  }
}

/**
 * A filter or value expression. Built by the `exp` functions, it is immutable:
 * it encodes to msgpack once, on first use, and the same bytes are reused by
 * every command that carries it (`filterExpression`, expression operations).
 */
export class Expression {
  /** Static value type, used to reject mismatches before anything is sent. */
  readonly valueType: ExpValueType
  /** True only for `exp.unknown()`, which `cond` accepts as a branch of any type. */
  readonly isUnknown: boolean
  readonly #wire: WireNode
  #size = -1
  #bytes: Buffer | undefined

  private constructor(wire: WireNode, valueType: ExpValueType, isUnknown: boolean) {
    this.#wire = wire
    this.valueType = valueType
    this.isUnknown = isUnknown
    Object.freeze(this)
  }

  /** Builds an expression from its wire form (for builder modules, including CDT expression builders). */
  static fromWire(wire: WireNode, valueType: ExpValueType, isUnknown = false): Expression {
    return new Expression(wire, valueType, isUnknown)
  }

  /** Decodes the base64 of an expression's msgpack (as written by `toBase64` or another client). */
  static fromBase64(text: string): Expression {
    if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
      throw invalidArg('fromBase64 expects standard base64 text')
    const bytes = Buffer.from(text, 'base64')
    if (bytes.length === 0) throw invalidArg('fromBase64: empty expression')
    try {
      const r = new MsgpackReader(bytes)
      r.skipValue()
      if (r.remaining !== 0) throw new ParseError(`${r.remaining} bytes after the expression`)
    } catch (e) {
      if (e instanceof ParseError) throw invalidArg(`fromBase64: not an expression: ${e.message}`)
      throw e
    }
    return new Expression(new RawMsgpack(bytes), ANY_TYPE, false)
  }

  /** Encoded size in bytes. */
  get size(): number {
    if (this.#size < 0) this.#size = wireSize(this.#wire)
    return this.#size
  }

  /** The msgpack bytes (field 43 content, or the first element of an expression op). Do not mutate. */
  get bytes(): Buffer {
    if (this.#bytes === undefined) {
      const w = ByteWriter.alloc(this.size)
      writeWire(w, this.#wire)
      this.#bytes = w.buf
    }
    return this.#bytes
  }

  /** Writes the encoded expression at the writer's position (`size` bytes). */
  writeTo(w: ByteWriter): void {
    if (this.#bytes !== undefined) w.bytes(this.#bytes)
    else writeWire(w, this.#wire)
  }

  /** Base64 of the msgpack, as other clients and the `sindex-create ... exp=` info command use it. */
  toBase64(): string {
    return this.bytes.toString('base64')
  }
}

/** Throws unless `v` is an Expression; `what` names the argument in the message. */
export function requireExpression(v: unknown, what: string): Expression {
  if (!(v instanceof Expression))
    throw invalidArg(`${what} must be an expression built with exp.*, got ${describe(v)}`)
  return v
}

/** Throws unless `e` may have type `want` (expressions of type any always may). */
export function requireType(e: Expression, want: ExpTypeId, what: string): void {
  if (e.valueType !== ANY_TYPE && e.valueType !== want)
    throw invalidArg(`${what} must be a ${typeName(want)} expression, got ${typeName(e.valueType)}`)
}

/** Short description of a JS value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (typeof v === 'object') return v.constructor?.name ?? 'object'
  return typeof v
}
