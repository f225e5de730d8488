import { describe, expect, it } from 'vitest'
import {
  RESULT_CODES,
  ResultCode,
  resultCodeEntry,
  resultCodeMessage,
} from '../../../src/protocol/result-codes.js'

describe('result codes', () => {
  it('has one row per code and per name, each with a one-line message', () => {
    expect(new Set(RESULT_CODES.map((e) => e.code)).size).toBe(RESULT_CODES.length)
    expect(new Set(RESULT_CODES.map((e) => e.name)).size).toBe(RESULT_CODES.length)
    for (const e of RESULT_CODES) {
      expect(e.name).toMatch(/^AEROSPIKE_[A-Z0-9_]+$/)
      expect(e.message.length).toBeGreaterThan(3)
      expect(e.message).not.toMatch(/\n/)
    }
  })

  it('uses the values aerospike-py exports for its constants', () => {
    const py: Record<string, number> = {
      AEROSPIKE_OK: 0,
      AEROSPIKE_ERR_SERVER: 1,
      AEROSPIKE_ERR_RECORD_NOT_FOUND: 2,
      AEROSPIKE_ERR_RECORD_GENERATION: 3,
      AEROSPIKE_ERR_PARAM: 4,
      AEROSPIKE_ERR_RECORD_EXISTS: 5,
      AEROSPIKE_ERR_BIN_EXISTS: 6,
      AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH: 7,
      AEROSPIKE_ERR_SERVER_MEM: 8,
      AEROSPIKE_ERR_TIMEOUT: 9,
      AEROSPIKE_ERR_ALWAYS_FORBIDDEN: 10,
      AEROSPIKE_ERR_PARTITION_UNAVAILABLE: 11,
      AEROSPIKE_ERR_BIN_TYPE: 12,
      AEROSPIKE_ERR_RECORD_TOO_BIG: 13,
      AEROSPIKE_ERR_KEY_BUSY: 14,
      AEROSPIKE_ERR_SCAN_ABORT: 15,
      AEROSPIKE_ERR_UNSUPPORTED_FEATURE: 16,
      AEROSPIKE_ERR_BIN_NOT_FOUND: 17,
      AEROSPIKE_ERR_DEVICE_OVERLOAD: 18,
      AEROSPIKE_ERR_KEY_MISMATCH: 19,
      AEROSPIKE_ERR_INVALID_NAMESPACE: 20,
      AEROSPIKE_ERR_BIN_NAME: 21,
      AEROSPIKE_ERR_FAIL_FORBIDDEN: 22,
      AEROSPIKE_ERR_ELEMENT_NOT_FOUND: 23,
      AEROSPIKE_ERR_ELEMENT_EXISTS: 24,
      AEROSPIKE_ERR_ENTERPRISE_ONLY: 25,
      AEROSPIKE_ERR_OP_NOT_APPLICABLE: 26,
      AEROSPIKE_ERR_FILTERED_OUT: 27,
      AEROSPIKE_ERR_LOST_CONFLICT: 28,
      AEROSPIKE_QUERY_END: 50,
      AEROSPIKE_SECURITY_NOT_SUPPORTED: 51,
      AEROSPIKE_SECURITY_NOT_ENABLED: 52,
      AEROSPIKE_ERR_INVALID_USER: 60,
      AEROSPIKE_ERR_NOT_AUTHENTICATED: 80,
      AEROSPIKE_ERR_ROLE_VIOLATION: 81,
      AEROSPIKE_ERR_UDF: 100,
      AEROSPIKE_ERR_BATCH_DISABLED: 150,
      AEROSPIKE_ERR_INDEX_FOUND: 200,
      AEROSPIKE_ERR_INDEX_NOT_FOUND: 201,
      AEROSPIKE_ERR_QUERY_ABORTED: 210,
      AEROSPIKE_ERR_CLIENT: -1,
      AEROSPIKE_ERR_CONNECTION: -10,
      AEROSPIKE_ERR_CLUSTER: -11,
      AEROSPIKE_ERR_INVALID_HOST: -4,
      AEROSPIKE_ERR_NO_MORE_CONNECTIONS: -7,
    }
    for (const [name, code] of Object.entries(py)) expect(resultCodeEntry(code)?.name, name).toBe(name)
  })

  it('covers every server code of Aerospike 8.1', () => {
    const server = [
      ...Array.from({ length: 29 }, (_, i) => i),
      32,
      50,
      51,
      52,
      53,
      54,
      55,
      56,
      60,
      61,
      62,
      63,
      64,
      65,
      66,
      70,
      71,
      72,
      73,
      74,
      75,
      80,
      81,
      82,
      83,
      90,
      91,
      92,
      93,
      94,
      100,
      120,
      121,
      122,
      123,
      124,
      125,
      126,
      127,
      150,
      151,
      152,
      160,
      200,
      201,
      202,
      203,
      204,
      205,
      206,
    ]
    for (const code of server) expect(resultCodeEntry(code), String(code)).toBeDefined()
  })

  it('describes known and unknown codes', () => {
    expect(resultCodeMessage(2)).toBe('Record does not exist')
    expect(resultCodeMessage(9999)).toBe('Unknown result code 9999')
    expect(resultCodeEntry(9999)).toBeUndefined()
  })

  it('has a table row behind every short name', () => {
    for (const [short, code] of Object.entries(ResultCode)) expect(resultCodeEntry(code), short).toBeDefined()
  })
})
