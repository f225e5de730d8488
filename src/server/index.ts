/** The embedded Aerospike-compatible server: `startServer(options)` and its public types. */
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { Connection } from './net/connection.js'
import { type FaultOptions, resolveFaults, resolveOptions, type ServerOptions } from './options.js'
import { ServerState } from './server-state.js'

export type { FaultOptions, NamespaceConfig, ServerOptions } from './options.js'
export type {
  SecurityOptions,
  SecurityRoleOptions,
  SecurityUserOptions,
  TlsServerOptions,
} from './security/security-options.js'

/** A server that accepts connections. */
export interface RunningServer {
  /** Address it listens on. */
  readonly host: string
  /** Port it listens on (the real one when 0 was asked for). */
  readonly port: number
  /** `[[host, port]]`, the seed list clients take. */
  readonly hosts: ReadonlyArray<readonly [string, number]>
  /** Node id it reports (upper-case hex). */
  readonly nodeId: string
  /** Closes the listener and every connection; resolves when all are closed. Safe to call twice. */
  stop(): Promise<void>
  /** Test-only: changes fault injection at runtime (unset fields keep their current values). */
  setFaults(faults: FaultOptions): void
  /**
   * Test-only (security mode): ends every login session now, as if their TTL
   * had passed; their tokens get EXPIRED_SESSION (66). Connections already
   * authenticated stay so. Throws when the server has no security.
   */
  expireSessions(): void
}

/**
 * Starts a server; resolves once it accepts connections. Defaults: port 3000
 * on 127.0.0.1, namespaces `test` and `bar` in memory, clear TCP, no
 * security. Rejects when the options are invalid (TypeError, RangeError, or
 * node:tls's error for a bad key or certificate) or the address cannot be bound.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveOptions(options)
  const state = new ServerState(config)
  const sockets = new Set<Socket>()
  const serve = (socket: Socket): void => {
    state.counters.connectionsOpened++
    new Connection(socket, state)
  }
  const { tls } = config
  let server: ReturnType<typeof createServer>
  try {
    server =
      tls === undefined
        ? createServer(serve)
        : createTlsServer(
            {
              key: tls.key,
              cert: tls.cert,
              ca: tls.ca,
              requestCert: tls.requestCert,
              rejectUnauthorized: tls.requestCert,
            },
            serve,
          )
  } catch (err) {
    state.store.close()
    state.sindexes.close()
    throw err
  }
  // Every accepted TCP socket (TLS handshakes in progress too), so that stop() can close them all.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // A failed TLS handshake only closes that socket.
  server.on('tlsClientError', () => {})
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    state.store.close()
    state.sindexes.close()
    throw err
  }
  // Errors after listening (for example EMFILE on accept) must not crash the process.
  server.on('error', () => {})
  const address = server.address() as AddressInfo
  const host = config.host
  const port = address.port
  // Clients are told an address they can reach: the loopback one when listening on every interface.
  state.serviceHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  state.servicePort = port

  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      state.store.close()
      state.sindexes.close()
      state.udf.close()
      server.close(() => resolve())
      for (const s of sockets) s.destroy()
    })
    return stopped
  }
  return {
    host,
    port,
    hosts: [[host, port]],
    nodeId: config.nodeId,
    stop,
    setFaults: (f) => {
      state.faults = resolveFaults(f, state.faults)
    },
    expireSessions: () => {
      if (state.security === undefined) throw new Error('the server runs without security')
      state.security.tokens.expireAll()
    },
  }
}
