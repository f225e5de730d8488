/** Checks of the admin calls' arguments (user and role names, passwords, role lists, allowlists, quotas): InvalidArgError before sending. */
import { invalidArg } from '../errors.js'

/** Longest user or role name, in bytes (the server keeps 63 and a terminator). */
const MAX_NAME_BYTES = 63
/** Most roles one call may name (a one-byte count). */
const MAX_ROLES = 255

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > MAX_NAME_BYTES)
    throw invalidArg(`${what} must be a non-empty string of at most ${MAX_NAME_BYTES} bytes`)
  return value
}

/** A user name. */
export function checkUser(value: unknown): string {
  return name(value, 'user name')
}

/** A role name. */
export function checkRole(value: unknown): string {
  return name(value, 'role name')
}

/** A list of role names (possibly empty). */
export function checkRoles(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidArg('roles must be a list of role names')
  if (value.length > MAX_ROLES) throw invalidArg(`at most ${MAX_ROLES} roles`)
  return value.map(checkRole)
}

/** A password (any string; it is sent as its bcrypt hash). */
export function checkPassword(value: unknown): string {
  if (typeof value !== 'string') throw invalidArg('password must be a string')
  return value
}

/** An allowlist: addresses or CIDR ranges (no commas); an empty list removes the allowlist. */
export function checkWhitelist(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidArg('whitelist must be a list of addresses')
  for (const a of value)
    if (typeof a !== 'string' || a === '' || a.includes(','))
      throw invalidArg(`bad whitelist address ${JSON.stringify(a)}: a non-empty string without commas`)
  return value as string[]
}

/** A quota: records per second, 0 = no quota. */
export function checkQuota(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff)
    throw invalidArg(`${what} must be an integer from 0 to 4294967295`)
  return value
}
