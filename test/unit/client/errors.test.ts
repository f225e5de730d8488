import { describe, expect, it } from 'vitest'
import {
  AdminError,
  AerospikeError,
  AerospikeIndexError,
  AerospikeTimeoutError,
  BinExistsError,
  BinNameError,
  BinNotFound,
  BinTypeError,
  ClientError,
  ClusterError,
  errorClassFor,
  errorFromResultCode,
  FilteredOut,
  IndexFoundError,
  IndexNotFound,
  InvalidArgError,
  QueryAbortedError,
  QueryError,
  RecordError,
  RecordExistsError,
  RecordGenerationError,
  RecordNotFound,
  RecordTooBig,
  ServerError,
  UDFError,
} from '../../../src/client/errors.js'
import { Key } from '../../../src/client/key.js'
import { RESULT_CODES } from '../../../src/protocol/index.js'

describe('result code -> error class', () => {
  it.each([
    [2, RecordNotFound],
    [3, RecordGenerationError],
    [5, RecordExistsError],
    [6, BinExistsError],
    [9, AerospikeTimeoutError],
    [12, BinTypeError],
    [13, RecordTooBig],
    [15, QueryAbortedError],
    [17, BinNotFound],
    [21, BinNameError],
    [23, RecordError],
    [24, RecordError],
    [27, FilteredOut],
    [52, AdminError],
    [80, AdminError],
    [81, AdminError],
    [100, UDFError],
    [1301, UDFError],
    [200, IndexFoundError],
    [201, IndexNotFound],
    [203, AerospikeIndexError],
    [210, QueryAbortedError],
    [213, QueryError],
    [1, ServerError],
    [4, ServerError],
    [250, ServerError],
    [-1, ClientError],
    [-2, InvalidArgError],
    [-7, ClientError],
    [-8, ClusterError],
    [-10, ClusterError],
    [-11, ClusterError],
    [-99, ClientError],
  ] as const)('%i is raised as %o', (code, Cls) => {
    expect(errorClassFor(code)).toBe(Cls)
    const err = errorFromResultCode(code)
    expect(err).toBeInstanceOf(Cls)
    expect(err.resultCode).toBe(code)
  })

  it('gives every code of the table a class of the hierarchy', () => {
    for (const { code } of RESULT_CODES) expect(errorFromResultCode(code)).toBeInstanceOf(AerospikeError)
  })
})

describe('the hierarchy', () => {
  it('is the seed hierarchy', () => {
    expect(new RecordNotFound('x')).toBeInstanceOf(RecordError)
    expect(new FilteredOut('x')).toBeInstanceOf(RecordError)
    expect(new IndexNotFound('x')).toBeInstanceOf(AerospikeIndexError)
    expect(new IndexFoundError('x')).toBeInstanceOf(ServerError)
    expect(new QueryAbortedError('x')).toBeInstanceOf(QueryError)
    expect(new QueryError('x')).toBeInstanceOf(ServerError)
    expect(new AdminError('x')).toBeInstanceOf(ServerError)
    expect(new UDFError('x')).toBeInstanceOf(ServerError)
    for (const Cls of [
      ClientError,
      ClusterError,
      InvalidArgError,
      AerospikeTimeoutError,
      ServerError,
      RecordError,
    ]) {
      const err = new Cls('x')
      expect(err).toBeInstanceOf(AerospikeError)
      expect(err).toBeInstanceOf(Error)
      expect(err.name).toBe(Cls.name)
    }
    expect(new RecordNotFound('x')).not.toBeInstanceOf(ServerError)
  })

  it('defaults the result code to the class code', () => {
    expect(new RecordNotFound('gone').resultCode).toBe(2)
    expect(new AerospikeTimeoutError('late').resultCode).toBe(9)
    expect(new ClusterError('down').resultCode).toBe(-11)
    expect(new InvalidArgError('bad').resultCode).toBe(-2)
    expect(new RecordNotFound('gone', { resultCode: 2, inDoubt: true }).inDoubt).toBe(true)
  })

  it('names the code, its meaning, the node and the key in the message', () => {
    const key = new Key('test', 'demo', 'user1')
    const err = errorFromResultCode(2, { node: 'A1', address: '127.0.0.1:3000', key })
    expect(err.message).toBe(
      'AEROSPIKE_ERR_RECORD_NOT_FOUND (2): Record does not exist [node A1 127.0.0.1:3000, key test/demo/user1]',
    )
    expect(err.node).toBe('A1')
    expect(err.key).toBe(key)
    expect(err.inDoubt).toBe(false)
    expect(errorFromResultCode(250).message).toBe('AEROSPIKE_ERR (250): Unknown result code 250')
  })
})
