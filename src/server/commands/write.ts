/** The write command (put, append/prepend/increment, touch, operate with writes), following the server's write path step by step. */
import { FieldType, Info1, Info2 } from '../../protocol/message.js'
import { clepochMs } from '../clock.js'
import type { Request } from '../msg/request.js'
import { headerReply, opsReply } from '../msg/response.js'
import { OpContext } from '../ops/op-context.js'
import { WRITE_PATH_OPS } from '../ops/op-table.js'
import { Namespace } from '../storage/namespace.js'
import { countWrite } from '../storage/namespace-stats.js'
import { nextGeneration, type StoredRecord } from '../storage/record.js'
import { recordWriteSize, storageSize } from '../storage/record-size.js'
import {
  applyFilter,
  generationOk,
  keyMatches,
  keyToStore,
  requestSetName,
  setNameMatchesOnUpdate,
} from './record-checks.js'
import { isTtlDisallowed, isValidTtl, nextVoidTime, TTL_DONT_UPDATE, TTL_USE_DEFAULT } from './ttl.js'
import { checkWritePolicy } from './write-policy.js'

const NOT_FOUND = 2
const GENERATION = 3
const PARAMETER = 4
const RECORD_EXISTS = 5
const KEY_MISMATCH = 19
const RECORD_TOO_BIG = 13
const FORBIDDEN = 22
const ENTERPRISE_ONLY = 25
/** Most bins a record may have. */
const MAX_BINS = 0x7fff

/** Runs a write on `digest` in `ns` and returns the reply frame. */
export function writeCommand(req: Request, ns: Namespace, digest: Buffer): Buffer {
  const result = write(req, ns, digest)
  countWrite(ns.counters, result.code)
  return result.reply
}

/** Runs a write on `digest` in `ns` for a background job: the result code only. */
export function writeResultCode(req: Request, ns: Namespace, digest: Buffer): number {
  const { code } = write(req, ns, digest)
  countWrite(ns.counters, code)
  return code
}

interface Outcome {
  code: number
  reply: Buffer
}

/** A failed outcome, reporting the metadata of the record it applies to, if any. */
function fail(code: number, record?: { generation: number; voidTime: number }): Outcome {
  return { code, reply: headerReply(code, record?.generation ?? 0, record?.voidTime ?? 0) }
}

function write(req: Request, ns: Namespace, digest: Buffer): Outcome {
  const policy = checkWritePolicy(req)
  if (typeof policy === 'number') return fail(policy)
  if (req.fields[FieldType.MRT_ID] !== undefined) return fail(ENTERPRISE_ONLY)

  const stored = ns.get(digest)
  const nowMs = clepochMs()
  const nowSeconds = Math.floor(nowMs / 1000)
  const expired = stored !== undefined && Namespace.isExpired(stored, nowSeconds)
  // An expired record is replaced as if it did not exist.
  const prev = stored !== undefined && !expired ? stored : undefined
  if (policy.mustNotCreate) {
    if (stored === undefined) return fail(NOT_FOUND)
    if (expired) return fail(NOT_FOUND, stored)
  }
  // Errors from here on report the record's generation and void time (none for a new record).
  const gen0 = prev?.generation ?? 0
  const void0 = prev?.voidTime ?? 0

  if (req.info2 & Info2.CREATE_ONLY && prev !== undefined) return fail(RECORD_EXISTS, prev)
  if (!generationOk(req, gen0)) {
    ns.counters.fail_generation++
    return fail(GENERATION, prev)
  }
  let setName: string
  if (prev === undefined) {
    setName = requestSetName(req)
    if (setName !== '') {
      const set = ns.ensureSet(setName)
      if (typeof set === 'number') return fail(set, prev)
    }
  } else {
    if (!setNameMatchesOnUpdate(req, prev)) return fail(PARAMETER, prev)
    setName = prev.setName
    const filtered = applyFilter(req, ns, prev)
    if (filtered !== 0) return fail(filtered, prev)
  }

  let key: Buffer | undefined
  if (prev?.key !== undefined) {
    if (!keyMatches(req, prev)) return fail(KEY_MISMATCH, prev)
    key = prev.key
  } else {
    const k = keyToStore(req)
    if (typeof k === 'number') return fail(k, prev)
    key = k
  }

  let ttl = req.recordTtl
  if (ttl === TTL_DONT_UPDATE && prev === undefined) ttl = TTL_USE_DEFAULT
  if (!isValidTtl(ttl)) return fail(PARAMETER, prev)
  if (isTtlDisallowed(ttl, ns.config)) return fail(FORBIDDEN, prev)

  const voidTime = nextVoidTime(void0, ttl, nowMs, ns.config)
  if (prev !== undefined && ((void0 === 0 && voidTime !== 0) || voidTime < void0))
    ns.counters.ttl_reductions_applied++
  const meta = {
    digest,
    setName,
    generation: prev === undefined ? 1 : nextGeneration(prev.generation),
    voidTime,
    lastUpdateMs: prev === undefined ? nowMs : Math.max(prev.lastUpdateMs, nowMs),
    key,
  }
  const ctx = new OpContext(
    ns,
    meta,
    policy.isReplace || prev === undefined ? [] : prev.bins,
    (req.info2 & Info2.RESPOND_ALL_OPS) !== 0,
    true,
    (req.info1 & Info1.GET_ALL) !== 0,
  )
  for (const op of req.ops) {
    const handler = WRITE_PATH_OPS[op.op]
    const code = handler === undefined ? PARAMETER : handler(ctx, op)
    if (code !== 0) return fail(code, prev)
  }
  if (ctx.bins.length > MAX_BINS) return fail(PARAMETER, prev)

  if (ctx.bins.length === 0) {
    // The write left no bins: it deletes the record.
    if (prev === undefined) return fail(NOT_FOUND)
    if (req.info2 & Info2.DURABLE_DELETE) return fail(ENTERPRISE_ONLY, prev)
    ns.remove(stored!)
    ns.counters.deleted_last_bin++
    return { code: 0, reply: reply(ctx, 0, 0) }
  }

  const bins = ctx.bins
  const size = recordWriteSize({ setName, key, voidTime, bins })
  if (size > ns.config.maxRecordSize) {
    ns.counters.fail_record_too_big++
    return fail(RECORD_TOO_BIG, prev)
  }
  const record: StoredRecord = {
    digest: prev === undefined ? Buffer.from(digest) : prev.digest,
    setName,
    bins,
    generation: meta.generation,
    voidTime,
    lastUpdateMs: meta.lastUpdateMs,
    key,
    storageSize: storageSize(size),
  }
  ns.put(record, stored)
  return { code: 0, reply: reply(ctx, record.generation, record.voidTime) }
}

function reply(ctx: OpContext, generation: number, voidTime: number): Buffer {
  return ctx.replies.length === 0
    ? headerReply(0, generation, voidTime)
    : opsReply(0, generation, voidTime, ctx.replies)
}
