/** Test helper: a fake single-node cluster in a worker thread that records the AS_MSG requests it receives. */
import { Worker } from 'node:worker_threads'

// The official client connects synchronously (its C core blocks the event
// loop), so the fake node must run on another thread. It answers the info
// commands of the client's tend and "not found" to every data request.
const WORKER_SOURCE = `
const net = require('node:net')
const { parentPort } = require('node:worker_threads')
const bitmap = Buffer.alloc(512, 0xff).toString('base64')
const INFO = {
  node: 'BB9000000000001',
  'partition-generation': '1',
  build: '8.1.2.0',
  'peers-generation': '1',
  'peers-clear-std': '1,3000,[]',
  replicas: 'test:0,1,' + bitmap,
  'user-agent-set': 'ok',
}
function frame(type, body) {
  const h = Buffer.alloc(8)
  h[0] = 2
  h[1] = type
  h.writeUIntBE(body.length, 2, 6)
  return Buffer.concat([h, body])
}
const requests = []
const server = net.createServer((sock) => {
  let buf = Buffer.alloc(0)
  sock.on('error', () => {})
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d])
    while (buf.length >= 8) {
      const len = buf.readUIntBE(2, 6)
      if (buf.length < 8 + len) return
      const type = buf[1]
      const body = Buffer.from(buf.subarray(8, 8 + len))
      buf = buf.subarray(8 + len)
      if (type === 1) {
        const lines = body.toString().split('\\n').filter(Boolean)
        const text = lines.map((c) => c + '\\t' + (INFO[c.split(/[:/]/)[0]] ?? 'ERROR:4:unrecognized command') + '\\n').join('')
        sock.write(frame(1, Buffer.from(text)))
      } else {
        requests.push(body)
        const m = Buffer.alloc(22)
        m[0] = 22
        m[5] = 2
        sock.write(frame(3, m))
      }
    }
  })
})
parentPort.on('message', (m) => {
  if (m === 'take') parentPort.postMessage(requests.splice(0))
  else if (m === 'stop') server.close(() => parentPort.postMessage('stopped'))
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
`

/** A running fake node. */
export interface RecordingServer {
  readonly port: number
  /** The AS_MSG request bodies (proto header stripped) received since the last call. */
  take(): Promise<Buffer[]>
  stop(): Promise<void>
}

function nextMessage<T>(w: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve)
    w.once('error', reject)
  })
}

/** Starts the fake node on a random port. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const worker = new Worker(WORKER_SOURCE, { eval: true })
  const port = await nextMessage<number>(worker)
  return {
    port,
    async take() {
      worker.postMessage('take')
      const bodies = await nextMessage<Uint8Array[]>(worker)
      return bodies.map((b) => Buffer.from(b))
    },
    async stop() {
      worker.postMessage('stop')
      await nextMessage(worker)
      await worker.terminate()
    },
  }
}
