/** Bit read ops (op type 12): get, count, lscan, rscan and getInt on a blob bin. */
import { BitIntFlag, BitWireCode } from '../../protocol/bit-codes.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { ResultCode } from '../../protocol/result-codes.js'
import { type Particle, sValueToParticle } from '../particle.js'
import { countBits, extractBits, readField, scanBackward, scanForward } from './bit-window.js'
import { BitsError } from './bits-error.js'
import { type BitsOp, parseBitsOp } from './bits-op.js'
import { type Region, regionStart, wholeRegion } from './bits-region.js'

/** Computes a read op's answer from the window holding its region. */
type Reader = (op: BitsOp, window: Buffer, region: Region) => Particle

const integer = (v: bigint | number): Particle => sValueToParticle(BigInt(v))

const C = BitWireCode

/** Read op code -> its answer. */
const READERS: ReadonlyMap<number, Reader> = new Map<number, Reader>([
  [C.GET, (_op, w, r) => ({ type: ParticleType.BLOB, data: extractBits(w, r.head, r.size) })],
  [C.COUNT, (_op, w, r) => integer(countBits(w, r.head, r.size))],
  [C.LSCAN, (op, w, r) => integer(scanForward(w, r.head, r.size, op.value === 1n))],
  [C.RSCAN, (op, w, r) => integer(scanBackward(w, r.head, r.size, op.value === 1n))],
  [
    C.GET_INT,
    (op, w, r) => {
      const v = readField(w, r.head, r.size)
      return integer(op.subflags & BitIntFlag.SIGNED ? BigInt.asIntN(r.size, v) : v)
    },
  ],
])

/**
 * Applies a bit read op (the msgpack `payload` of op type 12) to an
 * existing bin and returns its answer: a blob for get, an integer for the
 * others. Throws BitsError: PARAMETER (4) for a malformed op, BIN_TYPE (12)
 * for a bin that is not a blob, OP_NOT_APPLICABLE (26) for a region that
 * is not wholly inside the blob.
 */
export function bitsRead(bin: Particle, payload: Buffer): Particle {
  const op = parseBitsOp(payload, false)
  if (bin.type !== ParticleType.BLOB)
    throw new BitsError(
      ResultCode.BIN_TYPE,
      `${op.name}: the bin holds particle type ${bin.type}, not a blob`,
    )
  const blob = bin.data
  const region = wholeRegion(op, regionStart(op, blob.length, true), blob.length)!
  const window = blob.subarray(region.byteOffset, region.byteOffset + region.length)
  return READERS.get(op.code)!(op, window, region)
}
