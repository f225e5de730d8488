import { describe, expect, it } from 'vitest'
import { EncodeError, ParseError } from '../../../src/protocol/codec-errors.js'
import { PROTO_HEADER_SIZE, readProtoHeader } from '../../../src/protocol/frame.js'
import {
  bitmapHas,
  decodePartitionBitmap,
  encodeInfoRequest,
  encodeInfoResponse,
  encodePartitionBitmap,
  formatInfoFailure,
  formatPeers,
  InfoError,
  infoValue,
  PARTITION_BITMAP_SIZE,
  parseFeatures,
  parseHostPort,
  parseInfoCommand,
  parseInfoFailure,
  parseInfoInt,
  parseInfoRequest,
  parseInfoResponse,
  parseKeyValues,
  parsePeers,
  parseReplicas,
  parseReplicasAll,
  parseReplicasMaster,
  parseServices,
} from '../../../src/protocol/info.js'

const body = (frame: Buffer): Buffer => frame.subarray(PROTO_HEADER_SIZE)

describe('info requests', () => {
  it('encodes the example of protocol.md: every command ends with a newline', () => {
    expect(encodeInfoRequest(['node', 'partition-generation']).toString('hex')).toBe(
      `020100000000001a${Buffer.from('node\npartition-generation\n').toString('hex')}`,
    )
    expect(encodeInfoRequest([]).toString('hex')).toBe('0201000000000000')
    const utf8 = encodeInfoRequest(['sets/test/ünï'])
    expect(readProtoHeader(utf8, 0)).toEqual({ type: 1, size: Buffer.byteLength('sets/test/ünï\n') })
  })

  it('refuses a command containing a newline', () => {
    expect(() => encodeInfoRequest(['node\nbuild'])).toThrow(EncodeError)
  })

  it('splits a request body into commands and ignores text after the last newline', () => {
    expect(parseInfoRequest(Buffer.from('node\nbuild\nignored'))).toEqual(['node', 'build'])
    expect(parseInfoRequest(Buffer.from('no newline'))).toEqual([])
    expect(parseInfoRequest(Buffer.from('\n'))).toEqual([''])
  })
})

describe('info responses', () => {
  it('round-trips command -> value keyed by the exact command text', () => {
    const frame = encodeInfoResponse([
      ['node', 'BB9020011AC4202'],
      ['namespace/test', 'objects=1;replication-factor=2'],
      ['cluster-stable:size=3', 'ERROR:7:unstable cluster'],
    ])
    expect(readProtoHeader(frame, 0).type).toBe(1)
    const parsed = parseInfoResponse(body(frame))
    expect([...parsed]).toEqual([
      ['node', 'BB9020011AC4202'],
      ['namespace/test', 'objects=1;replication-factor=2'],
      ['cluster-stable:size=3', 'ERROR:7:unstable cluster'],
    ])
  })

  it('keeps tabs inside values, maps a line without a tab to "" and accepts a missing final newline', () => {
    const parsed = parseInfoResponse('a\tb\tc\nlonely\n\nlast\tv')
    expect([...parsed]).toEqual([
      ['a', 'b\tc'],
      ['lonely', ''],
      ['last', 'v'],
    ])
    expect(parseInfoResponse(Buffer.alloc(0)).size).toBe(0)
  })
})

describe('info failures', () => {
  it('recognises every failure form', () => {
    expect(parseInfoFailure('ERROR:4:unrecognized command')).toEqual({
      code: 4,
      message: 'unrecognized command',
    })
    expect(parseInfoFailure('ERROR::something')).toEqual({ code: 1, message: 'something' })
    expect(parseInfoFailure('ERROR:201:no index: x')).toEqual({ code: 201, message: 'no index: x' })
    expect(parseInfoFailure('ERROR')).toEqual({ code: 1, message: '' })
    expect(parseInfoFailure('ERROR:7')).toEqual({ code: 7, message: '' })
    expect(parseInfoFailure('ERROR:not a number')).toEqual({ code: 1, message: 'not a number' })
    expect(parseInfoFailure('FAIL:200:exists')).toEqual({ code: 200, message: 'exists' })
    expect(parseInfoFailure('error=not_found')).toEqual({ code: 1, message: 'not_found' })
  })

  it('does not mistake ordinary values for failures', () => {
    for (const v of ['ok', '', 'ERRORS=0', 'FAILED', 'objects=1', 'true'])
      expect(parseInfoFailure(v)).toBeUndefined()
  })

  it('formats failures as the server does', () => {
    expect(formatInfoFailure(4, 'unrecognized command')).toBe('ERROR:4:unrecognized command')
    expect(formatInfoFailure(1, 'oops')).toBe('ERROR::oops')
    expect(parseInfoFailure(formatInfoFailure(25, 'enterprise only'))).toEqual({
      code: 25,
      message: 'enterprise only',
    })
  })

  it('infoValue returns the value, throws a typed InfoError for a failure and ParseError when absent', () => {
    const response = parseInfoResponse('build\t8.1.2.0\nbins\tERROR:4:unrecognized command\n')
    expect(infoValue(response, 'build')).toBe('8.1.2.0')
    let caught: unknown
    try {
      infoValue(response, 'bins')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InfoError)
    expect(caught).toMatchObject({
      command: 'bins',
      code: 4,
      detail: 'unrecognized command',
      name: 'InfoError',
    })
    expect(() => infoValue(response, 'node')).toThrow(ParseError)
  })
})

describe('addresses and peers', () => {
  it('parses host, host:port, [v6] and [v6]:port with the default port', () => {
    expect(parseHostPort('10.0.0.1', 3000)).toEqual({ host: '10.0.0.1', port: 3000 })
    expect(parseHostPort('10.0.0.1:3100', 3000)).toEqual({ host: '10.0.0.1', port: 3100 })
    expect(parseHostPort('[2001:db8::1]', 3000)).toEqual({ host: '2001:db8::1', port: 3000 })
    expect(parseHostPort('[::1]:4000', 3000)).toEqual({ host: '::1', port: 4000 })
    expect(parseHostPort('db.example.com:3000', 1)).toEqual({ host: 'db.example.com', port: 3000 })
    for (const bad of ['[::1', '[::1]x', 'h:', 'h:70000', 'h:-1', 'h:1.5', '[::1]:x'])
      expect(() => parseHostPort(bad, 3000), bad).toThrow(ParseError)
  })

  it('parses the example peers value of protocol.md (omitted default port)', () => {
    expect(
      parsePeers('12,3000,[[BB9020011AC4202,,[172.17.0.2]],[BB9030011AC4202,,[172.17.0.3:3100]]]'),
    ).toEqual({
      generation: 12,
      defaultPort: 3000,
      peers: [
        { nodeId: 'BB9020011AC4202', tlsName: '', hosts: [{ host: '172.17.0.2', port: 3000 }] },
        { nodeId: 'BB9030011AC4202', tlsName: '', hosts: [{ host: '172.17.0.3', port: 3100 }] },
      ],
    })
  })

  it('parses IPv6 peers, TLS names, several addresses, no peers and departed peers', () => {
    expect(parsePeers('3,3000,[[A1,tls.example,[[2001:db8::1]:4333,[::1],10.0.0.1]]]').peers).toEqual([
      {
        nodeId: 'A1',
        tlsName: 'tls.example',
        hosts: [
          { host: '2001:db8::1', port: 4333 },
          { host: '::1', port: 3000 },
          { host: '10.0.0.1', port: 3000 },
        ],
      },
    ])
    expect(parsePeers('0,3000,[]')).toEqual({ generation: 0, defaultPort: 3000, peers: [] })
    expect(parsePeers('9,3000,[[A2,,]]').peers).toEqual([{ nodeId: 'A2', tlsName: '', hosts: [] }])
    expect(parsePeers('4,4000,[[A3,,[127.0.0.1]]]').peers[0]!.hosts).toEqual([
      { host: '127.0.0.1', port: 4000 },
    ])
  })

  it('refuses malformed peers values', () => {
    for (const bad of [
      '',
      '4',
      '4,3000',
      'x,3000,[]',
      '4,y,[]',
      '4,3000,',
      '4,3000,[',
      '4,3000,[[A1,,[10.0.0.1]]',
      '4,3000,[[A1]]',
      '4,3000,[[A1,,[[::1]]]',
      '4,3000,[]junk',
    ])
      expect(() => parsePeers(bad), bad).toThrow(ParseError)
  })

  it('formats peers as a server does and parses them back', () => {
    const peers = [
      { nodeId: 'A1', tlsName: '', hosts: [{ host: '127.0.0.1', port: 3000 }] },
      {
        nodeId: 'A2',
        tlsName: 't',
        hosts: [
          { host: '::1', port: 3010 },
          { host: '10.1.1.1', port: 3000 },
        ],
      },
    ]
    const text = formatPeers(7, 3000, peers)
    expect(text).toBe('7,3000,[[A1,,[127.0.0.1]],[A2,t,[[::1]:3010,10.1.1.1]]]')
    expect(parsePeers(text)).toEqual({ generation: 7, defaultPort: 3000, peers })
  })

  it('parses service lists in both separators', () => {
    expect(parseServices('127.0.0.1:3000,[::1]:3001')).toEqual([
      { host: '127.0.0.1', port: 3000 },
      { host: '::1', port: 3001 },
    ])
    expect(parseServices('a:1;b')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 3000 },
    ])
    expect(parseServices('')).toEqual([])
  })
})

describe('partition maps', () => {
  const all = `${'/'.repeat(682)}8=`
  const none = `${'A'.repeat(683)}=`

  it('encodes and decodes ownership bitmaps MSB first', () => {
    expect(encodePartitionBitmap(() => true)).toBe(all)
    expect(encodePartitionBitmap(() => false)).toBe(none)
    const odd = decodePartitionBitmap(encodePartitionBitmap((p) => p % 2 === 1))
    expect(odd.length).toBe(PARTITION_BITMAP_SIZE)
    expect(odd[0]).toBe(0x55)
    expect(bitmapHas(odd, 0)).toBe(false)
    expect(bitmapHas(odd, 1)).toBe(true)
    expect(bitmapHas(odd, 4095)).toBe(true)
    const first = decodePartitionBitmap(encodePartitionBitmap((p) => p === 0))
    expect(first[0]).toBe(0x80)
  })

  it('refuses bitmaps of the wrong size or alphabet', () => {
    expect(() => decodePartitionBitmap('AAAA')).toThrow(ParseError)
    expect(() => decodePartitionBitmap(`${'A'.repeat(682)}!=`)).toThrow(ParseError)
    expect(() => decodePartitionBitmap(`${all}A`)).toThrow(ParseError)
  })

  it('parses replicas (regime), replicas-all and replicas-master', () => {
    const replicas = parseReplicas(`test:3,2,${all},${none};bar:0,1,${none}`)
    expect([...replicas.keys()]).toEqual(['test', 'bar'])
    const test = replicas.get('test')!
    expect(test.regime).toBe(3)
    expect(test.replicaCount).toBe(2)
    expect(test.bitmaps.map((b) => bitmapHas(b, 100))).toEqual([true, false])
    expect(replicas.get('bar')).toMatchObject({ regime: 0, replicaCount: 1 })

    const replicasAll = parseReplicasAll(`test:2,${all},${none}`)
    expect(replicasAll.get('test')).toMatchObject({ regime: 0, replicaCount: 2 })
    expect(parseReplicas(`test:1,${none}`, false).get('test')!.replicaCount).toBe(1)

    const master = parseReplicasMaster(`test:${all};bar:${none}`)
    expect(bitmapHas(master.get('test')!, 7)).toBe(true)
    expect(bitmapHas(master.get('bar')!, 7)).toBe(false)
    expect(parseReplicas('').size).toBe(0)
  })

  it('refuses malformed replicas values', () => {
    for (const bad of [
      'test',
      `:0,1,${all}`,
      `test:0,2,${all}`,
      `test:0,1,${all},${all}`,
      `test:x,1,${all}`,
      `test:0,-1,${all}`,
      'test:0',
      `test:0,1,short`,
    ])
      expect(() => parseReplicas(bad), bad).toThrow(ParseError)
    expect(() => parseReplicasMaster('test:short')).toThrow(ParseError)
  })
})

describe('small info values', () => {
  it('parses features, integers and key=value lists', () => {
    expect(parseFeatures('batch-any;peers;pscans;')).toEqual(new Set(['batch-any', 'peers', 'pscans']))
    expect(parseInfoInt('-1')).toBe(-1)
    expect(parseInfoInt('5351')).toBe(5351)
    for (const bad of ['', 'x', '1.5']) expect(() => parseInfoInt(bad)).toThrow(ParseError)
    expect(parseKeyValues('objects=3;flag;a=b=c;')).toEqual({ objects: '3', flag: '', a: 'b=c' })
    expect(parseKeyValues('ns=test:set=demo:objects=2', ':')).toEqual({
      ns: 'test',
      set: 'demo',
      objects: '2',
    })
  })

  it('splits commands into name, arguments and parameters as the server does', () => {
    expect(parseInfoCommand('namespace/test')).toEqual({
      name: 'namespace',
      args: ['test'],
      params: new Map(),
    })
    expect(parseInfoCommand('truncate:namespace=test;set=demo;')).toEqual({
      name: 'truncate',
      args: [],
      params: new Map([
        ['namespace', 'test'],
        ['set', 'demo'],
      ]),
    })
    expect(parseInfoCommand('sets/test/demo')).toMatchObject({ name: 'sets', args: ['test', 'demo'] })
    expect(parseInfoCommand('udf-put:content=YWI=;flag').params).toEqual(
      new Map([
        ['content', 'YWI='],
        ['flag', ''],
      ]),
    )
  })
})
