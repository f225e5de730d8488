/** Test helper: the official-client capture (official-client-crud.json) and the steps this server does not cover yet. */
import { readFileSync } from 'node:fs'

/** One request frame and the frames that answered it on the same connection. */
export interface GoldenExchange {
  /** Connection number in the capture (the same number = the same socket). */
  conn: number
  /** Request frame, hex, proto header included. */
  request: string
  /** Response frames, hex. */
  responses: string[]
}

/** One client call of the capture with what the client returned. */
export interface GoldenStep {
  label: string
  ok: boolean
  result?: unknown
  error?: { code: number; message: string }
  exchanges: GoldenExchange[]
}

/** The capture file. */
export interface GoldenCapture {
  about: string
  cluster_tend_at_connect: GoldenExchange[]
  steps: GoldenStep[]
}

/** The capture, as recorded against a real Aerospike CE 8.1.2.0. */
export const GOLDEN: GoldenCapture = JSON.parse(
  readFileSync(new URL('../fixtures/golden/official-client-crud.json', import.meta.url), 'utf8'),
) as GoldenCapture

/**
 * Steps skipped for now, each with its reason. A later issue removes its
 * entries; both the official-client run and the replay skip these steps.
 */
export const SKIPPED_STEPS: Readonly<Record<string, string>> = {}

/**
 * The batch steps read records b0..b7 (bins i = n, s = "vn") that the capture
 * wrote without recording the calls. They are written just before the step
 * named here, so later steps (scan counts, `sets` statistics) see the same data.
 */
export const SEED_BEFORE_STEP = 'batchRead 8 + 2 missing'

/** The unrecorded seed records: [user key, bins]. */
export const SEED_RECORDS: ReadonlyArray<readonly [string, { i: number; s: string }]> = Array.from(
  { length: 8 },
  (_, n) => [`b${n}`, { i: n, s: `v${n}` }] as const,
)
