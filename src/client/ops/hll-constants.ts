/** aerospike-py's HLL write flags. */

/** No write flags: create the bin when the op can, update it otherwise. */
export const HLL_WRITE_DEFAULT = 0
/** Fail with BIN_EXISTS (6) when the bin already exists. */
export const HLL_WRITE_CREATE_ONLY = 1
/** Fail with BIN_NOT_FOUND (17) when the bin does not exist. */
export const HLL_WRITE_UPDATE_ONLY = 2
/** Turn a refused op into a successful no-op. */
export const HLL_WRITE_NO_FAIL = 4
/** Let hllSetUnion reduce the bin's index bits (and drop its min-hash bits) to fit the HLLs merged in. */
export const HLL_WRITE_ALLOW_FOLD = 8
