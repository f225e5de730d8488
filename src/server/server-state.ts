/** Everything a request handler may need: configuration, storage, live fault settings and node-wide counters. */
import { randomBytes } from 'node:crypto'
import type { ResolvedFaults, ResolvedOptions } from './options.js'
import { JobRegistry } from './query/job-registry.js'
import { ScanImages } from './query/scan-images.js'
import { SecurityState } from './security/security-state.js'
import { SindexManager } from './sindex/sindex-manager.js'
import type { RecordObserver } from './storage/namespace.js'
import { Store } from './storage/store.js'
import { UdfRuntime } from './udf/udf-runtime.js'

/** Node-wide counters reported by `statistics`. */
export interface NodeCounters {
  connectionsOpened: number
  connectionsClosed: number
  infoComplete: number
  demarshalError: number
}

/** The state shared by all connections of one server. */
export class ServerState {
  /** All namespaces and their records. */
  readonly store: Store
  /** Secondary indexes, kept in step with the store. */
  readonly sindexes: SindexManager
  /** Encoded partitions for plain scans, dropped when their records change. */
  readonly scanImages = new ScanImages()
  /** Background query jobs, running and recently finished, for `query-show` and `query-abort`. */
  readonly jobs = new JobRegistry()
  /** Registered UDF modules and the Lua engine running them. */
  readonly udf = new UdfRuntime()
  /** Users, roles and sessions, when the server runs in security mode. */
  readonly security: SecurityState | undefined
  /** Fault injection currently in force (test-only). */
  faults: ResolvedFaults
  /** Node-wide counters for `statistics`. */
  readonly counters: NodeCounters = {
    connectionsOpened: 0,
    connectionsClosed: 0,
    infoComplete: 0,
    demarshalError: 0,
  }
  /** Unix time (ms) the server started. */
  readonly startedAt = Date.now()
  /** The cluster key: random, upper-case hex, fixed for the server's life (a single node never re-clusters). */
  readonly clusterKey = BigInt(`0x${randomBytes(6).toString('hex')}`)
    .toString(16)
    .toUpperCase()
  /** Address clients use to reach this node, set once listening. */
  serviceHost = ''
  /** Port clients use to reach this node, set once listening. */
  servicePort = 0

  /** `config` is the validated configuration the server was started with. */
  constructor(readonly config: ResolvedOptions) {
    this.store = new Store(config.namespaces)
    this.sindexes = new SindexManager(this.store)
    // Every record change reaches the secondary indexes and the scan images.
    const observer = {
      recordChanged: (...change: Parameters<RecordObserver['recordChanged']>) => {
        this.sindexes.recordChanged(...change)
        this.scanImages.recordChanged(...change)
      },
    }
    for (const ns of this.store.namespaces.values()) ns.observer = observer
    this.faults = { ...config.faults }
    this.security = config.security === undefined ? undefined : new SecurityState(config.security)
  }
}
