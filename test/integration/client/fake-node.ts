// A tiny scriptable Aerospike node for fault tests: real info answers, canned record answers, injectable stalls.
import { createServer, type Server, type Socket } from 'node:net'
import {
  ByteWriter,
  decodeMessage,
  encodeInfoResponse,
  encodePartitionBitmap,
  FrameReader,
  type Message,
  MSG_HEADER_SIZE,
  OpType,
  ParticleType,
  PROTO_HEADER_SIZE,
  ProtoType,
  parseInfoRequest,
  writeProtoHeader,
} from '../../../src/protocol/index.js'

/** Builds the answer to one AS_MSG request: result code, generation and int bins. */
export type RecordHandler = (request: Message) => {
  resultCode: number
  generation?: number
  bins?: Record<string, number>
}

/** What a test can change while the node runs. */
export interface Faults {
  /** Answer AS_MSG requests this many ms late. */
  delayMs: number
  /** Swallow this many AS_MSG requests without answering (counts down). */
  dropResponses: number
  /** Never answer AS_MSG requests. */
  stall: boolean
}

/** A running fake node. */
export interface FakeNode {
  readonly host: string
  port: number
  readonly faults: Faults
  handler: RecordHandler
  /** Called for every AS_MSG request received. */
  onRequest: () => void
  /** Sockets accepted since start. */
  readonly accepted: () => number
  /** Sockets open now. */
  readonly open: () => number
  /** Most sockets open at once. */
  readonly peak: () => number
  /** AS_MSG requests received. */
  readonly requests: () => number
  /** Stops listening and closes every socket. */
  stop(): Promise<void>
  /** Listens again on the same port. */
  restart(): Promise<void>
}

const ALL_PARTITIONS = encodePartitionBitmap(() => true)

function infoValue(command: string, port: number): string {
  switch (command) {
    case 'node':
      return 'FAKE1'
    case 'partition-generation':
    case 'peers-generation':
      return '1'
    case 'features':
      return 'peers;replicas;pipelining'
    case 'cluster-name':
      return 'fake'
    case 'peers-clear-std':
    case 'peers-clear-alt':
      return '1,3000,[]'
    case 'replicas':
      return `test:0,1,${ALL_PARTITIONS};bar:0,1,${ALL_PARTITIONS}`
    case 'build':
      return '8.1.2.0'
    case 'namespaces':
      return 'test;bar'
    case 'service-clear-std':
      return `127.0.0.1:${port}`
    default:
      return 'ERROR:4:unrecognized command'
  }
}

function recordAnswer(answer: ReturnType<RecordHandler>): Buffer {
  const bins = Object.entries(answer.bins ?? {})
  let size = PROTO_HEADER_SIZE + MSG_HEADER_SIZE
  for (const [name] of bins) size += 8 + Buffer.byteLength(name) + 8
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.MESSAGE, size - PROTO_HEADER_SIZE)
  w.u8(MSG_HEADER_SIZE).u8(0).u8(0).u8(0).u8(0).u8(answer.resultCode)
  w.u32(answer.generation ?? 1)
    .u32(0)
    .u32(0)
    .u16(0)
    .u16(bins.length)
  for (const [name, value] of bins) {
    const len = Buffer.byteLength(name)
    w.u32(4 + len + 8)
      .u8(OpType.READ)
      .u8(ParticleType.INTEGER)
      .u8(0)
      .u8(len)
    w.utf8(name, len)
    w.i64(value)
  }
  return w.buf
}

/** Starts a fake node on `port` (0 = random). Every read answers `{ v: 1 }`, every write OK. */
export async function startFakeNode(port = 0): Promise<FakeNode> {
  const sockets = new Set<Socket>()
  let accepted = 0
  let peak = 0
  let requests = 0
  const faults: Faults = { delayMs: 0, dropResponses: 0, stall: false }
  const timers = new Set<NodeJS.Timeout>()
  let server: Server

  const node: FakeNode = {
    host: '127.0.0.1',
    port,
    faults,
    handler: () => ({ resultCode: 0, bins: { v: 1 } }),
    onRequest: () => undefined,
    accepted: () => accepted,
    open: () => sockets.size,
    peak: () => peak,
    requests: () => requests,
    async stop() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const s of sockets) s.destroy()
      sockets.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    async restart() {
      await listen(node.port)
    },
  }

  function answerRecord(socket: Socket, body: Buffer): void {
    requests++
    node.onRequest()
    if (faults.stall) return
    if (faults.dropResponses > 0) {
      faults.dropResponses--
      return
    }
    const reply = recordAnswer(node.handler(decodeMessage(body)))
    if (faults.delayMs > 0) {
      const t = setTimeout(() => {
        timers.delete(t)
        if (!socket.destroyed) socket.write(reply)
      }, faults.delayMs)
      timers.add(t)
    } else {
      socket.write(reply)
    }
  }

  function onConnection(socket: Socket): void {
    accepted++
    sockets.add(socket)
    peak = Math.max(peak, sockets.size)
    const reader = new FrameReader()
    socket.on('data', (chunk) => {
      reader.push(chunk)
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        if (f.type === ProtoType.INFO) {
          const commands = parseInfoRequest(f.body)
          socket.write(encodeInfoResponse(commands.map((c) => [c, infoValue(c, node.port)])))
        } else {
          answerRecord(socket, f.body)
        }
      }
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => sockets.delete(socket))
  }

  async function listen(p: number): Promise<void> {
    server = createServer(onConnection)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(p, '127.0.0.1', () => resolve())
    })
    const address = server.address()
    if (address !== null && typeof address === 'object') node.port = address.port
  }

  await listen(port)
  return node
}
