/** Table-driven encoding of bit and HLL ops: each op's server code, read or modify, and arguments, as a msgpack payload op. */
import { EncodeError } from '../../protocol/codec-errors.js'
import { type Packable, packToBuffer } from '../../protocol/msgpack.js'
import { checkedBinLength } from '../basic-operations.js'
import { invalidArg } from '../errors.js'
import { msgpackBlobOp, type OpEncoder, type Operation, type WireOp } from '../operation.js'

/** How an op object becomes a wire op with the msgpack payload `[code, args...]`. */
export interface PayloadShape {
  /** The server's op code. */
  readonly code: number
  /** The family's modify op type rather than its read op type. */
  readonly modify: boolean
  /** The arguments after the op code. */
  readonly args: (o: Operation) => Packable[]
}

/** The shape of a read op. */
export function readShape(code: number, args: PayloadShape['args']): PayloadShape {
  return { code, modify: false, args }
}

/** The shape of a modify op. */
export function modifyShape(code: number, args: PayloadShape['args']): PayloadShape {
  return { code, modify: true, args }
}

/** An op family's two op types, and how its messages name one of its ops. */
export interface PayloadFamily {
  readonly readType: number
  readonly modifyType: number
  /** E.g. 'a bit operation'. */
  readonly what: string
}

/**
 * The op table entries of a family: every op code of `shapes` with an
 * encoder giving the family's read or modify op type, a BLOB particle
 * holding the msgpack payload, and RESPOND_ALL_OPS so every op of the
 * operate answers in order. The encoder throws InvalidArgError for a bad
 * bin name or a missing or mistyped argument.
 */
export function payloadOperations(
  shapes: ReadonlyMap<number, PayloadShape>,
  family: PayloadFamily,
): ReadonlyArray<readonly [number, OpEncoder]> {
  const encode = (o: Operation): WireOp => {
    const binLength = checkedBinLength(o.bin, family.what)
    const shape = shapes.get(o.op)!
    let payload: Buffer
    try {
      payload = packToBuffer([shape.code, ...shape.args(o)])
    } catch (err) {
      if (err instanceof EncodeError) throw invalidArg(`bin '${String(o.bin)}': ${err.message}`)
      throw err
    }
    const opType = shape.modify ? family.modifyType : family.readType
    return msgpackBlobOp(opType, shape.modify, o.bin!, binLength, payload)
  }
  return [...shapes.keys()].map((code) => [code, encode] as const)
}
