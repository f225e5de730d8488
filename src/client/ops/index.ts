/** Operation builders for list and map bins, CDT contexts and their constants and wire encoders. */
export * from './cdt-constants.js'
export * from './cdt-context.js'
export * from './cdt-encoder.js'
export * from './cdt-operation.js'
export * from './list-operations.js'
export * from './map-operations.js'
export * from './path-operations.js'
