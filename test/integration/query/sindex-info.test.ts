// The secondary-index info commands of the embedded server, with CE 8.1's answers and errors:
// sindex-create (new and old syntax, contexts, set indexes), -delete, -exists, -list, -stat, sindex/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ByteWriter,
  decodeMessages,
  FieldType,
  Info1,
  Info2,
  Info3,
  OpType,
  PARTITIONS,
  pack,
  packedSize,
} from '../../../src/protocol/index.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { binsOf, keyFields, op, RawConnection, request } from '../server/raw-client.js'

let server: RunningServer
let c: RawConnection
const info = (command: string) => c.info1(command)

/** A context as msgpack, packed by the client codec (compact form). */
function ctx(pairs: unknown[]): Buffer {
  const w = ByteWriter.alloc(packedSize(pairs as never))
  pack(w, pairs as never)
  return w.buf
}

beforeAll(async () => {
  server = await startServer({ port: 0 })
  c = await RawConnection.open(server.port)
})

afterAll(async () => {
  c?.close()
  await server?.stop()
})

describe('sindex-create', () => {
  it('accepts the new syntax (namespace=, bin=, type=) and the old one (ns=, indexdata=bin,type)', async () => {
    expect(await info('sindex-create:namespace=test;set=s;indexname=new_a;bin=a;type=NUMERIC')).toBe('ok')
    expect(await info('sindex-create:ns=test;set=s;indexname=old_b;indextype=list;indexdata=b,string')).toBe(
      'ok',
    )
    const list = await info('sindex-list:namespace=test')
    expect(list).toContain(
      'ns=test:indexname=new_a:set=s:bin=a:type=numeric:indextype=default:context=null:exp=null:state=RW',
    )
    expect(list).toContain(
      'ns=test:indexname=old_b:set=s:bin=b:type=string:indextype=list:context=null:exp=null:state=RW',
    )
  })

  it('answers ok for an identical definition and 200 for the name with another one', async () => {
    expect(await info('sindex-create:namespace=test;set=s;indexname=new_a;bin=a;type=numeric')).toBe('ok')
    expect(await info('sindex-create:namespace=test;set=s;indexname=new_a;bin=a;type=string')).toBe(
      "ERROR:200:'indexname' already exists with different definition",
    )
  })

  it('refuses bad parameters with 8.1 messages', async () => {
    const cases: Array<[string, string]> = [
      ['sindex-create:namespace=test;bin=a;type=numeric', "ERROR:4:missing 'indexname'"],
      ['sindex-create:indexname=x;bin=a;type=numeric', "ERROR:20:missing 'namespace'"],
      ['sindex-create:namespace=test;indexname=x;bin=a', "ERROR:4:both 'indexdata' and 'type' are missing"],
      [
        'sindex-create:namespace=test;indexname=x;indexdata=a,numeric;type=numeric',
        "ERROR:4:both 'indexdata' and 'type' are specified",
      ],
      [
        'sindex-create:namespace=test;indexname=x;bin=a;type=float',
        "ERROR:4:bad 'type' - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'",
      ],
      [
        'sindex-create:namespace=test;indexname=x;indextype=tree;bin=a;type=numeric',
        "ERROR:4:bad 'indextype' - must be one of 'default', 'list', 'mapkeys', 'mapvalues'",
      ],
      ['sindex-create:namespace=test;indexname=x;type=numeric', "ERROR:4:both 'bin' and 'exp' are missing"],
      [
        'sindex-create:namespace=test;indexname=x;type=numeric;bin=a;exp=kQ==',
        "ERROR:4:both 'bin' and 'exp' are specified",
      ],
      ['sindex-create:namespace=test;indexname=x;indexdata=a', "ERROR:4:'indexdata' missing bin type"],
      ['sindex-create:namespace=test;indexname=x;indexdata=,numeric', "ERROR:4:'indexdata' missing bin name"],
      [
        'sindex-create:namespace=test;indexname=x;indextype=mapkeys;bin=a;type=geo2dsphere',
        "ERROR:4:bad 'indexdata' bin type for 'indextype' 'mapkeys' - must be one of 'numeric', 'string', 'blob'",
      ],
      [
        'sindex-create:namespace=test;indexname=x;context=@@@@;bin=a;type=numeric',
        "ERROR:4:'context' invalid base64",
      ],
      [
        'sindex-create:namespace=test;indexname=x;context=kQ==;bin=a;type=numeric',
        "ERROR:4:'context' invalid cdt context",
      ],
      [
        `sindex-create:namespace=test;indexname=x;context=${Buffer.from([0x92, 0x05, 0x01]).toString('base64')};bin=a;type=numeric`,
        "ERROR:4:'context' invalid cdt context",
      ],
      [
        `sindex-create:namespace=test;indexname=x;context=${Buffer.from([0x92, 0x22, 0xcc, 0x01]).toString('base64')};bin=a;type=numeric`,
        "ERROR:4:'context' not normalized msgpack",
      ],
      [
        `sindex-create:namespace=test;indexname=${'x'.repeat(64)};bin=a;type=numeric`,
        "ERROR:4:'indexname' value too long",
      ],
      ['sindex-create:namespace=test;indexname=x;set=;bin=a;type=numeric', "ERROR:4:missing 'set' value"],
    ]
    for (const [command, answer] of cases) expect(await info(command), command).toBe(answer)
  })

  it('accepts a definition for a namespace the node does not have (the server keeps it for later)', async () => {
    expect(await info('sindex-create:namespace=nope;indexname=x;bin=a;type=numeric')).toBe('ok')
    expect(await info('sindex-exists:namespace=nope;indexname=x')).toBe(
      'ERROR:20:namespace not found on node',
    )
  })

  it('stops at 256 indexes per namespace', async () => {
    for (let i = 0; i < 256; i++)
      expect(
        await info(`sindex-create:namespace=bar;indexname=many${i};bin=b${i % 16};type=numeric;set=s${i}`),
      ).toBe('ok')
    expect(await info('sindex-create:namespace=bar;indexname=one_more;bin=x;type=numeric')).toBe(
      'ERROR:206:already at sindex definition limit',
    )
    for (let i = 0; i < 256; i++)
      expect(await info(`sindex-delete:namespace=bar;indexname=many${i}`)).toBe('ok')
    expect(await info('sindex-list:namespace=bar')).toBe('')
  })
})

describe('sindex-list, -exists, -stat, sindex/', () => {
  it('lists with b64 contexts, and lists set indexes after the others', async () => {
    const context = ctx([0x22, 'k'])
    const b64 = context.toString('base64')
    expect(
      await info(`sindex-create:namespace=test;set=c;indexname=ctx_i;context=${b64};bin=m;type=numeric`),
    ).toBe('ok')
    expect(await info('sindex-create:namespace=test;set=si;indextype=set;indexname=set_idx')).toBe('ok')
    const b64List = await info('sindex-list:namespace=test;b64=true')
    expect(b64List).toContain(
      `indexname=ctx_i:set=c:bin=m:type=numeric:indextype=default:context=${b64}:exp=null`,
    )
    expect(b64List.endsWith(';ns=test:indexname=set_idx:set=si:indextype=set')).toBe(true)
    expect(await info('sindex-list:namespace=test')).toContain('context=[[map_key(<string#1>)]')
    expect(await info('sindex-list:b64=maybe')).toBe('ERROR:4:bad b64')
    expect(await info('sindex-list:namespace=nope')).toBe('ERROR:20:namespace not found on node')
    expect(await info('sindex-stat:namespace=test;indexname=set_idx')).toBe(
      'entries=0;used_bytes=0;load_pct=100',
    )
    expect(await info('sindex-create:namespace=test;indextype=set;indexname=bad_set;bin=x')).toBe(
      'ERROR:4:bin parameter is not supported for set index',
    )
  })

  it('exists answers true or false', async () => {
    expect(await info('sindex-exists:namespace=test;indexname=new_a')).toBe('true')
    expect(await info('sindex-exists:ns=test;indexname=nope')).toBe('false')
    expect(await info('sindex-exists:namespace=test')).toBe("ERROR:4:missing 'indexname'")
  })

  it('stat reports the entries and the load; unknown indexes are 201', async () => {
    for (let i = 0; i < 10; i++)
      await c.msg(
        request({ info2: Info2.WRITE }, keyFields('test', 's', `r${i}`), [op(OpType.WRITE, 'a', i % 5)]),
      )
    expect(await info('sindex-stat:namespace=test;indexname=new_a')).toMatch(
      /^entries=10;used_bytes=16777216;entries_per_bval=2;entries_per_rec=1;load_pct=100;load_time=\d+;stat_gc_recs=0$/,
    )
    expect(await info('sindex/test/new_a')).toMatch(/^entries=10;/)
    expect(await info('sindex-stat:namespace=test;indexname=nope')).toBe('ERROR:201:no index')
    expect(await info('sindex/test/nope')).toBe('ERROR:201:no index')
    expect(await info('sindex/nope/x')).toBe('ns_type=unknown')
    expect(await info('sindex/test')).toContain('indexname=new_a')
    expect(await info('sindex-stat:namespace=nope;indexname=x')).toBe('ERROR:20:namespace not found on node')
  })
})

describe('sindex-delete', () => {
  it('drops an index; a missing one is ok too', async () => {
    expect(await info('sindex-delete:namespace=test;indexname=old_b')).toBe('ok')
    expect(await info('sindex-exists:namespace=test;indexname=old_b')).toBe('false')
    expect(await info('sindex-delete:namespace=test;indexname=old_b')).toBe('ok')
    expect(await info('sindex-delete:ns=test;set=s;indexname=never')).toBe('ok')
    expect(await info('sindex-delete:namespace=test')).toBe("ERROR:4:missing 'indexname'")
  })
})

describe('an index with a context', () => {
  it('indexes the value the context selects, and queries name the same context', async () => {
    const mk = (i: number, v: unknown) =>
      c.msg(
        request({ info2: Info2.WRITE }, keyFields('test', 'c', `c${i}`), [
          op(
            OpType.WRITE,
            'm',
            new Map<string, never>([
              ['k', v as never],
              ['other', 5 as never],
            ]),
          ),
        ]),
      )
    await mk(1, 5)
    await mk(2, 6)
    await mk(3, 'str')
    const pids = Buffer.alloc(PARTITIONS * 2)
    for (let i = 0; i < PARTITIONS; i++) pids.writeUInt16LE(i, i * 2)
    const range = ByteWriter.alloc(3 + 1 + 24)
    range.u8(1).u8(1).u8(0x6d).u8(1).u32(8).i64(5).u32(8).i64(6)
    c.send(
      request({ info1: Info1.READ, info3: Info3.PARTITION_DONE }, [
        { type: FieldType.NAMESPACE, data: Buffer.from('test') },
        { type: FieldType.SET, data: Buffer.from('c') },
        { type: FieldType.PID_ARRAY, data: pids },
        { type: FieldType.INDEX_RANGE, data: range.buf },
        { type: FieldType.INDEX_CONTEXT, data: ctx([0x22, 'k']) },
      ]),
    )
    const found: number[] = []
    for (;;) {
      const messages = decodeMessages((await c.next())!.body)
      for (const m of messages)
        if (!(m.header.info3 & Info3.LAST)) found.push((binsOf(m).m as { k: number }).k)
      if (messages.some((m) => m.header.info3 & Info3.LAST)) break
    }
    expect(found.sort()).toEqual([5, 6])
  })
})
