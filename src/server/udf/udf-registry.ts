/** The registered UDF modules of a server: their source, and the listing hash a real node reports for each. */
import { udfListHash } from './udf-hash.js'

/** One registered module file. */
export interface UdfModule {
  /** File name as registered, extension included (`example.lua`). */
  readonly filename: string
  /** The file's bytes. */
  readonly content: Buffer
  /** `udf-list` hash: SHA-1 hex of the metadata entry the server keeps for the file (see udfListHash). */
  readonly hash: string
}

/** Registered modules by file name, in registration order; a change bumps `version`. */
export class UdfRegistry {
  private readonly files = new Map<string, UdfModule>()
  /** Increases with every put and remove (compiled modules older than it are stale). */
  version = 0

  /** Registers (or replaces) `filename` with `content`, given as the base64 text the client sent. */
  put(filename: string, content: Buffer, content64: string): void {
    this.files.set(filename, { filename, content, hash: udfListHash(filename, content64) })
    this.version++
  }

  /** Removes `filename`; removing a file that is not there changes nothing. */
  remove(filename: string): void {
    if (this.files.delete(filename)) this.version++
  }

  /** The file registered as `filename`. */
  get(filename: string): UdfModule | undefined {
    return this.files.get(filename)
  }

  /** Every registered file, in registration order. */
  list(): IterableIterator<UdfModule> {
    return this.files.values()
  }

  /** The `.lua` file a record UDF call on module `name` runs (`name.lua`), as `require` would find it. */
  luaModule(name: string): UdfModule | undefined {
    return this.files.get(`${name}.lua`)
  }
}
