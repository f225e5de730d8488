/** An `AEROSPIKE_*` constant for every row of the result-code table, with aerospike-py's names. */
import { RESULT_CODES } from '../protocol/index.js'

const CODE_BY_NAME = new Map(RESULT_CODES.map((e) => [e.name, e.code]))

/** The code of the table row named `name`; a name missing from the table is a programming error. */
function code(name: string): number {
  const c = CODE_BY_NAME.get(name)
  if (c === undefined) throw new Error(`result code ${name} is not in RESULT_CODES`)
  return c
}

/** -1: generic client error. */
export const AEROSPIKE_ERR_CLIENT = code('AEROSPIKE_ERR_CLIENT')
/** -2: invalid argument given to the client. */
export const AEROSPIKE_ERR_INVALID_ARG = code('AEROSPIKE_ERR_INVALID_ARG')
/** -3: no more records in the stream. */
export const AEROSPIKE_NO_MORE_RECORDS = code('AEROSPIKE_NO_MORE_RECORDS')
/** -4: host name could not be found or is invalid. */
export const AEROSPIKE_ERR_INVALID_HOST = code('AEROSPIKE_ERR_INVALID_HOST')
/** -5: command aborted by the client. */
export const AEROSPIKE_ERR_CLIENT_ABORT = code('AEROSPIKE_ERR_CLIENT_ABORT')
/** -7: no connection to the node became available in time. */
export const AEROSPIKE_ERR_NO_MORE_CONNECTIONS = code('AEROSPIKE_ERR_NO_MORE_CONNECTIONS')
/** -8: node is not in the cluster or not reachable. */
export const AEROSPIKE_ERR_INVALID_NODE = code('AEROSPIKE_ERR_INVALID_NODE')
/** -9: TLS handshake or certificate error. */
export const AEROSPIKE_ERR_TLS_ERROR = code('AEROSPIKE_ERR_TLS_ERROR')
/** -10: network connection failed or was closed. */
export const AEROSPIKE_ERR_CONNECTION = code('AEROSPIKE_ERR_CONNECTION')
/** -11: cluster unreachable or not ready. */
export const AEROSPIKE_ERR_CLUSTER = code('AEROSPIKE_ERR_CLUSTER')
/** -12: command failed on every allowed attempt. */
export const AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED = code('AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED')
/** -14: node exceeded its error rate limit. */
export const AEROSPIKE_MAX_ERROR_RATE = code('AEROSPIKE_MAX_ERROR_RATE')
/** -15: no response was received from the server. */
export const AEROSPIKE_NO_RESPONSE = code('AEROSPIKE_NO_RESPONSE')
/** -16: one or more batch rows failed. */
export const AEROSPIKE_BATCH_FAILED = code('AEROSPIKE_BATCH_FAILED')
/** -17: server response could not be parsed. */
export const AEROSPIKE_ERR_PARSE = code('AEROSPIKE_ERR_PARSE')
/** 0: success. */
export const AEROSPIKE_OK = code('AEROSPIKE_OK')
/** 1: unknown server failure. */
export const AEROSPIKE_ERR_SERVER = code('AEROSPIKE_ERR_SERVER')
/** 2: record does not exist. */
export const AEROSPIKE_ERR_RECORD_NOT_FOUND = code('AEROSPIKE_ERR_RECORD_NOT_FOUND')
/** 3: generation does not satisfy the generation policy. */
export const AEROSPIKE_ERR_RECORD_GENERATION = code('AEROSPIKE_ERR_RECORD_GENERATION')
/** 4: invalid request parameter. */
export const AEROSPIKE_ERR_PARAM = code('AEROSPIKE_ERR_PARAM')
/** 5: record already exists. */
export const AEROSPIKE_ERR_RECORD_EXISTS = code('AEROSPIKE_ERR_RECORD_EXISTS')
/** 6: bin already exists. */
export const AEROSPIKE_ERR_BIN_EXISTS = code('AEROSPIKE_ERR_BIN_EXISTS')
/** 7: cluster changed during the command. */
export const AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH = code('AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH')
/** 8: server out of memory or storage. */
export const AEROSPIKE_ERR_SERVER_MEM = code('AEROSPIKE_ERR_SERVER_MEM')
/** 9: command timed out. */
export const AEROSPIKE_ERR_TIMEOUT = code('AEROSPIKE_ERR_TIMEOUT')
/** 10: operation always forbidden (XDR). */
export const AEROSPIKE_ERR_ALWAYS_FORBIDDEN = code('AEROSPIKE_ERR_ALWAYS_FORBIDDEN')
/** 11: partition unavailable. */
export const AEROSPIKE_ERR_PARTITION_UNAVAILABLE = code('AEROSPIKE_ERR_PARTITION_UNAVAILABLE')
/** 12: operation does not apply to the bin type. */
export const AEROSPIKE_ERR_BIN_TYPE = code('AEROSPIKE_ERR_BIN_TYPE')
/** 13: record too big. */
export const AEROSPIKE_ERR_RECORD_TOO_BIG = code('AEROSPIKE_ERR_RECORD_TOO_BIG')
/** 14: too many concurrent operations on the record. */
export const AEROSPIKE_ERR_KEY_BUSY = code('AEROSPIKE_ERR_KEY_BUSY')
/** 15: scan or query aborted. */
export const AEROSPIKE_ERR_SCAN_ABORT = code('AEROSPIKE_ERR_SCAN_ABORT')
/** 16: feature not supported by the server. */
export const AEROSPIKE_ERR_UNSUPPORTED_FEATURE = code('AEROSPIKE_ERR_UNSUPPORTED_FEATURE')
/** 17: bin does not exist. */
export const AEROSPIKE_ERR_BIN_NOT_FOUND = code('AEROSPIKE_ERR_BIN_NOT_FOUND')
/** 18: storage device overloaded. */
export const AEROSPIKE_ERR_DEVICE_OVERLOAD = code('AEROSPIKE_ERR_DEVICE_OVERLOAD')
/** 19: key does not match the stored key. */
export const AEROSPIKE_ERR_KEY_MISMATCH = code('AEROSPIKE_ERR_KEY_MISMATCH')
/** 20: namespace does not exist. */
export const AEROSPIKE_ERR_INVALID_NAMESPACE = code('AEROSPIKE_ERR_INVALID_NAMESPACE')
/** 21: bin name longer than 15 bytes. */
export const AEROSPIKE_ERR_BIN_NAME = code('AEROSPIKE_ERR_BIN_NAME')
/** 22: operation forbidden by the server configuration. */
export const AEROSPIKE_ERR_FAIL_FORBIDDEN = code('AEROSPIKE_ERR_FAIL_FORBIDDEN')
/** 23: collection element not found. */
export const AEROSPIKE_ERR_ELEMENT_NOT_FOUND = code('AEROSPIKE_ERR_ELEMENT_NOT_FOUND')
/** 24: collection element already exists. */
export const AEROSPIKE_ERR_ELEMENT_EXISTS = code('AEROSPIKE_ERR_ELEMENT_EXISTS')
/** 25: feature requires Enterprise Edition. */
export const AEROSPIKE_ERR_ENTERPRISE_ONLY = code('AEROSPIKE_ERR_ENTERPRISE_ONLY')
/** 26: operation not applicable to the value. */
export const AEROSPIKE_ERR_OP_NOT_APPLICABLE = code('AEROSPIKE_ERR_OP_NOT_APPLICABLE')
/** 27: excluded by the filter expression. */
export const AEROSPIKE_ERR_FILTERED_OUT = code('AEROSPIKE_ERR_FILTERED_OUT')
/** 28: write lost an XDR conflict. */
export const AEROSPIKE_ERR_LOST_CONFLICT = code('AEROSPIKE_ERR_LOST_CONFLICT')
/** 32: XDR write in progress on the record. */
export const AEROSPIKE_ERR_XDR_KEY_BUSY = code('AEROSPIKE_ERR_XDR_KEY_BUSY')
/** 50: end of a multi-message security reply. */
export const AEROSPIKE_QUERY_END = code('AEROSPIKE_QUERY_END')
/** 51: security not supported by this server. */
export const AEROSPIKE_SECURITY_NOT_SUPPORTED = code('AEROSPIKE_SECURITY_NOT_SUPPORTED')
/** 52: security not enabled on this server. */
export const AEROSPIKE_SECURITY_NOT_ENABLED = code('AEROSPIKE_SECURITY_NOT_ENABLED')
/** 53: security scheme not supported. */
export const AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED = code('AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED')
/** 54: unknown security command. */
export const AEROSPIKE_INVALID_COMMAND = code('AEROSPIKE_INVALID_COMMAND')
/** 55: invalid security field. */
export const AEROSPIKE_INVALID_FIELD = code('AEROSPIKE_INVALID_FIELD')
/** 56: security state does not allow the command. */
export const AEROSPIKE_ILLEGAL_STATE = code('AEROSPIKE_ILLEGAL_STATE')
/** 60: invalid user name. */
export const AEROSPIKE_ERR_INVALID_USER = code('AEROSPIKE_ERR_INVALID_USER')
/** 61: user already exists. */
export const AEROSPIKE_USER_ALREADY_EXISTS = code('AEROSPIKE_USER_ALREADY_EXISTS')
/** 62: invalid password. */
export const AEROSPIKE_INVALID_PASSWORD = code('AEROSPIKE_INVALID_PASSWORD')
/** 63: password expired. */
export const AEROSPIKE_EXPIRED_PASSWORD = code('AEROSPIKE_EXPIRED_PASSWORD')
/** 64: password forbidden. */
export const AEROSPIKE_FORBIDDEN_PASSWORD = code('AEROSPIKE_FORBIDDEN_PASSWORD')
/** 65: invalid credential. */
export const AEROSPIKE_INVALID_CREDENTIAL = code('AEROSPIKE_INVALID_CREDENTIAL')
/** 66: login session expired. */
export const AEROSPIKE_EXPIRED_SESSION = code('AEROSPIKE_EXPIRED_SESSION')
/** 70: invalid role. */
export const AEROSPIKE_INVALID_ROLE = code('AEROSPIKE_INVALID_ROLE')
/** 71: role already exists. */
export const AEROSPIKE_ROLE_ALREADY_EXISTS = code('AEROSPIKE_ROLE_ALREADY_EXISTS')
/** 72: invalid privilege. */
export const AEROSPIKE_INVALID_PRIVILEGE = code('AEROSPIKE_INVALID_PRIVILEGE')
/** 73: invalid allow-list. */
export const AEROSPIKE_INVALID_WHITELIST = code('AEROSPIKE_INVALID_WHITELIST')
/** 74: quotas not enabled. */
export const AEROSPIKE_QUOTAS_NOT_ENABLED = code('AEROSPIKE_QUOTAS_NOT_ENABLED')
/** 75: invalid quota. */
export const AEROSPIKE_INVALID_QUOTA = code('AEROSPIKE_INVALID_QUOTA')
/** 80: not authenticated. */
export const AEROSPIKE_ERR_NOT_AUTHENTICATED = code('AEROSPIKE_ERR_NOT_AUTHENTICATED')
/** 81: user lacks the role for this command. */
export const AEROSPIKE_ERR_ROLE_VIOLATION = code('AEROSPIKE_ERR_ROLE_VIOLATION')
/** 82: client address not allowed. */
export const AEROSPIKE_NOT_WHITELISTED = code('AEROSPIKE_NOT_WHITELISTED')
/** 83: quota exceeded. */
export const AEROSPIKE_QUOTA_EXCEEDED = code('AEROSPIKE_QUOTA_EXCEEDED')
/** 90: LDAP not configured. */
export const AEROSPIKE_ERR_LDAP_NOT_CONFIGURED = code('AEROSPIKE_ERR_LDAP_NOT_CONFIGURED')
/** 91: LDAP setup error. */
export const AEROSPIKE_ERR_LDAP_SETUP = code('AEROSPIKE_ERR_LDAP_SETUP')
/** 92: LDAP TLS setup error. */
export const AEROSPIKE_ERR_LDAP_TLS_SETUP = code('AEROSPIKE_ERR_LDAP_TLS_SETUP')
/** 93: LDAP authentication failed. */
export const AEROSPIKE_ERR_LDAP_AUTHENTICATION = code('AEROSPIKE_ERR_LDAP_AUTHENTICATION')
/** 94: LDAP query failed. */
export const AEROSPIKE_ERR_LDAP_QUERY = code('AEROSPIKE_ERR_LDAP_QUERY')
/** 100: UDF execution failed. */
export const AEROSPIKE_ERR_UDF = code('AEROSPIKE_ERR_UDF')
/** 120: record blocked by another transaction. */
export const AEROSPIKE_MRT_BLOCKED = code('AEROSPIKE_MRT_BLOCKED')
/** 121: record version changed during the transaction. */
export const AEROSPIKE_MRT_VERSION_MISMATCH = code('AEROSPIKE_MRT_VERSION_MISMATCH')
/** 122: transaction expired. */
export const AEROSPIKE_MRT_EXPIRED = code('AEROSPIKE_MRT_EXPIRED')
/** 123: transaction has too many writes. */
export const AEROSPIKE_MRT_TOO_MANY_WRITES = code('AEROSPIKE_MRT_TOO_MANY_WRITES')
/** 124: transaction already committed. */
export const AEROSPIKE_MRT_COMMITTED = code('AEROSPIKE_MRT_COMMITTED')
/** 125: transaction already aborted. */
export const AEROSPIKE_MRT_ABORTED = code('AEROSPIKE_MRT_ABORTED')
/** 126: record already locked by this transaction. */
export const AEROSPIKE_MRT_ALREADY_LOCKED = code('AEROSPIKE_MRT_ALREADY_LOCKED')
/** 127: transaction monitor already exists. */
export const AEROSPIKE_MRT_MONITOR_EXISTS = code('AEROSPIKE_MRT_MONITOR_EXISTS')
/** 150: batch commands disabled on the server. */
export const AEROSPIKE_ERR_BATCH_DISABLED = code('AEROSPIKE_ERR_BATCH_DISABLED')
/** 151: batch has more rows than the server allows. */
export const AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED = code('AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED')
/** 152: server batch queues full. */
export const AEROSPIKE_ERR_BATCH_QUEUES_FULL = code('AEROSPIKE_ERR_BATCH_QUEUES_FULL')
/** 160: invalid GeoJSON. */
export const AEROSPIKE_ERR_GEO_INVALID_GEOJSON = code('AEROSPIKE_ERR_GEO_INVALID_GEOJSON')
/** 200: index already exists. */
export const AEROSPIKE_ERR_INDEX_FOUND = code('AEROSPIKE_ERR_INDEX_FOUND')
/** 201: index does not exist. */
export const AEROSPIKE_ERR_INDEX_NOT_FOUND = code('AEROSPIKE_ERR_INDEX_NOT_FOUND')
/** 202: index out of memory. */
export const AEROSPIKE_ERR_INDEX_OOM = code('AEROSPIKE_ERR_INDEX_OOM')
/** 203: index not yet readable. */
export const AEROSPIKE_ERR_INDEX_NOT_READABLE = code('AEROSPIKE_ERR_INDEX_NOT_READABLE')
/** 204: generic secondary index error. */
export const AEROSPIKE_ERR_INDEX = code('AEROSPIKE_ERR_INDEX')
/** 205: index name too long. */
export const AEROSPIKE_ERR_INDEX_NAME_MAXLEN = code('AEROSPIKE_ERR_INDEX_NAME_MAXLEN')
/** 206: namespace reached its index limit. */
export const AEROSPIKE_ERR_INDEX_MAXCOUNT = code('AEROSPIKE_ERR_INDEX_MAXCOUNT')
/** 210: query aborted. */
export const AEROSPIKE_ERR_QUERY_ABORTED = code('AEROSPIKE_ERR_QUERY_ABORTED')
/** 211: query queue full. */
export const AEROSPIKE_ERR_QUERY_QUEUE_FULL = code('AEROSPIKE_ERR_QUERY_QUEUE_FULL')
/** 212: query timed out. */
export const AEROSPIKE_ERR_QUERY_TIMEOUT = code('AEROSPIKE_ERR_QUERY_TIMEOUT')
/** 213: generic query error. */
export const AEROSPIKE_ERR_QUERY = code('AEROSPIKE_ERR_QUERY')
/** 1301: UDF module not found (legacy servers). */
export const AEROSPIKE_ERR_UDF_NOT_FOUND = code('AEROSPIKE_ERR_UDF_NOT_FOUND')
/** 1302: Lua file not found (legacy servers). */
export const AEROSPIKE_ERR_LUA_FILE_NOT_FOUND = code('AEROSPIKE_ERR_LUA_FILE_NOT_FOUND')
