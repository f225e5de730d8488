// The server's batch output: rows packed into bounded blocks, and the rules for stopping on a row's error.
import { describe, expect, it } from 'vitest'
import { decodeMessages, Info3 } from '../../../src/protocol/message.js'
import { BatchOutput } from '../../../src/server/batch/batch-output.js'
import { headerReply } from '../../../src/server/msg/response.js'

/** A row message of `size` bytes (header plus padding as one op) with a result code and index. */
function row(index: number, code = 0, size = 22): Buffer {
  const msg = Buffer.from(headerReply(code).subarray(8))
  msg.writeUInt32BE(index, 14)
  if (size === 22) return msg
  const op = Buffer.alloc(size - 22)
  op.writeUInt32BE(op.length - 4, 0)
  msg.writeUInt16BE(1, 20)
  return Buffer.concat([msg, op])
}

/** What went out: per frame, the indices of its rows; and the trailer's result code. */
function sent(out: BatchOutput): { frames: number[][]; trailer: number } {
  out.finish()
  const frames = out.ready.map((f) => decodeMessages(f.subarray(8)))
  const last = frames.pop()!
  expect(last).toHaveLength(1)
  expect(last[0]!.header.info3).toBe(Info3.LAST)
  for (const f of out.ready) expect(f.readUIntBE(2, 6)).toBe(f.length - 8)
  return {
    frames: frames.map((f) => f.map((m) => m.header.transactionTtl)),
    trailer: last[0]!.header.resultCode,
  }
}

describe('BatchOutput', () => {
  it('packs rows into blocks of at most `capacity` bytes, a larger row alone', () => {
    const out = new BatchOutput(true, false, 100)
    for (let i = 0; i < 5; i++) out.add(row(i, 0, 40))
    out.add(row(5, 0, 250))
    out.add(row(6, 0, 22))
    expect(sent(out)).toEqual({ frames: [[0, 1], [2, 3], [4], [5], [6]], trailer: 0 })
  })

  it('reporting all errors: every row goes out, the trailer is 0', () => {
    const out = new BatchOutput(true, true, 60)
    for (const [i, code] of [0, 3, 2, 9, 0].entries()) out.add(row(i, code))
    expect(sent(out)).toEqual({ frames: [[0, 1], [2, 3], [4]], trailer: 0 })
  })

  it('otherwise an error drops its block and every later one; the trailer carries it', () => {
    const out = new BatchOutput(false, false, 60)
    for (const [i, code] of [0, 2, 27, 5, 0, 0].entries()) out.add(row(i, code))
    expect(sent(out)).toEqual({ frames: [[0, 1]], trailer: 5 })
  })

  it('with report-error-record the block holding the error still goes out', () => {
    const out = new BatchOutput(false, true, 60)
    for (const [i, code] of [0, 2, 27, 5, 0, 0].entries()) out.add(row(i, code))
    expect(sent(out)).toEqual({
      frames: [
        [0, 1],
        [2, 3],
      ],
      trailer: 5,
    })
  })

  it('terminate: blocks not sent yet are dropped and the trailer carries the code', () => {
    const out = new BatchOutput(true, true, 60)
    for (let i = 0; i < 3; i++) out.add(row(i))
    out.terminate(4)
    expect(sent(out)).toEqual({ frames: [[0, 1]], trailer: 4 })
  })
})
