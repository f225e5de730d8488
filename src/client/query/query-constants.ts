/** Constants of queries and secondary indexes, with aerospike-py's names and values. */

/** Index value type: integers. */
export const INDEX_NUMERIC = 0
/** Index value type: strings. */
export const INDEX_STRING = 1
/** Index value type: blobs (bytes). */
export const INDEX_BLOB = 2
/** Index value type: GeoJSON points and regions. */
export const INDEX_GEO2DSPHERE = 3

/** Index collection type: the bin's own value. */
export const INDEX_TYPE_DEFAULT = 0
/** Index collection type: each element of a list bin. */
export const INDEX_TYPE_LIST = 1
/** Index collection type: each key of a map bin. */
export const INDEX_TYPE_MAPKEYS = 2
/** Index collection type: each value of a map bin. */
export const INDEX_TYPE_MAPVALUES = 3

/** Expected query duration: long (default), run as a server job. */
export const QUERY_DURATION_LONG = 0
/** Expected query duration: short, answered inline with a server-side time limit (totalTimeout). */
export const QUERY_DURATION_SHORT = 1
/** Expected query duration: long, and may read partitions still migrating (AP namespaces). */
export const QUERY_DURATION_LONG_RELAX_AP = 2
