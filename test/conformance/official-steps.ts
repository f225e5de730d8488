/** Test helper: each captured step's label -> the official-client call that produced it (read off the recorded frames). */
import * as Aerospike from 'aerospike'

type Client = Aerospike.Client
/** Runs one step's call; resolves with what the client returned. */
export type StepCall = (client: Client) => Promise<unknown>

const key = (k: string | number | Buffer): Aerospike.Key => new Aerospike.Key('test', 'golden', k)
const ops = Aerospike.operations
const exp = Aerospike.exp
/** The bins of query results, in the order of bin `i` (the capture sorted them so). */
const binsByI = (records: Aerospike.AerospikeRecord[]): unknown[] =>
  records.map((r) => r.bins).sort((a, b) => (a.i as number) - (b.i as number))
/** Queries set golden with one index filter; resolves to the bins in `i` order. */
const indexQuery = async (c: Client, f: Aerospike.filter.SindexFilterPredicate): Promise<unknown[]> => {
  const q = c.query('test', 'golden')
  q.where(f)
  return binsByI(await q.results())
}
/** Creates an index and waits until it is built, as the capture did; resolves to 'ok'. */
const createIndex = async (job: Promise<Aerospike.IndexJob>): Promise<string> => {
  await (await job).wait(10)
  return 'ok'
}
const batchType = Aerospike.batchType

/** A batch answer as the capture recorded it: each row's status, and its bins when found. */
const batchRows = (rows: Aerospike.BatchResult[]): unknown[] =>
  rows.map((r) => (r.status === 0 ? { status: r.status, bins: r.record.bins } : { status: r.status }))
const seeded = (n: number): Aerospike.Key[] => Array.from({ length: n }, (_, i) => key(`b${i}`))

/** The calls, by step label. */
export const STEP_CALLS: Readonly<Record<string, StepCall>> = {
  'truncate set golden (info)': (c) => c.truncate('test', 'golden', 0),
  'put int/str/double/bool': (c) => c.put(key('k1'), { i: 42, n: -7, s: 'hello', d: 1.5, b: true }),
  'get all bins': (c) => c.get(key('k1')),
  'put int key': (c) => c.put(key(1), { v: 1 }),
  'get int key': (c) => c.get(key(1)),
  'put blob key': (c) => c.put(key(Buffer.from([1, 2, 3])), { v: 'blobkey' }),
  'put big ints': (c) =>
    c.put(key('big'), { max: 9223372036854775807n, min: -9223372036854775808n, safe: 9007199254740991 }),
  'get big ints': (c) => c.get(key('big')),
  'put unicode + empty string + blob': (c) =>
    c.put(key('u'), { s: 'héllo 漢字 😀', e: '', bl: Buffer.from([0xde, 0xad, 0xbe, 0xef]) }),
  'get unicode': (c) => c.get(key('u')),
  'put list + nested map': (c) =>
    c.put(key('cdt'), {
      l: [1, 'two', 3.5, [4, 5], { a: 1 }],
      m: { nested: { q: [1, 2] }, x: 1, y: 'z' },
      im: new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
    }),
  'get list + map': (c) => c.get(key('cdt')),
  'put geojson': (c) =>
    c.put(key('geo'), { loc: new Aerospike.GeoJSON({ type: 'Point', coordinates: [103.9, 1.3] }) }),
  'get geojson': (c) => c.get(key('geo')),
  'select bins i,s': (c) => c.select(key('k1'), ['i', 's']),
  'exists (found)': (c) => c.exists(key('k1')),
  'exists (missing)': (c) => c.exists(key('nope')),
  'get missing -> 2': (c) => c.get(key('nope')),
  'put with ttl 300 + sendKey': (c) =>
    c.put(key('ttl'), { v: 1 }, { ttl: 300 }, { key: Aerospike.policy.key.SEND }),
  'get ttl record': (c) => c.get(key('ttl')),
  'put ttl -1 never expire': (c) => c.put(key('ttl2'), { v: 1 }, { ttl: -1 }),
  'put create-only on existing -> 5': (c) =>
    c.put(key('k1'), { x: 1 }, {}, { exists: Aerospike.policy.exists.CREATE }),
  'put create-only on new': (c) =>
    c.put(key('new1'), { x: 1 }, {}, { exists: Aerospike.policy.exists.CREATE }),
  'put update-only on missing -> 2': (c) =>
    c.put(key('nope2'), { x: 1 }, {}, { exists: Aerospike.policy.exists.UPDATE }),
  'put replace existing': (c) =>
    c.put(key('new1'), { y: 2 }, {}, { exists: Aerospike.policy.exists.REPLACE }),
  'get after replace': (c) => c.get(key('new1')),
  'put gen EQ (match gen 1)': (c) =>
    c.put(key('new1'), { y: 3 }, { gen: 2 }, { gen: Aerospike.policy.gen.EQ }),
  'put gen EQ mismatch -> 3': (c) =>
    c.put(key('new1'), { y: 4 }, { gen: 1 }, { gen: Aerospike.policy.gen.EQ }),
  'put gen GT': (c) => c.put(key('new1'), { y: 5 }, { gen: 10 }, { gen: Aerospike.policy.gen.GT }),
  'put null bin removes bin': (c) => c.put(key('k1'), { b: null }),
  'get after bin removal': (c) => c.get(key('k1')),
  append: (c) => c.append(key('k1'), { s: ' world' }),
  prepend: (c) => c.prepend(key('k1'), { s: '>> ' }),
  'incr int': (c) => c.incr(key('k1'), { i: 8 }),
  'incr float': (c) => c.incr(key('k1'), { d: 0.25 }),
  'incr on string bin -> 12': (c) => c.incr(key('k1'), { s: 1 }),
  'get after string ops': (c) => c.get(key('k1')),
  'touch (operate touch)': (c) => c.operate(key('k1'), [ops.touch(120)]),
  'operate incr+read': (c) => c.operate(key('k1'), [ops.incr('i', 1), ops.read('i')]),
  'operate write+append+read all': (c) =>
    c.operate(key('k1'), [ops.write('w', 'x'), ops.append('w', 'y'), ops.read('w'), ops.read('i')]),
  'operate delete record': (c) => c.operate(key('new1'), [ops.delete()]),
  'operate list append + size': (c) =>
    c.operate(key('cdt'), [Aerospike.lists.append('l', 99), Aerospike.lists.size('l')]),
  'operate list get by index range': (c) => c.operate(key('cdt'), [Aerospike.lists.getRange('l', 1, 2)]),
  'operate map put + get by key': (c) =>
    c.operate(key('cdt'), [
      Aerospike.maps.put('m', 'k', 'v'),
      Aerospike.maps.getByKey('m', 'x', Aerospike.maps.returnType.VALUE),
    ]),
  'operate map size': (c) => c.operate(key('cdt'), [Aerospike.maps.size('m')]),
  'remove existing': (c) => c.remove(key('ttl2')),
  'remove missing -> 2': (c) => c.remove(key('ttl2')),
  'put for filter': (c) => c.put(key('f1'), { age: 20, name: 'ann' }),
  'get with filter exp pass': (c) =>
    c.get(key('f1'), { filterExpression: exp.gt(exp.binInt('age'), exp.int(10)) }),
  'get with filter exp fail -> 27': (c) =>
    c.get(key('f1'), { filterExpression: exp.gt(exp.binInt('age'), exp.int(30)) }),
  'bin name too long -> 21': (c) => c.put(key('k1'), { this_bin_name_is_too_long: 1 }),
  'scan set golden (all)': async (c) => ({ count: (await c.query('test', 'golden').results()).length }),
  'query maxRecords 3 (partition scan)': async (c) => ({
    count: (await c.query('test', 'golden', { maxRecords: 3 }).results()).length,
  }),
  'create integer index': (c) =>
    createIndex(c.createIntegerIndex({ ns: 'test', set: 'golden', bin: 'i', index: 'golden_i_idx' })),
  'create string index': (c) =>
    createIndex(c.createStringIndex({ ns: 'test', set: 'golden', bin: 's', index: 'golden_s_idx' })),
  'create index again -> 200': (c) =>
    createIndex(c.createIntegerIndex({ ns: 'test', set: 'golden', bin: 'i', index: 'golden_i_idx' })),
  'query equal i=3': (c) => indexQuery(c, Aerospike.filter.equal('i', 3)),
  'query range i 2..4': (c) => indexQuery(c, Aerospike.filter.range('i', 2, 4)),
  'query string equal': (c) => indexQuery(c, Aerospike.filter.equal('s', 'v5')),
  'remove index': (c) => c.indexRemove('test', 'golden_i_idx'),
  'remove index s': (c) => c.indexRemove('test', 'golden_s_idx'),
  'batchRead 8 + 2 missing': async (c) =>
    batchRows(
      await c.batchRead(
        [...seeded(8), key('missing1'), key('missing2')].map((k) => ({ key: k, readAllBins: true })),
      ),
    ),
  'batchRead select bin': async (c) =>
    batchRows(await c.batchRead(seeded(3).map((k) => ({ key: k, bins: ['s'] })))),
  batchExists: async (c) => batchRows(await c.batchExists(seeded(3))),
  'batchWrite mixed': async (c) =>
    batchRows(
      await c.batchWrite([
        { type: batchType.BATCH_WRITE, key: key('bw1'), ops: [ops.write('a', 1), ops.write('b', 'two')] },
        { type: batchType.BATCH_WRITE, key: key('b0'), ops: [ops.incr('i', 100), ops.read('i')] },
        { type: batchType.BATCH_REMOVE, key: key('b7') },
        { type: batchType.BATCH_READ, key: key('b1'), readAllBins: true },
        { type: batchType.BATCH_REMOVE, key: key('missing3') },
      ]),
    ),
  'info namespaces': (c) => c.infoAny('namespaces'),
  'info build': (c) => c.infoAny('build'),
  'info sets': (c) => c.infoAny('sets/test/golden'),
}
