/** The value model shared by client and server: wrapper classes and special CDT markers. */
import { EncodeError } from './codec-errors.js'

/**
 * Forces a float particle for a number that happens to be integral:
 * `new Double(1)` is stored as the float 1.0, plain `1` as the integer 1.
 */
export class Double {
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw new EncodeError('Double expects a number')
  }
  /** The wrapped number, so a Double works in arithmetic. */
  valueOf(): number {
    return this.value
  }
  /** Serialises as the plain number. */
  toJSON(): number {
    return this.value
  }
}

/** A GeoJSON value (particle 23); `value` is the JSON text exactly as stored. */
export class GeoJSON {
  readonly value: string
  /** Takes GeoJSON text, or an object that is serialised with JSON.stringify. */
  constructor(value: string | object) {
    if (typeof value === 'string') this.value = value
    else if (typeof value === 'object' && value !== null) this.value = JSON.stringify(value)
    else throw new EncodeError('GeoJSON expects a string or an object')
  }
  /** The parsed GeoJSON object. */
  toObject(): unknown {
    return JSON.parse(this.value)
  }
  /** The JSON text. */
  toString(): string {
    return this.value
  }
  /** Serialises as the parsed GeoJSON object. */
  toJSON(): unknown {
    return this.toObject()
  }
}

/** A HyperLogLog value (particle 18): opaque bytes produced by the server's HLL ops. */
export class HLL {
  constructor(readonly value: Buffer) {
    if (!Buffer.isBuffer(value)) throw new EncodeError('HLL expects a Buffer')
  }
  /** Serialises as base64 text. */
  toJSON(): string {
    return this.value.toString('base64')
  }
}

/** Marker type of the CDT comparison specials. */
export class CdtSpecial {
  private constructor(
    readonly kind: 'wildcard' | 'infinity',
    /** The byte after the 0xff ext type in `d4 ff xx`. */
    readonly code: number,
  ) {}
  /** Matches any value in CDT value comparisons (msgpack `d4 ff 00`). */
  static readonly WILDCARD = new CdtSpecial('wildcard', 0)
  /** Greater than every value: an open range end (msgpack `d4 ff 01`). */
  static readonly INFINITY = new CdtSpecial('infinity', 1)
  /** `*` for WILDCARD, `inf` for INFINITY. */
  toString(): string {
    return this.kind === 'wildcard' ? '*' : 'inf'
  }
}

/** Matches any value in CDT comparisons, e.g. `[ 'a', WILDCARD ]`. */
export const WILDCARD: CdtSpecial = CdtSpecial.WILDCARD
/** Sorts after every value: the open end of a value/key range. */
export const INFINITY: CdtSpecial = CdtSpecial.INFINITY

/** Any value a bin, list element or map entry can hold. */
export type AerospikeValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | Uint8Array
  | Double
  | GeoJSON
  | HLL
  | CdtSpecial
  | AerospikeValue[]
  | Map<AerospikeMapKey, AerospikeValue>
  | { [key: string]: AerospikeValue }

/** Values that can key an Aerospike map. */
export type AerospikeMapKey = string | number | bigint | Buffer | Uint8Array | AerospikeValue

/** Values a user may store in a bin (null on write removes the bin). */
export type BinValue = AerospikeValue

/** Bins of a record as plain object. */
export type Bins = Record<string, AerospikeValue>
