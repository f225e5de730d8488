// Every predicate against every index type it applies to: equality and ranges on plain bins, list
// elements, map keys and map values (integers, strings, blobs), and GeoJSON points and regions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as aerospike from '../../../src/index.js'
import { type QueryEnv, startEnv } from './helpers.js'

let env: QueryEnv
let client: aerospike.Client
const p = aerospike.predicates
const { GeoJSON } = aerospike
const SET = 'preds'

/** Points along the equator near Singapore's longitude, 10 km apart; record `name` at each. */
const place = (name: string, lng: number, lat: number) => ({ name, lng, lat })
const PLACES = [
  place('a', 103.8, 1.3),
  place('b', 103.85, 1.3),
  place('c', 103.95, 1.3),
  place('d', 104.5, 1.3),
  place('e', -0.12, 51.5),
]

const point = (lng: number, lat: number) => new GeoJSON({ type: 'Point', coordinates: [lng, lat] })
const square = (lng: number, lat: number, half: number) =>
  new GeoJSON({
    type: 'Polygon',
    coordinates: [
      [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
      ],
    ],
  })

/** Names (bin `name`) of the records a predicate selects, sorted. */
async function names(predicate: aerospike.Predicate): Promise<string[]> {
  const records = await client.query('test', SET).where(predicate).results()
  return records.map((r) => r.bins.name as string).sort()
}

beforeAll(async () => {
  env = await startEnv()
  client = env.client
  const put = (name: string, bins: aerospike.Bins) => client.put(['test', SET, name], { name, ...bins })
  await put('r1', {
    i: 1,
    s: 'one',
    blob: Buffer.from('b1'),
    li: [1, 2, 3],
    ls: ['x', 'y'],
    lb: [Buffer.from('p')],
    m: new Map<string | number, aerospike.AerospikeValue>([
      ['k1', 10],
      ['k2', 'v2'],
    ]),
    mi: new Map<string | number, aerospike.AerospikeValue>([[100, Buffer.from('q')]]),
  })
  await put('r2', {
    i: 2,
    s: 'two',
    blob: Buffer.from('b2'),
    li: [3, 4],
    ls: ['y', 'z'],
    lb: [Buffer.from('r')],
    m: new Map<string | number, aerospike.AerospikeValue>([['k3', 30]]),
    mi: new Map<string | number, aerospike.AerospikeValue>([[200, Buffer.from('p')]]),
  })
  await put('r3', { i: 3, s: 'three', li: [30, -5], ls: 'not a list', m: { k1: 'v2' } })
  await put('r4', { i: -40, s: 'one', li: [], m: new Map<string | number, aerospike.AerospikeValue>() })
  for (const pl of PLACES)
    await put(`geo-${pl.name}`, { loc: point(pl.lng, pl.lat), locs: [point(pl.lng, pl.lat)] })
  await put('region-sg', { area: square(103.85, 1.3, 0.2), areas: [square(103.85, 1.3, 0.2)] })
  await put('region-uk', { area: square(-0.1, 51.5, 1), areamap: { uk: square(-0.1, 51.5, 1) } })
  await put('region-circle', {
    area: new GeoJSON({ type: 'AeroCircle', coordinates: [[103.9, 1.3], 20_000] }),
  })

  const create = (bin: string, name: string, type: number, collectionType = aerospike.INDEX_TYPE_DEFAULT) =>
    client.indexCreate({ namespace: 'test', set: SET, bin, name, type, collectionType })
  await create('i', 'p_i', aerospike.INDEX_NUMERIC)
  await create('s', 'p_s', aerospike.INDEX_STRING)
  await create('blob', 'p_blob', aerospike.INDEX_BLOB)
  await create('li', 'p_li', aerospike.INDEX_NUMERIC, aerospike.INDEX_TYPE_LIST)
  await create('ls', 'p_ls', aerospike.INDEX_STRING, aerospike.INDEX_TYPE_LIST)
  await create('lb', 'p_lb', aerospike.INDEX_BLOB, aerospike.INDEX_TYPE_LIST)
  await create('m', 'p_mk', aerospike.INDEX_STRING, aerospike.INDEX_TYPE_MAPKEYS)
  await create('m', 'p_mvi', aerospike.INDEX_NUMERIC, aerospike.INDEX_TYPE_MAPVALUES)
  await create('m', 'p_mvs', aerospike.INDEX_STRING, aerospike.INDEX_TYPE_MAPVALUES)
  await create('mi', 'p_mki', aerospike.INDEX_NUMERIC, aerospike.INDEX_TYPE_MAPKEYS)
  await create('mi', 'p_mvb', aerospike.INDEX_BLOB, aerospike.INDEX_TYPE_MAPVALUES)
  await create('loc', 'p_loc', aerospike.INDEX_GEO2DSPHERE)
  await create('locs', 'p_locs', aerospike.INDEX_GEO2DSPHERE, aerospike.INDEX_TYPE_LIST)
  await create('area', 'p_area', aerospike.INDEX_GEO2DSPHERE)
  await create('areas', 'p_areas', aerospike.INDEX_GEO2DSPHERE, aerospike.INDEX_TYPE_LIST)
  await create('areamap', 'p_areamap', aerospike.INDEX_GEO2DSPHERE, aerospike.INDEX_TYPE_MAPVALUES)
  await put('north-63', { north: point(0, 63) })
  await put('north-72', { north: point(0, 72) })
  await create('north', 'p_north', aerospike.INDEX_GEO2DSPHERE)
})

afterAll(async () => {
  await env?.stop()
})

describe('plain bins', () => {
  it('equals on integers, strings and blobs', async () => {
    expect(await names(p.equals('i', 2))).toEqual(['r2'])
    expect(await names(p.equals('i', 2n))).toEqual(['r2'])
    expect(await names(p.equals('s', 'one'))).toEqual(['r1', 'r4'])
    expect(await names(p.equals('s', 'none'))).toEqual([])
    expect(await names(p.equals('blob', Buffer.from('b2')))).toEqual(['r2'])
    expect(await names(p.equals('blob', new Uint8Array([0x62, 0x31])))).toEqual(['r1'])
  })

  it('a predicate and a filter expression together', async () => {
    const records = await client
      .query('test', SET)
      .where(p.between('i', -100, 100))
      .results({
        filterExpression: aerospike.exp.eq(aerospike.exp.stringBin('s'), aerospike.exp.stringVal('one')),
      })
    expect(records.map((r) => r.bins.name).sort()).toEqual(['r1', 'r4'])
  })

  it('between is inclusive at both ends, negative values included', async () => {
    expect(await names(p.between('i', 1, 2))).toEqual(['r1', 'r2'])
    expect(await names(p.between('i', -100, 1))).toEqual(['r1', 'r4'])
    expect(await names(p.between('i', -(2n ** 63n), 2n ** 63n - 1n))).toEqual(['r1', 'r2', 'r3', 'r4'])
    expect(await names(p.between('i', 4, 10))).toEqual([])
  })
})

describe('collections', () => {
  it('contains on list elements (integers, strings, blobs)', async () => {
    expect(await names(p.contains('li', aerospike.INDEX_TYPE_LIST, 3))).toEqual(['r1', 'r2'])
    expect(await names(p.contains('ls', aerospike.INDEX_TYPE_LIST, 'y'))).toEqual(['r1', 'r2'])
    expect(await names(p.contains('ls', aerospike.INDEX_TYPE_LIST, 'not a list'))).toEqual([])
    expect(await names(p.contains('lb', aerospike.INDEX_TYPE_LIST, Buffer.from('r')))).toEqual(['r2'])
  })

  it('range on list elements returns each record once', async () => {
    expect(await names(p.range('li', aerospike.INDEX_TYPE_LIST, 2, 4))).toEqual(['r1', 'r2'])
    expect(await names(p.range('li', aerospike.INDEX_TYPE_LIST, -10, 0))).toEqual(['r3'])
  })

  it('contains and range on map keys', async () => {
    expect(await names(p.contains('m', aerospike.INDEX_TYPE_MAPKEYS, 'k1'))).toEqual(['r1', 'r3'])
    expect(await names(p.contains('mi', aerospike.INDEX_TYPE_MAPKEYS, 200))).toEqual(['r2'])
    expect(await names(p.range('mi', aerospike.INDEX_TYPE_MAPKEYS, 50, 150))).toEqual(['r1'])
  })

  it('contains and range on map values (integers, strings, blobs)', async () => {
    expect(await names(p.contains('m', aerospike.INDEX_TYPE_MAPVALUES, 'v2'))).toEqual(['r1', 'r3'])
    expect(await names(p.range('m', aerospike.INDEX_TYPE_MAPVALUES, 10, 30))).toEqual(['r1', 'r2'])
    expect(await names(p.contains('mi', aerospike.INDEX_TYPE_MAPVALUES, Buffer.from('p')))).toEqual(['r2'])
  })
})

describe('GeoJSON', () => {
  it('points within a polygon', async () => {
    expect(await names(p.geoWithinGeoJSONRegion('loc', square(103.85, 1.3, 0.1)))).toEqual([
      'geo-a',
      'geo-b',
      'geo-c',
    ])
    const text = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [-1, 51],
          [1, 51],
          [1, 52],
          [-1, 52],
          [-1, 51],
        ],
      ],
    })
    expect(await names(p.geoWithinGeoJSONRegion('loc', text))).toEqual(['geo-e'])
  })

  it('a polygon hole excludes its points', async () => {
    const withHole = {
      type: 'Polygon',
      coordinates: [
        [
          [103.5, 1],
          [104.2, 1],
          [104.2, 1.6],
          [103.5, 1.6],
          [103.5, 1],
        ],
        [
          [103.84, 1.29],
          [103.86, 1.29],
          [103.86, 1.31],
          [103.84, 1.31],
          [103.84, 1.29],
        ],
      ],
    }
    expect(await names(p.geoWithinGeoJSONRegion('loc', withHole))).toEqual(['geo-a', 'geo-c'])
  })

  it('points within a radius, by great-circle distance', async () => {
    // geo-b is 0 m away, geo-a and geo-c about 5.6 km and 11.1 km, geo-d 72 km.
    expect(await names(p.geoWithinRadius('loc', 103.85, 1.3, 6000))).toEqual(['geo-a', 'geo-b'])
    expect(await names(p.geoWithinRadius('loc', 103.85, 1.3, 12_000))).toEqual(['geo-a', 'geo-b', 'geo-c'])
    expect(await names(p.geoWithinRadius('loc', 103.85, 1.3, 100_000))).toEqual([
      'geo-a',
      'geo-b',
      'geo-c',
      'geo-d',
    ])
  })

  it('regions containing a point: polygons and circles', async () => {
    expect(await names(p.geoContainsGeoJSONPoint('area', point(103.9, 1.35)))).toEqual([
      'region-circle',
      'region-sg',
    ])
    expect(
      await names(p.geoContainsGeoJSONPoint('area', { type: 'Point', coordinates: [-0.5, 51.2] })),
    ).toEqual(['region-uk'])
    expect(await names(p.geoContainsGeoJSONPoint('area', '{"type":"Point","coordinates":[10,10]}'))).toEqual(
      [],
    )
  })

  it('points in a list and regions in a list or map', async () => {
    expect(await names(p.geoWithinRadius('locs', 103.85, 1.3, 6000, aerospike.INDEX_TYPE_LIST))).toEqual([
      'geo-a',
      'geo-b',
    ])
    expect(
      await names(p.geoContainsGeoJSONPoint('areas', point(103.9, 1.3), aerospike.INDEX_TYPE_LIST)),
    ).toEqual(['region-sg'])
    expect(
      await names(p.geoContainsGeoJSONPoint('areamap', point(0, 51.5), aerospike.INDEX_TYPE_MAPVALUES)),
    ).toEqual(['region-uk'])
  })

  it('polygon edges are great-circle arcs, for predicates and filter expressions alike', async () => {
    // Edges along latitudes 60 and 70 bow toward the pole: at longitude 0 they reach about 66.1 and
    // 74.4 degrees, so (0, 63) is outside the polygon and (0, 72) inside, unlike on a flat map.
    const band = {
      type: 'Polygon',
      coordinates: [
        [
          [-40, 60],
          [40, 60],
          [40, 70],
          [-40, 70],
          [-40, 60],
        ],
      ],
    }
    expect(await names(p.geoWithinGeoJSONRegion('north', band))).toEqual(['north-72'])
    const { exp } = aerospike
    const filtered = await client
      .query('test', SET)
      .results({ filterExpression: exp.geoCompare(exp.geoBin('north'), exp.geoVal(band)) })
    expect(filtered.map((r) => r.bins.name)).toEqual(['north-72'])
  })

  it('invalid GeoJSON in a predicate is rejected by the server', async () => {
    const err = await client
      .query('test', SET)
      .where(p.geoWithinGeoJSONRegion('loc', { type: 'Polygon', coordinates: [[[0, 0]]] }))
      .results()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(aerospike.ServerError)
    expect((err as aerospike.AerospikeError).resultCode).toBe(aerospike.AEROSPIKE_ERR_PARAM)
  })
})

describe('predicate arguments', () => {
  it('are checked when the predicate is built', () => {
    const bad: Array<() => unknown> = [
      () => p.equals('', 1),
      () => p.equals('this-bin-is-too-long', 1),
      () => p.equals('i', 1.5),
      () => p.equals('i', {} as never),
      () => p.equals('s', 'x'.repeat(2048)),
      () => p.between('i', 5, 1),
      () => p.between('i', 2n ** 63n, 2n ** 64n),
      () => p.contains('l', 9, 1),
      () => p.range('l', -1, 1, 2),
      () => p.geoWithinGeoJSONRegion('g', 'not json'),
      () => p.geoWithinGeoJSONRegion('g', '[1,2]'),
      () => p.geoWithinRadius('g', 200, 0, 1),
      () => p.geoWithinRadius('g', 0, 91, 1),
      () => p.geoWithinRadius('g', 0, 0, -1),
      () => p.geoContainsGeoJSONPoint('g', 42 as never),
    ]
    for (const build of bad) expect(build).toThrow(aerospike.InvalidArgError)
  })

  it('a query takes a single predicate', () => {
    const q = client.query('test', SET).where(p.equals('i', 1))
    expect(() => q.where(p.equals('i', 2))).toThrow(aerospike.InvalidArgError)
  })
})
