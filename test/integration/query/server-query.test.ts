// The embedded server's scan/query handler on raw frames: what it refuses and with which code, the
// shape of the stream (record messages, LAST), resume after a digest (and index value), sample max.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AerospikeValue,
  ByteWriter,
  computeDigest,
  decodeMessages,
  FieldType,
  findField,
  Info1,
  Info2,
  Info3,
  type Message,
  OpType,
  type OutgoingField,
  type OutgoingOp,
  PARTITIONS,
  partitionId,
} from '../../../src/protocol/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { CHUNK_LIMIT } from '../../../src/server/query/record-frames.js'
import { hashBval } from '../../../src/server/sindex/wyhash.js'
import { binsOf, keyField, keyFields, op, RawConnection, request } from '../server/raw-client.js'

let server: RunningServer
let c: RawConnection
const SET = 'raw'
const COUNT = 400

const ALL_PIDS = (() => {
  const b = Buffer.alloc(PARTITIONS * 2)
  for (let i = 0; i < PARTITIONS; i++) b.writeUInt16LE(i, i * 2)
  return b
})()

const field = (type: number, data: Buffer | string): OutgoingField => ({
  type,
  data: typeof data === 'string' ? Buffer.from(data) : data,
})
const ns = field(FieldType.NAMESPACE, 'test')
const set = field(FieldType.SET, SET)
const allPids = field(FieldType.PID_ARRAY, ALL_PIDS)
const pids = (...ids: number[]) => {
  const b = Buffer.alloc(ids.length * 2)
  for (const [i, id] of ids.entries()) b.writeUInt16LE(id, i * 2)
  return field(FieldType.PID_ARRAY, b)
}

/** An INDEX_RANGE field: one range on `bin` of particle `type` from `begin` to `end`. */
function range(bin: string, type: number, begin: Buffer, end: Buffer = begin, nRanges = 1): OutgoingField {
  const w = ByteWriter.alloc(3 + bin.length + 8 + begin.length + end.length)
  w.u8(nRanges).u8(bin.length).bytes(Buffer.from(bin)).u8(type)
  w.u32(begin.length).bytes(begin).u32(end.length).bytes(end)
  return field(FieldType.INDEX_RANGE, w.buf)
}
const int = (v: number) => {
  const b = Buffer.alloc(8)
  b.writeBigInt64BE(BigInt(v))
  return b
}

/** Sends a query and collects every message up to the end of the stream, with the frame count. */
async function query(
  fields: OutgoingField[],
  header: { info1?: number; info2?: number; info3?: number; transactionTtl?: number } = {},
  ops: OutgoingOp[] = [],
): Promise<{ records: Message[]; end: Message; frames: Buffer[] }> {
  c.send(request({ info1: Info1.READ, info3: Info3.PARTITION_DONE, ...header }, fields, ops))
  const records: Message[] = []
  const frames: Buffer[] = []
  for (;;) {
    const f = await c.next()
    if (f === undefined) throw new Error('connection closed')
    frames.push(f.body)
    for (const m of decodeMessages(f.body)) {
      if (m.header.info3 & Info3.LAST || m.header.resultCode !== 0) return { records, end: m, frames }
      records.push(m)
    }
  }
}

/** The result code a refused query gets (a single message without LAST). */
async function refused(
  fields: OutgoingField[],
  header: { info1?: number; info2?: number; info3?: number } = {},
  ops: OutgoingOp[] = [],
): Promise<number> {
  const { records, end } = await query(fields, header, ops)
  expect(records).toEqual([])
  expect(end.header.info3).toBe(0)
  return end.header.resultCode
}

const digestOf = (m: Message) => findField(m, FieldType.DIGEST)!.data
const digestHex = (m: Message) => digestOf(m).toString('hex')
const fieldTypes = (m: Message) => m.fields.map((f) => f.type)

beforeAll(async () => {
  server = await startServer({ port: 0 })
  c = await RawConnection.open(server.port)
  for (let i = 0; i < COUNT; i++) {
    const extra = i % 4 === 0 ? [keyField(`k${i}`)] : []
    const bins = [op(OpType.WRITE, 'i', i), op(OpType.WRITE, 's', `v${i % 7}`)]
    if (i % 2 === 0) bins.push(op(OpType.WRITE, 'even', 1))
    const m = await c.msg(request({ info2: Info2.WRITE }, keyFields('test', SET, `k${i}`, ...extra), bins))
    expect(m.header.resultCode).toBe(0)
  }
  expect(await c.info1(`sindex-create:namespace=test;set=${SET};indexname=raw_i;bin=i;type=numeric`)).toBe(
    'ok',
  )
  expect(await c.info1(`sindex-create:namespace=test;set=${SET};indexname=raw_s;bin=s;type=string`)).toBe(
    'ok',
  )
})

afterAll(async () => {
  c?.close()
  await server?.stop()
})

describe('refusals', () => {
  it('16 without PARTITION_DONE support, or without partitions or digests', async () => {
    expect(await refused([ns, set, allPids], { info3: 0 })).toBe(16)
    expect(await refused([ns, set])).toBe(16)
    expect(await refused([ns, set, field(FieldType.BVAL_ARRAY, Buffer.alloc(8))])).toBe(16)
  })

  it('4 for malformed partition, digest and value arrays', async () => {
    expect(await refused([ns, set, field(FieldType.PID_ARRAY, Buffer.alloc(0))])).toBe(4)
    expect(await refused([ns, set, pids(1, 2, 1)])).toBe(4)
    expect(await refused([ns, set, pids(PARTITIONS)])).toBe(4)
    const d = computeDigest(SET, 'k1')
    expect(await refused([ns, set, pids(partitionId(d)), field(FieldType.DIGEST_ARRAY, d)])).toBe(4)
    expect(await refused([ns, set, field(FieldType.DIGEST_ARRAY, Buffer.concat([d, d]))])).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.BVAL_ARRAY, Buffer.alloc(8))])).toBe(4)
    const where = range('i', 1, int(0), int(10))
    expect(await refused([ns, set, where, field(FieldType.DIGEST_ARRAY, d)])).toBe(4)
    expect(
      await refused([
        ns,
        set,
        where,
        field(FieldType.DIGEST_ARRAY, d),
        field(FieldType.BVAL_ARRAY, Buffer.alloc(16)),
      ]),
    ).toBe(4)
  })

  it('4 for bad set, rate, timeout, sample-max and index-name fields', async () => {
    expect(await refused([ns, field(FieldType.SET, 'x'.repeat(64)), allPids])).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.RECORDS_PER_SECOND, Buffer.alloc(3))])).toBe(4)
    const rps = field(FieldType.RECORDS_PER_SECOND, Buffer.alloc(4))
    expect(await refused([ns, set, allPids, rps], { info1: Info1.READ | Info1.SHORT_QUERY })).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.SOCKET_TIMEOUT, Buffer.alloc(2))])).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.MAX_RECORDS, Buffer.alloc(4))])).toBe(4)
    const name = field(FieldType.INDEX_NAME, 'raw_i')
    expect(
      await refused([ns, set, allPids, name, field(FieldType.INDEX_EXPRESSION, Buffer.from([0x90]))]),
    ).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.INDEX_NAME, 'x'.repeat(64))])).toBe(4)
  })

  it('4 for projection ops that are not reads, bad bin names, or ops with a bin list', async () => {
    expect(await refused([ns, set, allPids], {}, [op(OpType.WRITE, 'i', 1)])).toBe(4)
    expect(await refused([ns, set, allPids], {}, [op(OpType.READ, 'x'.repeat(16))])).toBe(4)
    const binList = field(FieldType.QUERY_BINLIST, Buffer.from([1, 1, 0x69]))
    expect(await refused([ns, set, allPids, binList], {}, [op(OpType.READ, 'i')])).toBe(4)
  })

  it('a filter expression that does not build refuses the job (4)', async () => {
    expect(
      await refused([ns, set, allPids, field(FieldType.FILTER_EXP, Buffer.from([0x93, 0x7f, 0x01]))]),
    ).toBe(4)
  })

  it('4 for malformed index ranges', async () => {
    expect(await refused([ns, set, allPids, range('i', 1, int(0), int(1), 2)])).toBe(4)
    expect(await refused([ns, set, allPids, range('i', 1, int(5), int(1))])).toBe(4)
    expect(await refused([ns, set, allPids, range('i', 1, Buffer.alloc(4), Buffer.alloc(4))])).toBe(4)
    expect(await refused([ns, set, allPids, range('i', 2, int(0), int(1))])).toBe(4)
    expect(await refused([ns, set, allPids, range('s', 3, Buffer.alloc(2048, 0x61))])).toBe(4)
    expect(await refused([ns, set, allPids, range('g', 23, Buffer.from('{"type":"nope"}'))])).toBe(4)
    expect(await refused([ns, set, allPids, range('', 1, int(0), int(1))])).toBe(4)
    const named = field(FieldType.INDEX_NAME, 'raw_i')
    expect(await refused([ns, set, allPids, named, range('i', 1, int(0), int(1))])).toBe(4)
    const badCtx = field(FieldType.INDEX_CONTEXT, Buffer.from([0x92, 0xd0, 0x22, 0x01]))
    expect(await refused([ns, set, allPids, range('i', 1, int(0), int(1)), badCtx])).toBe(4)
  })

  it('201 without a matching index; aggregations and background ops with READ are refused with 4', async () => {
    expect(await refused([ns, set, allPids, range('nope', 1, int(0), int(1))])).toBe(201)
    expect(await refused([ns, field(FieldType.SET, 'other'), allPids, range('i', 1, int(0), int(1))])).toBe(
      201,
    )
    expect(
      await refused([ns, set, allPids, field(FieldType.INDEX_NAME, 'nope'), range('', 1, int(0), int(1))]),
    ).toBe(201)
    expect(await refused([ns, set, allPids], { info2: Info2.WRITE }, [op(OpType.WRITE, 'x', 1)])).toBe(4)
    expect(await refused([ns, set, allPids, field(FieldType.UDF_PACKAGE_NAME, 'm')])).toBe(4)
    const aggregate = field(FieldType.UDF_OP, Buffer.from([1]))
    expect(await refused([ns, set, aggregate, field(FieldType.UDF_PACKAGE_NAME, 'm')])).toBe(4)
  })

  it('203 while the index is still being built', async () => {
    const big = await RawConnection.open(server.port)
    try {
      for (let i = 0; i < 30_000; i += 1000) {
        const writes = Array.from({ length: 1000 }, (_, j) =>
          request({ info2: Info2.WRITE }, keyFields('test', 'big', `b${i + j}`), [
            op(OpType.WRITE, 'n', i + j),
          ]),
        )
        big.send(Buffer.concat(writes))
        for (let j = 0; j < 1000; j++) await big.next()
      }
      // Create and query in one write: the query arrives before the index can finish loading.
      const create = await import('../../../src/protocol/info.js').then((m) =>
        m.encodeInfoRequest(['sindex-create:namespace=test;set=big;indexname=big_n;bin=n;type=numeric']),
      )
      const q = request({ info1: Info1.READ, info3: Info3.PARTITION_DONE }, [
        ns,
        field(FieldType.SET, 'big'),
        allPids,
        range('n', 1, int(0), int(10)),
      ])
      big.send(Buffer.concat([create, q]))
      await big.next()
      const answer = decodeMessages((await big.next())!.body)[0]!
      expect(answer.header.resultCode).toBe(203)
      expect(await big.info1('sindex-list:namespace=test')).toMatch(/indexname=big_n:.*:state=WO/)
    } finally {
      big.close()
    }
  })
})

describe('the stream', () => {
  it('a long query: record messages, then a LAST frame of its own', async () => {
    const { records, end, frames } = await query([ns, set, allPids])
    expect(records).toHaveLength(COUNT)
    expect(end.header).toMatchObject({ info3: Info3.LAST, resultCode: 0 })
    expect(frames[frames.length - 1]!.length).toBe(22)
    for (const m of records) {
      const i = binsOf(m).i as number
      expect(m.header.info1).toBe(0)
      expect(m.header.generation).toBe(1)
      expect(fieldTypes(m)).toEqual(
        i % 4 === 0
          ? [FieldType.NAMESPACE, FieldType.DIGEST, FieldType.SET, FieldType.KEY]
          : [FieldType.NAMESPACE, FieldType.DIGEST, FieldType.SET],
      )
      expect(digestOf(m)).toEqual(computeDigest(SET, `k${i}`))
      expect(m.ops.every((o) => o.op === OpType.READ)).toBe(true)
    }
  })

  it('a short query ends its last frame with LAST', async () => {
    const pid = partitionId(computeDigest(SET, 'k0'))
    const short = { info1: Info1.READ | Info1.SHORT_QUERY }
    const { records, end, frames } = await query([ns, set, pids(pid)], short)
    expect(records.length).toBeGreaterThan(0)
    expect(end.header.info3).toBe(Info3.LAST)
    // LAST closes the frame that carries the records (no frame of its own).
    expect(frames).toHaveLength(1)
    expect((await query([ns, set, allPids], short)).records).toHaveLength(COUNT)
  })

  it('records are sent partition by partition, in digest order within a partition', async () => {
    const { records } = await query([ns, set, allPids])
    const keys = records.map((m) => [partitionId(digestOf(m)), digestHex(m)] as const)
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    expect(keys).toEqual(sorted)
  })

  it('frames hold about CHUNK_LIMIT bytes each (a record may pass it)', async () => {
    const pad = 'p'.repeat(2000)
    for (let i = 0; i < 1500; i++)
      await c.msg(
        request({ info2: Info2.WRITE }, keyFields('test', 'frames', `f${i}`), [op(OpType.WRITE, 'p', pad)]),
      )
    const { records, frames } = await query([ns, field(FieldType.SET, 'frames'), allPids])
    expect(records).toHaveLength(1500)
    expect(frames.length).toBeGreaterThanOrEqual(3)
    for (const f of frames) expect(f.length).toBeLessThan(CHUNK_LIMIT + 4096)
  })

  it('GET_NO_BINS: metadata only', async () => {
    const { records } = await query([ns, set, allPids], { info1: Info1.READ | Info1.GET_NO_BINS })
    expect(records).toHaveLength(COUNT)
    for (const m of records) {
      expect(m.header.info1).toBe(Info1.GET_NO_BINS)
      expect(m.ops).toEqual([])
    }
  })

  it('projections: read ops, RESPOND_ALL_OPS and the deprecated bin list', async () => {
    const evens = await query([ns, set, allPids], {}, [op(OpType.READ, 'even')])
    expect(evens.records).toHaveLength(COUNT / 2)
    const all = await query([ns, set, allPids], { info2: Info2.RESPOND_ALL_OPS }, [op(OpType.READ, 'even')])
    expect(all.records).toHaveLength(COUNT)
    const odd = all.records.find((m) => (m.ops[0]!.particleType as number) === 0)
    expect(odd?.ops.map((o) => o.name)).toEqual(['even'])
    const list = Buffer.from([2, 1, 0x69, 1, 0x73])
    const { records } = await query([ns, set, allPids, field(FieldType.QUERY_BINLIST, list)])
    expect(records).toHaveLength(COUNT)
    for (const m of records) expect(m.ops.map((o) => o.name)).toEqual(['i', 's'])
  })

  it('MAX_RECORDS stops after that many records', async () => {
    const max = Buffer.alloc(8)
    max.writeBigUInt64BE(5n)
    const { records, end } = await query([ns, set, allPids, field(FieldType.MAX_RECORDS, max)])
    expect(records).toHaveLength(5)
    expect(end.header.resultCode).toBe(0)
  })

  it('a set nobody wrote to gives an empty stream', async () => {
    const { records, end } = await query([ns, field(FieldType.SET, 'nothing'), allPids])
    expect(records).toEqual([])
    expect(end.header.info3).toBe(Info3.LAST)
  })
})

describe('resume points', () => {
  it('DIGEST_ARRAY resumes each partition strictly after its digest, even one since deleted', async () => {
    const { records } = await query([ns, set, allPids])
    const byPid = new Map<number, Message[]>()
    for (const m of records) {
      const pid = partitionId(digestOf(m))
      byPid.set(pid, [...(byPid.get(pid) ?? []), m])
    }
    const [pid, inPid] = [...byPid].find(([, list]) => list.length >= 2)!
    const resumeAt = digestOf(inPid[0]!)
    const rest = await query([ns, set, field(FieldType.DIGEST_ARRAY, resumeAt)])
    expect(rest.records.map(digestHex)).toEqual(inPid.slice(1).map(digestHex))
    const gone = Buffer.from(resumeAt)
    gone[19] = gone[19]! ^ 0xff
    const afterGone = await query([ns, set, field(FieldType.DIGEST_ARRAY, gone)])
    const expected = inPid.filter((m) => digestHex(m) > gone.toString('hex')).map(digestHex)
    expect(afterGone.records.map(digestHex)).toEqual(expected)
    expect(partitionId(gone)).toBe(pid)
  })

  it('index queries carry each entry value (BVAL) and resume after (value, digest)', async () => {
    const all = await query([ns, set, allPids, range('i', 1, int(0), int(COUNT))])
    expect(all.records).toHaveLength(COUNT)
    for (const m of all.records) {
      expect(fieldTypes(m)).toContain(FieldType.BVAL_ARRAY)
      expect(findField(m, FieldType.BVAL_ARRAY)!.data.readBigInt64LE(0)).toBe(BigInt(binsOf(m).i as number))
    }
    // In one partition, entries come in value order; resuming after the first gives the others.
    const pid = partitionId(digestOf(all.records[0]!))
    const inPid = all.records.filter((m) => partitionId(digestOf(m)) === pid)
    const values = inPid.map((m) => binsOf(m).i as number)
    expect(values).toEqual([...values].sort((a, b) => a - b))
    const bval = Buffer.alloc(8)
    bval.writeBigInt64LE(BigInt(values[0]!))
    const rest = await query([
      ns,
      set,
      range('i', 1, int(0), int(COUNT)),
      field(FieldType.DIGEST_ARRAY, digestOf(inPid[0]!)),
      field(FieldType.BVAL_ARRAY, bval),
    ])
    expect(rest.records.map((m) => binsOf(m).i)).toEqual(values.slice(1))
  })

  it('a string index value is the wyhash of the string', async () => {
    const { records } = await query([ns, set, allPids, range('s', 3, Buffer.from('v3'))])
    expect(records.length).toBeGreaterThan(0)
    for (const m of records) {
      expect(binsOf(m).s).toBe('v3')
      expect(findField(m, FieldType.BVAL_ARRAY)!.data.readBigInt64LE(0)).toBe(hashBval(Buffer.from('v3')))
    }
  })

  it('INDEX_NAME picks the index by name', async () => {
    const named = [ns, set, allPids, field(FieldType.INDEX_NAME, 'raw_i'), range('', 1, int(3), int(5))]
    const { records } = await query(named)
    expect(records.map((m) => binsOf(m).i as AerospikeValue).sort()).toEqual([3, 4, 5])
  })
})
