/**
 * Test helper: a two-node cluster in front of one embedded server. Each front
 * answers info as its own node (peers: the other front; replicas: even or odd
 * partitions) and forwards record requests to the shared server, so batches
 * really split across two nodes. A front can be told to stall.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import {
  encodeInfoResponse,
  encodePartitionBitmap,
  FrameReader,
  ProtoType,
  parseInfoRequest,
} from '../../../src/protocol/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'

/** One front node. */
export interface Front {
  readonly name: string
  port: number
  /** Requests (AS_MSG frames) received. */
  requests: number
  /** Batch requests forwarded and not answered yet. */
  inFlight: number
  /** Swallow every request without answering. */
  stall: boolean
  /** Swallow this many requests, then answer again. */
  drop: number
}

/** The cluster: the backing server, the two fronts, and the seed list. */
export interface TwoNodes {
  readonly server: RunningServer
  readonly fronts: readonly [Front, Front]
  readonly hosts: Array<[string, number]>
  /** Most requests in flight at once, both fronts together. */
  peakInFlight(): number
  stop(): Promise<void>
}

function startFront(
  name: string,
  pidParity: number,
  backendPort: number,
  state: { inFlight: number; peak: number },
) {
  const front: Front = { name, port: 0, requests: 0, inFlight: 0, stall: false, drop: 0 }
  const sockets = new Set<Socket>()
  let peer: Front | undefined
  const bitmap = encodePartitionBitmap((pid) => pid % 2 === pidParity)
  const info = (command: string): string => {
    switch (command) {
      case 'node':
        return name
      case 'partition-generation':
      case 'peers-generation':
        return '1'
      case 'features':
        return 'peers;replicas;pipelining'
      case 'peers-clear-std':
      case 'peers-clear-alt':
        return `1,3000,[[${peer!.name},,[127.0.0.1:${peer!.port}]]]`
      case 'replicas':
        return `test:0,1,${bitmap};bar:0,1,${bitmap}`
      default:
        return 'ERROR:4:unrecognized command'
    }
  }
  const server: Server = createServer((client) => {
    sockets.add(client)
    const backend = connect(backendPort, '127.0.0.1')
    sockets.add(backend)
    const reader = new FrameReader()
    client.on('data', (chunk: Buffer) => {
      reader.push(chunk)
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        if (f.type === ProtoType.INFO) {
          client.write(encodeInfoResponse(parseInfoRequest(f.body).map((c) => [c, info(c)])))
          continue
        }
        front.requests++
        if (front.stall) continue
        if (front.drop > 0) {
          front.drop--
          continue
        }
        if (f.body[1]! & 0x08) {
          front.inFlight++
          state.inFlight++
          state.peak = Math.max(state.peak, state.inFlight)
        }
        const header = Buffer.alloc(8)
        header[0] = 2
        header[1] = f.type
        header.writeUIntBE(f.body.length, 2, 6)
        backend.write(Buffer.concat([header, f.body]))
      }
    })
    // A batch answer ends with a lone LAST message: the request is done when it arrives.
    const answers = new FrameReader()
    backend.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk)
      answers.push(chunk)
      for (let f = answers.next(); f !== undefined; f = answers.next()) {
        if (f.body.length === 22 && (f.body[3]! & 1) === 1) {
          front.inFlight--
          state.inFlight--
        }
      }
    })
    const close = (): void => {
      client.destroy()
      backend.destroy()
    }
    client.on('error', close)
    backend.on('error', close)
    client.on('close', () => {
      sockets.delete(client)
      backend.destroy()
    })
    backend.on('close', () => {
      sockets.delete(backend)
      client.destroy()
    })
  })
  return {
    front,
    setPeer(p: Front) {
      peer = p
    },
    listen: () =>
      new Promise<void>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          front.port = (server.address() as { port: number }).port
          resolve()
        }),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Starts an embedded server and two fronts splitting its partitions by parity. */
export async function startTwoNodes(): Promise<TwoNodes> {
  const server = await startServer({ port: 0 })
  const state = { inFlight: 0, peak: 0 }
  const a = startFront('N1', 0, server.port, state)
  const b = startFront('N2', 1, server.port, state)
  a.setPeer(b.front)
  b.setPeer(a.front)
  await a.listen()
  await b.listen()
  return {
    server,
    fronts: [a.front, b.front],
    hosts: [['127.0.0.1', a.front.port]],
    peakInFlight: () => state.peak,
    async stop() {
      await a.stop()
      await b.stop()
      await server.stop()
    },
  }
}
