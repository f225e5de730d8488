import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseKeyValues, parseReplicas } from '../../../src/protocol/info.js'
import { Info2, OpType } from '../../../src/protocol/message.js'
import { type RunningServer, startServer } from '../../../src/server/index.js'
import { keyFields, op, RawConnection, request } from './raw-client.js'

/** Info values of a real 8.1 node (the 3-node capture), by command. */
function realNodeInfo(): Map<string, string> {
  const capture = JSON.parse(
    readFileSync(new URL('../../fixtures/golden/cluster-3node-info.json', import.meta.url), 'utf8'),
  ) as { exchanges: Array<{ port: number; command: string; response: string }> }
  const out = new Map<string, string>()
  for (const e of capture.exchanges) {
    if (e.port !== 3000) continue
    const text = Buffer.from(e.response, 'hex').subarray(8).toString()
    out.set(e.command, text.slice(text.indexOf('\t') + 1, -1))
  }
  return out
}

const keysOf = (v: string): string[] => Object.keys(parseKeyValues(v))

describe('info commands', () => {
  let server: RunningServer
  let c: RawConnection
  const real = realNodeInfo()

  beforeAll(async () => {
    server = await startServer({ port: 0, nodeId: 'A1', clusterName: 'unit' })
    c = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    c.close()
    await server.stop()
  })

  it('identity and build', async () => {
    const info = await c.info('node', 'build', 'version', 'edition', 'cluster-name', 'status', 'release')
    expect(Object.fromEntries(info)).toMatchObject({
      node: 'A1',
      build: '8.1.2.0',
      version: 'Aerospike Community Edition build 8.1.2.0',
      edition: 'Aerospike Community Edition',
      'cluster-name': 'unit',
      status: 'ok',
    })
    expect(info.get('release')).toMatch(
      /^edition=Aerospike Community Edition;version=8\.1\.2\.0;os=\w+;arch=\w+;sha=\w+$/,
    )
  })

  it('features, generations and partitions as a real node', async () => {
    const info = await c.info(
      'features',
      'partition-generation',
      'peers-generation',
      'rebalance-generation',
      'partitions',
    )
    expect(info.get('features')).toBe(real.get('features'))
    expect(info.get('partition-generation')).toBe('0')
    expect(info.get('peers-generation')).toBe('0')
    expect(info.get('rebalance-generation')).toBe('1')
    expect(info.get('partitions')).toBe('4096')
  })

  it('partition maps: this node owns every partition of every namespace', async () => {
    const info = await c.info('replicas', 'replicas-all', 'replicas-master', 'replicas:max=1')
    for (const [text, withRegime] of [
      [info.get('replicas')!, true],
      [info.get('replicas-all')!, false],
    ] as const) {
      const parsed = parseReplicas(text, withRegime)
      expect([...parsed.keys()]).toEqual(['test', 'bar'])
      for (const ns of parsed.values()) {
        expect(ns.replicaCount).toBe(1)
        expect(ns.bitmaps[0]!.every((b) => b === 0xff)).toBe(true)
      }
    }
    expect(info.get('replicas:max=1')).toBe(info.get('replicas'))
    expect(info.get('replicas-master')).toMatch(/^test:\/{682}8=;bar:\/{682}8=$/)
    expect(await c.info1('replicas:max=x')).toBe('ERROR:4:bad max')
  })

  it('services and peers of a single node', async () => {
    const info = await c.info(
      'service-clear-std',
      'service-clear-alt',
      'peers-clear-std',
      'peers-clear-alt',
      'peers-clear-std:generation=0',
      'peers-tls-std',
      'services',
    )
    expect(Object.fromEntries(info)).toEqual({
      'service-clear-std': `127.0.0.1:${server.port}`,
      'service-clear-alt': '',
      'peers-clear-std': '0,3000,[]',
      'peers-clear-alt': '0,3000,[]',
      'peers-clear-std:generation=0': '0,3000,[]',
      'peers-tls-std': 'ERROR:25:enterprise only',
      services: '',
    })
  })

  it('namespaces, namespace/<ns> and get-config list the real keys in the real order', async () => {
    expect(await c.info1('namespaces')).toBe('test;bar')
    const ns = await c.info1('namespace/test')
    expect(keysOf(ns)).toEqual(keysOf(real.get('namespace/test')!))
    expect(parseKeyValues(ns)).toMatchObject({
      ns_cluster_size: '1',
      effective_replication_factor: '1',
      objects: '0',
    })
    expect(await c.info1('namespace/nope')).toBe('type=unknown')
    const config = await c.info1('get-config:context=namespace;id=test')
    expect(ns.endsWith(`;${config}`)).toBe(true)
    expect(parseKeyValues(config)).toMatchObject({
      'nsup-period': '10',
      'default-ttl': '0',
      'max-record-size': '1048576',
    })
    expect(await c.info1('get-config:context=namespace;namespace=nope')).toBe(
      'ERROR:20:namespace not found on node',
    )
    expect(await c.info1('get-config:context=namespace')).toBe("ERROR:20:missing 'namespace'")
    expect(await c.info1('get-config:context=service')).toBe('ERROR:4:invalid context')
  })

  it('statistics lists the real keys in the real order', async () => {
    const stats = await c.info1('statistics')
    expect(keysOf(stats)).toEqual(keysOf(real.get('statistics')!))
    expect(parseKeyValues(stats)).toMatchObject({
      cluster_size: '1',
      cluster_principal: 'A1',
      cluster_integrity: 'true',
    })
    expect(Number(parseKeyValues(stats).client_connections)).toBeGreaterThanOrEqual(1)
  })

  it('sets, sets/<ns> and sets/<ns>/<set> count objects and bytes', async () => {
    for (const k of ['a', 'b']) {
      const put = request({ info2: Info2.WRITE }, keyFields('test', 'people', k), [op(OpType.WRITE, 'n', 1)])
      expect((await c.msg(put)).header.resultCode).toBe(0)
    }
    const props =
      'objects=2:tombstones=0:data_used_bytes=128:truncate_lut=0:sindexes=0:index_populating=false:' +
      'truncating=false:default-read-touch-ttl-pct=0:default-ttl=0:disable-eviction=false:enable-index=false:' +
      'stop-writes-count=0:stop-writes-size=0;'
    expect(await c.info1('sets/test/people')).toBe(props)
    expect(await c.info1('sets/test')).toBe(`ns=test:set=people:${props}`)
    expect(await c.info1('sets')).toBe(`ns=test:set=people:${props}`)
    expect(await c.info1('sets/test/none')).toBe('')
    expect(await c.info1('sets/nope')).toBe('ns_type=unknown')
  })

  it('truncate deletes a set or a namespace; bad parameters get errors', async () => {
    const put = (set: string, k: string) =>
      c.msg(request({ info2: Info2.WRITE }, keyFields('bar', set, k), [op(OpType.WRITE, 'n', 1)]))
    await put('t1', 'a')
    await put('t2', 'b')
    expect(await c.info1('truncate:namespace=bar;set=t1')).toBe('ok')
    expect(await c.info1('sets/bar/t1')).toMatch(/^objects=0:.*:truncate_lut=[1-9]\d*:/)
    expect(await c.info1('sets/bar/t2')).toMatch(/^objects=1:/)
    expect(await c.info1('truncate-namespace:namespace=bar')).toBe('ok')
    expect(await c.info1('sets/bar/t2')).toMatch(/^objects=0:/)
    expect(await c.info1('truncate:namespace=bar')).toBe("ERROR:4:missing 'set'")
    expect(await c.info1('truncate:set=x')).toBe("ERROR:20:missing 'namespace'")
    expect(await c.info1('truncate-namespace:namespace=bar;set=x')).toBe('ERROR:4:unexpected set name')
    expect(await c.info1(`truncate:namespace=bar;set=t1;lut=${(Date.now() + 60_000) * 1e6}`)).toBe(
      'ERROR:4:would truncate in the future',
    )
    expect(await c.info1('truncate:namespace=bar;set=nope')).toBe('ok')
  })

  it('cluster-stable answers the cluster key when the condition holds', async () => {
    const key = await c.info1('cluster-stable')
    expect(key).toMatch(/^[0-9A-F]+$/)
    expect(await c.info1('cluster-stable:size=1;ignore-migrations=false')).toBe(key)
    expect(await c.info1('cluster-stable:size=3')).toBe('ERROR:7:cluster not specified size')
    expect(await c.info1('cluster-stable:size=x')).toBe('ERROR:4:bad size')
    expect(await c.info1('cluster-stable:namespace=nope')).toBe('ERROR:20:namespace not found on node')
  })

  it('user-agent-set is accepted once per connection', async () => {
    const other = await RawConnection.open(server.port)
    expect(await other.info1('user-agent-set:value=MSxub2RlanMtNi43LjEsbm90LXNldA==')).toBe('ok')
    expect(await other.info1('user-agent-set:value=eA==')).toBe('ERROR:4:already set')
    other.close()
    const third = await RawConnection.open(server.port)
    expect(await third.info1('user-agent-set:value=!!')).toBe("ERROR:4:'value' invalid base64")
    expect(await third.info1('user-agent-set')).toBe("ERROR:4:missing 'value'")
    third.close()
  })

  it('unknown commands, trailing text, NUL bytes and empty requests as the server', async () => {
    expect(await c.info1('bins')).toBe('ERROR:4:unrecognized command')
    expect(await c.info1('constructor')).toBe('ERROR:4:unrecognized command')
    expect(await c.info1('x'.repeat(40))).toBe('ERROR:4:unrecognized command')
    const raw = async (text: string): Promise<string> => {
      const frame = Buffer.concat([Buffer.from([2, 1, 0, 0, 0, 0, 0, 0]), Buffer.from(text)])
      frame.writeUIntBE(frame.length - 8, 2, 6)
      return (await c.request(frame)).body.toString()
    }
    expect(await raw('build\nnode')).toBe('build\t8.1.2.0\n')
    expect(await raw('build\0junk\n')).toBe('build\t8.1.2.0\n')
    expect(await raw('\n')).toBe('\tERROR:4:unrecognized command\n')
    const summary = await raw('')
    expect(summary).toContain('\nversion\tAerospike Community Edition build 8.1.2.0\n')
    expect(summary).toContain('\nedition\tAerospike Community Edition\n')
    expect(summary.startsWith('features\t')).toBe(true)
  })
})
