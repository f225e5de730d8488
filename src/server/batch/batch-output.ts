/** Packs batch row results into response frames of bounded size and applies the server's rules for stopping on a row's error. */
import { PROTO_HEADER_SIZE, PROTO_VERSION, ProtoType } from '../../protocol/frame.js'
import { Info3 } from '../../protocol/message.js'
import { headerReply } from '../msg/response.js'

/** Bytes of row messages one response frame holds, as the server's 128 KiB batch blocks (less their headers). */
export const BATCH_BLOCK_CAPACITY = 128 * 1024 - 32

/** Offset of the result code in a message header. */
const RESULT_CODE_OFFSET = 5

/** Row results that never stop a batch: OK, not found, filtered out. */
function isSoftResult(code: number): boolean {
  return code === 0 || code === 2 || code === 27
}

/**
 * Collects row messages into blocks. A block becomes a frame when the next
 * row does not fit (a row larger than a block gets a block of its own).
 * Unless every error is to be reported, a row error other than not found or
 * filtered out stops the batch: blocks not yet sent are dropped (with
 * `reportErrorRecord`, the block holding the failing row is still sent) and
 * the trailer carries the error.
 */
export class BatchOutput {
  /** Frames ready to send, in order; the caller takes them. */
  readonly ready: Buffer[] = []
  private parts: Buffer[] = []
  private size = 0
  /** Error of a row in the open block (reportErrorRecord mode). */
  private blockCode = 0
  /** The batch's result: once non-zero, no further block is sent. */
  private resultCode = 0

  constructor(
    private readonly reportAllErrors: boolean,
    private readonly reportErrorRecord: boolean,
    private readonly capacity = BATCH_BLOCK_CAPACITY,
  ) {}

  /** Adds one row's message (AS_MSG header and ops, its batch index already set). */
  add(message: Buffer): void {
    if (this.parts.length > 0 && this.size + message.length > this.capacity) this.closeBlock()
    this.parts.push(message)
    this.size += message.length
    const code = message[RESULT_CODE_OFFSET]!
    if (this.reportAllErrors || isSoftResult(code)) return
    if (this.reportErrorRecord) this.blockCode = code
    else this.resultCode = code
  }

  /** Stops the batch with `code`: nothing more is sent but the trailer. */
  terminate(code: number): void {
    this.resultCode = code
  }

  /** Closes the open block and queues the trailer (info3 LAST with the batch's result). */
  finish(): void {
    this.closeBlock()
    this.ready.push(headerReply(this.resultCode, 0, 0, Info3.LAST))
  }

  private closeBlock(): void {
    if (this.parts.length === 0) return
    if (this.resultCode === 0) {
      if (this.reportErrorRecord) this.resultCode = this.blockCode
      const frame = Buffer.allocUnsafe(PROTO_HEADER_SIZE + this.size)
      frame[0] = PROTO_VERSION
      frame[1] = ProtoType.MESSAGE
      frame.writeUIntBE(this.size, 2, 6)
      let p = PROTO_HEADER_SIZE
      for (const part of this.parts) p += part.copy(frame, p)
      this.ready.push(frame)
    }
    this.parts = []
    this.size = 0
    this.blockCode = 0
  }
}
