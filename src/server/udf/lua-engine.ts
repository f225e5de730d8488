/** The Lua engine of a server's UDFs (record and stream): wasmoon (Lua 5.4 in WebAssembly), loaded on first use, with the prelude and its host functions. */
import { LUA_PRELUDE } from '../../protocol/lua-prelude.js'

/** What the Lua side asks of the call in progress (the record and its module sources). */
export interface LuaHost {
  /** Lua source of bin `name`'s value (see toLuaSource), or undefined when the bin does not exist. */
  get(name: string): string | undefined
  /** `set`: set name; `key`: Lua source of the stored key; `digest`, `bin_names`: Lua source. Undefined when none. */
  getText(what: string): string | undefined
  /** A number about the record or the clock (`ttl`, `gen`, `lut`, `size`, `numbins`, `now`, `clock`). */
  meta(what: string): number
  /** record.set_ttl. */
  setTtl(ttl: number): void
  /** record.drop_key. */
  dropKey(): void
  /** aerospike:create / update / remove with the dirty bins as tagged text; the status Lua sees (0 = done). */
  write(kind: string, updates: string): number
  /** aerospike:exists. */
  exists(): boolean
}

/** What a stream UDF's run on a node asks of its host: the records of its input, in turn, and where its output goes. */
export interface StreamHost extends LuaHost {
  /** Moves to the next input record (the one the LuaHost methods then describe); false at the end. */
  nextRecord(): boolean
  /** Takes one output value (tagged text). */
  emit(value: string): void
}

/** How a stream UDF run ended: done, or failed with the server's execution error number and Lua's message (undefined when it has none). */
export type StreamOutcome = { ok: true } | { ok: false; errorNumber: number; message: string | undefined }

/** Where a real node's modules live: the chunk names of their Lua errors. */
const CHUNK_PREFIX = '@/opt/aerospike/usr/udf/lua/'

/** Why the engine cannot run: wasmoon is not installed. */
export class LuaUnavailableError extends Error {
  override name = 'LuaUnavailableError'
}

/** The answer of one UDF call: its result (tagged text), a failure message, or an error value that is not a string. */
export type ApplyOutcome = { ok: true; result: string } | { ok: false; message: string | undefined }

type ApplyFn = (module: string, fn: string, args: string, timeoutMs: number) => string
type ValidateFn = (filename: string, source: string) => string | undefined
type ForgetFn = () => void
type StreamFn = (module: string, fn: string, args: string, onClient: boolean) => string

/** One Lua state running every UDF of a server, one call at a time (each call runs to completion synchronously). */
export class LuaEngine {
  private host: LuaHost | undefined
  private streamHost: StreamHost | undefined

  private constructor(
    private readonly applyFn: ApplyFn,
    private readonly validateFn: ValidateFn,
    private readonly forgetFn: ForgetFn,
    private readonly streamFn: StreamFn,
    private readonly close: () => void,
  ) {}

  /**
   * Creates an engine: imports wasmoon (LuaUnavailableError when it is not
   * installed), creates a Lua 5.4 state and runs the prelude. `source`
   * gives the text of a registered module by name.
   */
  static async create(source: (module: string) => string | undefined): Promise<LuaEngine> {
    let wasmoon: typeof import('wasmoon')
    try {
      wasmoon = await import('wasmoon')
    } catch (err) {
      throw new LuaUnavailableError(
        `record UDFs in the embedded server need the optional package 'wasmoon' (Lua in WebAssembly): npm install wasmoon (${String(err)})`,
      )
    }
    const lua = await new wasmoon.LuaFactory().createEngine({ injectObjects: false, enableProxy: false })
    let engine: LuaEngine | undefined
    const current = (): LuaHost => {
      if (engine?.host === undefined) throw new Error('no UDF call in progress')
      return engine.host
    }
    const stream = (): StreamHost => {
      if (engine?.streamHost === undefined) throw new Error('no stream UDF run in progress')
      return engine.streamHost
    }
    // Host functions return undefined (Lua nil) for "none": wasmoon maps null to a userdata.
    const hostTable = {
      get: (name: string) => current().get(name),
      get_text: (what: string) => current().getText(what),
      meta: (what: string) => current().meta(what),
      set_ttl: (ttl: number) => current().setTtl(ttl),
      drop_key: () => current().dropKey(),
      write: (kind: string, updates: string) => current().write(kind, updates),
      exists: () => current().exists(),
      source: (name: string) => source(name),
      next_record: () => stream().nextRecord(),
      emit: (value: string) => stream().emit(value),
    }
    lua.global.set('__udf_host', hostTable)
    lua.global.set('__udf_prelude', LUA_PRELUDE)
    lua.global.set('__udf_chunks', CHUNK_PREFIX)
    const api = lua.doStringSync(
      'local h, p, c = __udf_host, __udf_prelude, __udf_chunks; __udf_host, __udf_prelude, __udf_chunks = nil, nil, nil; return load(p, "=prelude")(h, c)',
    ) as { apply: ApplyFn; validate: ValidateFn; forget: ForgetFn; stream: StreamFn }
    engine = new LuaEngine(api.apply, api.validate, api.forget, api.stream, () => lua.global.close())
    return engine
  }

  /** Runs `fn` of `module` with `args` (Lua source of a list) on the record `host` stands for. */
  apply(host: LuaHost, module: string, fn: string, args: string, timeoutMs: number): ApplyOutcome {
    this.host = host
    try {
      const out = this.applyFn(module, fn, args, timeoutMs)
      if (out[0] === 'S') return { ok: true, result: out.slice(1) }
      return { ok: false, message: out[0] === 'F' ? out.slice(1) : undefined }
    } finally {
      this.host = undefined
    }
  }

  /**
   * Runs stream function `fn` of `module` with `args` (Lua source of a list)
   * as a node does: the ops up to the first reduce, over the records `host`
   * moves through, each output value handed to `host.emit`. A module that
   * cannot be loaded fails with error number 1, the run itself with 2.
   */
  runStream(host: StreamHost, module: string, fn: string, args: string): StreamOutcome {
    this.host = host
    this.streamHost = host
    try {
      const out = this.streamFn(module, fn, args, false)
      if (out === 'S') return { ok: true }
      if (out === 'M') return { ok: false, errorNumber: 1, message: undefined }
      return { ok: false, errorNumber: 2, message: out[0] === 'F' ? out.slice(1) : undefined }
    } finally {
      this.host = undefined
      this.streamHost = undefined
    }
  }

  /** Compiles and runs `source` as file `filename` in a scratch environment: undefined when it loads, else Lua's error message. */
  validate(filename: string, source: string): string | undefined {
    return this.validateFn(filename, source) ?? undefined
  }

  /** Drops every loaded module (after a module was registered or removed). */
  forgetModules(): void {
    this.forgetFn()
  }

  /** Frees the Lua state. */
  dispose(): void {
    this.close()
  }
}
