/** Contracts between the dispatcher and the handlers of each request kind (including the ones later modules add). */
import type { Request } from './msg/request.js'
import type { ServerState } from './server-state.js'
import type { Namespace } from './storage/namespace.js'
import type { StoredRecord } from './storage/record.js'

/** Frames a handler produces over time (batch, query): each is written as soon as it is yielded. */
export type ReplyStream = AsyncIterable<Buffer>

/** What a handler sends back: one frame, several frames in order, or a stream of frames. */
export type Reply = Buffer | readonly Buffer[] | ReplyStream

/** A reply now, or later (the connection keeps replies in request order either way). */
export type ReplyOrPromise = Reply | Promise<Reply>

/** Per-connection state handlers may read or set. */
export interface ConnectionInfo {
  /** Base64 value the client gave with `user-agent-set`, if any. */
  userAgent: string | undefined
  /** The user the connection logged in or authenticated as (security mode only). */
  user: string | undefined
  /** The client's IP address. */
  readonly remoteAddress: string
  /** Common name of the client's verified TLS certificate, if it sent one (PKI logins). */
  readonly certificateName: string | undefined
}

/** Handles a batch request (info1 BATCH): `body` is the whole type-3 body, not yet demarshalled. */
export type BatchHandler = (state: ServerState, body: Buffer, conn: ConnectionInfo) => ReplyOrPromise

/** Handles a scan/query (a type-3 request without a DIGEST field) in a known namespace. */
export type QueryHandler = (
  state: ServerState,
  req: Request,
  ns: Namespace,
  conn: ConnectionInfo,
) => ReplyOrPromise

/** Handles a record UDF call (a write carrying a UDF_FILENAME field). */
export type UdfHandler = (state: ServerState, req: Request, ns: Namespace, digest: Buffer) => ReplyOrPromise

/**
 * Evaluates a filter expression (FILTER_EXP field data) against a live record:
 * 0 when it matches, 27 (FILTERED_OUT) when not, another result code on error.
 */
export type FilterEvaluator = (exp: Buffer, ns: Namespace, record: StoredRecord) => number
