/** Every result code (server codes and client-side negative codes) with its constant name and meaning. */

/** One row of the result-code table. */
export interface ResultCodeEntry {
  /** The numeric code: server codes are >= 0, client-side codes negative. */
  readonly code: number
  /** The constant name, as aerospike-py exports it (e.g. `AEROSPIKE_ERR_RECORD_NOT_FOUND`). */
  readonly name: string
  /** One line saying what the code means. */
  readonly message: string
}

/**
 * The table. Server codes follow Aerospike 8.1 (`proto.h`), plus the legacy
 * query and UDF codes (210-213, 1301, 1302) older servers sent. Client-side
 * codes follow the C client's numbering (as the official Node and Python
 * clients do) with two exceptions: -11 is AEROSPIKE_ERR_CLUSTER, as in
 * aerospike-py, and -17 means "unparsable response" (the C client uses -17 for
 * a failed transaction, which this client does not have).
 */
export const RESULT_CODES: readonly ResultCodeEntry[] = [
  // Client side.
  { code: -1, name: 'AEROSPIKE_ERR_CLIENT', message: 'Generic client error' },
  { code: -2, name: 'AEROSPIKE_ERR_INVALID_ARG', message: 'Invalid argument given to the client' },
  { code: -3, name: 'AEROSPIKE_NO_MORE_RECORDS', message: 'No more records in the stream' },
  { code: -4, name: 'AEROSPIKE_ERR_INVALID_HOST', message: 'Host name could not be found or is invalid' },
  { code: -5, name: 'AEROSPIKE_ERR_CLIENT_ABORT', message: 'Command aborted by the client' },
  {
    code: -7,
    name: 'AEROSPIKE_ERR_NO_MORE_CONNECTIONS',
    message: 'No connection to the node became available in time',
  },
  { code: -8, name: 'AEROSPIKE_ERR_INVALID_NODE', message: 'Node is not in the cluster or not reachable' },
  { code: -9, name: 'AEROSPIKE_ERR_TLS_ERROR', message: 'TLS handshake or certificate error' },
  { code: -10, name: 'AEROSPIKE_ERR_CONNECTION', message: 'Network connection failed or was closed' },
  { code: -11, name: 'AEROSPIKE_ERR_CLUSTER', message: 'Cluster unreachable or not ready' },
  {
    code: -12,
    name: 'AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED',
    message: 'Command failed on every allowed attempt',
  },
  {
    code: -14,
    name: 'AEROSPIKE_MAX_ERROR_RATE',
    message: 'Node exceeded its error rate limit; failing fast',
  },
  { code: -15, name: 'AEROSPIKE_NO_RESPONSE', message: 'No response was received from the server' },
  { code: -16, name: 'AEROSPIKE_BATCH_FAILED', message: 'One or more batch rows failed' },
  { code: -17, name: 'AEROSPIKE_ERR_PARSE', message: 'Server response could not be parsed' },
  // Server.
  { code: 0, name: 'AEROSPIKE_OK', message: 'Success' },
  { code: 1, name: 'AEROSPIKE_ERR_SERVER', message: 'Unknown server failure' },
  { code: 2, name: 'AEROSPIKE_ERR_RECORD_NOT_FOUND', message: 'Record does not exist' },
  {
    code: 3,
    name: 'AEROSPIKE_ERR_RECORD_GENERATION',
    message: 'Record generation does not satisfy the generation policy',
  },
  { code: 4, name: 'AEROSPIKE_ERR_PARAM', message: 'Invalid request parameter' },
  { code: 5, name: 'AEROSPIKE_ERR_RECORD_EXISTS', message: 'Record already exists' },
  { code: 6, name: 'AEROSPIKE_ERR_BIN_EXISTS', message: 'Bin already exists' },
  { code: 7, name: 'AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH', message: 'Cluster changed during the command' },
  { code: 8, name: 'AEROSPIKE_ERR_SERVER_MEM', message: 'Server is out of memory or storage' },
  { code: 9, name: 'AEROSPIKE_ERR_TIMEOUT', message: 'Command timed out' },
  { code: 10, name: 'AEROSPIKE_ERR_ALWAYS_FORBIDDEN', message: 'Operation is always forbidden (XDR)' },
  { code: 11, name: 'AEROSPIKE_ERR_PARTITION_UNAVAILABLE', message: 'Partition is unavailable' },
  { code: 12, name: 'AEROSPIKE_ERR_BIN_TYPE', message: 'Operation cannot be applied to the bin type' },
  { code: 13, name: 'AEROSPIKE_ERR_RECORD_TOO_BIG', message: 'Record is too big' },
  { code: 14, name: 'AEROSPIKE_ERR_KEY_BUSY', message: 'Too many concurrent operations on the record' },
  { code: 15, name: 'AEROSPIKE_ERR_SCAN_ABORT', message: 'Scan or query was aborted' },
  { code: 16, name: 'AEROSPIKE_ERR_UNSUPPORTED_FEATURE', message: 'Feature not supported by the server' },
  { code: 17, name: 'AEROSPIKE_ERR_BIN_NOT_FOUND', message: 'Bin does not exist' },
  { code: 18, name: 'AEROSPIKE_ERR_DEVICE_OVERLOAD', message: 'Storage device is overloaded' },
  { code: 19, name: 'AEROSPIKE_ERR_KEY_MISMATCH', message: 'Key does not match the stored key' },
  { code: 20, name: 'AEROSPIKE_ERR_INVALID_NAMESPACE', message: 'Namespace does not exist' },
  { code: 21, name: 'AEROSPIKE_ERR_BIN_NAME', message: 'Bin name is longer than 15 bytes' },
  {
    code: 22,
    name: 'AEROSPIKE_ERR_FAIL_FORBIDDEN',
    message: 'Operation forbidden by the server configuration',
  },
  { code: 23, name: 'AEROSPIKE_ERR_ELEMENT_NOT_FOUND', message: 'Collection element not found' },
  { code: 24, name: 'AEROSPIKE_ERR_ELEMENT_EXISTS', message: 'Collection element already exists' },
  {
    code: 25,
    name: 'AEROSPIKE_ERR_ENTERPRISE_ONLY',
    message: 'Feature requires Aerospike Enterprise Edition',
  },
  { code: 26, name: 'AEROSPIKE_ERR_OP_NOT_APPLICABLE', message: 'Operation not applicable to the value' },
  { code: 27, name: 'AEROSPIKE_ERR_FILTERED_OUT', message: 'Excluded by expression filter' },
  { code: 28, name: 'AEROSPIKE_ERR_LOST_CONFLICT', message: 'Write lost an XDR conflict' },
  { code: 32, name: 'AEROSPIKE_ERR_XDR_KEY_BUSY', message: 'XDR write in progress on the record' },
  { code: 50, name: 'AEROSPIKE_QUERY_END', message: 'End of a multi-message security reply' },
  { code: 51, name: 'AEROSPIKE_SECURITY_NOT_SUPPORTED', message: 'Security is not supported by this server' },
  { code: 52, name: 'AEROSPIKE_SECURITY_NOT_ENABLED', message: 'Security is not enabled on this server' },
  { code: 53, name: 'AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED', message: 'Security scheme not supported' },
  { code: 54, name: 'AEROSPIKE_INVALID_COMMAND', message: 'Unknown security command' },
  { code: 55, name: 'AEROSPIKE_INVALID_FIELD', message: 'Invalid security field' },
  { code: 56, name: 'AEROSPIKE_ILLEGAL_STATE', message: 'Security state does not allow the command' },
  { code: 60, name: 'AEROSPIKE_ERR_INVALID_USER', message: 'User name is invalid' },
  { code: 61, name: 'AEROSPIKE_USER_ALREADY_EXISTS', message: 'User already exists' },
  { code: 62, name: 'AEROSPIKE_INVALID_PASSWORD', message: 'Password is invalid' },
  { code: 63, name: 'AEROSPIKE_EXPIRED_PASSWORD', message: 'Password has expired' },
  { code: 64, name: 'AEROSPIKE_FORBIDDEN_PASSWORD', message: 'Password is forbidden' },
  { code: 65, name: 'AEROSPIKE_INVALID_CREDENTIAL', message: 'Credential is invalid' },
  { code: 66, name: 'AEROSPIKE_EXPIRED_SESSION', message: 'Login session has expired' },
  { code: 70, name: 'AEROSPIKE_INVALID_ROLE', message: 'Role name is invalid' },
  { code: 71, name: 'AEROSPIKE_ROLE_ALREADY_EXISTS', message: 'Role already exists' },
  { code: 72, name: 'AEROSPIKE_INVALID_PRIVILEGE', message: 'Privilege is invalid' },
  { code: 73, name: 'AEROSPIKE_INVALID_WHITELIST', message: 'Allow-list is invalid' },
  { code: 74, name: 'AEROSPIKE_QUOTAS_NOT_ENABLED', message: 'Quotas are not enabled' },
  { code: 75, name: 'AEROSPIKE_INVALID_QUOTA', message: 'Quota is invalid' },
  { code: 80, name: 'AEROSPIKE_ERR_NOT_AUTHENTICATED', message: 'Not authenticated' },
  { code: 81, name: 'AEROSPIKE_ERR_ROLE_VIOLATION', message: 'User lacks the role for this command' },
  { code: 82, name: 'AEROSPIKE_NOT_WHITELISTED', message: 'Client address is not allowed' },
  { code: 83, name: 'AEROSPIKE_QUOTA_EXCEEDED', message: 'Quota exceeded' },
  { code: 90, name: 'AEROSPIKE_ERR_LDAP_NOT_CONFIGURED', message: 'LDAP is not configured' },
  { code: 91, name: 'AEROSPIKE_ERR_LDAP_SETUP', message: 'LDAP setup error' },
  { code: 92, name: 'AEROSPIKE_ERR_LDAP_TLS_SETUP', message: 'LDAP TLS setup error' },
  { code: 93, name: 'AEROSPIKE_ERR_LDAP_AUTHENTICATION', message: 'LDAP authentication failed' },
  { code: 94, name: 'AEROSPIKE_ERR_LDAP_QUERY', message: 'LDAP query failed' },
  { code: 100, name: 'AEROSPIKE_ERR_UDF', message: 'UDF execution failed' },
  { code: 120, name: 'AEROSPIKE_MRT_BLOCKED', message: 'Record is blocked by another transaction' },
  {
    code: 121,
    name: 'AEROSPIKE_MRT_VERSION_MISMATCH',
    message: 'Record version changed during the transaction',
  },
  { code: 122, name: 'AEROSPIKE_MRT_EXPIRED', message: 'Transaction expired' },
  { code: 123, name: 'AEROSPIKE_MRT_TOO_MANY_WRITES', message: 'Transaction has too many writes' },
  { code: 124, name: 'AEROSPIKE_MRT_COMMITTED', message: 'Transaction already committed' },
  { code: 125, name: 'AEROSPIKE_MRT_ABORTED', message: 'Transaction already aborted' },
  { code: 126, name: 'AEROSPIKE_MRT_ALREADY_LOCKED', message: 'Record already locked by this transaction' },
  { code: 127, name: 'AEROSPIKE_MRT_MONITOR_EXISTS', message: 'Transaction monitor already exists' },
  { code: 150, name: 'AEROSPIKE_ERR_BATCH_DISABLED', message: 'Batch commands are disabled on the server' },
  {
    code: 151,
    name: 'AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED',
    message: 'Batch has more rows than the server allows',
  },
  { code: 152, name: 'AEROSPIKE_ERR_BATCH_QUEUES_FULL', message: 'Server batch queues are full' },
  { code: 160, name: 'AEROSPIKE_ERR_GEO_INVALID_GEOJSON', message: 'Invalid GeoJSON' },
  { code: 200, name: 'AEROSPIKE_ERR_INDEX_FOUND', message: 'Index already exists' },
  { code: 201, name: 'AEROSPIKE_ERR_INDEX_NOT_FOUND', message: 'Index does not exist' },
  { code: 202, name: 'AEROSPIKE_ERR_INDEX_OOM', message: 'Index is out of memory' },
  { code: 203, name: 'AEROSPIKE_ERR_INDEX_NOT_READABLE', message: 'Index is not yet readable' },
  { code: 204, name: 'AEROSPIKE_ERR_INDEX', message: 'Generic secondary index error' },
  { code: 205, name: 'AEROSPIKE_ERR_INDEX_NAME_MAXLEN', message: 'Index name is too long' },
  { code: 206, name: 'AEROSPIKE_ERR_INDEX_MAXCOUNT', message: 'Namespace has reached its index limit' },
  { code: 210, name: 'AEROSPIKE_ERR_QUERY_ABORTED', message: 'Query was aborted' },
  { code: 211, name: 'AEROSPIKE_ERR_QUERY_QUEUE_FULL', message: 'Query queue is full' },
  { code: 212, name: 'AEROSPIKE_ERR_QUERY_TIMEOUT', message: 'Query timed out' },
  { code: 213, name: 'AEROSPIKE_ERR_QUERY', message: 'Generic query error' },
  { code: 1301, name: 'AEROSPIKE_ERR_UDF_NOT_FOUND', message: 'UDF module not found' },
  { code: 1302, name: 'AEROSPIKE_ERR_LUA_FILE_NOT_FOUND', message: 'Lua file not found' },
]

const BY_CODE = new Map<number, ResultCodeEntry>(RESULT_CODES.map((e) => [e.code, e]))

/** The table row of `code`, or undefined for a code the table does not know. */
export function resultCodeEntry(code: number): ResultCodeEntry | undefined {
  return BY_CODE.get(code)
}

/** One-line meaning of `code` ("Unknown result code N" when unknown). */
export function resultCodeMessage(code: number): string {
  return BY_CODE.get(code)?.message ?? `Unknown result code ${code}`
}

/** Numeric codes used by client and server code, by short name. */
export const ResultCode = {
  CLIENT_ERROR: -1,
  INVALID_ARG: -2,
  NO_MORE_RECORDS: -3,
  INVALID_HOST: -4,
  CLIENT_ABORT: -5,
  NO_MORE_CONNECTIONS: -7,
  INVALID_NODE: -8,
  TLS_ERROR: -9,
  CONNECTION: -10,
  CLUSTER: -11,
  MAX_RETRIES_EXCEEDED: -12,
  MAX_ERROR_RATE: -14,
  NO_RESPONSE: -15,
  BATCH_FAILED: -16,
  PARSE_ERROR: -17,
  OK: 0,
  SERVER_ERROR: 1,
  RECORD_NOT_FOUND: 2,
  GENERATION: 3,
  PARAMETER: 4,
  RECORD_EXISTS: 5,
  BIN_EXISTS: 6,
  CLUSTER_KEY_MISMATCH: 7,
  OUT_OF_SPACE: 8,
  TIMEOUT: 9,
  PARTITION_UNAVAILABLE: 11,
  BIN_TYPE: 12,
  RECORD_TOO_BIG: 13,
  KEY_BUSY: 14,
  QUERY_ABORT: 15,
  UNSUPPORTED_FEATURE: 16,
  BIN_NOT_FOUND: 17,
  KEY_MISMATCH: 19,
  NAMESPACE: 20,
  BIN_NAME: 21,
  FORBIDDEN: 22,
  ELEMENT_NOT_FOUND: 23,
  ELEMENT_EXISTS: 24,
  ENTERPRISE_ONLY: 25,
  OP_NOT_APPLICABLE: 26,
  FILTERED_OUT: 27,
  SECURITY_OK_LAST: 50,
  SECURITY_NOT_SUPPORTED: 51,
  SECURITY_NOT_ENABLED: 52,
  NOT_AUTHENTICATED: 80,
  ROLE_VIOLATION: 81,
  UDF_EXECUTION: 100,
  BATCH_DISABLED: 150,
  BATCH_MAX_REQUESTS: 151,
  BATCH_QUEUES_FULL: 152,
  GEO_INVALID_GEOJSON: 160,
  INDEX_FOUND: 200,
  INDEX_NOT_FOUND: 201,
  INDEX_NOT_READABLE: 203,
  INDEX_MAX_COUNT: 206,
  QUERY_ABORTED: 210,
} as const
