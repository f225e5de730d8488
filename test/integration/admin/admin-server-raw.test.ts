// The embedded server's security mode on raw frames: what an unauthenticated connection gets, sessions, malformed admin messages, streamed query answers.
import { describe, expect, it } from 'vitest'
import {
  AdminCommand,
  type AdminMessage,
  decodeAdminMessages,
  encodeAdminMessage,
  encodeInfoRequest,
  FieldType,
  hashPassword,
  Info1,
  Info3,
  PROTO_HEADER_SIZE,
  ProtoType,
  SecurityResult,
} from '../../../src/protocol/index.js'
import { keyFields, RawConnection, request } from '../server/raw-client.js'
import { onCleanup, plainServer, securedServer } from './admin-helpers.js'

async function open(port: number): Promise<RawConnection> {
  const conn = await RawConnection.open(port)
  onCleanup(async () => conn.close())
  return conn
}

/** Sends an admin request and returns the messages of the answer frames, up to the end of the answer. */
async function admin(conn: RawConnection, command: number, fields: AdminMessage['fields'] = {}) {
  conn.send(encodeAdminMessage({ command, result: 0, fields }))
  const messages: ReturnType<typeof decodeAdminMessages> = []
  let frames = 0
  for (;;) {
    const f = await conn.next()
    if (f === undefined) throw new Error('connection closed')
    expect(f.type).toBe(ProtoType.ADMIN)
    frames++
    const batch = decodeAdminMessages(f.body)
    messages.push(...batch)
    const last = batch[batch.length - 1]!
    const isQuery = command === AdminCommand.QUERY_USERS || command === AdminCommand.QUERY_ROLES
    if (!isQuery || last.result !== SecurityResult.OK) return { messages, frames }
  }
}

async function login(conn: RawConnection, user = 'admin', password = 'admin') {
  const { messages } = await admin(conn, AdminCommand.LOGIN, { user, credential: hashPassword(password) })
  return messages[0]!
}

const getRequest = request({ info1: Info1.READ | Info1.GET_ALL }, keyFields('test', 'demo', 'k'))

describe('security mode on raw frames', () => {
  it('a connection that has not logged in gets 80 for everything but LOGIN and AUTHENTICATE', async () => {
    const server = await securedServer()
    const conn = await open(server.port)
    const info = await conn.request(encodeInfoRequest(['build', 'namespaces']))
    expect(info.body.toString()).toBe('ERROR:80:not authenticated\n')
    expect((await conn.msg(getRequest)).header.resultCode).toBe(SecurityResult.NOT_AUTHENTICATED)
    const batch = request({ info1: Info1.READ | Info1.BATCH }, [
      { type: FieldType.BATCH_INDEX, data: Buffer.from('0000000100', 'hex') },
    ])
    const reply = (await conn.msg(batch)).header
    expect(reply.resultCode).toBe(SecurityResult.NOT_AUTHENTICATED)
    expect(reply.info3 & Info3.LAST).toBe(Info3.LAST)
    const { messages } = await admin(conn, AdminCommand.QUERY_USERS)
    expect(messages.map((m) => m.result)).toEqual([SecurityResult.NOT_AUTHENTICATED])
  })

  it('LOGIN answers a token and its TTL, and authenticates its own connection', async () => {
    const server = await securedServer({
      users: [{ user: 'admin', password: 'admin', roles: ['read'] }],
      sessionTtl: 600,
    })
    const conn = await open(server.port)
    const answer = await login(conn)
    expect(answer.result).toBe(SecurityResult.OK)
    expect(answer.fields.sessionTtl).toBe(600)
    expect(answer.fields.sessionToken!.length).toBeGreaterThan(32)
    expect((await conn.info('namespaces')).get('namespaces')).toBe('test;bar')
    expect((await conn.msg(getRequest)).header.resultCode).toBe(2)
  })

  it('AUTHENTICATE accepts the token for its user only, and refuses altered or expired tokens', async () => {
    const server = await securedServer()
    const token = Buffer.from((await login(await open(server.port))).fields.sessionToken!)
    const results = async (fields: AdminMessage['fields']) =>
      (await admin(await open(server.port), AdminCommand.AUTHENTICATE, fields)).messages[0]!.result
    expect(await results({ user: 'admin', sessionToken: token })).toBe(SecurityResult.OK)
    expect(await results({ sessionToken: token })).toBe(SecurityResult.OK)
    expect(await results({ user: 'app', sessionToken: token })).toBe(SecurityResult.INVALID_CREDENTIAL)
    const altered = Buffer.from(token)
    altered[5]! ^= 1
    expect(await results({ user: 'admin', sessionToken: altered })).toBe(SecurityResult.INVALID_CREDENTIAL)
    expect(await results({ user: 'admin', sessionToken: Buffer.from('short') })).toBe(
      SecurityResult.INVALID_CREDENTIAL,
    )
    expect(await results({ user: 'admin' })).toBe(SecurityResult.INVALID_CREDENTIAL)
    server.expireSessions()
    expect(await results({ user: 'admin', sessionToken: token })).toBe(SecurityResult.EXPIRED_SESSION)
  })

  it('answers malformed messages, other schemes and unknown commands with a result, never closing', async () => {
    const server = await securedServer()
    const conn = await open(server.port)
    const frame = (body: Buffer): Buffer => {
      const header = Buffer.alloc(PROTO_HEADER_SIZE)
      header[0] = 2
      header[1] = ProtoType.ADMIN
      header.writeUIntBE(body.length, 2, 6)
      return Buffer.concat([header, body])
    }
    const result = async (body: Buffer): Promise<number> =>
      decodeAdminMessages((await conn.request(frame(body))).body)[0]!.result
    const header = (scheme: number, command: number, fields: number): Buffer =>
      Buffer.from([scheme, 0, command, fields, ...Array(12).fill(0)])
    expect(await result(Buffer.alloc(5))).toBe(SecurityResult.INVALID_FIELD)
    expect(await result(Buffer.concat([header(0, 20, 1), Buffer.from('00000000', 'hex')]))).toBe(
      SecurityResult.INVALID_FIELD,
    )
    expect(await result(Buffer.concat([header(0, 20, 2), Buffer.from('0000000200', 'hex')]))).toBe(
      SecurityResult.INVALID_FIELD,
    )
    expect(await result(header(1, 20, 0))).toBe(SecurityResult.SCHEME_NOT_SUPPORTED)
    expect(await result(header(0, 99, 0))).toBe(SecurityResult.INVALID_COMMAND)
    expect(await result(header(0, AdminCommand.LOGIN, 0))).toBe(SecurityResult.INVALID_CREDENTIAL)
    expect((await login(conn)).result).toBe(SecurityResult.OK)
  })

  it('streams long query answers over several frames, ending with result 50', async () => {
    const server = await securedServer()
    const conn = await open(server.port)
    await login(conn)
    const password = hashPassword('admin')
    for (let i = 0; i < 150; i++) {
      const { messages } = await admin(conn, AdminCommand.CREATE_USER, {
        user: `user${String(i).padStart(3, '0')}`,
        password,
        roles: ['read'],
      })
      expect(messages[0]!.result).toBe(SecurityResult.OK)
    }
    const { messages, frames } = await admin(conn, AdminCommand.QUERY_USERS)
    expect(frames).toBe(2)
    // The three users the server started with, the 150 new ones, the end.
    expect(messages).toHaveLength(154)
    expect(messages[153]).toMatchObject({ result: SecurityResult.QUERY_END, fields: {} })
    expect(messages[0]!.fields).toMatchObject({ user: 'admin', roles: ['user-admin'], connections: 1 })
    expect(messages[3]!.fields).toMatchObject({ user: 'user000', roles: ['read'], connections: 0 })
    const roles = await admin(conn, AdminCommand.QUERY_ROLES, { role: 'write' })
    expect(roles.messages).toEqual([
      {
        scheme: 0,
        result: 0,
        command: 0,
        fields: {
          role: 'write',
          privileges: [{ code: 13, namespace: '', set: '' }],
          readQuota: 0,
          writeQuota: 0,
        },
      },
      { scheme: 0, result: SecurityResult.QUERY_END, command: 0, fields: {} },
    ])
  })

  it('counts a closed connection out of its user', async () => {
    const server = await securedServer()
    const watcher = await open(server.port)
    await login(watcher)
    const other = await open(server.port)
    await login(other)
    const count = async (): Promise<number> =>
      (await admin(watcher, AdminCommand.QUERY_USERS, { user: 'admin' })).messages[0]!.fields.connections!
    expect(await count()).toBe(2)
    other.close()
    await other.closed
    await expect.poll(count).toBe(1)
  })

  it('without security, every admin command gets 51 and no fields', async () => {
    const server = await plainServer()
    const conn = await open(server.port)
    for (const command of Object.values(AdminCommand)) {
      const { messages } = await admin(conn, command, { user: 'admin', credential: hashPassword('admin') })
      expect(messages).toEqual([{ scheme: 0, result: SecurityResult.NOT_SUPPORTED, command: 0, fields: {} }])
    }
  })
})
