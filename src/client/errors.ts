/** The client's error hierarchy (aerospike-py's exceptions) and the factory that maps a result code to a class. */
import { RESULT_CODES, ResultCode, resultCodeEntry, resultCodeMessage } from '../protocol/index.js'
import type { Key } from './key.js'

/** What an error carries besides its message. */
export interface AerospikeErrorOptions {
  /** Result code; defaults to the class's own code. */
  resultCode?: number
  /** True when a write may have been applied although the command failed. */
  inDoubt?: boolean
  /** Name of the node the command went to, when one was chosen. */
  node?: string
  /** The record's key, when the command had one. */
  key?: Key
  /** The underlying error (a socket error, a parse error...). */
  cause?: unknown
}

/**
 * Base of every error the client raises. Carries the result code (server codes
 * are >= 0, client-side codes negative), whether a write is in doubt, the node
 * and, where known, the key.
 */
export class AerospikeError extends Error {
  /** The result code this class stands for when none is given. */
  static readonly code: number = ResultCode.CLIENT_ERROR
  override name = 'AerospikeError'
  /** Server result code (>= 0) or client-side code (< 0). */
  readonly resultCode: number
  /** True when a write may have been applied although the command failed. */
  readonly inDoubt: boolean
  /** Name of the node the command went to, if any. */
  readonly node: string | undefined
  /** The record's key, when the command had one. */
  readonly key: Key | undefined

  constructor(message: string, options: AerospikeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.resultCode = options.resultCode ?? (new.target as typeof AerospikeError).code
    this.inDoubt = options.inDoubt ?? false
    this.node = options.node
    this.key = options.key
  }
}

/** A client-side failure: connection pool exhausted, client closed, bad response, internal error. */
export class ClientError extends AerospikeError {
  override name = 'ClientError'
}

/** The cluster (or the node a command needs) cannot be reached. */
export class ClusterError extends AerospikeError {
  static override readonly code: number = ResultCode.CLUSTER
  override name = 'ClusterError'
}

/** A bad argument, rejected before anything was sent. */
export class InvalidArgError extends AerospikeError {
  static override readonly code: number = ResultCode.INVALID_ARG
  override name = 'InvalidArgError'
}

/** The command timed out, on the client (totalTimeout/socketTimeout) or on the server. */
export class AerospikeTimeoutError extends AerospikeError {
  static override readonly code: number = ResultCode.TIMEOUT
  override name = 'AerospikeTimeoutError'
}

/** A failure the server reported. */
export class ServerError extends AerospikeError {
  static override readonly code: number = ResultCode.SERVER_ERROR
  override name = 'ServerError'
}

/** A secondary-index failure. */
export class AerospikeIndexError extends ServerError {
  static override readonly code: number = 204
  override name = 'AerospikeIndexError'
}

/** The secondary index does not exist (201). */
export class IndexNotFound extends AerospikeIndexError {
  static override readonly code: number = ResultCode.INDEX_NOT_FOUND
  override name = 'IndexNotFound'
}

/** The secondary index already exists (200). */
export class IndexFoundError extends AerospikeIndexError {
  static override readonly code: number = ResultCode.INDEX_FOUND
  override name = 'IndexFoundError'
}

/** A query or scan failed on the server. */
export class QueryError extends ServerError {
  static override readonly code: number = 213
  override name = 'QueryError'
}

/** The server aborted the query or scan (15, 210). */
export class QueryAbortedError extends QueryError {
  static override readonly code: number = ResultCode.QUERY_ABORTED
  override name = 'QueryAbortedError'
}

/** A security or administration failure. */
export class AdminError extends ServerError {
  static override readonly code: number = ResultCode.NOT_AUTHENTICATED
  override name = 'AdminError'
}

/** A user-defined function failed (100). */
export class UDFError extends ServerError {
  static override readonly code: number = ResultCode.UDF_EXECUTION
  override name = 'UDFError'
}

/** A record-level failure. */
export class RecordError extends AerospikeError {
  static override readonly code: number = ResultCode.SERVER_ERROR
  override name = 'RecordError'
}

/** The record does not exist (2). */
export class RecordNotFound extends RecordError {
  static override readonly code: number = ResultCode.RECORD_NOT_FOUND
  override name = 'RecordNotFound'
}

/** The record already exists and the policy was create-only (5). */
export class RecordExistsError extends RecordError {
  static override readonly code: number = ResultCode.RECORD_EXISTS
  override name = 'RecordExistsError'
}

/** The record's generation does not satisfy the generation policy (3). */
export class RecordGenerationError extends RecordError {
  static override readonly code: number = ResultCode.GENERATION
  override name = 'RecordGenerationError'
}

/** The record is larger than the server allows (13). */
export class RecordTooBig extends RecordError {
  static override readonly code: number = ResultCode.RECORD_TOO_BIG
  override name = 'RecordTooBig'
}

/** A bin name is longer than 15 bytes (21). */
export class BinNameError extends RecordError {
  static override readonly code: number = ResultCode.BIN_NAME
  override name = 'BinNameError'
}

/** The bin already exists (6). */
export class BinExistsError extends RecordError {
  static override readonly code: number = ResultCode.BIN_EXISTS
  override name = 'BinExistsError'
}

/** The bin does not exist (17). */
export class BinNotFound extends RecordError {
  static override readonly code: number = ResultCode.BIN_NOT_FOUND
  override name = 'BinNotFound'
}

/** The operation does not apply to the bin's type (12). */
export class BinTypeError extends RecordError {
  static override readonly code: number = ResultCode.BIN_TYPE
  override name = 'BinTypeError'
}

/** The filter expression excluded the record (27). */
export class FilteredOut extends RecordError {
  static override readonly code: number = ResultCode.FILTERED_OUT
  override name = 'FilteredOut'
}

/** Any class of the hierarchy. */
export type AerospikeErrorClass = new (message: string, options?: AerospikeErrorOptions) => AerospikeError

/** Result code -> class, for every code that has a more specific class than ServerError/ClientError. */
const CLASS_BY_CODE: ReadonlyMap<number, AerospikeErrorClass> = new Map<number, AerospikeErrorClass>([
  [ResultCode.INVALID_ARG, InvalidArgError],
  [ResultCode.INVALID_HOST, ClusterError],
  [ResultCode.INVALID_NODE, ClusterError],
  [ResultCode.CONNECTION, ClusterError],
  [ResultCode.CLUSTER, ClusterError],
  [ResultCode.RECORD_NOT_FOUND, RecordNotFound],
  [ResultCode.GENERATION, RecordGenerationError],
  [ResultCode.RECORD_EXISTS, RecordExistsError],
  [ResultCode.BIN_EXISTS, BinExistsError],
  [ResultCode.TIMEOUT, AerospikeTimeoutError],
  [ResultCode.BIN_TYPE, BinTypeError],
  [ResultCode.RECORD_TOO_BIG, RecordTooBig],
  [ResultCode.QUERY_ABORT, QueryAbortedError],
  [ResultCode.BIN_NOT_FOUND, BinNotFound],
  [ResultCode.BIN_NAME, BinNameError],
  [ResultCode.ELEMENT_NOT_FOUND, RecordError],
  [ResultCode.ELEMENT_EXISTS, RecordError],
  [ResultCode.FILTERED_OUT, FilteredOut],
  [ResultCode.UDF_EXECUTION, UDFError],
  [ResultCode.INDEX_FOUND, IndexFoundError],
  [ResultCode.INDEX_NOT_FOUND, IndexNotFound],
  [202, AerospikeIndexError],
  [ResultCode.INDEX_NOT_READABLE, AerospikeIndexError],
  [204, AerospikeIndexError],
  [205, AerospikeIndexError],
  [ResultCode.INDEX_MAX_COUNT, AerospikeIndexError],
  [ResultCode.QUERY_ABORTED, QueryAbortedError],
  [211, QueryError],
  [212, QueryError],
  [213, QueryError],
  [1301, UDFError],
  [1302, UDFError],
  // Security and administration: 50..94.
  ...RESULT_CODES.filter((e) => e.code >= 50 && e.code <= 94).map(
    (e) => [e.code, AdminError] as [number, AerospikeErrorClass],
  ),
])

/** The class an error with `code` is raised as: a specific class, else ServerError (>= 0) or ClientError (< 0). */
export function errorClassFor(code: number): AerospikeErrorClass {
  return CLASS_BY_CODE.get(code) ?? (code < 0 ? ClientError : ServerError)
}

/** Context added to an error's message and fields. */
export interface ErrorContext {
  node?: string
  /** The node's address, `host:port`. */
  address?: string
  key?: Key
  inDoubt?: boolean
  /** Extra detail appended to the message. */
  detail?: string
  cause?: unknown
}

/**
 * Builds the error for `code`, with a message that names the code, its meaning,
 * the node and the key: `AEROSPIKE_ERR_RECORD_NOT_FOUND (2): Record does not exist [node A1 127.0.0.1:3000, key test/demo/user1]`.
 */
export function errorFromResultCode(code: number, context: ErrorContext = {}): AerospikeError {
  const Cls = errorClassFor(code)
  const name = resultCodeEntry(code)?.name ?? 'AEROSPIKE_ERR'
  let message = `${name} (${code}): ${resultCodeMessage(code)}`
  if (context.detail) message += `: ${context.detail}`
  const where: string[] = []
  if (context.node !== undefined)
    where.push(context.address ? `node ${context.node} ${context.address}` : `node ${context.node}`)
  if (context.key !== undefined) where.push(`key ${context.key.toString()}`)
  if (context.inDoubt) where.push('in doubt')
  if (where.length > 0) message += ` [${where.join(', ')}]`
  return new Cls(message, {
    resultCode: code,
    inDoubt: context.inDoubt ?? false,
    node: context.node,
    key: context.key,
    cause: context.cause,
  })
}

/** An InvalidArgError with the standard message prefix. */
export function invalidArg(detail: string, key?: Key): InvalidArgError {
  return errorFromResultCode(ResultCode.INVALID_ARG, { detail, key }) as InvalidArgError
}
