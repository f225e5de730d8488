/** Validation and raw-string encoding of the names inside expressions: bin names and variable names. */
import { MAX_BIN_NAME_LENGTH } from '../../protocol/message.js'
import { packToBuffer, RawMsgpack, RawString } from '../../protocol/msgpack.js'
import { invalidArg } from '../errors.js'
import { describe } from './expression.js'

/** A bin name as an unprefixed msgpack string; 1 to 15 bytes, no NUL. */
export function binNameWire(name: string, what: string): RawMsgpack {
  if (typeof name !== 'string') throw invalidArg(`${what}: bin name must be a string, got ${describe(name)}`)
  const len = Buffer.byteLength(name)
  if (len === 0 || len > MAX_BIN_NAME_LENGTH || name.includes('\0'))
    throw invalidArg(`${what}: bin name '${name}' must be 1 to ${MAX_BIN_NAME_LENGTH} bytes without NUL`)
  return new RawMsgpack(packToBuffer(new RawString(name)))
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A variable name as an unprefixed msgpack string: a letter or `_`, then letters, digits or `_`. */
export function varNameWire(name: string, what: string): RawMsgpack {
  if (typeof name !== 'string' || !VARIABLE_NAME.test(name))
    throw invalidArg(
      `${what}: variable name must start with a letter or '_' and hold only letters, digits and '_', got ${JSON.stringify(name)}`,
    )
  return new RawMsgpack(packToBuffer(new RawString(name)))
}
