/** The list and map constants of aerospike-py (return types, orders, sort and write flags). */
import {
  CDT_RETURN_INVERTED,
  CdtReturnType,
  CdtSelectFlag,
  ListOrder,
  ListSortFlag,
  ListWriteFlag,
  MapOrder,
  MapWriteFlag,
} from '../../protocol/cdt-codes.js'

/** Return nothing. */
export const LIST_RETURN_NONE = CdtReturnType.NONE
/** Return the index (or indexes) of the selected elements. */
export const LIST_RETURN_INDEX = CdtReturnType.INDEX
/** Return the index counted from the end (last element = 0). */
export const LIST_RETURN_REVERSE_INDEX = CdtReturnType.REVERSE_INDEX
/** Return the rank (0 = smallest) of the selected elements. */
export const LIST_RETURN_RANK = CdtReturnType.RANK
/** Return the rank counted from the largest (largest = 0). */
export const LIST_RETURN_REVERSE_RANK = CdtReturnType.REVERSE_RANK
/** Return the number of selected elements. */
export const LIST_RETURN_COUNT = CdtReturnType.COUNT
/** Return the selected values. */
export const LIST_RETURN_VALUE = CdtReturnType.VALUE
/** Return true when anything is selected. */
export const LIST_RETURN_EXISTS = CdtReturnType.EXISTS
/** OR into a return type to select every element the op would not select. */
export const LIST_RETURN_INVERTED = CDT_RETURN_INVERTED

/** An unordered list: elements keep insertion order. */
export const LIST_UNORDERED = ListOrder.UNORDERED
/** An ordered list: elements are kept sorted by the server's value order. */
export const LIST_ORDERED = ListOrder.ORDERED

/** Sort ascending, keep duplicates. */
export const LIST_SORT_DEFAULT = 0
/** Sort descending (unordered lists only). */
export const LIST_SORT_DESCENDING = ListSortFlag.DESCENDING
/** Drop duplicate values while sorting. */
export const LIST_SORT_DROP_DUPLICATES = ListSortFlag.DROP_DUPLICATES

/** No write flags. */
export const LIST_WRITE_DEFAULT = 0
/** Refuse a value that is already in the list (error 24 ELEMENT_EXISTS). */
export const LIST_WRITE_ADD_UNIQUE = ListWriteFlag.ADD_UNIQUE
/** Refuse to insert or set past the end of the list (error 26). */
export const LIST_WRITE_INSERT_BOUNDED = ListWriteFlag.INSERT_BOUNDED
/** Turn a refused write into a successful no-op. */
export const LIST_WRITE_NO_FAIL = ListWriteFlag.NO_FAIL
/** With NO_FAIL: apply the items that are allowed, skip the refused ones. */
export const LIST_WRITE_PARTIAL = ListWriteFlag.PARTIAL

/** Return nothing. */
export const MAP_RETURN_NONE = CdtReturnType.NONE
/** Return the key index (or indexes) of the selected entries. */
export const MAP_RETURN_INDEX = CdtReturnType.INDEX
/** Return the key index counted from the end. */
export const MAP_RETURN_REVERSE_INDEX = CdtReturnType.REVERSE_INDEX
/** Return the value rank of the selected entries. */
export const MAP_RETURN_RANK = CdtReturnType.RANK
/** Return the value rank counted from the largest. */
export const MAP_RETURN_REVERSE_RANK = CdtReturnType.REVERSE_RANK
/** Return the number of selected entries. */
export const MAP_RETURN_COUNT = CdtReturnType.COUNT
/** Return the selected keys. */
export const MAP_RETURN_KEY = CdtReturnType.KEY
/** Return the selected values. */
export const MAP_RETURN_VALUE = CdtReturnType.VALUE
/** Return the selected entries as a map that keeps the result order. */
export const MAP_RETURN_KEY_VALUE = CdtReturnType.KEY_VALUE
/** Return true when anything is selected. */
export const MAP_RETURN_EXISTS = CdtReturnType.EXISTS
/** Return the selected entries as an unordered map. */
export const MAP_RETURN_UNORDERED_MAP = CdtReturnType.UNORDERED_MAP
/** Return the selected entries as a key-ordered map. */
export const MAP_RETURN_ORDERED_MAP = CdtReturnType.ORDERED_MAP
/** OR into a return type to select every entry the op would not select. */
export const MAP_RETURN_INVERTED = CDT_RETURN_INVERTED

/** An unordered map (the server still stores it sorted by key). */
export const MAP_UNORDERED = MapOrder.UNORDERED
/** A key-ordered map. */
export const MAP_KEY_ORDERED = MapOrder.KEY_ORDERED
/** A key-ordered map that also keeps a value order. */
export const MAP_KEY_VALUE_ORDERED = MapOrder.KEY_VALUE_ORDERED

/** No write flags: create or overwrite. */
export const MAP_WRITE_FLAGS_DEFAULT = 0
/** Only create new keys (an existing key: error 24 ELEMENT_EXISTS). */
export const MAP_WRITE_FLAGS_CREATE_ONLY = MapWriteFlag.CREATE_ONLY
/** Only update existing keys (a missing key: error 23 ELEMENT_NOT_FOUND). */
export const MAP_WRITE_FLAGS_UPDATE_ONLY = MapWriteFlag.UPDATE_ONLY
/** Turn a refused write into a successful no-op. */
export const MAP_WRITE_FLAGS_NO_FAIL = MapWriteFlag.NO_FAIL
/** With NO_FAIL: apply the entries that are allowed, skip the refused ones. */
export const MAP_WRITE_FLAGS_PARTIAL = MapWriteFlag.PARTIAL

/** Write mode (aerospike-py's MapPolicy.write_mode): create or overwrite. */
export const MAP_UPDATE = 0
/** Write mode: only create new keys (same as MAP_WRITE_FLAGS_CREATE_ONLY). */
export const MAP_CREATE_ONLY = 1
/** Write mode: only update existing keys (same as MAP_WRITE_FLAGS_UPDATE_ONLY). */
export const MAP_UPDATE_ONLY = 2

/** Path select: the matching tree from the bin down, with only the selected elements. */
export const PATH_SELECT_MATCHING_TREE = CdtSelectFlag.TREE
/** Path select: the selected values, as a flat list (map entries give their values). */
export const PATH_SELECT_VALUE = CdtSelectFlag.LEAF_LIST
/** Path select: the keys of the selected map entries, as a flat list. */
export const PATH_SELECT_MAP_KEY = CdtSelectFlag.LEAF_MAP_KEY
/** Path select: keys and values of the selected map entries alternating, as a flat list. */
export const PATH_SELECT_MAP_KEY_VALUE = CdtSelectFlag.LEAF_MAP_KEY_VALUE
/** Path select/modify flag: a filter that cannot be evaluated for an element skips it instead of failing. */
export const PATH_NO_FAIL = CdtSelectFlag.NO_FAIL
