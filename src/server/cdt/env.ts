/** What a list/map op handler sees of its target, and what it gives back. */
import type { SValue } from '../value.js'
import type { Arg, OpSpec } from './params.js'

/** Where an op runs: the container it addresses and how that container came to be. */
export interface OpEnv<C> {
  /** The op came as CDT_MODIFY (op type 4); reads cannot change anything. */
  readonly modify: boolean
  /** The addressed container, or undefined when it does not exist (missing bin, or created by a context). */
  readonly container: C | undefined
  /** A create context stands where the container would be: it exists only if the op writes it. */
  readonly created: boolean
  /** No context: the container is the bin itself. */
  readonly topLevel: boolean
  /** The bin exists (whatever the context). */
  readonly binExists: boolean
  /** The namespace's largest record in bytes: list padding beyond it answers RECORD_TOO_BIG. */
  readonly maxBytes: number
}

/** What an op produced. */
export interface Outcome<C> {
  /** The op's result value; undefined when it returns nothing. */
  result?: SValue
  /** The container's new value when the op wrote it. */
  write?: C
}

/** A handler for one op code. */
export type OpHandler<C> = (env: OpEnv<C>, args: readonly Arg[]) => Outcome<C>

/**
 * What an op does, before reading its arguments, when its container does not
 * exist (missing bin or context-created level): nothing, PARAMETER-free
 * failure with ELEMENT_NOT_FOUND, or INCOMPATIBLE_TYPE when the bin is missing.
 */
export const WhenMissing = {
  /** Go on: the op creates the container (or reads, which needs it to exist). */
  RUN: 0,
  /** Nothing happens and nothing is returned. */
  NOOP: 1,
  /** ELEMENT_NOT_FOUND (23). */
  NOT_FOUND: 2,
  /** INCOMPATIBLE_TYPE (12) when the bin itself is missing. */
  NEED_BIN: 3,
} as const

/** One WhenMissing value. */
export type WhenMissingValue = (typeof WhenMissing)[keyof typeof WhenMissing]

/** An op's entry in a dispatch table: its argument kinds, whether it modifies, and its handler. */
export interface OpEntry<C> extends OpSpec {
  readonly modify: boolean
  readonly whenMissing: WhenMissingValue
  readonly run: OpHandler<C>
}
