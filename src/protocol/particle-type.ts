/** Particle type ids: the type byte of bin values, KEY fields and msgpack string prefixes. */

/** Particle (value) type ids as the server defines them. */
export const ParticleType = {
  NULL: 0,
  INTEGER: 1,
  FLOAT: 2,
  STRING: 3,
  BLOB: 4,
  JAVA_BLOB: 7,
  CSHARP_BLOB: 8,
  PYTHON_BLOB: 9,
  RUBY_BLOB: 10,
  PHP_BLOB: 11,
  ERLANG_BLOB: 12,
  VECTOR: 16,
  BOOL: 17,
  HLL: 18,
  MAP: 19,
  LIST: 20,
  GEOJSON: 23,
} as const

/** One of the particle type ids. */
export type ParticleTypeId = (typeof ParticleType)[keyof typeof ParticleType]
