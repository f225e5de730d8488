/** Test helpers for queries: a server and client per suite, bulk writes, and a proxy that can disturb scan answers. */
import { connect, createServer, type Server, type Socket } from 'node:net'
import * as aerospike from '../../../src/index.js'
import {
  decodeMessage,
  FieldType,
  type Frame,
  FrameReader,
  findField,
  Info1,
  Info3,
  MSG_HEADER_SIZE,
  PROTO_HEADER_SIZE,
  ProtoType,
  partitionId,
} from '../../../src/protocol/index.js'
import { type RunningServer, type ServerOptions, startServer } from '../../../src/server/index.js'

/** An embedded server and a connected client. */
export interface QueryEnv {
  server: RunningServer
  client: aerospike.Client
  stop(): Promise<void>
}

/** Starts a server (port 0) and connects a client to it. */
export async function startEnv(options: ServerOptions = {}): Promise<QueryEnv> {
  const server = await startServer({ port: 0, ...options })
  const client = await aerospike.client({ hosts: server.hosts }).connect()
  return {
    server,
    client,
    stop: async () => {
      await client.close()
      await server.stop()
    },
  }
}

/** Writes `count` records `${prefix}${i}` to ns/set with bins from `bins(i)`, 32 writes in flight. */
export async function writeRecords(
  client: aerospike.Client,
  ns: string,
  set: string,
  count: number,
  bins: (i: number) => aerospike.Bins,
  options: { prefix?: string; sendKey?: (i: number) => boolean; ttl?: number } = {},
): Promise<void> {
  const prefix = options.prefix ?? 'k'
  let next = 0
  const writer = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      const policy = options.sendKey?.(i) ? { key: aerospike.POLICY_KEY_SEND } : undefined
      const meta = options.ttl === undefined ? undefined : { ttl: options.ttl }
      await client.put([ns, set, `${prefix}${i}`], bins(i), meta, policy)
    }
  }
  await Promise.all(Array.from({ length: 32 }, writer))
}

/** The hex digests of records, sorted (to compare result sets). */
export function digests(records: readonly aerospike.Record[]): string[] {
  return records.map((r) => r.key.digest.toString('hex')).sort()
}

/** How the proxy may disturb the answers to scans/queries, attempt by attempt (1-based). */
export interface Disturbance {
  /** Close the client's socket after this many frames of the answer to attempt `attempt`. */
  cutAfterFrames?: { attempt: number; frames: number }
  /** In the answer to attempt `attempt`, drop the records of `pid` and report it unavailable instead. */
  unavailable?: { attempt: number; pid: number }
}

/** A TCP proxy in front of a server that counts query attempts and can disturb their answers. */
export class QueryProxy {
  /** Scan/query requests seen. */
  attempts = 0
  private constructor(
    private readonly listener: Server,
    readonly port: number,
    private readonly sockets: Set<Socket>,
    readonly disturbance: Disturbance,
  ) {}

  /** Listens on a free port, forwarding to 127.0.0.1:`upstream`. */
  static async start(upstream: number, disturbance: Disturbance): Promise<QueryProxy> {
    const sockets = new Set<Socket>()
    let proxy: QueryProxy | undefined
    const listener = createServer((client) => {
      const server = connect(upstream, '127.0.0.1')
      sockets.add(client).add(server)
      const toServer = new FrameReader()
      const toClient = new FrameReader()
      /** Attempt number of the query being answered on this connection, and its frames so far. */
      let answering = 0
      let frames = 0
      const close = (): void => {
        client.destroy()
        server.destroy()
      }
      client.on('data', (chunk: Buffer) => {
        toServer.push(chunk)
        for (let f = toServer.next(); f !== undefined; f = toServer.next()) {
          if (isQueryRequest(f)) {
            answering = ++proxy!.attempts
            frames = 0
          }
          server.write(frameBytes(f))
        }
      })
      server.on('data', (chunk: Buffer) => {
        toClient.push(chunk)
        for (let f = toClient.next(); f !== undefined; f = toClient.next()) {
          if (answering === 0) {
            client.write(frameBytes(f))
            continue
          }
          const cut = disturbance.cutAfterFrames
          if (cut !== undefined && cut.attempt === answering && frames === cut.frames) {
            close()
            return
          }
          frames++
          const u = disturbance.unavailable
          const body = u !== undefined && u.attempt === answering ? withoutPartition(f.body, u.pid) : f.body
          if (endsStream(body)) answering = 0
          client.write(frameBytes({ type: f.type, body }))
        }
      })
      for (const s of [client, server]) {
        s.on('error', () => {})
        s.on('close', () => {
          sockets.delete(s)
          close()
        })
      }
    })
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
    const port = (listener.address() as { port: number }).port
    proxy = new QueryProxy(listener, port, sockets, disturbance)
    return proxy
  }

  /** Stops listening and closes every connection. */
  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((resolve) => this.listener.close(() => resolve()))
  }
}

function frameBytes(f: Frame): Buffer {
  const out = Buffer.allocUnsafe(PROTO_HEADER_SIZE + f.body.length)
  out[0] = 2
  out[1] = f.type
  out.writeUIntBE(f.body.length, 2, 6)
  f.body.copy(out, PROTO_HEADER_SIZE)
  return out
}

function isQueryRequest(f: Frame): boolean {
  if (f.type !== ProtoType.MESSAGE) return false
  const m = decodeMessage(f.body)
  return (m.header.info1 & Info1.BATCH) === 0 && findField(m, FieldType.DIGEST) === undefined
}

/** Splits a body into its messages (start, end offsets). */
function messages(body: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let p = 0
  while (p < body.length) {
    const start = p
    const nFields = body.readUInt16BE(p + 18)
    const nOps = body.readUInt16BE(p + 20)
    p += MSG_HEADER_SIZE
    for (let i = 0; i < nFields + nOps; i++) p += 4 + body.readUInt32BE(p)
    out.push([start, p])
  }
  return out
}

function endsStream(body: Buffer): boolean {
  return messages(body).some(([s]) => (body[s + 3]! & Info3.LAST) !== 0 || body[s + 5] !== 0)
}

/** The body without the record messages of partition `pid`, plus a partition-done (unavailable) message for it. */
function withoutPartition(body: Buffer, pid: number): Buffer {
  const kept: Buffer[] = []
  let last: Buffer | undefined
  for (const [s, e] of messages(body)) {
    const m = decodeMessage(body.subarray(s, e))
    const digest = findField(m, FieldType.DIGEST)
    if (digest !== undefined && partitionId(digest.data) === pid) continue
    if (m.header.info3 & Info3.LAST) last = body.subarray(s, e)
    else kept.push(body.subarray(s, e))
  }
  if (last !== undefined) {
    const done = Buffer.alloc(MSG_HEADER_SIZE)
    done[0] = MSG_HEADER_SIZE
    done[3] = Info3.PARTITION_DONE
    done[5] = 11
    done.writeUInt32BE(pid, 6)
    kept.push(done, last)
  }
  return Buffer.concat(kept)
}
