/** Record instructions: bins (typed reads, particle type), the stored key and every metadata value. */
import { ExpOp, ExpType } from '../../protocol/exp-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { type Particle, particleToSValue } from '../particle.js'
import { SBytes } from '../value.js'
import { ExpBuilder, type OpBuilder } from './builder.js'
import { ExpBuildError } from './exp-error.js'
import { parseGeoJson } from './geo.js'
import {
  type ExpNode,
  type ExpRecordView,
  GeoValue,
  RType,
  type RTypeId,
  type RtValue,
  type Runtime,
  UNKNOWN,
} from './types.js'

/** Seconds between the Unix epoch and the server's epoch (2010-01-01T00:00:00Z). */
const CITRUSLEAF_EPOCH_S = 1_262_304_000

/** The particle type a typed bin read (and a CALL result) must have. */
export const PARTICLE_OF_TYPE: Readonly<Record<number, number>> = {
  [RType.NIL]: ParticleType.NULL,
  [RType.BOOL]: ParticleType.BOOL,
  [RType.INT]: ParticleType.INTEGER,
  [RType.STRING]: ParticleType.STRING,
  [RType.LIST]: ParticleType.LIST,
  [RType.MAP]: ParticleType.MAP,
  [RType.BLOB]: ParticleType.BLOB,
  [RType.FLOAT]: ParticleType.FLOAT,
  [RType.GEO]: ParticleType.GEOJSON,
  [RType.HLL]: ParticleType.HLL,
}

/** A stored particle as an expression value (GeoJSON parsed). */
export function particleToRt(p: Particle): RtValue {
  const v = particleToSValue(p)
  if (v instanceof SBytes && v.ptype === ParticleType.GEOJSON)
    return new GeoValue(v.bytes, parseGeoJson(v.bytes))
  return v as RtValue
}

function binName(b: ExpBuilder, what: string): string {
  const name = b.readRawString(`${what} bin name`)
  if (name.length >= 16 || name.includes(0)) throw new ExpBuildError(`${what}: invalid bin name`)
  return name.toString('utf8')
}

const bin: OpBuilder = (b, argc) => {
  ExpBuilder.arity('bin', argc, 2)
  const type = b.readUint('bin type')
  if (type > ExpType.HLL) throw new ExpBuildError(`bin: invalid type ${type}`)
  const name = binName(b, 'bin')
  const particleType = PARTICLE_OF_TYPE[type]!
  return {
    type: type as RTypeId,
    eval(rt) {
      const p = rt.record.bin(name)
      return p === undefined || p.type !== particleType ? UNKNOWN : particleToRt(p)
    },
  }
}

const binType: OpBuilder = (b, argc) => {
  ExpBuilder.arity('bin_type', argc, 1)
  const name = binName(b, 'bin_type')
  return { type: RType.INT, eval: (rt) => BigInt(rt.record.bin(name)?.type ?? ParticleType.NULL) }
}

const KEY_TYPES: Readonly<Record<number, number>> = {
  [RType.INT]: ParticleType.INTEGER,
  [RType.STRING]: ParticleType.STRING,
  [RType.BLOB]: ParticleType.BLOB,
}

const key: OpBuilder = (b, argc) => {
  ExpBuilder.arity('key', argc, 1)
  const type = b.readUint('key type')
  const particleType = KEY_TYPES[type]
  if (particleType === undefined) throw new ExpBuildError(`key: invalid type ${type}`)
  return {
    type: type as RTypeId,
    eval(rt) {
      const k = rt.record.key
      if (k === undefined || k.type !== particleType) return UNKNOWN
      if (k.type === ParticleType.INTEGER && k.data.length !== 8) return UNKNOWN
      return particleToRt(k)
    },
  }
}

const digestModulo: OpBuilder = (b, argc) => {
  ExpBuilder.arity('digest_modulo', argc, 1)
  const mod = BigInt.asIntN(32, b.readInt('modulo'))
  if (mod === 0n) throw new ExpBuildError('digest_modulo: cannot modulo by zero')
  return { type: RType.INT, eval: (rt) => BigInt(rt.record.digest.readUInt32LE(16)) % mod }
}

function metadata(
  what: string,
  type: RTypeId,
  value: (record: ExpRecordView, rt: Runtime) => RtValue,
): OpBuilder {
  return (_b, argc) => {
    ExpBuilder.arity(what, argc, 0)
    const node: ExpNode = { type, eval: (rt) => value(rt.record, rt) }
    return node
  }
}

const nowClepochSeconds = (rt: Runtime): number => Math.floor(rt.nowMs / 1000) - CITRUSLEAF_EPOCH_S

/** Builders of the record instructions, by op code. */
export const RECORD_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.DIGEST_MODULO]: digestModulo,
  // The embedded server keeps records in memory: nothing on a device.
  [ExpOp.DEVICE_SIZE]: metadata('device_size', RType.INT, () => 0n),
  [ExpOp.LAST_UPDATE]: metadata('last_update', RType.INT, (r) => BigInt(r.lastUpdateMs) * 1_000_000n),
  [ExpOp.SINCE_UPDATE]: metadata('since_update', RType.INT, (r, rt) =>
    BigInt(Math.max(0, rt.nowMs - r.lastUpdateMs)),
  ),
  [ExpOp.VOID_TIME]: metadata('void_time', RType.INT, (r) =>
    r.voidTime === 0 ? -1n : BigInt(r.voidTime + CITRUSLEAF_EPOCH_S) * 1_000_000_000n,
  ),
  [ExpOp.TTL]: metadata('ttl', RType.INT, (r, rt) =>
    r.voidTime === 0 ? -1n : BigInt(Math.max(1, r.voidTime - nowClepochSeconds(rt))),
  ),
  [ExpOp.SET_NAME]: metadata('set_name', RType.STRING, (r) => SBytes.str(r.setName)),
  [ExpOp.KEY_EXISTS]: metadata('key_exists', RType.BOOL, (r) => r.key !== undefined),
  [ExpOp.IS_TOMBSTONE]: metadata('is_tombstone', RType.BOOL, (r) => r.isTombstone === true),
  [ExpOp.MEMORY_SIZE]: metadata('memory_size', RType.INT, (r) => BigInt(r.size)),
  [ExpOp.RECORD_SIZE]: metadata('record_size', RType.INT, (r) => BigInt(r.size)),
  [ExpOp.KEY]: key,
  [ExpOp.BIN]: bin,
  [ExpOp.BIN_TYPE]: binType,
}
