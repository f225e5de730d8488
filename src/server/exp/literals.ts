/** Literal values inside an expression: nil, bool, int, float, string, blob, HLL, GeoJSON, map, wildcard/infinity. */
import { MsgpackKind, type MsgpackReader } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { readSValue, SBytes, SSpecial } from '../value.js'
import { ExpBuildError } from './exp-error.js'
import { parseGeoJson } from './geo.js'
import { type ExpNode, GeoValue, RType, type RTypeId, type RtValue } from './types.js'

/** A node that always evaluates to `value`. */
export function constant(type: RTypeId, value: RtValue): ExpNode {
  return { type, eval: () => value }
}

const BYTES_TYPES: Readonly<Record<number, RTypeId>> = {
  [ParticleType.STRING]: RType.STRING,
  [ParticleType.BLOB]: RType.BLOB,
  [ParticleType.HLL]: RType.HLL,
}

/** Builds the literal at the reader's position (anything but an array). */
export function buildLiteral(r: MsgpackReader): ExpNode {
  switch (r.peekKind()) {
    case MsgpackKind.Nil:
      r.readNil()
      return constant(RType.NIL, null)
    case MsgpackKind.Bool:
      return constant(RType.BOOL, r.readBool())
    case MsgpackKind.Int:
      return constant(RType.INT, BigInt.asIntN(64, r.readBigInt()))
    case MsgpackKind.Float:
      return constant(RType.FLOAT, r.readFloat())
    case MsgpackKind.Str:
    case MsgpackKind.Bin: {
      const data = r.readBytes()
      if (data.length === 0) throw new ExpBuildError('empty string literal (no particle type byte)')
      const ptype = data[0]!
      const bytes = Buffer.from(data.subarray(1))
      if (ptype === ParticleType.GEOJSON) {
        const shape = parseGeoJson(bytes)
        if (shape === undefined) throw new ExpBuildError('invalid GeoJSON literal')
        return constant(RType.GEO, new GeoValue(bytes, shape))
      }
      const type = BYTES_TYPES[ptype]
      if (type === undefined) throw new ExpBuildError(`unexpected bytes literal of particle type ${ptype}`)
      return constant(type, new SBytes(ptype, bytes))
    }
    case MsgpackKind.Map:
      return constant(RType.MAP, readSValue(r) as RtValue)
    default: {
      const ext = r.readExt()
      if (ext.type === 0xff && ext.data.length === 1 && ext.data[0]! <= 1)
        return constant(RType.OTHER, ext.data[0] === 0 ? SSpecial.WILDCARD : SSpecial.INFINITY)
      throw new ExpBuildError(`unexpected ext literal of type ${ext.type}`)
    }
  }
}
