// Child process of the close() test: connects, runs commands, closes, and must then exit on its own.
import * as aerospike from '../../../src/index.js'

const port = Number(process.env.FAKE_NODE_PORT)
const nextMessage = () => new Promise<unknown>((resolve) => process.once('message', resolve))

const client = await aerospike
  .client({ hosts: [['127.0.0.1', port]], tendInterval: 50, minConnsPerNode: 2 })
  .connect()
await client.put(['test', 'demo', 'k'], { v: 1 })
await client.get(['test', 'demo', 'k'])
process.send?.('ready')
await nextMessage()
// The parent stalls the node now: this command is still in flight when close() runs.
const pending = client.get(['test', 'demo', 'stalled'], { totalTimeout: 0 }).then(
  () => 'resolved',
  (err: Error) => err.name,
)
await nextMessage()
await client.close()
process.send?.(await pending)
process.disconnect()
