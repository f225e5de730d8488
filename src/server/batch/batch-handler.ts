/** Serves batch requests: each row runs as the single-record command it describes, and the results stream back in blocks. */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { PROTO_HEADER_SIZE } from '../../protocol/frame.js'
import { Info2, Info3, MSG_HEADER_SIZE, OpType } from '../../protocol/message.js'
import { singleRecordCommand } from '../commands/single-record.js'
import type { BatchHandler, Reply } from '../handler-types.js'
import { headerReply } from '../msg/response.js'
import type { ServerState } from '../server-state.js'
import { BatchOutput } from './batch-output.js'
import { type BatchParent, BatchParentFlag, BatchRowReader, parseBatchParent } from './batch-rows.js'

const UNKNOWN = 1
const PARAMETER = 4
/** Rows run between two turns of the event loop, so a large batch does not hold up other connections. */
const ROWS_PER_TURN = 256

/**
 * The batch handler: a request failing before any row runs gets a lone
 * trailer (info3 LAST) with the error; otherwise the rows run in order and
 * their results stream back as frames of bounded size, then the trailer.
 */
export const serveBatch: BatchHandler = (state, body) => {
  const parent = parseBatchParent(body)
  if (typeof parent === 'number') {
    state.counters.demarshalError++
    return headerReply(parent, 0, 0, Info3.LAST)
  }
  return runRows(state, parent)
}

async function* runRows(state: ServerState, parent: BatchParent): AsyncGenerator<Buffer> {
  const out = new BatchOutput(
    (parent.flags & BatchParentFlag.REPORT_ALL_ERRORS) !== 0,
    (parent.flags & BatchParentFlag.REPORT_ERROR_RECORD) !== 0,
  )
  const rows = new BatchRowReader(parent, state.store)
  for (;;) {
    const row = rows.next()
    if (row === undefined) break
    if (row === null) {
      // The rest cannot be read: what is not sent yet is dropped and the batch ends with PARAMETER.
      out.terminate(PARAMETER)
      break
    }
    let reply: Reply | Promise<Reply>
    try {
      reply = singleRecordCommand(state, row.request, row.ns, row.digest)
      if (reply instanceof Promise) reply = await reply
    } catch (err) {
      process.emitWarning(`aerospike-ts server: a batch row failed inside the server: ${String(err)}`)
      reply = headerReply(UNKNOWN)
    }
    out.add(rowMessage(reply, row.index, (row.request.info2 & Info2.WRITE) === 0))
    while (out.ready.length > 0) yield out.ready.shift()!
    if (rows.rowsRead % ROWS_PER_TURN === 0) await nextTurn()
  }
  out.finish()
  yield* out.ready
}

/**
 * Turns a single-record reply into a batch row message: info bits cleared,
 * transaction_ttl replaced by the row's index and, for rows on the read
 * path, every op marked READ (as the server builds batch read results).
 */
function rowMessage(reply: Reply, index: number, readPath: boolean): Buffer {
  if (!Buffer.isBuffer(reply)) return rowMessage(headerReply(UNKNOWN), index, readPath)
  const msg = reply.subarray(PROTO_HEADER_SIZE)
  msg.fill(0, 1, 5)
  msg.writeUInt32BE(index, 14)
  if (readPath) {
    let p = MSG_HEADER_SIZE
    const nFields = msg.readUInt16BE(18)
    const nOps = msg.readUInt16BE(20)
    for (let i = 0; i < nFields; i++) p += 4 + msg.readUInt32BE(p)
    for (let i = 0; i < nOps; i++) {
      msg[p + 4] = OpType.READ
      p += 4 + msg.readUInt32BE(p)
    }
  }
  return msg
}
