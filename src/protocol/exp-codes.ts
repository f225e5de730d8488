/** Filter-expression vocabulary shared by client and server: op codes, value types, call systems, flags. */

/** Expression instruction op codes: every instruction is the msgpack array `[op, args...]`. */
export const ExpOp = {
  UNKNOWN: 0,
  EQ: 1,
  NE: 2,
  GT: 3,
  GE: 4,
  LT: 5,
  LE: 6,
  CMP_REGEX: 7,
  CMP_GEO: 8,
  IN_LIST: 9,
  AND: 16,
  OR: 17,
  NOT: 18,
  EXCLUSIVE: 19,
  ADD: 20,
  SUB: 21,
  MUL: 22,
  DIV: 23,
  POW: 24,
  LOG: 25,
  MOD: 26,
  ABS: 27,
  FLOOR: 28,
  CEIL: 29,
  TO_INT: 30,
  TO_FLOAT: 31,
  INT_AND: 32,
  INT_OR: 33,
  INT_XOR: 34,
  INT_NOT: 35,
  INT_LSHIFT: 36,
  INT_RSHIFT: 37,
  INT_ARSHIFT: 38,
  INT_COUNT: 39,
  INT_LSCAN: 40,
  INT_RSCAN: 41,
  MIN: 50,
  MAX: 51,
  DIGEST_MODULO: 64,
  DEVICE_SIZE: 65,
  LAST_UPDATE: 66,
  SINCE_UPDATE: 67,
  VOID_TIME: 68,
  TTL: 69,
  SET_NAME: 70,
  KEY_EXISTS: 71,
  IS_TOMBSTONE: 72,
  MEMORY_SIZE: 73,
  RECORD_SIZE: 74,
  KEY: 80,
  BIN: 81,
  BIN_TYPE: 82,
  RESULT_REMOVE: 100,
  MAP_KEYS: 101,
  MAP_VALUES: 102,
  VAR_BUILTIN: 122,
  COND: 123,
  VAR: 124,
  LET: 125,
  QUOTE: 126,
  CALL: 127,
} as const

/** Value types of expressions: bin reads, CALL return types and record keys use these ids. */
export const ExpType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  STRING: 3,
  LIST: 4,
  MAP: 5,
  BLOB: 6,
  FLOAT: 7,
  GEO: 8,
  HLL: 9,
} as const

/** One of the ExpType ids. */
export type ExpTypeId = (typeof ExpType)[keyof typeof ExpType]

/** The `system` argument of a CALL instruction; MODIFY_LOCAL is OR-ed in for modify ops. */
export const ExpCallSystem = {
  CDT: 0,
  BITS: 1,
  HLL: 2,
  MODIFY_LOCAL: 0x40,
} as const

/** Flags of an expression read op (op type 7). */
export const ExpReadFlags = {
  DEFAULT: 0,
  /** Answer nil instead of failing when the expression evaluates to unknown. */
  EVAL_NO_FAIL: 0x10,
} as const

/** Flags of an expression write op (op type 8). */
export const ExpWriteFlags = {
  DEFAULT: 0,
  /** Fail (6) when the bin already exists. */
  CREATE_ONLY: 0x01,
  /** Fail (17) when the bin does not exist. */
  UPDATE_ONLY: 0x02,
  /** A nil result deletes the bin instead of failing (26). */
  ALLOW_DELETE: 0x04,
  /** CREATE_ONLY / UPDATE_ONLY / delete refusals do nothing instead of failing. */
  POLICY_NO_FAIL: 0x08,
  /** An unknown result does nothing instead of failing (26). */
  EVAL_NO_FAIL: 0x10,
} as const

/** Every flag an expression read op accepts: the server refuses any other bit (PARAMETER, 4), the client before sending. */
export const EXP_READ_FLAGS_ALLOWED = ExpReadFlags.EVAL_NO_FAIL

/** Every flag an expression write op accepts: the server refuses any other bit (PARAMETER, 4), the client before sending. */
export const EXP_WRITE_FLAGS_ALLOWED =
  ExpWriteFlags.CREATE_ONLY |
  ExpWriteFlags.UPDATE_ONLY |
  ExpWriteFlags.ALLOW_DELETE |
  ExpWriteFlags.POLICY_NO_FAIL |
  ExpWriteFlags.EVAL_NO_FAIL

/**
 * POSIX `regcomp` flags as the server (Linux, glibc) reads them. Note that the
 * Java and Go clients name 4 NOSUB and 8 NEWLINE; on the server 4 is NEWLINE.
 */
export const ExpRegexFlags = {
  NONE: 0,
  EXTENDED: 1,
  ICASE: 2,
  NEWLINE: 4,
  NOSUB: 8,
} as const
