/** Increment, append and prepend of a bin value, with the server's type rules and result codes. */
import { OpType } from '../../protocol/message.js'
import { ParticleType } from '../../protocol/particle-type.js'
import type { Particle } from '../particle.js'
import { integerFromWire, isStorableType, type ParticleOrError, particleFromWire } from './from-wire.js'

const UNKNOWN = 1
const PARAMETER = 4
const INCOMPATIBLE_TYPE = 12

/** Particle types stored as plain bytes that append/prepend work on (same type only). */
function isConcatenable(type: number): boolean {
  return (
    type === ParticleType.STRING ||
    type === ParticleType.BLOB ||
    type === ParticleType.VECTOR ||
    (type >= ParticleType.JAVA_BLOB && type <= ParticleType.ERLANG_BLOB)
  )
}

function increment(current: Particle, opType: number, value: Buffer): ParticleOrError {
  switch (current.type) {
    case ParticleType.INTEGER: {
      if (opType !== ParticleType.INTEGER) return INCOMPATIBLE_TYPE
      // 16 bytes is the memcache-style increment: its first 8 bytes, decrements floor at 0.
      const delta = value.length === 16 ? Buffer.from(value.subarray(0, 8)) : integerFromWire(value)
      if (delta === undefined) return PARAMETER
      const old = current.data.readBigUInt64BE(0)
      const d = delta.readBigUInt64BE(0)
      let sum = BigInt.asUintN(64, old + d)
      if (value.length === 16 && delta.readBigInt64BE(0) < 0n && sum > old) sum = 0n
      const data = Buffer.allocUnsafe(8)
      data.writeBigUInt64BE(sum)
      return { type: ParticleType.INTEGER, data }
    }
    case ParticleType.FLOAT: {
      if (opType !== ParticleType.FLOAT) return INCOMPATIBLE_TYPE
      if (value.length !== 8) return PARAMETER
      const data = Buffer.allocUnsafe(8)
      data.writeDoubleBE(current.data.readDoubleBE(0) + value.readDoubleBE(0))
      return { type: ParticleType.FLOAT, data }
    }
    case ParticleType.GEOJSON:
      return UNKNOWN
  }
  return INCOMPATIBLE_TYPE
}

function concat(current: Particle, opType: number, value: Buffer, append: boolean): ParticleOrError {
  if (current.type === ParticleType.GEOJSON) return UNKNOWN
  if (!isConcatenable(current.type) || opType !== current.type) return INCOMPATIBLE_TYPE
  const data = append ? Buffer.concat([current.data, value]) : Buffer.concat([value, current.data])
  return { type: current.type, data }
}

/**
 * Applies an INCR, APPEND or PREPEND op to a bin's current value. A missing
 * bin is created from the op's value, whatever the op, as the server does.
 */
export function modifyParticle(
  op: number,
  current: Particle | undefined,
  opType: number,
  value: Buffer,
): ParticleOrError {
  if (!isStorableType(opType)) return PARAMETER
  if (current === undefined) return particleFromWire(opType, value)
  if (op === OpType.INCR) return increment(current, opType, value)
  return concat(current, opType, value, op === OpType.APPEND)
}
