// Server pieces of secondary indexes: the wyhash index keys, compact msgpack, definitions parsed from
// sindex-create, values picked through a context, and GeoJSON containment on the sphere.
import { describe, expect, it } from 'vitest'
import { ByteWriter, pack, packedSize } from '../../../src/protocol/index.js'
import { distanceMeters, regionContains } from '../../../src/server/geo/containment.js'
import { parseGeoJSON } from '../../../src/server/geo/geojson.js'
import { contextPairs, resolveContext } from '../../../src/server/sindex/context.js'
import { IndexType, isCompact, parseDefinition } from '../../../src/server/sindex/definition.js'
import { hashBval, wyhash64 } from '../../../src/server/sindex/wyhash.js'
import { decodeSValue, SBytes } from '../../../src/server/value.js'

const packed = (v: unknown): Buffer => {
  const w = ByteWriter.alloc(packedSize(v as never))
  pack(w, v as never)
  return w.buf
}

describe('wyhash', () => {
  it('gives the index key the real server gave "v5" (recorded: BVAL 2591c763e8c11227 little-endian)', () => {
    const le = Buffer.alloc(8)
    le.writeBigInt64LE(hashBval(Buffer.from('v5')))
    expect(le.toString('hex')).toBe('2591c763e8c11227')
  })

  it('covers every length path (0..3, 4..16, 17..48, over 48) with distinct 64-bit values', () => {
    const seen = new Set<bigint>()
    for (let n = 0; n <= 120; n++) {
      const h = wyhash64(Buffer.alloc(n, 0x61))
      expect(h >= 0n && h < 2n ** 64n).toBe(true)
      seen.add(h)
    }
    expect(seen.size).toBe(121)
    expect(wyhash64(Buffer.from('abc'))).toBe(wyhash64(new Uint8Array([0x61, 0x62, 0x63])))
  })
})

describe('compact msgpack', () => {
  it('accepts the smallest forms only', () => {
    expect(isCompact(packed([0x22, 'k', 0x10, -1, 0x11, 300]))).toBe(true)
    const notCompact = [
      [0xcc, 0x05],
      [0xcd, 0x00, 0x10],
      [0xd0, 0x05],
      [0xd0, 0xf0],
      [0xd9, 0x01, 0x61],
      [0xdc, 0x00, 0x01, 0x01],
      [0x92, 0x01],
      [0x01, 0x02],
      [0xc1],
    ]
    for (const bytes of notCompact)
      expect(isCompact(Buffer.from(bytes)), Buffer.from(bytes).toString('hex')).toBe(false)
    expect(isCompact(Buffer.from([0xd0, 0xdf]))).toBe(true)
    expect(isCompact(Buffer.from([0xcb, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(true)
  })
})

describe('definitions', () => {
  const exists = (ns: string) => ns === 'test'
  it('reads both syntaxes into the same identity', () => {
    const a = parseDefinition('namespace=test;set=s;indexname=a;bin=b;type=string', exists)
    const b = parseDefinition('ns=test;set=s;indexname=a;indexdata=b,STRING', exists)
    expect(typeof a).toBe('object')
    expect(a).toEqual(b)
    const list = parseDefinition('namespace=test;indexname=l;indextype=LIST;bin=b;type=numeric', exists)
    expect(list).toMatchObject({ set: '', indexType: IndexType.LIST, key: 'test||b|L|I' })
  })

  it('keeps the context of a context index in its identity', () => {
    const ctx = packed([0x22, 'k']).toString('base64')
    const d = parseDefinition(`namespace=test;indexname=c;context=${ctx};bin=b;type=numeric`, exists)
    expect(d).toMatchObject({ key: `test||b|c${ctx}|.|I` })
  })

  it('set indexes need an existing namespace and a set', () => {
    expect(parseDefinition('namespace=nope;set=s;indextype=set;indexname=x', exists)).toBe(
      'ERROR:4:namespace not found',
    )
    expect(parseDefinition('namespace=test;indextype=set;indexname=x', exists)).toBe("ERROR:4:missing 'set'")
    expect(parseDefinition('namespace=test;set=s;indextype=SET;indexname=x', exists)).toMatchObject({
      indexType: IndexType.SET,
      key: 'test|s|S',
    })
  })

  it('refuses expression indexes, which this server does not keep', () => {
    expect(parseDefinition('namespace=test;indexname=e;type=numeric;exp=kQ==', exists)).toBe(
      "ERROR:4:bad 'exp'",
    )
  })
})

describe('contexts', () => {
  const root = decodeSValue(
    packed(
      new Map<string, unknown>([
        [
          'm',
          new Map<string, unknown>([
            ['z', 1],
            ['a', [5, 3, 9]],
          ]),
        ],
        ['l', [10, 30, 20]],
      ]) as never,
    ),
  )
  const at = (pairs: unknown[]) => resolveContext(root, contextPairs(packed(pairs)))

  it('follows map keys, list indexes (negative from the end) and ranks', () => {
    expect(at([0x22, 'm', 0x22, 'a', 0x10, -1])).toBe(9n)
    expect(at([0x22, 'l', 0x11, 0])).toBe(10n)
    expect(at([0x22, 'l', 0x11, -1])).toBe(30n)
    expect(at([0x22, 'm', 0x20, 0, 0x11, 1])).toBe(5n)
    expect(at([0x22, 'm', 0x21, 0])).toBe(1n)
    expect(at([0x22, 'l', 0x13, 20])).toBe(20n)
    expect(at([0x22, 'm', 0x23, 1])).toBe(1n)
  })

  it('gives undefined for a path that does not exist', () => {
    expect(at([0x22, 'nope'])).toBeUndefined()
    expect(at([0x22, 'l', 0x10, 3])).toBeUndefined()
    expect(at([0x22, 'l', 0x22, 'x'])).toBeUndefined()
    expect(at([0x22, 'm', 0x22, 'z', 0x10, 0])).toBeUndefined()
    expect(root instanceof SBytes).toBe(false)
  })
})

describe('GeoJSON containment', () => {
  const shape = (v: unknown) => parseGeoJSON(JSON.stringify(v))!

  it('great-circle distance', () => {
    expect(distanceMeters(0, 0, 0, 1)).toBeCloseTo(111_195, -1)
    expect(distanceMeters(-0.1278, 51.5074, 2.3522, 48.8566)).toBeCloseTo(343_556, -3)
  })

  it('polygons, holes and multipolygons, whichever way their loops turn', () => {
    const square = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ]
    const hole = [
      [0.5, 0.5],
      [0.5, 1.5],
      [1.5, 1.5],
      [1.5, 0.5],
      [0.5, 0.5],
    ]
    const poly = shape({ type: 'Polygon', coordinates: [square] })
    const reversed = shape({ type: 'Polygon', coordinates: [[...square].reverse()] })
    const withHole = shape({ type: 'Polygon', coordinates: [square, hole] })
    expect(regionContains(poly, 1, 1)).toBe(true)
    expect(regionContains(reversed, 1, 1)).toBe(true)
    expect(regionContains(poly, 3, 1)).toBe(false)
    expect(regionContains(withHole, 1, 1)).toBe(false)
    expect(regionContains(withHole, 0.25, 1)).toBe(true)
    const multi = shape({
      type: 'MultiPolygon',
      coordinates: [[square], [square.map(([x, y]) => [x! + 10, y!])]],
    })
    expect(regionContains(multi, 11, 1)).toBe(true)
    expect(regionContains(multi, 5, 1)).toBe(false)
  })

  it('polygons across the antimeridian follow great circles, not longitude lines', () => {
    const across = shape({
      type: 'Polygon',
      coordinates: [
        [
          [179, -1],
          [-179, -1],
          [-179, 1],
          [179, 1],
          [179, -1],
        ],
      ],
    })
    expect(regionContains(across, 180, 0)).toBe(true)
    expect(regionContains(across, 0, 0)).toBe(false)
  })

  it('circles by radius; a point contains nothing', () => {
    const circle = shape({ type: 'AeroCircle', coordinates: [[0, 0], 1000] })
    expect(regionContains(circle, 0, 0.008)).toBe(true)
    expect(regionContains(circle, 0, 0.01)).toBe(false)
    expect(regionContains(shape({ type: 'Point', coordinates: [0, 0] }), 0, 0)).toBe(false)
  })

  it('parses Features and refuses what the server refuses', () => {
    expect(parseGeoJSON('{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}')).toEqual({
      kind: 'point',
      lng: 1,
      lat: 2,
    })
    for (const bad of ['nope', '[]', '{"type":"Line"}', '{"type":"Point","coordinates":[200,0]}'])
      expect(parseGeoJSON(bad)).toBeUndefined()
  })
})
