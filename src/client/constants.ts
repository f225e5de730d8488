/** Policy, TTL and operator constants with aerospike-py's names and values. */

/** Key policy: send only the digest (default). */
export const POLICY_KEY_DIGEST = 0
/** Key policy: also send (and store) the user key on writes. */
export const POLICY_KEY_SEND = 1

/** Exists policy: create or update (default). */
export const POLICY_EXISTS_IGNORE = 0
/** Exists policy: update only; the record must exist. */
export const POLICY_EXISTS_UPDATE = 1
/** Exists policy: update only; the record must exist (same as POLICY_EXISTS_UPDATE). */
export const POLICY_EXISTS_UPDATE_ONLY = 1
/** Exists policy: create or replace every bin. */
export const POLICY_EXISTS_REPLACE = 2
/** Exists policy: replace every bin; the record must exist. */
export const POLICY_EXISTS_REPLACE_ONLY = 3
/** Exists policy: create only; fails with RecordExistsError when the record exists. */
export const POLICY_EXISTS_CREATE_ONLY = 4

/** Generation policy: no check (default). */
export const POLICY_GEN_IGNORE = 0
/** Generation policy: write only if the stored generation equals `meta.gen`. */
export const POLICY_GEN_EQ = 1
/** Generation policy: write only if `meta.gen` is greater than the stored generation. */
export const POLICY_GEN_GT = 2

/** Replica policy: always read from the master. */
export const POLICY_REPLICA_MASTER = 0
/** Replica policy: master first, then the replicas in order on retries (default for reads). */
export const POLICY_REPLICA_SEQUENCE = 1
/** Replica policy: prefer the client's rack (Enterprise); behaves as SEQUENCE here. */
export const POLICY_REPLICA_PREFER_RACK = 2

/** Commit level: wait for every replica (default). */
export const POLICY_COMMIT_LEVEL_ALL = 0
/** Commit level: return once the master has committed. */
export const POLICY_COMMIT_LEVEL_MASTER = 1

/** AP read mode: read one copy (default). */
export const POLICY_READ_MODE_AP_ONE = 0
/** AP read mode: resolve every copy (duplicate resolution). */
export const POLICY_READ_MODE_AP_ALL = 1

/** Read-touch TTL percent: use the namespace/set setting. */
export const READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT = 0
/** Read-touch TTL percent: never reset the TTL on reads. */
export const READ_TOUCH_TTL_PERCENT_DONT_RESET = -1

/** TTL: the namespace (or set) default-ttl. */
export const TTL_NAMESPACE_DEFAULT = 0
/** TTL: the record never expires. */
export const TTL_NEVER_EXPIRE = -1
/** TTL: keep the record's current TTL (a new record gets the default). */
export const TTL_DONT_UPDATE = -2
/** TTL: the `ttl` of the write policy in force. */
export const TTL_CLIENT_DEFAULT = -3

/** Operation: read a bin (or every bin when `bin` is omitted). */
export const OPERATOR_READ = 1
/** Operation: write a bin (null removes it). */
export const OPERATOR_WRITE = 2
/** Operation: add an integer or float to a bin. */
export const OPERATOR_INCR = 5
/** Operation: append to a string or blob bin. */
export const OPERATOR_APPEND = 9
/** Operation: prepend to a string or blob bin. */
export const OPERATOR_PREPEND = 10
/** Operation: reset the record's TTL. */
export const OPERATOR_TOUCH = 11
/** Operation: delete the record. */
export const OPERATOR_DELETE = 12
/** Operation: read the value of an expression (exp.operations.read). */
export const OPERATOR_EXP_READ = 7
/** Operation: write the value of an expression to a bin (exp.operations.write). */
export const OPERATOR_EXP_WRITE = 8

/** UDF language: Lua (the only one servers run). */
export const UDF_TYPE_LUA = 0
