/** HLL op codes and write flags of the server's HyperLogLog operations, shared by the client's builders and the embedded server. */

/** The first element of an HLL op payload `[code, args...]`: 0..4 modify (op type 16), 50..56 read (op type 15). */
export const HllWireCode = {
  INIT: 0,
  ADD: 1,
  SET_UNION: 2,
  REFRESH_COUNT: 3,
  FOLD: 4,
  COUNT: 50,
  GET_UNION: 51,
  UNION_COUNT: 52,
  INTERSECT_COUNT: 53,
  SIMILARITY: 54,
  DESCRIBE: 55,
  MAY_CONTAIN: 56,
} as const

/** Write flags of an HLL modify op (its policy argument). */
export const HllWriteFlag = {
  CREATE_ONLY: 0x01,
  UPDATE_ONLY: 0x02,
  NO_FAIL: 0x04,
  ALLOW_FOLD: 0x08,
} as const
