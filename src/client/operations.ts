/** Builders of the basic operations (`aerospike.operations`): each returns a plain `{ op, bin, val }` object. */

import type { Double } from '../protocol/index.js'
import {
  OPERATOR_APPEND,
  OPERATOR_DELETE,
  OPERATOR_INCR,
  OPERATOR_PREPEND,
  OPERATOR_READ,
  OPERATOR_TOUCH,
  OPERATOR_WRITE,
} from './constants.js'
import type { Operation } from './operation.js'

/** Reads bin `bin`; without a name, reads every bin. */
export function read(bin?: string): Operation {
  return bin === undefined ? { op: OPERATOR_READ } : { op: OPERATOR_READ, bin }
}

/** Writes `val` to bin `bin` (null removes the bin). */
export function write(bin: string, val: unknown): Operation {
  return { op: OPERATOR_WRITE, bin, val }
}

/** Adds `val` (integer, float or Double) to bin `bin`. */
export function increment(bin: string, val: number | bigint | Double): Operation {
  return { op: OPERATOR_INCR, bin, val }
}

/** Appends a string or bytes to bin `bin`. */
export function append(bin: string, val: string | Uint8Array): Operation {
  return { op: OPERATOR_APPEND, bin, val }
}

/** Prepends a string or bytes to bin `bin`. */
export function prepend(bin: string, val: string | Uint8Array): Operation {
  return { op: OPERATOR_PREPEND, bin, val }
}

/** Resets the record's TTL: to `ttl` seconds when given, else to the write's TTL. */
export function touch(ttl?: number): Operation {
  return ttl === undefined ? { op: OPERATOR_TOUCH } : { op: OPERATOR_TOUCH, val: ttl }
}

/** Deletes the record (within the same operate call, later ops see no record). */
function deleteRecord(): Operation {
  return { op: OPERATOR_DELETE }
}

export { deleteRecord as delete }
