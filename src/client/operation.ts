/** Operations as users write them (plain objects) and as the encoder sees them (wire ops with flags). */
import { RawMsgpack } from '../protocol/msgpack.js'
import { ParticleType } from '../protocol/particle-type.js'

/**
 * One operation of `operate`: `{ op, bin, val }` plus whatever fields its
 * family needs (list/map ops add `index`, `returnType`, `ctx`...). `op` is an
 * OPERATOR_* code or a family's code (lists 1001+, maps 2001+...).
 */
export interface Operation {
  readonly op: number
  readonly bin?: string
  readonly val?: unknown
  readonly [field: string]: unknown
}

/** How a wire op's value bytes are produced. */
export const ValueEncoding = {
  /** `writeParticle(w, particleType, value)` (bin values). */
  PARTICLE: 0,
  /** `pack(w, value)`: msgpack (CDT, bit, HLL and expression payloads). */
  MSGPACK: 1,
} as const

/** Bits of `WireOp.flags`: what the op does to the request header. */
export const OpFlag = {
  /** Reads: info1 READ. */
  READ: 0x01,
  /** Reads every bin (a nameless READ): info1 GET_ALL. */
  READ_ALL: 0x02,
  /** Writes: info2 WRITE. */
  WRITE: 0x04,
  /** Needs one result per op: info2 RESPOND_ALL_OPS (CDT, bit, HLL, expression ops). */
  RESPOND_ALL_OPS: 0x08,
} as const

/** An operation ready to encode: the AS_MSG op fields, the value, its size and what the op implies. */
export interface WireOp {
  /** AS_MSG op type (OpType). */
  op: number
  particleType: number
  /** Bin name ('' for ops without one). */
  bin: string
  /** Byte length of `bin`. */
  binLength: number
  /** The value, written according to `encoding`. */
  value: unknown
  /** Byte length of the encoded value. */
  valueSize: number
  /** ValueEncoding.PARTICLE or ValueEncoding.MSGPACK. */
  encoding: number
  /** OpFlag bits. */
  flags: number
  /** A record TTL the op asks for (touch with a TTL), else undefined. */
  ttl: number | undefined
}

/** Turns one user operation into a wire op; throws InvalidArgError for a malformed one. */
export type OpEncoder = (op: Operation) => WireOp

/**
 * The wire op of a CDT, bit or HLL operation: `opType` (its family's read
 * or modify op type), a BLOB particle holding the msgpack `payload`, and
 * RESPOND_ALL_OPS so every op of the operate answers in order.
 */
export function msgpackBlobOp(
  opType: number,
  modify: boolean,
  bin: string,
  binLength: number,
  payload: Buffer,
): WireOp {
  return {
    op: opType,
    particleType: ParticleType.BLOB,
    bin,
    binLength,
    value: new RawMsgpack(payload),
    valueSize: payload.length,
    encoding: ValueEncoding.MSGPACK,
    flags: (modify ? OpFlag.WRITE : OpFlag.READ) | OpFlag.RESPOND_ALL_OPS,
    ttl: undefined,
  }
}
