/** The registered UDF modules of a server: their source, and the listing hash a real node reports for each. */
import { createHash } from 'node:crypto'

/** One registered module file. */
export interface UdfModule {
  /** File name as registered, extension included (`example.lua`). */
  readonly filename: string
  /** The file's bytes. */
  readonly content: Buffer
  /** `udf-list` hash: SHA-1 hex of the metadata entry the server keeps for the file (see udfListHash). */
  readonly hash: string
}

/** JSON string literal as jansson writes it (`"`, `\` and control characters escaped, everything else as is). */
function jsonString(text: string): string {
  let out = '"'
  for (const ch of text) {
    const c = ch.charCodeAt(0)
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`
    else out += ch
  }
  return `${out}"`
}

/**
 * The hash `udf-list` reports for a file: a real node hashes the metadata
 * entry it stores, the JSON object `{"content64": <base64>, "type": "LUA",
 * "name": <filename>}` as jansson prints it, not the file itself.
 */
export function udfListHash(filename: string, content64: string): string {
  const entry = `{"content64": ${jsonString(content64)}, "type": "LUA", "name": ${jsonString(filename)}}`
  return createHash('sha1').update(entry, 'utf8').digest('hex')
}

/** The Lua module name of a file: its name up to the last dot (`example.lua` -> `example`). */
export function moduleName(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot <= 0 ? filename : filename.slice(0, dot)
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
