/** The evaluator's vocabulary: static result types, run-time values, compiled nodes and the record view. */
import { ExpType } from '../../protocol/exp-codes.js'
import type { Particle } from '../particle.js'
import type { SBytes, SExt, SList, SMap, SSpecial, SValue } from '../value.js'
import type { GeoShape } from './geo.js'

/**
 * Static result types, as the server types instructions while building:
 * the `ExpType` ids 0..9 plus two internal ones.
 */
export const RType = {
  ...ExpType,
  /** A msgpack literal that is none of the above (wildcard, infinity): comparable only with its kind. */
  OTHER: 10,
  /** The 8.1 "remove this element" marker of CDT apply expressions. */
  REMOVE: 11,
} as const

/** One of the RType ids. */
export type RTypeId = (typeof RType)[keyof typeof RType]

/** The unknown value: bins of another type, division by zero, a failed CALL... */
export const UNKNOWN: unique symbol = Symbol('unknown')

/** A GeoJSON value: its text and its parsed shape (undefined when the text is not valid GeoJSON). */
export class GeoValue {
  constructor(
    readonly json: Buffer,
    readonly shape: GeoShape | undefined,
  ) {}
}

/** The "remove this element" result of RESULT_REMOVE. */
export const REMOVE: unique symbol = Symbol('remove')

/**
 * A value during evaluation: nil, boolean, integer (bigint, always within int64),
 * float (number), string/blob/HLL bytes (SBytes with particle type 3/4/18),
 * GeoJSON, list, map, a special literal, the remove marker, or UNKNOWN.
 */
export type RtValue =
  | null
  | boolean
  | bigint
  | number
  | SBytes
  | GeoValue
  | SList
  | SMap
  | SSpecial
  | SExt
  | typeof REMOVE
  | typeof UNKNOWN

/** What an expression can see of a record. */
export interface ExpRecordView {
  /** The stored value of a live bin, or undefined when the record has no such bin. */
  bin(name: string): Particle | undefined
  /** The 20-byte key digest. */
  readonly digest: Buffer
  /** The set name; '' when the record has none. */
  readonly setName: string
  /** The stored user key (type INTEGER, STRING or BLOB), or undefined when the key was not sent. */
  readonly key: Particle | undefined
  /** Expiration in seconds since 2010-01-01T00:00:00Z; 0 = never expires. */
  readonly voidTime: number
  /** Last update, milliseconds since the Unix epoch. */
  readonly lastUpdateMs: number
  /** Stored size of the record in bytes. */
  readonly size: number
  /** True for a tombstone (durable delete). */
  readonly isTombstone?: boolean
}

/**
 * Evaluates the operation of a CALL instruction (list, map, bit or HLL) on a
 * value. `payload` is the msgpack op (`[op, args...]` or
 * `[0xff, ctx, [op, args...]]`) with every argument already evaluated;
 * `operand` is the value the op applies to (nil for a missing bin);
 * `modify` is the MODIFY_LOCAL flag. Returns the op's result (read) or the
 * modified operand (modify); throws to make the CALL unknown.
 */
export type ExpCallHandler = (payload: Buffer, operand: SValue, modify: boolean) => SValue

/** CALL handlers by system id (ExpCallSystem.CDT, BITS, HLL). */
export type ExpCallHandlers = Partial<Record<number, ExpCallHandler>>

/** Built-in variables (VAR_BUILTIN): the key, value and index of the element a CDT expression visits. */
export interface ExpBuiltins {
  readonly key?: SValue
  readonly value?: SValue
  readonly index?: bigint
}

/** The state of one evaluation. */
export interface Runtime {
  readonly record: ExpRecordView
  /** Milliseconds since the Unix epoch, for sinceUpdate and ttl. */
  readonly nowMs: number
  readonly vars: RtValue[]
  readonly builtins: readonly RtValue[]
}

/** A compiled instruction: its static type and its evaluation. */
export interface ExpNode {
  readonly type: RTypeId
  /** True for the `[0]` instruction, which `cond` accepts as a branch of any type. */
  readonly isUnknownOp?: boolean
  eval(rt: Runtime): RtValue
}
