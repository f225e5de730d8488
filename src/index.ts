/** aerospike-ts: the client's public surface (`import * as aerospike from 'aerospike-ts'`). */
export type { RoleInfo, UserInfo } from './client/admin/admin-info.js'
export {
  PRIV_DATA_ADMIN,
  PRIV_READ,
  PRIV_READ_WRITE,
  PRIV_READ_WRITE_UDF,
  PRIV_SINDEX_ADMIN,
  PRIV_SYS_ADMIN,
  PRIV_TRUNCATE,
  PRIV_UDF_ADMIN,
  PRIV_USER_ADMIN,
  PRIV_WRITE,
  type Privilege,
} from './client/admin/privilege.js'
export type {
  BatchRecord,
  BatchRecordMeta,
  BatchRecordPolicy,
  BatchRecords,
  BatchRemoveEntry,
  BatchWriteEntry,
  BatchWriteOperations,
} from './client/batch/batch-record.js'
export type { BatchApplyPolicy } from './client/batch/batch-row.js'
export { Client, type ClientEvents, client } from './client/client.js'
export type { NodeEvent } from './client/cluster/cluster.js'
export type { InfoNodeResult } from './client/commands/info.js'
export type { IndexOptions, IndexPolicy } from './client/commands/sindex.js'
export type { UdfInfo } from './client/commands/udf-admin.js'
export type { ClientConfig, HostInput, LuaConfig } from './client/config.js'
export * from './client/constants.js'
export {
  type ExpOperation,
  type ExpReadOperation,
  Expression,
  type ExpWriteOperation,
  exp,
  LetDefinition,
} from './client/exp/index.js'
export { Key, type KeyInput, type KeyPart, type KeyTuple } from './client/key.js'
export type { Operation } from './client/operation.js'
export * as operations from './client/operations.js'
export * from './client/ops/bit-constants.js'
export type { BitOperation } from './client/ops/bit-operation.js'
export * as bitOperations from './client/ops/bit-operations.js'
export * from './client/ops/cdt-constants.js'
export { type CdtContext, cdtCtx } from './client/ops/cdt-context.js'
export type { CdtOperation, ListPolicy, MapPolicy } from './client/ops/cdt-operation.js'
export * from './client/ops/hll-constants.js'
export type { HLLOperation, HLLPolicy } from './client/ops/hll-operation.js'
export * as hllOperations from './client/ops/hll-operations.js'
export * as listOperations from './client/ops/list-operations.js'
export * as mapOperations from './client/ops/map-operations.js'
export * as pathOperations from './client/ops/path-operations.js'
export type {
  AdminPolicy,
  BasePolicy,
  BatchPolicy,
  FilterExpression,
  InfoPolicy,
  OperatePolicy,
  PolicyDefaults,
  QueryPolicy,
  ReadPolicy,
  WritePolicy,
} from './client/policies.js'
export {
  JOB_QUERY,
  JOB_SCAN,
  JOB_STATUS_COMPLETED,
  JOB_STATUS_INPROGRESS,
  JOB_STATUS_UNDEF,
  type JobInfo,
} from './client/query/job-info.js'
export {
  type PartitionFilter,
  type PartitionStatus,
  partitionFilterAll,
  partitionFilterById,
  partitionFilterByRange,
} from './client/query/partition-filter.js'
export type { Predicate } from './client/query/predicates.js'
export * as predicates from './client/query/predicates.js'
export { type BackgroundPolicy, Query, type QueryStream } from './client/query/query.js'
export * from './client/query/query-constants.js'
export type { RecordStream } from './client/query/record-stream.js'
export type {
  BinTuple,
  ExistsResult,
  OperateOrderedResult,
  Record,
  RecordMetadata,
  WriteMeta,
} from './client/record.js'
export * from './client/result-code-constants.js'
export * from './client/security/auth-mode.js'
export type { TlsConfig } from './client/security/tls-config.js'
export * from './exception.js'
export {
  type AerospikeValue,
  type Bins,
  type BinValue,
  Double,
  GeoJSON,
  HLL,
  INFINITY,
  type UserKey,
  WILDCARD,
} from './protocol/index.js'
