/** The CALL instruction: a list, map, bit or HLL operation on a value, run by a pluggable handler. */
import { ByteWriter } from '../../protocol/byte-writer.js'
import { ExpCallSystem, ExpOp } from '../../protocol/exp-codes.js'
import { MsgpackKind } from '../../protocol/msgpack.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import { SBytes, SList, SMap, type SValue, sValueSize, writeSValue } from '../value.js'
import { ExpBuilder, type OpBuilder, typeName } from './builder.js'
import { toSValue } from './compare.js'
import { ExpBuildError } from './exp-error.js'
import { parseGeoJson } from './geo.js'
import { PARTICLE_OF_TYPE } from './ops-record.js'
import { type ExpNode, GeoValue, RType, type RTypeId, type RtValue, type Runtime, UNKNOWN } from './types.js'

/** CDT op code of the context wrapper `[0xff, ctx, [op, args...]]`. */
const CONTEXT_EVAL = 0xff
/** CDT op code of the 8.1 path select `[0xfe, ctx, flags, modExp?]` (all literal). */
const SELECT = 0xfe

/** What the operand of each call system must be (nil is always accepted). */
const OPERAND_TYPES: Readonly<Record<number, readonly RTypeId[]>> = {
  [ExpCallSystem.CDT]: [RType.LIST, RType.MAP],
  [ExpCallSystem.BITS]: [RType.BLOB],
  [ExpCallSystem.HLL]: [RType.HLL],
}

const SYSTEM_NAMES: Readonly<Record<number, string>> = {
  [ExpCallSystem.CDT]: 'list/map',
  [ExpCallSystem.BITS]: 'bit',
  [ExpCallSystem.HLL]: 'HLL',
}

/** Reads the op payload: literal byte runs, and sub-expressions for every array argument. */
function readPayload(b: ExpBuilder): Array<Buffer | ExpNode> {
  const r = b.r
  const start = r.pos
  if (r.peekKind() !== MsgpackKind.Array) throw new ExpBuildError('call: invalid op payload')
  let count = r.readArrayHeader()
  if (count === 0) throw new ExpBuildError('call: empty op payload')
  const code = b.readUint('call op code')
  if (code === CONTEXT_EVAL) {
    if (count !== 3) throw new ExpBuildError('call: invalid context payload')
    r.skipValue()
    if (r.peekKind() !== MsgpackKind.Array) throw new ExpBuildError('call: invalid op payload')
    count = r.readArrayHeader()
    if (count === 0) throw new ExpBuildError('call: empty op payload')
    b.readUint('call op code')
  } else if (code === SELECT) {
    if (count < 3 || count > 4 || r.peekKind() !== MsgpackKind.Array)
      throw new ExpBuildError('call: invalid select')
    r.skipValue()
    b.readUint('select flags')
    if (count === 4) r.skipValue()
    count = 1
  }
  const parts: Array<Buffer | ExpNode> = [r.buf.subarray(start, r.pos)]
  for (let i = 1; i < count; i++) {
    if (r.peekKind() === MsgpackKind.Array) parts.push(b.next())
    else parts.push(r.readRaw())
  }
  return parts
}

/** The payload with every sub-expression replaced by its value; undefined when one is unknown. */
function evalPayload(parts: ReadonlyArray<Buffer | ExpNode>, rt: Runtime): Buffer | undefined {
  const chunks: Array<Buffer | SValue> = []
  let size = 0
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      chunks.push(part)
      size += part.length
      continue
    }
    const v = toSValue(part.eval(rt))
    if (v === undefined) return undefined
    chunks.push(v)
    size += sValueSize(v)
  }
  const w = ByteWriter.alloc(size)
  for (const c of chunks) {
    if (Buffer.isBuffer(c)) w.bytes(c)
    else writeSValue(w, c)
  }
  return w.buf
}

function particleTypeOf(v: SValue): number {
  switch (typeof v) {
    case 'boolean':
      return ParticleType.BOOL
    case 'bigint':
      return ParticleType.INTEGER
    case 'number':
      return ParticleType.FLOAT
  }
  if (v === null) return ParticleType.NULL
  if (v instanceof SBytes) return v.ptype
  if (v instanceof SList) return ParticleType.LIST
  if (v instanceof SMap) return ParticleType.MAP
  return -1
}

/** The operand a call system accepts: nil, a list/map, or bytes (blob, HLL). */
function operandOf(v: RtValue): SValue | undefined {
  if (v === null || v instanceof SList || v instanceof SMap || v instanceof SBytes) return v
  return undefined
}

const call: OpBuilder = (b, argc) => {
  ExpBuilder.arity('call', argc, 4)
  const type = b.readUint('call result type')
  if (type > RType.HLL) throw new ExpBuildError(`call: invalid result type ${type}`)
  const systemFlags = b.readUint('call system')
  const system = systemFlags & ~ExpCallSystem.MODIFY_LOCAL
  const modify = (systemFlags & ExpCallSystem.MODIFY_LOCAL) !== 0
  const allowed = OPERAND_TYPES[system]
  if (allowed === undefined) throw new ExpBuildError(`call: invalid system ${systemFlags}`)
  const parts = readPayload(b)
  const operand = b.next()
  if (operand.type !== RType.NIL && !allowed.includes(operand.type))
    throw new ExpBuildError(`call: operand ${typeName(operand.type)} is not a ${SYSTEM_NAMES[system]} value`)
  const handler = b.calls[system]
  if (handler === undefined)
    throw new ExpBuildError(
      `${SYSTEM_NAMES[system]} expressions are not supported by this server yet`,
      ResultCode.UNSUPPORTED_FEATURE,
    )
  const resultParticle = PARTICLE_OF_TYPE[type]!
  return {
    type: type as RTypeId,
    eval(rt) {
      const payload = evalPayload(parts, rt)
      if (payload === undefined) return UNKNOWN
      const value = operandOf(operand.eval(rt))
      if (value === undefined) return UNKNOWN
      let result: SValue
      try {
        result = handler(payload, value, modify)
      } catch {
        return UNKNOWN
      }
      if (particleTypeOf(result) !== resultParticle) return UNKNOWN
      if (result instanceof SBytes && result.ptype === ParticleType.GEOJSON) {
        const shape = parseGeoJson(result.bytes)
        return shape === undefined ? UNKNOWN : new GeoValue(result.bytes, shape)
      }
      return result as RtValue
    },
  }
}

/** Builder of the CALL instruction, by op code. */
export const CALL_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.CALL]: call,
}
