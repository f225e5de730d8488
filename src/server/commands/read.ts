/** The read command (get, select bins, exists/header, reads with read-only ops), with the read-touch that renews a record's TTL. */
import { FieldType, Info1, Info2, MAX_OPS } from '../../protocol/message.js'
import { clepochMs } from '../clock.js'
import type { Request } from '../msg/request.js'
import { binsReply, headerReply, opsReply } from '../msg/response.js'
import { OpContext } from '../ops/op-context.js'
import { READ_PATH_OPS } from '../ops/op-table.js'
import { Namespace } from '../storage/namespace.js'
import { countRead } from '../storage/namespace-stats.js'
import type { StoredRecord } from '../storage/record.js'
import { applyFilter, keyMatches, setNameMatches } from './record-checks.js'
import { TTL_NEVER_EXPIRE } from './ttl.js'
import { isValidBinName } from './write-policy.js'

const NOT_FOUND = 2
const PARAMETER = 4
const KEY_MISMATCH = 19
const BIN_NAME = 21
const ENTERPRISE_ONLY = 25

interface Outcome {
  code: number
  reply: Buffer
}

/** Runs a read of `digest` in `ns` and returns the reply frame. */
export function readCommand(req: Request, ns: Namespace, digest: Buffer): Buffer {
  const result = read(req, ns, digest)
  countRead(ns.counters, result.code)
  return result.reply
}

/**
 * Whether the read should renew the record's TTL: `pct` (the request's
 * record_ttl) is the percentage of the record's last write TTL below which the
 * remaining TTL triggers a touch; 0 uses the namespace default (0 = never), -1
 * never touches. Returns -1 for a percentage over 100 (a PARAMETER error).
 */
function readTouchDue(r: StoredRecord, pct: number, nowSeconds: number): boolean | -1 {
  if (r.voidTime === 0 || pct === TTL_NEVER_EXPIRE || pct === 0) return false
  if (pct > 100) return -1
  const writeTtl = r.voidTime - Math.floor(r.lastUpdateMs / 1000)
  const threshold = r.voidTime - Math.floor((writeTtl * pct) / 100)
  return nowSeconds >= threshold
}

function read(req: Request, ns: Namespace, digest: Buffer): Outcome {
  if (req.fields[FieldType.MRT_ID] !== undefined) return fail(ENTERPRISE_ONLY)
  const r = ns.get(digest)
  if (r === undefined) return fail(NOT_FOUND)
  // Errors from here on report the record's generation and void time.
  if (!setNameMatches(req, r)) return fail(PARAMETER, r)
  const nowMs = clepochMs()
  const nowSeconds = Math.floor(nowMs / 1000)
  if (Namespace.isExpired(r, nowSeconds)) return fail(NOT_FOUND, r)
  const touch = readTouchDue(r, req.recordTtl, nowSeconds)
  if (touch === -1) return fail(PARAMETER, r)
  const filtered = applyFilter(req, ns, r)
  if (filtered !== 0) return fail(filtered, r)
  if (!keyMatches(req, r)) return fail(KEY_MISMATCH, r)

  let reply: Buffer
  if (req.info1 & Info1.GET_NO_BINS) {
    reply = headerReply(0, r.generation, r.voidTime)
  } else if (req.info1 & Info1.GET_ALL) {
    reply = binsReply(r.generation, r.voidTime, r.bins)
  } else {
    if (req.ops.length === 0 || req.ops.length > MAX_OPS) return fail(PARAMETER, r)
    const ctx = new OpContext(ns, r, r.bins, (req.info2 & Info2.RESPOND_ALL_OPS) !== 0, false, false)
    for (const op of req.ops) {
      if (!isValidBinName(op.name)) return fail(BIN_NAME, r)
      const handler = READ_PATH_OPS[op.op]
      const code = handler === undefined ? PARAMETER : handler(ctx, op)
      if (code !== 0) return fail(code, r)
    }
    reply = opsReply(0, r.generation, r.voidTime, ctx.replies)
  }
  if (touch) readTouch(ns, r, nowMs)
  return { code: 0, reply }
}

/** Renews a record's TTL to its last write TTL from now, keeping its generation, as the server's read-touch does. */
function readTouch(ns: Namespace, r: StoredRecord, nowMs: number): void {
  const writeTtl = r.voidTime - Math.floor(r.lastUpdateMs / 1000)
  const voidTime = Math.floor(nowMs / 1000) + writeTtl
  if (voidTime <= r.voidTime) {
    ns.counters.read_touch_skip++
    return
  }
  ns.put({ ...r, voidTime, lastUpdateMs: Math.max(r.lastUpdateMs, nowMs) }, r)
  ns.counters.read_touch_success++
}

/** A failed outcome, reporting the metadata of the record it applies to, if any. */
function fail(code: number, record?: { generation: number; voidTime: number }): Outcome {
  return { code, reply: headerReply(code, record?.generation ?? 0, record?.voidTime ?? 0) }
}
