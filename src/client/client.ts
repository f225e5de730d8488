/** The Client: connection lifecycle, info calls and the single-record API; each method validates, builds, executes. */
import { EventEmitter } from 'node:events'
import { type AerospikeValue, type Bins, type Double, ResultCode } from '../protocol/index.js'
import * as admin from './admin/admin-commands.js'
import type { RoleInfo, UserInfo } from './admin/admin-info.js'
import type { Privilege } from './admin/privilege.js'
import { batchApply, batchOperate, batchRead, batchRemove, batchWrite } from './batch/batch-commands.js'
import type { BatchRecords, BatchRemoveEntry, BatchWriteEntry } from './batch/batch-record.js'
import type { BatchApplyPolicy } from './batch/batch-row.js'
import { Cluster, type NodeEvent } from './cluster/cluster.js'
import { Connection, type Connector } from './cluster/connection.js'
import { applyCommand } from './commands/apply.js'
import { execute } from './commands/execute.js'
import { checkMeta } from './commands/header.js'
import { checkInfoCommand, type InfoNodeResult, infoOnNode, infoOnNodes } from './commands/info.js'
import {
  OperateResult,
  operateCommand,
  putCommand,
  removeBinCommand,
  writeCommand,
} from './commands/operate.js'
import { existsCommand, getCommand, selectCommand } from './commands/read.js'
import { removeCommand } from './commands/remove.js'
import { createIndex, type IndexOptions, type IndexPolicy, removeIndex } from './commands/sindex.js'
import { truncate } from './commands/truncate.js'
import * as udf from './commands/udf-admin.js'
import { type ClientConfig, type ResolvedConfig, resolveConfig } from './config.js'
import {
  OPERATOR_APPEND,
  OPERATOR_INCR,
  OPERATOR_PREPEND,
  OPERATOR_TOUCH,
  UDF_TYPE_LUA,
} from './constants.js'
import { errorFromResultCode, invalidArg } from './errors.js'
import { type KeyInput, toKey } from './key.js'
import type { Operation } from './operation.js'
import { encodeOperation } from './operation-table.js'
import {
  type AdminPolicy,
  type BatchPolicy,
  type InfoPolicy,
  type OperatePolicy,
  type ReadPolicy,
  resolvePolicy,
  type WritePolicy,
} from './policies.js'
import { type JobInfo, jobInfo, waitForJob } from './query/job-info.js'
import { Query } from './query/query.js'
import { INDEX_BLOB, INDEX_GEO2DSPHERE, INDEX_NUMERIC, INDEX_STRING } from './query/query-constants.js'
import type { ExistsResult, OperateOrderedResult, Record, WriteMeta } from './record.js'
import { AUTH_PKI } from './security/auth-mode.js'
import { credentialsFor } from './security/session.js'

/** Events a client emits. */
export interface ClientEvents {
  /** A node joined the client's view of the cluster. */
  nodeAdded: [event: NodeEvent]
  /** A node left the client's view of the cluster. */
  nodeRemoved: [event: NodeEvent]
  /** Every node is gone; the client keeps trying the seeds. */
  disconnected: []
}

const State = { NEW: 0, CONNECTING: 1, CONNECTED: 2, CLOSED: 3 } as const

/**
 * An Aerospike client. `await aerospike.client(config).connect()` discovers
 * the cluster; then every record call returns a Promise. Call `close()` when
 * done: it stops the tend loop and closes every socket.
 */
export class Client extends EventEmitter<ClientEvents> {
  /** The validated configuration. */
  readonly config: ResolvedConfig
  private readonly cluster: Cluster
  private state: number = State.NEW

  /** Validates `config` (InvalidArgError for unknown keys or wrong types); connects nothing yet. */
  constructor(config: ClientConfig) {
    super()
    this.config = resolveConfig(config)
    const tls = this.config.tls
    const connector: Connector =
      tls === undefined ? Connection.connect : (host, timeoutMs) => Connection.connect(host, timeoutMs, tls)
    this.cluster = new Cluster(this.config, connector, {
      nodeAdded: (e) => this.emit('nodeAdded', e),
      nodeRemoved: (e) => this.emit('nodeRemoved', e),
      disconnected: () => this.emit('disconnected'),
    })
  }

  /**
   * Connects to the seeds, discovers the cluster and reads its partition maps.
   * Resolves to this client. With `user` and `password` (here or in the
   * config), logs in to every node with the config's `authMode` (clusters
   * without security accept any credentials); AUTH_PKI logs in with the TLS
   * client certificate and needs no user. ClusterError when no seed can be
   * used within `timeout`; AdminError when the login is refused; ClientError
   * AEROSPIKE_ERR_TLS_ERROR (-9) when every seed failed the TLS handshake.
   */
  async connect(user?: string, password?: string): Promise<this> {
    if (user !== undefined && typeof user !== 'string') throw invalidArg('user must be a string')
    if (password !== undefined && typeof password !== 'string') throw invalidArg('password must be a string')
    if ((user === undefined) !== (password === undefined))
      throw invalidArg('give both user and password, or neither')
    if (this.state === State.CONNECTED) return this
    if (this.state !== State.NEW) throw this.stateError()
    this.state = State.CONNECTING
    const { authMode } = this.config
    const login = user ?? this.config.user
    const credentials =
      authMode === AUTH_PKI
        ? credentialsFor(authMode, '', '')
        : login === undefined
          ? undefined
          : credentialsFor(authMode, login, password ?? this.config.password!)
    try {
      await this.cluster.connect(credentials)
    } catch (err) {
      this.cluster.close()
      this.state = State.CLOSED
      throw err
    }
    if (this.state !== State.CONNECTING) throw this.stateError()
    this.state = State.CONNECTED
    return this
  }

  /** Whether connect() succeeded and close() was not called (no network round trip). */
  isConnected(): boolean {
    return this.state === State.CONNECTED && this.cluster.state.nodes.length > 0
  }

  /** Stops tending, fails in-flight commands with ClientError and closes every socket. */
  async close(): Promise<void> {
    this.state = State.CLOSED
    this.cluster.close()
  }

  /** Names of the nodes the client currently knows. */
  getNodeNames(): string[] {
    return this.cluster.state.nodes.map((n) => n.name)
  }

  /** Asks a random node for `build`; true when it answers, false otherwise (never throws). */
  async ping(): Promise<boolean> {
    if (this.state !== State.CONNECTED) return false
    try {
      await infoOnNode(this.cluster.randomNode(), 'build', this.config.policies.info.timeout)
      return true
    } catch {
      return false
    }
  }

  /** Sends an info command to every node: `[{ nodeName, errorCode, response }]`. */
  async infoAll(command: string, policy?: InfoPolicy): Promise<InfoNodeResult[]> {
    this.assertConnected()
    const cmd = checkInfoCommand(command)
    const p = resolvePolicy('info', this.config.policies.info, policy)
    return infoOnNodes(this.cluster.state.nodes, cmd, p.timeout)
  }

  /** Sends an info command to a random node; resolves to its value. */
  async infoRandomNode(command: string, policy?: InfoPolicy): Promise<string> {
    this.assertConnected()
    const cmd = checkInfoCommand(command)
    const p = resolvePolicy('info', this.config.policies.info, policy)
    return infoOnNode(this.cluster.randomNode(), cmd, p.timeout)
  }

  /** Sends an info command to the node named `nodeName`; resolves to its value. */
  async infoNode(nodeName: string, command: string, policy?: InfoPolicy): Promise<string> {
    this.assertConnected()
    const cmd = checkInfoCommand(command)
    const p = resolvePolicy('info', this.config.policies.info, policy)
    return infoOnNode(this.cluster.node(nodeName), cmd, p.timeout)
  }

  /** Writes `bins` (null removes a bin). `meta`: `{ gen, ttl }`; policy: WritePolicy. */
  async put(key: KeyInput, bins: Bins, meta?: WriteMeta, policy?: WritePolicy): Promise<void> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('write', this.config.policies.write, policy)
    await execute(this.cluster, p, putCommand(k, bins, checkMeta(meta, k), p))
  }

  /** Reads every bin: `{ key, meta: { gen, ttl }, bins }`. RecordNotFound when missing. */
  async get(key: KeyInput, policy?: ReadPolicy): Promise<Record> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('read', this.config.policies.read, policy)
    return execute(this.cluster, p, getCommand(k, p))
  }

  /** Reads the named bins. RecordNotFound when missing. */
  async select(key: KeyInput, binNames: readonly string[], policy?: ReadPolicy): Promise<Record> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('read', this.config.policies.read, policy)
    return execute(this.cluster, p, selectCommand(k, binNames, p))
  }

  /** Reads the record's metadata: `{ key, meta }`, `meta` null when the record does not exist. */
  async exists(key: KeyInput, policy?: ReadPolicy): Promise<ExistsResult> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('read', this.config.policies.read, policy)
    return execute(this.cluster, p, existsCommand(k, p))
  }

  /** Deletes the record. RecordNotFound when it does not exist. */
  async remove(key: KeyInput, meta?: WriteMeta, policy?: WritePolicy): Promise<void> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('write', this.config.policies.write, policy)
    await execute(this.cluster, p, removeCommand(k, checkMeta(meta, k), p))
  }

  /** Resets the record's TTL to `ttl` seconds (0: the namespace default). RecordNotFound when missing. */
  async touch(key: KeyInput, ttl = 0, meta?: WriteMeta, policy?: WritePolicy): Promise<void> {
    await this.singleOp(key, { op: OPERATOR_TOUCH, val: ttl }, meta, policy)
  }

  /** Appends a string or bytes to a bin. */
  async append(
    key: KeyInput,
    bin: string,
    value: string | Uint8Array,
    meta?: WriteMeta,
    policy?: WritePolicy,
  ): Promise<void> {
    await this.singleOp(key, { op: OPERATOR_APPEND, bin, val: value }, meta, policy)
  }

  /** Prepends a string or bytes to a bin. */
  async prepend(
    key: KeyInput,
    bin: string,
    value: string | Uint8Array,
    meta?: WriteMeta,
    policy?: WritePolicy,
  ): Promise<void> {
    await this.singleOp(key, { op: OPERATOR_PREPEND, bin, val: value }, meta, policy)
  }

  /** Adds an integer or float to a bin (a missing bin starts at 0); a Double forces a float. */
  async increment(
    key: KeyInput,
    bin: string,
    offset: number | bigint | Double,
    meta?: WriteMeta,
    policy?: WritePolicy,
  ): Promise<void> {
    await this.singleOp(key, { op: OPERATOR_INCR, bin, val: offset }, meta, policy)
  }

  /** Removes the named bins (a record left without bins is deleted). */
  async removeBin(
    key: KeyInput,
    binNames: readonly string[],
    meta?: WriteMeta,
    policy?: WritePolicy,
  ): Promise<void> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('write', this.config.policies.write, policy)
    await execute(this.cluster, p, removeBinCommand(k, binNames, checkMeta(meta, k), p))
  }

  /**
   * Runs `ops` atomically, in order. Resolves to the record with the read
   * results: several results for one bin become an array of them, null
   * results are left out.
   */
  async operate(
    key: KeyInput,
    ops: readonly Operation[],
    meta?: WriteMeta,
    policy?: OperatePolicy,
  ): Promise<Record> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('operate', this.config.policies.operate, policy)
    return execute(this.cluster, p, operateCommand(k, ops, checkMeta(meta, k), p, OperateResult.RECORD))
  }

  /** Like operate, but resolves to `{ key, meta, orderedBins }`: one `[name, value]` per result, in op order. */
  async operateOrdered(
    key: KeyInput,
    ops: readonly Operation[],
    meta?: WriteMeta,
    policy?: OperatePolicy,
  ): Promise<OperateOrderedResult> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('operate', this.config.policies.operate, policy)
    return execute(this.cluster, p, operateCommand(k, ops, checkMeta(meta, k), p, OperateResult.ORDERED))
  }

  /**
   * The state of background job `jobId` (from `query.executeBackground()`)
   * over every node: `{ status, progressPct, recordsRead }`, status
   * JOB_STATUS_COMPLETED or JOB_STATUS_INPROGRESS. `module` is JOB_QUERY or
   * JOB_SCAN.
   */
  async jobInfo(jobId: number, module: string, policy?: InfoPolicy): Promise<JobInfo> {
    this.assertConnected()
    const p = resolvePolicy('info', this.config.policies.info, policy)
    return jobInfo(this.cluster, jobId, module, p.timeout)
  }

  /**
   * Polls jobInfo every `pollInterval` ms (default 100) until the job
   * completed on every node; resolves to its last info.
   */
  async waitForJob(jobId: number, module: string, pollInterval = 100, policy?: InfoPolicy): Promise<JobInfo> {
    this.assertConnected()
    const p = resolvePolicy('info', this.config.policies.info, policy)
    return waitForJob(this.cluster, jobId, module, pollInterval, p.timeout)
  }

  /**
   * A query of `namespace` (and `set`; omitted: every record of the
   * namespace). Without a `where` predicate it is a scan. Nothing is sent
   * until it runs.
   */
  query(namespace: string, set?: string | null): Query {
    return new Query(
      {
        cluster: this.cluster,
        defaults: this.config.policies.query,
        luaUserPath: this.config.luaUserPath,
        assertConnected: () => this.assertConnected(),
      },
      namespace,
      set,
    )
  }

  /** Creates an integer index on `bin` (see indexCreate). */
  async indexIntegerCreate(
    namespace: string,
    set: string | null | undefined,
    bin: string,
    name: string,
    policy?: IndexPolicy,
  ): Promise<void> {
    await this.indexCreate({ namespace, set, bin, name, type: INDEX_NUMERIC }, policy)
  }

  /** Creates a string index on `bin` (see indexCreate). */
  async indexStringCreate(
    namespace: string,
    set: string | null | undefined,
    bin: string,
    name: string,
    policy?: IndexPolicy,
  ): Promise<void> {
    await this.indexCreate({ namespace, set, bin, name, type: INDEX_STRING }, policy)
  }

  /** Creates a blob (bytes) index on `bin` (see indexCreate). */
  async indexBlobCreate(
    namespace: string,
    set: string | null | undefined,
    bin: string,
    name: string,
    policy?: IndexPolicy,
  ): Promise<void> {
    await this.indexCreate({ namespace, set, bin, name, type: INDEX_BLOB }, policy)
  }

  /** Creates a GeoJSON (geo2dsphere) index on `bin` (see indexCreate). */
  async indexGeo2dsphereCreate(
    namespace: string,
    set: string | null | undefined,
    bin: string,
    name: string,
    policy?: IndexPolicy,
  ): Promise<void> {
    await this.indexCreate({ namespace, set, bin, name, type: INDEX_GEO2DSPHERE }, policy)
  }

  /**
   * Creates a secondary index and waits until every node has built it
   * (`policy.wait: false` returns at once). Re-creating an identical index
   * succeeds; a name taken by another definition is IndexFoundError.
   */
  async indexCreate(options: IndexOptions, policy?: IndexPolicy): Promise<void> {
    this.assertConnected()
    await createIndex(this.cluster, options, policy, this.config.policies.info)
  }

  /** Drops the index `name` of `namespace`; dropping one that does not exist succeeds (as in server 8.1). */
  async indexRemove(namespace: string, name: string, policy?: IndexPolicy): Promise<void> {
    this.assertConnected()
    await removeIndex(this.cluster, namespace, name, policy, this.config.policies.info)
  }

  /**
   * Removes the records of `set` (null or '': of the whole namespace) last
   * updated before `nanos` nanoseconds since the Unix epoch (0: now).
   */
  async truncate(
    namespace: string,
    set: string | null | undefined,
    nanos: number | bigint = 0,
    policy?: InfoPolicy,
  ): Promise<void> {
    this.assertConnected()
    await truncate(this.cluster, namespace, set, nanos, policy, this.config.policies.info)
  }

  /**
   * Reads many records in one call per node. `bins` undefined reads every
   * bin, a list reads those bins, `[]` reads the metadata only. Resolves to
   * `{ batchRecords }`: one `{ key, result, record, inDoubt }` per key, in
   * input order (duplicates allowed); a missing record is a result
   * (AEROSPIKE_ERR_RECORD_NOT_FOUND), not an error.
   */
  async batchRead<K extends KeyInput>(
    keys: readonly K[],
    bins?: readonly string[] | null,
    policy?: BatchPolicy,
  ): Promise<BatchRecords<K>> {
    this.assertConnected()
    return batchRead(this.cluster, resolvePolicy('batch', this.config.policies.batch, policy), keys, bins)
  }

  /**
   * Writes many records: each entry is `[key, bins, meta?]` or
   * `{ key, ops, meta?, policy? }`. Per-record failures are results.
   */
  async batchWrite<K extends KeyInput>(
    records: readonly BatchWriteEntry<K>[],
    policy?: BatchPolicy,
  ): Promise<BatchRecords<K>> {
    this.assertConnected()
    return batchWrite(this.cluster, resolvePolicy('batch', this.config.policies.batch, policy), records)
  }

  /** Runs the same operations (reads included) on every key; one BatchRecord per key. */
  async batchOperate<K extends KeyInput>(
    keys: readonly K[],
    ops: readonly Operation[],
    policy?: BatchPolicy,
  ): Promise<BatchRecords<K>> {
    this.assertConnected()
    return batchOperate(this.cluster, resolvePolicy('batch', this.config.policies.batch, policy), keys, ops)
  }

  /** Deletes many records; an entry `[key, { gen }]` deletes only at that generation. */
  async batchRemove<K extends KeyInput>(
    keys: readonly BatchRemoveEntry<K>[],
    policy?: BatchPolicy,
  ): Promise<BatchRecords<K>> {
    this.assertConnected()
    return batchRemove(this.cluster, resolvePolicy('batch', this.config.policies.batch, policy), keys)
  }

  /**
   * Runs the record UDF `fn` of `module` (the module name, without `.lua`)
   * on the record at `key` with `args`; resolves to the function's return
   * value (null when it returns nothing). A UDF that fails (a Lua error, an
   * unknown module or function) is a UDFError whose message carries the
   * server's error text; other failures map as for any write.
   */
  async apply(
    key: KeyInput,
    module: string,
    fn: string,
    args?: readonly AerospikeValue[] | null,
    policy?: WritePolicy,
  ): Promise<AerospikeValue> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('write', this.config.policies.write, policy)
    return execute(this.cluster, p, applyCommand(k, module, fn, args, undefined, p))
  }

  /**
   * Runs the record UDF `fn` of `module` on every key, in one call per node.
   * Each BatchRecord's record holds `{ SUCCESS: value }`, or `{ FAILURE:
   * message }` with result AEROSPIKE_ERR_UDF (100); a failure is a result,
   * not an error.
   */
  async batchApply<K extends KeyInput>(
    keys: readonly K[],
    module: string,
    fn: string,
    args?: readonly AerospikeValue[] | null,
    policy?: BatchPolicy,
    applyPolicy?: BatchApplyPolicy,
  ): Promise<BatchRecords<K>> {
    this.assertConnected()
    const p = resolvePolicy('batch', this.config.policies.batch, policy)
    return batchApply(this.cluster, p, keys, module, fn, args, applyPolicy)
  }

  /**
   * Registers the local UDF file at `path` under its base name, then waits
   * until every node lists it with this content (within the policy's
   * timeout). A module that does not compile is a UDFError naming the file,
   * line and Lua's message.
   */
  async udfPut(path: string, udfType: number = UDF_TYPE_LUA, policy?: InfoPolicy): Promise<void> {
    this.assertConnected()
    await udf.udfPut(this.cluster, path, udfType, policy, this.config.policies.info)
  }

  /** Like udfPut, with the module's source given directly as file `filename` (for example `'example.lua'`). */
  async udfPutContent(
    filename: string,
    content: string | Uint8Array,
    udfType: number = UDF_TYPE_LUA,
    policy?: InfoPolicy,
  ): Promise<void> {
    this.assertConnected()
    await udf.udfPutContent(this.cluster, filename, content, udfType, policy, this.config.policies.info)
  }

  /** Removes the UDF file `module` (for example `'example.lua'`) and waits until no node lists it. */
  async udfRemove(module: string, policy?: InfoPolicy): Promise<void> {
    this.assertConnected()
    await udf.udfRemove(this.cluster, module, policy, this.config.policies.info)
  }

  /** The registered UDF files: `[{ name, hash, udfType }]`. */
  async udfList(policy?: InfoPolicy): Promise<udf.UdfInfo[]> {
    this.assertConnected()
    return udf.udfList(this.cluster, policy, this.config.policies.info)
  }

  /** The source of the UDF file `module` (for example `'example.lua'`); UDFError when it is not registered. */
  async udfGet(module: string, language: number = UDF_TYPE_LUA, policy?: InfoPolicy): Promise<string> {
    this.assertConnected()
    return udf.udfGet(this.cluster, module, language, policy, this.config.policies.info)
  }

  /** Creates `user` with `password` and `roles` (needs user-admin). */
  async adminCreateUser(
    user: string,
    password: string,
    roles: readonly string[],
    policy?: AdminPolicy,
  ): Promise<void> {
    await admin.createUser(this.adminTarget(policy), user, password, roles)
  }

  /** Drops `user` (needs user-admin). */
  async adminDropUser(user: string, policy?: AdminPolicy): Promise<void> {
    await admin.dropUser(this.adminTarget(policy), user)
  }

  /**
   * Changes `user`'s password. For the user this client logged in as, the old
   * password is proven and later logins use the new one; any other user's
   * password is set as an administrator (needs user-admin).
   */
  async adminChangePassword(user: string, password: string, policy?: AdminPolicy): Promise<void> {
    await admin.changePassword(this.adminTarget(policy), user, password)
  }

  /** Sets `user`'s password without the old one (needs user-admin). */
  async adminSetPassword(user: string, password: string, policy?: AdminPolicy): Promise<void> {
    await admin.setPassword(this.adminTarget(policy), user, password)
  }

  /** Adds `roles` to `user` (needs user-admin). */
  async adminGrantRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    await admin.grantRoles(this.adminTarget(policy), user, roles)
  }

  /** Removes `roles` from `user` (needs user-admin). */
  async adminRevokeRoles(user: string, roles: readonly string[], policy?: AdminPolicy): Promise<void> {
    await admin.revokeRoles(this.adminTarget(policy), user, roles)
  }

  /** `{ user, roles, connsInUse, readInfo?, writeInfo? }` of `user`; AdminError (60) when there is none. */
  async adminQueryUserInfo(user: string, policy?: AdminPolicy): Promise<UserInfo> {
    return admin.queryUser(this.adminTarget(policy), user)
  }

  /** Every user, as adminQueryUserInfo describes them. */
  async adminQueryUsersInfo(policy?: AdminPolicy): Promise<UserInfo[]> {
    return admin.queryUsers(this.adminTarget(policy))
  }

  /**
   * Creates `role` with `privileges` (`{ code: PRIV_*, ns?, set? }`), an
   * optional allowlist of client addresses and read/write quotas (records
   * per second; 0 = none). Needs user-admin.
   */
  async adminCreateRole(
    role: string,
    privileges: readonly Privilege[],
    policy?: AdminPolicy,
    whitelist?: readonly string[] | null,
    readQuota = 0,
    writeQuota = 0,
  ): Promise<void> {
    await admin.createRole(this.adminTarget(policy), role, privileges, whitelist, readQuota, writeQuota)
  }

  /** Drops `role`; users holding it lose it (needs user-admin). */
  async adminDropRole(role: string, policy?: AdminPolicy): Promise<void> {
    await admin.dropRole(this.adminTarget(policy), role)
  }

  /** Adds `privileges` to `role` (needs user-admin). */
  async adminGrantPrivileges(
    role: string,
    privileges: readonly Privilege[],
    policy?: AdminPolicy,
  ): Promise<void> {
    await admin.grantPrivileges(this.adminTarget(policy), role, privileges)
  }

  /** Removes `privileges` from `role` (needs user-admin). */
  async adminRevokePrivileges(
    role: string,
    privileges: readonly Privilege[],
    policy?: AdminPolicy,
  ): Promise<void> {
    await admin.revokePrivileges(this.adminTarget(policy), role, privileges)
  }

  /** `{ name, privileges, allowlist, readQuota, writeQuota }` of `role`; AdminError (70) when there is none. */
  async adminQueryRole(role: string, policy?: AdminPolicy): Promise<RoleInfo> {
    return admin.queryRole(this.adminTarget(policy), role)
  }

  /** Every role (the predefined ones too), as adminQueryRole describes them. */
  async adminQueryRoles(policy?: AdminPolicy): Promise<RoleInfo[]> {
    return admin.queryRoles(this.adminTarget(policy))
  }

  /** Replaces the addresses (or CIDR ranges) `role`'s users may connect from; `[]` allows any (needs user-admin). */
  async adminSetWhitelist(role: string, whitelist: readonly string[], policy?: AdminPolicy): Promise<void> {
    await admin.setWhitelist(this.adminTarget(policy), role, whitelist)
  }

  /** Sets `role`'s read and write quotas, records per second; 0 = none (needs user-admin). */
  async adminSetQuotas(role: string, readQuota = 0, writeQuota = 0, policy?: AdminPolicy): Promise<void> {
    await admin.setQuotas(this.adminTarget(policy), role, readQuota, writeQuota)
  }

  /** Checks the client is connected and resolves an admin policy into where and how long. */
  private adminTarget(policy: AdminPolicy | undefined): admin.AdminTarget {
    this.assertConnected()
    return {
      cluster: this.cluster,
      timeout: resolvePolicy('admin', this.config.policies.admin, policy).timeout,
    }
  }

  private async singleOp(
    key: KeyInput,
    op: Operation,
    meta?: WriteMeta,
    policy?: WritePolicy,
  ): Promise<void> {
    this.assertConnected()
    const k = toKey(key)
    const p = resolvePolicy('write', this.config.policies.write, policy)
    await execute(this.cluster, p, writeCommand(k, [encodeOperation(op)], checkMeta(meta, k), p))
  }

  private assertConnected(): void {
    if (this.state !== State.CONNECTED) throw this.stateError()
  }

  private stateError(): Error {
    const detail =
      this.state === State.CLOSED
        ? 'the client is closed'
        : this.state === State.CONNECTING
          ? 'the client is still connecting'
          : 'the client is not connected: call connect() first'
    return errorFromResultCode(ResultCode.CLIENT_ERROR, { detail })
  }
}

/** Creates a client for `config` (not connected yet): `await aerospike.client(config).connect()`. */
export function client(config: ClientConfig): Client {
  return new Client(config)
}
