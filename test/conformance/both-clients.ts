/** Test helper: the embedded server in a child process, with the official client and ours connected to it. */
import * as Aerospike from 'aerospike'
import * as aerospike from '../../src/index.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

/** A server process and the two clients connected to it. */
export interface BothClients {
  server: ServerProcess
  /** The official client (aerospike@6.7.1), its log off. */
  official: Aerospike.Client
  ours: aerospike.Client
}

/** Starts the server and connects both clients. */
export async function startWithBothClients(): Promise<BothClients> {
  const server = await startServerProcess()
  const official = await Aerospike.connect({
    hosts: [{ addr: '127.0.0.1', port: server.port }],
    log: { level: Aerospike.log.OFF },
  })
  const ours = await aerospike.client({ hosts: [['127.0.0.1', server.port]] }).connect()
  return { server, official, ours }
}

/** Closes whichever of the clients and the server were started (safe after a failed start). */
export async function stopBoth(env: Partial<BothClients>): Promise<void> {
  env.official?.close()
  await env.ours?.close()
  await env.server?.stop()
}
