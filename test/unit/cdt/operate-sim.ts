/** A tiny stand-in for the server's operate handler, enough to run golden CDT cases against the evaluator. */

import { CDT_EXP_ENGINE } from '../../../src/server/cdt/exp-engine.js'
import { applyCdtOp, CdtError } from '../../../src/server/cdt/index.js'
import type { Particle } from '../../../src/server/particle.js'
import { decodeSValue, type SList } from '../../../src/server/value.js'

/** The record's bins (undefined: the record does not exist). */
export type Bins = Map<string, Particle> | undefined

/** One op of a request: bin, payload bytes, read (op type 3) or modify (op type 4). */
export interface SimOp {
  bin: string
  payload: Buffer
  modify: boolean
}

/** What an operate returned. */
export type SimResult =
  | { ok: true; entries: Array<[string, Particle | null]>; bins: Bins }
  | { ok: false; code: number; bins: Bins }

/** The op code a payload addresses (the inner op of a context wrapper). */
export function innerOpCode(payload: Buffer): number {
  if (payload[0] === 0) return payload.readUInt16BE(0)
  const v = decodeSValue(payload) as SList
  const code = Number(v.items[0] as bigint)
  return code === 0xff ? Number((v.items[2] as SList).items[0] as bigint) : code
}

/**
 * Runs `ops` as one operate: reads on a missing record answer 2, any failure
 * leaves the record as it was, and with respond-all-ops every op answers
 * (nil when it returns nothing), as the C client asks for operates holding a map op.
 */
export function operate(record: Bins, ops: readonly SimOp[], respondAll: boolean): SimResult {
  if (record === undefined && !ops.some((o) => o.modify)) return { ok: false, code: 2, bins: record }
  const bins = new Map(record ?? [])
  const entries: Array<[string, Particle | null]> = []
  for (const op of ops) {
    try {
      const out = applyCdtOp(bins.get(op.bin), op.payload, op.modify, { exp: CDT_EXP_ENGINE })
      if (out.updated) bins.set(op.bin, out.updated)
      if (out.result) entries.push([op.bin, out.result])
      else if (respondAll) entries.push([op.bin, null])
    } catch (e) {
      if (e instanceof CdtError) return { ok: false, code: e.resultCode, bins: record }
      throw e
    }
  }
  return { ok: true, entries, bins: record === undefined && bins.size === 0 ? undefined : bins }
}
