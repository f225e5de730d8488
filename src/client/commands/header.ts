/** Request header values from policies and write meta: info bits, generation, record TTL, server timeout. */
import { Info1, Info2, Info3 } from '../../protocol/index.js'
import {
  POLICY_COMMIT_LEVEL_MASTER,
  POLICY_EXISTS_CREATE_ONLY,
  POLICY_EXISTS_REPLACE,
  POLICY_EXISTS_REPLACE_ONLY,
  POLICY_EXISTS_UPDATE,
  POLICY_GEN_EQ,
  POLICY_GEN_GT,
  POLICY_READ_MODE_AP_ALL,
  TTL_CLIENT_DEFAULT,
} from '../constants.js'
import { invalidArg } from '../errors.js'
import type { Key } from '../key.js'
import type { ResolvedWritePolicy } from '../policies.js'
import type { WriteMeta } from '../record.js'
import type { RequestHeader } from './record-request.js'

/** Validates write meta (`{ gen?, ttl? }`); throws InvalidArgError. */
export function checkMeta(meta: unknown, key: Key): WriteMeta | undefined {
  if (meta === undefined || meta === null) return undefined
  if (typeof meta !== 'object' || Array.isArray(meta))
    throw invalidArg('meta must be an object { gen?, ttl? }', key)
  for (const [name, value] of Object.entries(meta)) {
    if (value === undefined) continue
    if (name === 'gen') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff)
        throw invalidArg('meta.gen must be a generation (a non-negative integer)', key)
    } else if (name === 'ttl') {
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < TTL_CLIENT_DEFAULT ||
        value > 0xffff_ffff
      )
        throw invalidArg('meta.ttl must be seconds or a TTL_* constant', key)
    } else {
      throw invalidArg(`meta has an unknown field '${name}' (expected gen, ttl)`, key)
    }
  }
  return meta as WriteMeta
}

/** A TTL (seconds or TTL_* constant) as the u32 the header carries. */
export function ttlToWire(ttl: number): number {
  return ttl >>> 0
}

/** info1 bits a read adds for its policy (AP read mode ALL). */
export function readModeBits(readModeAP: number): number {
  return readModeAP === POLICY_READ_MODE_AP_ALL ? Info1.READ_MODE_AP_ALL : 0
}

/** Header of a write: existence, generation and commit bits, the record TTL and the server-side timeout. */
export function writeHeader(
  policy: ResolvedWritePolicy,
  meta: WriteMeta | undefined,
  opTtl: number | undefined,
  key: Key,
): RequestHeader {
  let info2 = Info2.WRITE
  let info3 = 0
  switch (policy.exists) {
    case POLICY_EXISTS_UPDATE:
      info3 |= Info3.UPDATE_ONLY
      break
    case POLICY_EXISTS_REPLACE:
      info3 |= Info3.CREATE_OR_REPLACE
      break
    case POLICY_EXISTS_REPLACE_ONLY:
      info3 |= Info3.REPLACE_ONLY
      break
    case POLICY_EXISTS_CREATE_ONLY:
      info2 |= Info2.CREATE_ONLY
      break
  }
  let generation = 0
  if (policy.gen === POLICY_GEN_EQ || policy.gen === POLICY_GEN_GT) {
    if (meta?.gen === undefined) throw invalidArg('a generation policy needs meta.gen', key)
    generation = meta.gen
    info2 |= policy.gen === POLICY_GEN_EQ ? Info2.GENERATION : Info2.GENERATION_GT
  }
  if (policy.commitLevel === POLICY_COMMIT_LEVEL_MASTER) info3 |= Info3.COMMIT_MASTER
  if (policy.durableDelete) info2 |= Info2.DURABLE_DELETE
  let ttl = meta?.ttl ?? opTtl ?? policy.ttl
  if (ttl === TTL_CLIENT_DEFAULT) ttl = policy.ttl
  return {
    info1: 0,
    info2,
    info3,
    generation,
    recordTtl: ttlToWire(ttl),
    transactionTtl: policy.totalTimeout,
  }
}
