import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FieldType, Info1, Info2, Info3, OpType } from '../../../src/protocol/message.js'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyField, keyFields, op, RawConnection, rawOp, request } from './raw-client.js'

const W = Info2.WRITE
const getAll = { info1: Info1.READ | Info1.GET_ALL }

describe('write policies', () => {
  let server: RunningServer
  let c: RawConnection

  beforeAll(async () => {
    server = await startServer({ port: 0 })
    c = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
  })

  const put = (key: string, header: Parameters<typeof request>[0], ...ops: ReturnType<typeof op>[]) =>
    c.msg(request({ info2: W, ...header }, keyFields('test', 'pol', key), ops))
  const get = (key: string) => c.msg(request(getAll, keyFields('test', 'pol', key)))

  it('update (the default) creates, then merges bins', async () => {
    expect((await put('u1', {}, op(OpType.WRITE, 'a', 1))).header).toMatchObject({
      resultCode: 0,
      generation: 1,
    })
    expect((await put('u1', {}, op(OpType.WRITE, 'b', 2))).header).toMatchObject({
      resultCode: 0,
      generation: 2,
    })
    expect(binsOf(await get('u1'))).toEqual({ a: 1, b: 2 })
  })

  it('update-only needs the record (2 and no metadata when missing)', async () => {
    const miss = await put('uo1', { info3: Info3.UPDATE_ONLY }, op(OpType.WRITE, 'a', 1))
    expect(miss.header).toMatchObject({ resultCode: 2, generation: 0, recordTtl: 0 })
    await put('uo1', {}, op(OpType.WRITE, 'a', 1))
    const ok = await put('uo1', { info3: Info3.UPDATE_ONLY }, op(OpType.WRITE, 'b', 2))
    expect(ok.header).toMatchObject({ resultCode: 0, generation: 2 })
    expect(binsOf(await get('uo1'))).toEqual({ a: 1, b: 2 })
  })

  it('create-or-replace and replace-only drop the old bins', async () => {
    await put('r1', {}, op(OpType.WRITE, 'a', 1), op(OpType.WRITE, 'b', 2))
    expect(
      (await put('r1', { info3: Info3.CREATE_OR_REPLACE }, op(OpType.WRITE, 'c', 3))).header.resultCode,
    ).toBe(0)
    expect(binsOf(await get('r1'))).toEqual({ c: 3 })
    expect((await put('r1', { info3: Info3.REPLACE_ONLY }, op(OpType.WRITE, 'd', 4))).header).toMatchObject({
      resultCode: 0,
      generation: 3,
    })
    expect(binsOf(await get('r1'))).toEqual({ d: 4 })
    expect(
      (await put('r-new', { info3: Info3.CREATE_OR_REPLACE }, op(OpType.WRITE, 'a', 1))).header.resultCode,
    ).toBe(0)
    expect(
      (await put('r-missing', { info3: Info3.REPLACE_ONLY }, op(OpType.WRITE, 'a', 1))).header.resultCode,
    ).toBe(2)
  })

  it('replace policies refuse bin deletes and modify ops (4)', async () => {
    await put('r2', {}, op(OpType.WRITE, 'a', 1))
    expect(
      (await put('r2', { info3: Info3.CREATE_OR_REPLACE }, op(OpType.WRITE, 'a', null))).header.resultCode,
    ).toBe(4)
    expect((await put('r2', { info3: Info3.REPLACE_ONLY }, op(OpType.INCR, 'a', 1))).header.resultCode).toBe(
      4,
    )
    expect((await put('r2', { info3: Info3.REPLACE_ONLY }, op(OpType.TOUCH, ''))).header.resultCode).toBe(4)
  })

  it('create-only fails with 5 on a live record, reporting its metadata', async () => {
    expect(
      (await put('c1', { info2: W | Info2.CREATE_ONLY }, op(OpType.WRITE, 'a', 1))).header.resultCode,
    ).toBe(0)
    const again = await put('c1', { info2: W | Info2.CREATE_ONLY }, op(OpType.WRITE, 'a', 2))
    expect(again.header).toMatchObject({ resultCode: 5, generation: 1 })
    expect(binsOf(await get('c1'))).toEqual({ a: 1 })
  })

  it('generation EQ and GT', async () => {
    await put('g1', {}, op(OpType.WRITE, 'a', 1))
    await put('g1', {}, op(OpType.WRITE, 'a', 2))
    const eqBad = await put('g1', { info2: W | Info2.GENERATION, generation: 1 }, op(OpType.WRITE, 'a', 3))
    expect(eqBad.header).toMatchObject({ resultCode: 3, generation: 2 })
    const eqOk = await put('g1', { info2: W | Info2.GENERATION, generation: 2 }, op(OpType.WRITE, 'a', 3))
    expect(eqOk.header).toMatchObject({ resultCode: 0, generation: 3 })
    const gtBad = await put('g1', { info2: W | Info2.GENERATION_GT, generation: 3 }, op(OpType.WRITE, 'a', 4))
    expect(gtBad.header).toMatchObject({ resultCode: 3, generation: 3 })
    const gtOk = await put('g1', { info2: W | Info2.GENERATION_GT, generation: 9 }, op(OpType.WRITE, 'a', 4))
    expect(gtOk.header).toMatchObject({ resultCode: 0, generation: 4 })
    // A missing record has generation 0: EQ 0 creates it.
    const eq0 = await put('g-new', { info2: W | Info2.GENERATION, generation: 0 }, op(OpType.WRITE, 'a', 1))
    expect(eq0.header).toMatchObject({ resultCode: 0, generation: 1 })
  })

  it('send-key stores the key; a different key for the same digest is refused (19)', async () => {
    const fields = keyFields('test', 'pol', 'sk1', keyField('sk1'))
    expect((await c.msg(request({ info2: W }, fields, [op(OpType.WRITE, 'a', 1)]))).header.resultCode).toBe(0)
    const wrong = keyFields('test', 'pol', 'sk1', keyField('other'))
    expect((await c.msg(request({ info2: W }, wrong, [op(OpType.WRITE, 'a', 2)]))).header).toMatchObject({
      resultCode: 19,
      generation: 1,
    })
    expect((await c.msg(request(getAll, wrong))).header.resultCode).toBe(19)
    expect((await c.msg(request({ info2: W | Info2.DELETE }, wrong))).header.resultCode).toBe(19)
    // Without a KEY field the stored key is not checked.
    expect(
      (await c.msg(request({ info2: W }, keyFields('test', 'pol', 'sk1'), [op(OpType.WRITE, 'a', 3)]))).header
        .resultCode,
    ).toBe(0)
  })

  it('refuses an empty KEY field or an integer key that is not 8 bytes (16)', async () => {
    const empty = keyFields('test', 'pol', 'sk2', { type: FieldType.KEY, data: Buffer.alloc(0) })
    expect((await c.msg(request({ info2: W }, empty, [op(OpType.WRITE, 'a', 1)]))).header.resultCode).toBe(16)
    const shortInt = keyFields('test', 'pol', 'sk2', {
      type: FieldType.KEY,
      data: Buffer.from([1, 0, 0, 0, 7]),
    })
    expect((await c.msg(request({ info2: W }, shortInt, [op(OpType.WRITE, 'a', 1)]))).header.resultCode).toBe(
      16,
    )
  })

  it('a null bin deletes that bin; a record left with no bins is deleted (reply without metadata)', async () => {
    await put('n1', {}, op(OpType.WRITE, 'a', 1), op(OpType.WRITE, 'b', 2), op(OpType.WRITE, 'c', 3))
    expect((await put('n1', {}, op(OpType.WRITE, 'a', null))).header).toMatchObject({
      resultCode: 0,
      generation: 2,
    })
    // The last bin takes the deleted bin's place, as on the server.
    expect((await get('n1')).ops.map((o) => o.name)).toEqual(['c', 'b'])
    const last = await put('n1', {}, op(OpType.WRITE, 'b', null), op(OpType.WRITE, 'c', null))
    expect(last.header).toMatchObject({ resultCode: 0, generation: 0, recordTtl: 0 })
    expect((await get('n1')).header.resultCode).toBe(2)
    // Deleting bins of a record that does not exist: not found.
    expect((await put('n-missing', {}, op(OpType.WRITE, 'a', null))).header.resultCode).toBe(2)
  })

  it('durable delete is Enterprise-only on the write path, a plain delete otherwise', async () => {
    await put('dd', {}, op(OpType.WRITE, 'a', 1))
    const viaWrite = await put('dd', { info2: W | Info2.DURABLE_DELETE }, op(OpType.WRITE, 'a', null))
    expect(viaWrite.header).toMatchObject({ resultCode: 25, generation: 1 })
    const del = await c.msg(
      request({ info2: W | Info2.DELETE | Info2.DURABLE_DELETE }, keyFields('test', 'pol', 'dd')),
    )
    expect(del.header.resultCode).toBe(0)
    expect((await get('dd')).header.resultCode).toBe(2)
  })

  it('a different set name than the stored record is refused (4)', async () => {
    await put('s1', {}, op(OpType.WRITE, 'a', 1))
    const digest = keyFields('test', 'pol', 's1')[2]!
    const otherSet = [
      { type: FieldType.NAMESPACE, data: Buffer.from('test') },
      { type: FieldType.SET, data: Buffer.from('x') },
      digest,
    ]
    expect((await c.msg(request({ info2: W }, otherSet, [op(OpType.WRITE, 'a', 2)]))).header.resultCode).toBe(
      4,
    )
    expect((await c.msg(request(getAll, otherSet))).header.resultCode).toBe(4)
    const noSet = [otherSet[0]!, digest]
    // Reads may omit the set; updates may not.
    expect((await c.msg(request(getAll, noSet))).header.resultCode).toBe(0)
    expect((await c.msg(request({ info2: W }, noSet, [op(OpType.WRITE, 'a', 2)]))).header.resultCode).toBe(4)
  })

  it('checks bin values as the server does', async () => {
    const w = (pt: number, value: Buffer) => put('v1', {}, rawOp(OpType.WRITE, pt, 'x', value))
    expect((await w(ParticleType.INTEGER, Buffer.alloc(3))).header.resultCode).toBe(4)
    expect((await w(ParticleType.FLOAT, Buffer.alloc(4))).header.resultCode).toBe(4)
    expect((await w(ParticleType.BOOL, Buffer.from([2]))).header.resultCode).toBe(4)
    expect((await w(99, Buffer.from([1]))).header.resultCode).toBe(4)
    expect((await w(ParticleType.HLL, Buffer.alloc(11))).header.resultCode).toBe(4)
    expect((await w(ParticleType.LIST, Buffer.from([0x92, 0x01]))).header.resultCode).toBe(1)
    expect((await w(ParticleType.MAP, Buffer.from([0x91, 0x01]))).header.resultCode).toBe(1)
    const badGeo = Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from('{"type":"Nowhere"}')])
    expect((await w(ParticleType.GEOJSON, badGeo)).header.resultCode).toBe(160)
    // Short integers are stored zero-extended to 8 bytes.
    expect((await w(ParticleType.INTEGER, Buffer.from([0xff]))).header.resultCode).toBe(0)
    expect(binsOf(await get('v1'))).toEqual({ x: 255 })
  })

  it('stores a GeoJSON point with its S2 cell and a region without cells', async () => {
    const point = Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from('{"type":"Point","coordinates":[0,0]}')])
    await put('geo', {}, rawOp(OpType.WRITE, ParticleType.GEOJSON, 'p', point))
    const got = (await get('geo')).ops[0]!.value
    expect(got.subarray(0, 11).toString('hex')).toBe('0000011000000000000001')
    const region = '{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[0,0]]]}'
    await put(
      'geo',
      {},
      rawOp(OpType.WRITE, ParticleType.GEOJSON, 'r', Buffer.concat([Buffer.alloc(3), Buffer.from(region)])),
    )
    const r = (
      await c.msg(request({ info1: Info1.READ }, keyFields('test', 'pol', 'geo'), [op(OpType.READ, 'r')]))
    ).ops[0]!.value
    expect(r.subarray(0, 3).toString('hex')).toBe('010000')
    expect(r.subarray(3).toString()).toBe(region)
  })
})
