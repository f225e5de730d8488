/** The UDF fields of a record UDF call (module, function, msgpack argument list), shared by apply and batchApply. */
import {
  ByteWriter,
  EncodeError,
  FieldType,
  fieldSize,
  type Packable,
  packToBuffer,
  writeFieldHeader,
} from '../../protocol/index.js'
import { invalidArg } from '../errors.js'
import type { Key } from '../key.js'

/** Longest module or function name a server accepts, bytes. */
const MAX_NAME = 127

/** UDF_FILENAME, UDF_FUNCTION and UDF_ARGLIST as complete fields (no UDF_OP: a record UDF, as the official clients send it). */
export interface UdfFields {
  readonly data: Buffer
  /** Always 3. */
  readonly count: number
}

function checkName(value: unknown, what: string, key?: Key): string {
  if (typeof value !== 'string' || value === '') throw invalidArg(`${what} must be a non-empty string`, key)
  if (Buffer.byteLength(value) > MAX_NAME)
    throw invalidArg(`${what} '${value}' is longer than ${MAX_NAME} bytes`, key)
  return value
}

/**
 * Encodes the call of `fn` of `module` (the module name without `.lua`) with
 * `args` (any values the client can write, packed as one msgpack array).
 * InvalidArgError for bad names or a value that cannot be encoded.
 */
export function udfFields(module: unknown, fn: unknown, args: unknown, key?: Key): UdfFields {
  const m = checkName(module, 'UDF module', key)
  const f = checkName(fn, 'UDF function', key)
  if (args !== undefined && args !== null && !Array.isArray(args))
    throw invalidArg('UDF arguments must be an array of values', key)
  let packed: Buffer
  try {
    packed = packToBuffer((args ?? []) as Packable)
  } catch (err) {
    if (err instanceof EncodeError) throw invalidArg(`UDF arguments: ${err.message}`, key)
    throw err
  }
  const mLen = Buffer.byteLength(m)
  const fLen = Buffer.byteLength(f)
  const w = ByteWriter.alloc(fieldSize(mLen) + fieldSize(fLen) + fieldSize(packed.length))
  writeFieldHeader(w, FieldType.UDF_PACKAGE_NAME, mLen)
  w.utf8(m, mLen)
  writeFieldHeader(w, FieldType.UDF_FUNCTION, fLen)
  w.utf8(f, fLen)
  writeFieldHeader(w, FieldType.UDF_ARGLIST, packed.length)
  w.bytes(packed)
  return { data: w.buf, count: 3 }
}
