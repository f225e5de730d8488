/** Bit op codes and flags of the server's blob-bit operations, shared by the client's builders and the embedded server. */

/** The first element of a bit op payload `[code, args...]`: 0..12 modify (op type 13), 50..54 read (op type 12). */
export const BitWireCode = {
  RESIZE: 0,
  INSERT: 1,
  REMOVE: 2,
  SET: 3,
  OR: 4,
  XOR: 5,
  AND: 6,
  NOT: 7,
  LSHIFT: 8,
  RSHIFT: 9,
  ADD: 10,
  SUBTRACT: 11,
  SET_INT: 12,
  GET: 50,
  COUNT: 51,
  LSCAN: 52,
  RSCAN: 53,
  GET_INT: 54,
} as const

/** Write flags of a bit modify op (its policy argument). */
export const BitWriteFlag = {
  CREATE_ONLY: 0x01,
  UPDATE_ONLY: 0x02,
  NO_FAIL: 0x04,
  PARTIAL: 0x08,
} as const

/** Flags of the resize op. */
export const BitResizeFlag = {
  FROM_FRONT: 0x01,
  GROW_ONLY: 0x02,
  SHRINK_ONLY: 0x04,
} as const

/** Integer flags of add/subtract (SIGNED and one overflow action) and getInt (SIGNED only). */
export const BitIntFlag = {
  SIGNED: 0x01,
  SATURATE: 0x02,
  WRAP: 0x04,
} as const
