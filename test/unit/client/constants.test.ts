import { describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { RESULT_CODES } from '../../../src/protocol/index.js'

const exported = aerospike as unknown as Record<string, unknown>

describe('constants', () => {
  it('exports an AEROSPIKE_* constant for every row of the result-code table', () => {
    for (const { name, code } of RESULT_CODES) expect(exported[name], name).toBe(code)
  })

  it("has the seed's result codes", () => {
    expect(aerospike.AEROSPIKE_OK).toBe(0)
    expect(aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND).toBe(2)
    expect(aerospike.AEROSPIKE_ERR_RECORD_GENERATION).toBe(3)
    expect(aerospike.AEROSPIKE_ERR_RECORD_EXISTS).toBe(5)
    expect(aerospike.AEROSPIKE_ERR_TIMEOUT).toBe(9)
    expect(aerospike.AEROSPIKE_ERR_RECORD_TOO_BIG).toBe(13)
    expect(aerospike.AEROSPIKE_ERR_FILTERED_OUT).toBe(27)
  })

  it("has aerospike-py's policy, TTL and operator values", () => {
    expect({
      POLICY_KEY_DIGEST: 0,
      POLICY_KEY_SEND: 1,
      POLICY_EXISTS_IGNORE: 0,
      POLICY_EXISTS_UPDATE: 1,
      POLICY_EXISTS_UPDATE_ONLY: 1,
      POLICY_EXISTS_REPLACE: 2,
      POLICY_EXISTS_REPLACE_ONLY: 3,
      POLICY_EXISTS_CREATE_ONLY: 4,
      POLICY_GEN_IGNORE: 0,
      POLICY_GEN_EQ: 1,
      POLICY_GEN_GT: 2,
      POLICY_REPLICA_MASTER: 0,
      POLICY_REPLICA_SEQUENCE: 1,
      POLICY_REPLICA_PREFER_RACK: 2,
      POLICY_COMMIT_LEVEL_ALL: 0,
      POLICY_COMMIT_LEVEL_MASTER: 1,
      POLICY_READ_MODE_AP_ONE: 0,
      POLICY_READ_MODE_AP_ALL: 1,
      READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT: 0,
      READ_TOUCH_TTL_PERCENT_DONT_RESET: -1,
      TTL_NAMESPACE_DEFAULT: 0,
      TTL_NEVER_EXPIRE: -1,
      TTL_DONT_UPDATE: -2,
      TTL_CLIENT_DEFAULT: -3,
      OPERATOR_READ: 1,
      OPERATOR_WRITE: 2,
      OPERATOR_INCR: 5,
      OPERATOR_APPEND: 9,
      OPERATOR_PREPEND: 10,
      OPERATOR_TOUCH: 11,
      OPERATOR_DELETE: 12,
      OPERATOR_EXP_READ: 7,
      OPERATOR_EXP_WRITE: 8,
    }).toEqual(
      Object.fromEntries(
        Object.entries(exported).filter(([k]) => /^(POLICY_|TTL_|OPERATOR_|READ_TOUCH_TTL_PERCENT_)/.test(k)),
      ),
    )
  })

  it('exports the error hierarchy from the root and from aerospike-ts/exception alike', async () => {
    const exception = (await import('../../../src/exception.js')) as Record<string, unknown>
    for (const [name, value] of Object.entries(exception)) expect(exported[name], name).toBe(value)
    expect(Object.keys(exception).sort()).toEqual(
      [
        'AdminError',
        'AerospikeError',
        'AerospikeIndexError',
        'AerospikeTimeoutError',
        'BinExistsError',
        'BinNameError',
        'BinNotFound',
        'BinTypeError',
        'ClientError',
        'ClusterError',
        'FilteredOut',
        'IndexFoundError',
        'IndexNotFound',
        'InvalidArgError',
        'QueryAbortedError',
        'QueryError',
        'RecordError',
        'RecordExistsError',
        'RecordGenerationError',
        'RecordNotFound',
        'RecordTooBig',
        'ServerError',
        'UDFError',
      ].sort(),
    )
  })
})
