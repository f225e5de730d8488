/** CDT list, map, context and path codes: op codes, return types, context steps and flags, shared by the client's builders and the embedded server's evaluator. */

/** List op codes: the first element of a list op payload `[code, args...]`. */
export const ListOp = {
  SET_TYPE: 0,
  APPEND: 1,
  APPEND_ITEMS: 2,
  INSERT: 3,
  INSERT_ITEMS: 4,
  POP: 5,
  POP_RANGE: 6,
  REMOVE: 7,
  REMOVE_RANGE: 8,
  SET: 9,
  TRIM: 10,
  CLEAR: 11,
  INCREMENT: 12,
  SORT: 13,
  SIZE: 16,
  GET: 17,
  GET_RANGE: 18,
  GET_BY_INDEX: 19,
  GET_BY_VALUE: 20,
  GET_BY_RANK: 21,
  GET_ALL_BY_VALUE: 22,
  GET_ALL_BY_VALUE_LIST: 23,
  GET_BY_INDEX_RANGE: 24,
  GET_BY_VALUE_INTERVAL: 25,
  GET_BY_RANK_RANGE: 26,
  GET_BY_VALUE_REL_RANK_RANGE: 27,
  REMOVE_BY_INDEX: 32,
  REMOVE_BY_VALUE: 33,
  REMOVE_BY_RANK: 34,
  REMOVE_ALL_BY_VALUE: 35,
  REMOVE_ALL_BY_VALUE_LIST: 36,
  REMOVE_BY_INDEX_RANGE: 37,
  REMOVE_BY_VALUE_INTERVAL: 38,
  REMOVE_BY_RANK_RANGE: 39,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 40,
} as const

/** Map op codes: the first element of a map op payload `[code, args...]`. */
export const MapOp = {
  SET_TYPE: 64,
  ADD: 65,
  ADD_ITEMS: 66,
  PUT: 67,
  PUT_ITEMS: 68,
  REPLACE: 69,
  REPLACE_ITEMS: 70,
  INCREMENT: 73,
  DECREMENT: 74,
  CLEAR: 75,
  REMOVE_BY_KEY: 76,
  REMOVE_BY_INDEX: 77,
  REMOVE_BY_VALUE: 78,
  REMOVE_BY_RANK: 79,
  REMOVE_BY_KEY_LIST: 81,
  REMOVE_ALL_BY_VALUE: 82,
  REMOVE_BY_VALUE_LIST: 83,
  REMOVE_BY_KEY_INTERVAL: 84,
  REMOVE_BY_INDEX_RANGE: 85,
  REMOVE_BY_VALUE_INTERVAL: 86,
  REMOVE_BY_RANK_RANGE: 87,
  REMOVE_BY_KEY_REL_INDEX_RANGE: 88,
  REMOVE_BY_VALUE_REL_RANK_RANGE: 89,
  SIZE: 96,
  GET_BY_KEY: 97,
  GET_BY_INDEX: 98,
  GET_BY_VALUE: 99,
  GET_BY_RANK: 100,
  GET_ALL_BY_VALUE: 102,
  GET_BY_KEY_INTERVAL: 103,
  GET_BY_INDEX_RANGE: 104,
  GET_BY_VALUE_INTERVAL: 105,
  GET_BY_RANK_RANGE: 106,
  GET_BY_KEY_LIST: 107,
  GET_BY_VALUE_LIST: 108,
  GET_BY_KEY_REL_INDEX_RANGE: 109,
  GET_BY_VALUE_REL_RANK_RANGE: 110,
} as const

/** Return types of list and map selections (the low 16 bits of the `returnType` argument); lists have no KEY, KEY_VALUE or map forms. */
export const CdtReturnType = {
  NONE: 0,
  INDEX: 1,
  REVERSE_INDEX: 2,
  RANK: 3,
  REVERSE_RANK: 4,
  COUNT: 5,
  KEY: 6,
  VALUE: 7,
  KEY_VALUE: 8,
  INDEX_RANGE: 9,
  REVERSE_INDEX_RANGE: 10,
  RANK_RANGE: 11,
  REVERSE_RANK_RANGE: 12,
  EXISTS: 13,
  UNORDERED_MAP: 16,
  ORDERED_MAP: 17,
} as const

/** OR-ed into a return type: the op selects the complement of what it names. */
export const CDT_RETURN_INVERTED = 0x10000

/** Write flags of list writes (the flags of a list policy). */
export const ListWriteFlag = {
  ADD_UNIQUE: 0x01,
  INSERT_BOUNDED: 0x02,
  NO_FAIL: 0x04,
  PARTIAL: 0x08,
} as const

/** Flags of the list sort op. */
export const ListSortFlag = {
  DESCENDING: 0x01,
  DROP_DUPLICATES: 0x02,
} as const

/** Write flags of map writes (the flags of a map policy). */
export const MapWriteFlag = {
  CREATE_ONLY: 0x01,
  UPDATE_ONLY: 0x02,
  NO_FAIL: 0x04,
  PARTIAL: 0x08,
} as const

/** Op code of the context wrapper `[0xff, ctx, [op, args...]]`: the op applies to the nested list or map the context addresses. */
export const CDT_CONTEXT_EVAL = 0xff

/** Op code of path select/apply `[0xfe, ctx, flags, applyExp?]` (server 8.1). */
export const CDT_PATH_SELECT = 0xfe

/** Path select flags: the result form (TREE..LEAF_MAP_KEY_VALUE), APPLY for a path modify, and NO_FAIL. */
export const CdtSelectFlag = {
  /** The matched structure: every container on the way, with only matching elements. */
  TREE: 0,
  /** The leaf values, flat. */
  LEAF_LIST: 1,
  /** The leaf map keys, flat. */
  LEAF_MAP_KEY: 2,
  /** Leaf keys and values alternating, flat. */
  LEAF_MAP_KEY_VALUE: 3,
  /** Rewrite every leaf with the apply expression (modify ops only). */
  APPLY: 4,
  /** Unknown filter results count as false and type mismatches are skipped. */
  NO_FAIL: 0x10,
} as const

/** The collection-kind bits of a context step type: the step addresses a list or a map. */
export const CdtContextKind = {
  LIST: 0x10,
  MAP: 0x20,
} as const

/** Context step types (protocol.md §8.6): a collection kind (CdtContextKind) plus what the step's value addresses. */
export const CdtContextType = {
  LIST_INDEX: 0x10,
  LIST_RANK: 0x11,
  LIST_VALUE: 0x13,
  MAP_INDEX: 0x20,
  MAP_RANK: 0x21,
  MAP_KEY: 0x22,
  MAP_VALUE: 0x23,
  /** Path steps: every child (value true) or the children an expression filter keeps. */
  ALL_CHILDREN: 0x04,
  /** Path step: the map entries whose key is in a list. */
  MAP_KEYS_IN: 0x2a,
} as const

/** Create flags OR-ed into a context type: create the step's container when it is missing. */
export const CdtCreateFlag = {
  /** Create an unordered list / unordered map. */
  UNORDERED: 0x40,
  /** Create an unordered list padded with nils up to the index. */
  LIST_PAD: 0x80,
  /** Create a key-ordered map. */
  MAP_KEY_ORDERED: 0x80,
  /** Create an ordered list / key-value-ordered map. */
  ORDERED: 0xc0,
} as const

/** List orders: the flags of a stored list and the `order` of a list policy. */
export const ListOrder = {
  UNORDERED: 0,
  ORDERED: 0x01,
} as const

/** Map orders: the flags of a stored map and the `order` of a map policy. */
export const MapOrder = {
  UNORDERED: 0,
  KEY_ORDERED: 0x01,
  KEY_VALUE_ORDERED: 0x03,
} as const

/** The persisted-index bit OR-ed into a list or map order. */
export const CDT_PERSIST_INDEX = 0x10
