/** Test helper for the admin tests: an embedded server in security mode and clients logged in to it. */
import { afterEach } from 'vitest'
import { type Client, type ClientConfig, client as createClient } from '../../../src/index.js'
import { type RunningServer, type SecurityOptions, startServer } from '../../../src/server/index.js'

const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Users every secured test server starts with. */
export const USERS: NonNullable<SecurityOptions['users']> = [
  { user: 'admin', password: 'admin', roles: ['user-admin'] },
  { user: 'app', password: 'app-pass', roles: ['read-write'] },
  { user: 'reader', password: 'reader-pass', roles: ['read'] },
]

/** Starts a server in security mode (stopped after the test). */
export async function securedServer(security: SecurityOptions = { users: USERS }): Promise<RunningServer> {
  const server = await startServer({ port: 0, security })
  cleanups.push(() => server.stop())
  return server
}

/** Starts a server without security, as Community Edition (stopped after the test). */
export async function plainServer(): Promise<RunningServer> {
  const server = await startServer({ port: 0 })
  cleanups.push(() => server.stop())
  return server
}

/** A client of `server`, connected as `user` (closed after the test). */
export async function connectAs(
  server: RunningServer,
  user?: string,
  password?: string,
  config: Partial<ClientConfig> = {},
): Promise<Client> {
  const c = createClient({ hosts: [[server.host, server.port]], ...config })
  cleanups.push(() => c.close())
  return user === undefined ? c.connect() : c.connect(user, password!)
}

/** Registers a cleanup to run after the test. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn)
}

/** The rejection of `p` (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { resultCode: number }> {
  return p.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e as Error & { resultCode: number },
  )
}
