// How the client reads admin answers from a scripted node: streamed query answers, server results, malformed answers and silence.
import { describe, expect, it } from 'vitest'
import { adminCall, adminQuery } from '../../../src/client/admin/admin-call.js'
import {
  ConnectionFailure,
  type FrameSink,
  type NodeConnection,
} from '../../../src/client/cluster/connection.js'
import { Node } from '../../../src/client/cluster/node.js'
import {
  AdminError,
  AEROSPIKE_ERR_ROLE_VIOLATION,
  AerospikeTimeoutError,
  ClientError,
} from '../../../src/index.js'
import {
  AdminCommand,
  type AdminMessage,
  encodeAdminFrame,
  encodeInfoResponse,
  type Frame,
  ProtoType,
} from '../../../src/protocol/index.js'

/** A connection that answers every request with the next scripted frames (none: silence). */
class ScriptedConnection implements NodeConnection {
  closed = false
  lastUsed = Date.now()
  readonly inFlight = 0
  constructor(private readonly answers: Buffer[][]) {}
  info(): Promise<Map<string, string>> {
    return Promise.reject(new Error('not scripted'))
  }
  /** As the real connection: the answer, or a timeout failure that closes the connection. */
  exchange(request: Buffer, timeoutMs: number): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.close(new ConnectionFailure('no answer', 'timeout', true)),
        timeoutMs,
      )
      const done = (): void => clearTimeout(timer)
      this.send(request, {
        onFrame: (f) => {
          done()
          resolve(f)
          return true
        },
        onError: (e) => {
          done()
          reject(e)
        },
      })
    })
  }
  private sink: FrameSink | undefined
  send(_request: Buffer, sink: FrameSink): void {
    this.sink = sink
    const frames = this.answers.shift() ?? []
    setImmediate(() => {
      for (const raw of frames) {
        const frame = { type: raw[1]!, body: raw.subarray(8) }
        if (this.closed || sink.onFrame(frame)) return
      }
    })
  }
  pause(): void {}
  resume(): void {}
  close(reason?: ConnectionFailure): void {
    if (this.closed) return
    this.closed = true
    this.sink?.onError(reason ?? new ConnectionFailure('closed', 'closed', true))
  }
}

function nodeWith(conn: ScriptedConnection): Node {
  return new Node(
    'N1',
    { host: '127.0.0.1', port: 3000 },
    new Set(),
    { max: 1, min: 0, idleTimeout: 0, connectTimeout: 100, pipelineDepth: 1 },
    async () => conn,
  )
}

const entry = (user: string): AdminMessage => ({ command: 0, result: 0, fields: { user, roles: ['read'] } })
const end: AdminMessage = { command: 0, result: 50, fields: {} }
const request = { message: { command: AdminCommand.QUERY_USERS, result: 0, fields: {} }, what: 'query users' }

describe('admin answers', () => {
  it('collects query entries over several frames up to the end marker, and reuses the connection', async () => {
    const conn = new ScriptedConnection([
      [encodeAdminFrame([entry('a'), entry('b')]), encodeAdminFrame([entry('c'), end])],
    ])
    const node = nodeWith(conn)
    const entries = await adminQuery(node, request, 1000)
    expect(entries.map((e) => e.fields.user)).toEqual(['a', 'b', 'c'])
    expect(conn.closed).toBe(false)
    expect(node.pool.tryAcquire()).toBe(conn)
  })

  it('fails a query with the result the server ends it with', async () => {
    const conn = new ScriptedConnection([
      [encodeAdminFrame([entry('a'), { command: 0, result: 81, fields: {} }])],
    ])
    const err = (await adminQuery(nodeWith(conn), request, 1000).then(
      () => undefined,
      (e: unknown) => e,
    )) as AdminError
    expect(err).toBeInstanceOf(AdminError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
    expect(err.message).toContain('query users')
    expect(err.message).toContain('node N1')
  })

  it('a malformed or foreign answer is a ClientError, and the connection is dropped', async () => {
    for (const answer of [
      Buffer.from('0202000000000003000000', 'hex'),
      encodeInfoResponse([['node', 'N1']]),
    ]) {
      for (const run of [adminQuery, adminCall]) {
        const conn = new ScriptedConnection([[answer]])
        const err = await run(nodeWith(conn), request, 1000).catch((e: unknown) => e as ClientError)
        expect(err).toBeInstanceOf(ClientError)
        expect(conn.closed).toBe(true)
      }
    }
    expect(ProtoType.INFO).toBe(1)
  })

  it('no answer in time is a timeout, and the connection is dropped', async () => {
    for (const run of [adminQuery, adminCall]) {
      const conn = new ScriptedConnection([[]])
      const err = await run(nodeWith(conn), request, 30).catch((e: unknown) => e as AerospikeTimeoutError)
      expect(err).toBeInstanceOf(AerospikeTimeoutError)
      expect(conn.closed).toBe(true)
    }
  })
})
