/**
 * The benchmarked calls, once per client: aerospike-ts and the official client (aerospike@6.7.1).
 * Both do the same work per call (build the key, send, check the answer), so the figures compare
 * the clients and not the harness.
 */

/** Records every `batchRead` call reads. */
export const BATCH_SIZE = 100

/** Where the benchmark's records live and how many there are. */
export interface Target {
  hosts: string
  namespace: string
  set: string
  keys: number
  /** Both clients' maxConnsPerNode (the official client fails commands beyond it instead of waiting). */
  maxConnsPerNode: number
  /** aerospike-ts only: its `pipelineDepth` (undefined: the client's default). */
  pipelineDepth?: number
}

/** One client's implementation of each benchmarked call; each resolves to the records it handled. */
export interface Driver {
  /** Writes record `i` with its five bins. */
  put(i: number): Promise<number>
  /** Reads record `i` (all bins) and checks it came back whole. */
  get(i: number): Promise<number>
  /** Increments bin `a` of record `i` and reads it back in one operate call. */
  operate(i: number): Promise<number>
  /** Writes one bin of record `i` (the update half of the mixed workload). */
  update(i: number): Promise<number>
  /** Reads the BATCH_SIZE records of window `w` in one batch call; all must be found. */
  batchRead(w: number): Promise<number>
  /** Scans the whole set; resolves with the number of records received. */
  scan(): Promise<number>
  close(): Promise<void>
}

/** The record key of record `i`. */
export const userKey = (i: number): string => `key-${i}`

/** The five small bins of record `i`: two integers, two strings, a float. */
export const binsOf = (i: number): { a: number; b: string; c: number; d: number; e: string } => ({
  a: i,
  b: `value-${i}`,
  c: i + 0.5,
  d: i * 7,
  e: 'bench',
})

/** Number of BATCH_SIZE windows in the key space. */
const windowCount = (t: Target): number => Math.max(1, Math.floor(t.keys / BATCH_SIZE))

function fail(what: string): never {
  throw new Error(`benchmark check failed: ${what}`)
}

/** The aerospike-ts driver (from source). */
export async function oursDriver(t: Target): Promise<Driver> {
  const aerospike = await import('../src/index.js')
  const { increment, read } = aerospike.operations
  const client = await aerospike
    .client({ hosts: t.hosts, maxConnsPerNode: t.maxConnsPerNode, pipelineDepth: t.pipelineDepth })
    .connect()
  const { namespace: ns, set } = t
  const windows = Array.from({ length: windowCount(t) }, (_, w) =>
    Array.from({ length: BATCH_SIZE }, (_, j) => [ns, set, userKey(w * BATCH_SIZE + j)] as const),
  )
  return {
    async put(i) {
      await client.put([ns, set, userKey(i)], binsOf(i))
      return 1
    },
    async get(i) {
      const { bins } = await client.get([ns, set, userKey(i)])
      if (bins.e !== 'bench') fail(`record ${i} read back without its bins`)
      return 1
    },
    async operate(i) {
      const { bins } = await client.operate([ns, set, userKey(i)], [increment('a', 1), read('a')])
      if (typeof bins.a !== 'number') fail(`operate on record ${i} returned no bin a`)
      return 1
    },
    async update(i) {
      await client.put([ns, set, userKey(i)], { d: i })
      return 1
    },
    async batchRead(w) {
      const { batchRecords } = await client.batchRead(windows[w % windows.length]!)
      let found = 0
      for (const r of batchRecords) if (r.result === 0) found++
      if (found !== BATCH_SIZE) fail(`a batch found ${found} of ${BATCH_SIZE} records`)
      return found
    },
    async scan() {
      let n = 0
      await client.query(ns, set).foreach(() => {
        n++
      })
      return n
    },
    close: () => client.close(),
  }
}

/** The official client's driver (aerospike@6.7.1, the C client inside). */
export async function officialDriver(t: Target): Promise<Driver> {
  const Aerospike = (await import('aerospike')).default
  const { incr, read } = Aerospike.operations
  const client = await Aerospike.connect({
    hosts: t.hosts,
    maxConnsPerNode: t.maxConnsPerNode,
    log: { level: Aerospike.log.OFF },
  })
  const { namespace: ns, set } = t
  const windows = Array.from({ length: windowCount(t) }, (_, w) =>
    Array.from({ length: BATCH_SIZE }, (_, j) => ({
      key: new Aerospike.Key(ns, set, userKey(w * BATCH_SIZE + j)),
      readAllBins: true,
    })),
  )
  return {
    async put(i) {
      await client.put(new Aerospike.Key(ns, set, userKey(i)), binsOf(i))
      return 1
    },
    async get(i) {
      const { bins } = await client.get(new Aerospike.Key(ns, set, userKey(i)))
      if (bins.e !== 'bench') fail(`record ${i} read back without its bins`)
      return 1
    },
    async operate(i) {
      const { bins } = await client.operate(new Aerospike.Key(ns, set, userKey(i)), [incr('a', 1), read('a')])
      if (typeof bins.a !== 'number') fail(`operate on record ${i} returned no bin a`)
      return 1
    },
    async update(i) {
      await client.put(new Aerospike.Key(ns, set, userKey(i)), { d: i })
      return 1
    },
    async batchRead(w) {
      const rows = await client.batchRead(windows[w % windows.length]!)
      let found = 0
      for (const r of rows) if (r.status === 0) found++
      if (found !== BATCH_SIZE) fail(`a batch found ${found} of ${BATCH_SIZE} records`)
      return found
    },
    scan() {
      return new Promise<number>((resolve, reject) => {
        let n = 0
        const stream = client.query(ns, set).foreach()
        stream.on('data', () => {
          n++
        })
        stream.on('error', reject)
        stream.on('end', () => resolve(n))
      })
    },
    async close() {
      client.close()
    },
  }
}
