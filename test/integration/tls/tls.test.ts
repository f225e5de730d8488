// TLS between the client and the embedded server: TLS names, certificate failures (-9), peers over peers-tls-std, PKI and external logins.
import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AdminError,
  AEROSPIKE_ERR_ROLE_VIOLATION,
  AEROSPIKE_ERR_TLS_ERROR,
  AUTH_EXTERNAL,
  AUTH_PKI,
  type Client,
  type ClientConfig,
  ClientError,
  ClusterError,
  client as createClient,
  InvalidArgError,
} from '../../../src/index.js'
import { encodeInfoResponse, FrameReader, ProtoType, parseInfoRequest } from '../../../src/protocol/index.js'
import { type RunningServer, type ServerOptions, startServer } from '../../../src/server/index.js'

const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url))
const CA = fixture('ca.pem')
const SERVER_TLS = { key: fixture('server.key'), cert: fixture('server.pem'), ca: CA }
const CLIENT_CERT = { cert: fixture('client.pem'), key: fixture('client.key') }
const TLS_NAME = 'aerospike-ts-test'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function server(options: ServerOptions = {}): Promise<RunningServer> {
  const s = await startServer({ port: 0, tls: SERVER_TLS, ...options })
  cleanups.push(() => s.stop())
  return s
}

async function connect(config: ClientConfig, user?: string, password?: string): Promise<Client> {
  const c = createClient(config)
  cleanups.push(() => c.close())
  return user === undefined ? c.connect() : c.connect(user, password!)
}

async function failure(config: ClientConfig, user?: string, password?: string) {
  return connect(config, user, password).then(
    () => {
      throw new Error('expected the connect to fail')
    },
    (e: unknown) => e as Error & { resultCode: number },
  )
}

describe('TLS connections', () => {
  it.each([
    ['host:tlsName:port', (p: number) => `127.0.0.1:${TLS_NAME}:${p}`],
    ['{ host, port, tlsName }', (p: number) => [{ host: '127.0.0.1', port: p, tlsName: TLS_NAME }]],
    ['[host, port, tlsName]', (p: number) => [['127.0.0.1', p, TLS_NAME] as const]],
  ])('connects with the TLS name given as %s', async (_, hosts) => {
    const s = await server()
    const c = await connect({ hosts: hosts(s.port) as ClientConfig['hosts'], tls: { ca: CA } })
    await c.put(['test', 'demo', 1], { v: 'secret' })
    expect((await c.get(['test', 'demo', 1])).bins).toEqual({ v: 'secret' })
    expect(await c.infoRandomNode('peers-tls-std')).toBe('0,3000,[]')
    expect(await c.infoRandomNode('service-tls-std')).toBe(`127.0.0.1:${s.port}`)
  })

  it('without a TLS name, checks the certificate against the host (here its IP address)', async () => {
    const s = await server()
    const c = await connect({ hosts: [['127.0.0.1', s.port]], tls: { ca: CA } })
    expect(await c.exists(['test', 'demo', 'none'])).toMatchObject({ meta: null })
  })

  it('a TLS name the certificate does not carry is ClientError AEROSPIKE_ERR_TLS_ERROR (-9)', async () => {
    const s = await server()
    const err = await failure({ hosts: `127.0.0.1:other-name:${s.port}`, tls: { ca: CA } })
    expect(err).toBeInstanceOf(ClientError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_TLS_ERROR)
    expect(err.message).toContain("TLS name 'other-name'")
    expect(err.message).toContain('altnames')
  })

  it('a certificate from an unknown authority is -9, unless rejectUnauthorized is false', async () => {
    const s = await server()
    const err = await failure({ hosts: `127.0.0.1:${TLS_NAME}:${s.port}`, tls: {} })
    expect(err).toBeInstanceOf(ClientError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_TLS_ERROR)
    expect(err.message).toContain('self-signed certificate in certificate chain')
    const c = await connect({ hosts: `127.0.0.1:${TLS_NAME}:${s.port}`, tls: { rejectUnauthorized: false } })
    expect(await c.infoRandomNode('build')).toMatch(/^\d+\./)
  })

  it('a TLS client at a clear-text server fails the handshake (-9); a clear client at a TLS server cannot connect', async () => {
    const clear = await startServer({ port: 0 })
    cleanups.push(() => clear.stop())
    const tlsAtClear = await failure({ hosts: [['127.0.0.1', clear.port, TLS_NAME]], tls: { ca: CA } })
    expect(tlsAtClear.resultCode).toBe(AEROSPIKE_ERR_TLS_ERROR)
    const s = await server()
    const clearAtTls = await failure({ hosts: [['127.0.0.1', s.port]], timeout: 500 })
    expect(clearAtTls).toBeInstanceOf(ClusterError)
  })

  it('without TLS, the server answers the TLS info commands as Community Edition does', async () => {
    const clear = await startServer({ port: 0 })
    cleanups.push(() => clear.stop())
    const c = await connect({ hosts: [['127.0.0.1', clear.port]] })
    expect(await c.infoRandomNode('peers-tls-std')).toBe('ERROR:25:enterprise only')
  })

  it('logs in over TLS to a secured server', async () => {
    const s = await server({ security: { users: [{ user: 'app', password: 'pw', roles: ['read-write'] }] } })
    const c = await connect({ hosts: `127.0.0.1:${TLS_NAME}:${s.port}`, tls: { ca: CA } }, 'app', 'pw')
    await c.put(['test', 'demo', 'k'], { v: 1 })
  })

  it('rejects a bad server key or certificate at start', async () => {
    await expect(startServer({ port: 0, tls: { key: 'not a key', cert: SERVER_TLS.cert } })).rejects.toThrow()
    await expect(startServer({ port: 0, tls: { key: SERVER_TLS.key } as never })).rejects.toThrow(TypeError)
  })
})

describe('auth modes over TLS', () => {
  const pkiServer = (): Promise<RunningServer> =>
    server({
      tls: { ...SERVER_TLS, requestCert: true },
      security: {
        users: [
          { user: 'pki-user', password: 'unused', roles: ['read'] },
          { user: 'admin', password: 'admin', roles: ['user-admin'] },
        ],
      },
    })

  it('AUTH_PKI logs in as the common name of the client certificate', async () => {
    const s = await pkiServer()
    const c = await connect({
      hosts: `127.0.0.1:${TLS_NAME}:${s.port}`,
      authMode: AUTH_PKI,
      tls: { ca: CA, ...CLIENT_CERT },
      minConnsPerNode: 2,
    })
    expect((await c.adminQueryUserInfo('pki-user')).roles).toEqual(['read'])
    expect(await c.exists(['test', 'demo', 'k'])).toMatchObject({ meta: null })
    const err = await c.put(['test', 'demo', 'k'], { v: 1 }).then(
      () => undefined,
      (e: unknown) => e as AdminError,
    )
    expect(err).toBeInstanceOf(AdminError)
    expect(err?.resultCode).toBe(AEROSPIKE_ERR_ROLE_VIOLATION)
  })

  it('a server asking for client certificates refuses clients without one (-9)', async () => {
    const s = await pkiServer()
    const err = await failure({ hosts: `127.0.0.1:${TLS_NAME}:${s.port}`, tls: { ca: CA } }, 'admin', 'admin')
    expect(err).toBeInstanceOf(ClientError)
    expect(err.resultCode).toBe(AEROSPIKE_ERR_TLS_ERROR)
    expect(err.message).toContain('certificate required')
  })

  it('AUTH_EXTERNAL sends the clear password too, and needs TLS', async () => {
    const s = await server({
      security: { users: [{ user: 'ldap-user', password: 'ldap-pass', roles: ['read'] }] },
    })
    const c = await connect(
      { hosts: `127.0.0.1:${TLS_NAME}:${s.port}`, tls: { ca: CA }, authMode: AUTH_EXTERNAL },
      'ldap-user',
      'ldap-pass',
    )
    expect(await c.exists(['test', 'demo', 'k'])).toMatchObject({ meta: null })
    expect(() => createClient({ hosts: [['127.0.0.1', s.port]], authMode: AUTH_EXTERNAL })).toThrow(
      InvalidArgError,
    )
    expect(() => createClient({ hosts: [['127.0.0.1', s.port]], authMode: AUTH_PKI })).toThrow(
      InvalidArgError,
    )
  })
})

/** A TLS seed node that only answers info: it names the embedded server as its peer in `peers-tls-std`. */
async function tlsSeed(
  peer: RunningServer,
  peerTlsName: string,
): Promise<{ port: number; commands: string[] }> {
  const commands: string[] = []
  let port = 0
  const answer = (command: string): string => {
    const values: Record<string, string> = {
      node: 'BB9000000000001',
      'partition-generation': '1',
      'peers-generation': '1',
      features: 'peers;replicas;pipelining',
      'peers-tls-std': `1,3000,[[${peer.nodeId},${peerTlsName},[127.0.0.1:${peer.port}]]]`,
    }
    return values[command] ?? 'ERROR:4:unrecognized command'
  }
  const tlsServer: TlsServer = createTlsServer(SERVER_TLS, (socket: Socket) => {
    const reader = new FrameReader()
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk)
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        if (f.type !== ProtoType.INFO) continue
        const lines = parseInfoRequest(f.body)
        commands.push(...lines)
        socket.write(encodeInfoResponse(lines.map((l) => [l, answer(l)])))
      }
    })
  })
  const sockets = new Set<Socket>()
  tlsServer.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
  port = (tlsServer.address() as { port: number }).port
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        tlsServer.close(() => resolve())
      }),
  )
  return { port, commands }
}

describe('peers over TLS', () => {
  it('reads peers with peers-tls-std and connects to them over TLS with their TLS name', async () => {
    const node = await server()
    const seed = await tlsSeed(node, TLS_NAME)
    const c = createClient({ hosts: `127.0.0.1:${TLS_NAME}:${seed.port}`, tls: { ca: CA } })
    cleanups.push(() => c.close())
    const added = new Promise<string>((resolve) =>
      c.on('nodeAdded', (e) => e.nodeName === node.nodeId && resolve(e.nodeName)),
    )
    await c.connect()
    expect(await added).toBe(node.nodeId)
    expect(seed.commands).toContain('peers-tls-std')
    expect(seed.commands).not.toContain('peers-clear-std')
    await c.put(['test', 'demo', 'p'], { v: 1 })
    expect((await c.get(['test', 'demo', 'p'])).bins).toEqual({ v: 1 })
  })

  it('a peer whose certificate does not carry its listed TLS name is not added', async () => {
    const node = await server()
    const seed = await tlsSeed(node, 'not-the-name')
    const c = await connect({ hosts: `127.0.0.1:${TLS_NAME}:${seed.port}`, tls: { ca: CA } })
    expect(seed.commands).toContain('peers-tls-std')
    expect(c.getNodeNames()).not.toContain(node.nodeId)
  })
})
