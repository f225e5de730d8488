// A tiny scriptable Aerospike node for fault tests: real info answers, canned record answers, injectable stalls.
import { createServer, type Server, type Socket } from 'node:net'
import { AEROSPIKE_PASSWORD_SALT, bcrypt } from '../../../src/client/security/bcrypt.js'
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
  /** Answer AS_MSG requests with these bytes instead of a well-formed answer. */
  rawReply: Buffer | undefined
}

/** Security of a fake node: off (as Community Edition: login answers 51), or one user and password. */
export type FakeSecurity = { user: string; password: string } | undefined

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
  /** Connections that authenticated with a session token. */
  readonly authenticated: () => number
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

function adminAnswer(resultCode: number, fields: Array<[number, Buffer]> = []): Buffer {
  let size = PROTO_HEADER_SIZE + 16
  for (const [, data] of fields) size += 5 + data.length
  const w = ByteWriter.alloc(size)
  writeProtoHeader(w, ProtoType.ADMIN, size - PROTO_HEADER_SIZE)
  w.u8(0).u8(resultCode).u8(0).u8(fields.length).bytes(Buffer.alloc(12))
  for (const [id, data] of fields)
    w.u32(data.length + 1)
      .u8(id)
      .bytes(data)
  return w.buf
}

function adminFields(body: Buffer): { command: number; fields: Map<number, string> } {
  const fields = new Map<number, string>()
  let pos = 16
  for (let i = 0; i < body[3]!; i++) {
    const size = body.readUInt32BE(pos)
    fields.set(body[pos + 4]!, body.toString('latin1', pos + 5, pos + 4 + size))
    pos += 4 + size
  }
  return { command: body[2]!, fields }
}

const TOKEN = 'fake-session-token'

/**
 * Starts a fake node on `port` (0 = random). Every read answers `{ v: 1 }`,
 * every write OK. With `security`, connections must log in or authenticate first.
 */
export async function startFakeNode(port = 0, security: FakeSecurity = undefined): Promise<FakeNode> {
  const credential = security === undefined ? '' : bcrypt(security.password, AEROSPIKE_PASSWORD_SALT)
  let authenticatedCount = 0
  const sockets = new Set<Socket>()
  let accepted = 0
  let peak = 0
  let requests = 0
  const faults: Faults = { delayMs: 0, dropResponses: 0, stall: false, rawReply: undefined }
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
    authenticated: () => authenticatedCount,
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
    const reply = faults.rawReply ?? recordAnswer(node.handler(decodeMessage(body)))
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

  function answerAdmin(socket: Socket, body: Buffer, login: (ok: boolean) => void): void {
    const { command, fields } = adminFields(body)
    if (security === undefined) {
      socket.write(adminAnswer(51))
    } else if (command === 20) {
      const ok = fields.get(0) === security.user && fields.get(3) === credential
      login(ok)
      const ttl = Buffer.alloc(4)
      ttl.writeUInt32BE(3600)
      socket.write(
        ok
          ? adminAnswer(0, [
              [5, Buffer.from(TOKEN)],
              [6, ttl],
            ])
          : adminAnswer(65),
      )
    } else {
      const ok = fields.get(0) === security.user && fields.get(5) === TOKEN
      if (ok) authenticatedCount++
      login(ok)
      socket.write(adminAnswer(ok ? 0 : 80))
    }
  }

  function onConnection(socket: Socket): void {
    accepted++
    sockets.add(socket)
    peak = Math.max(peak, sockets.size)
    const reader = new FrameReader()
    let authenticated = security === undefined
    socket.on('data', (chunk) => {
      reader.push(chunk)
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        if (f.type === ProtoType.ADMIN) {
          answerAdmin(socket, f.body, (ok) => {
            authenticated = ok
          })
        } else if (f.type === ProtoType.INFO) {
          const commands = parseInfoRequest(f.body)
          socket.write(
            encodeInfoResponse(
              commands.map((c) => [
                c,
                authenticated ? infoValue(c, node.port) : 'ERROR:80:not authenticated',
              ]),
            ),
          )
        } else if (!authenticated) {
          socket.write(recordAnswer({ resultCode: 80 }))
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
