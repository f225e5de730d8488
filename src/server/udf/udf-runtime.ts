/** A server's UDF state: the registered modules and the one Lua engine, created on first need and told of module changes. */
import { LuaEngine, LuaUnavailableError } from './lua-engine.js'
import { UdfRegistry } from './udf-registry.js'

/** Registered modules plus the lazily created engine that runs them. */
export class UdfRuntime {
  /** Registered module files. */
  readonly registry = new UdfRegistry()
  private loaded: LuaEngine | undefined
  private loading: Promise<LuaEngine> | undefined
  private engineVersion = 0

  /**
   * The engine, synchronously once it exists (so a call runs atomically),
   * else a promise of it. Rejects with LuaUnavailableError when wasmoon is
   * not installed (later calls try again).
   */
  engine(): LuaEngine | Promise<LuaEngine> {
    const engine = this.loaded
    if (engine !== undefined) {
      if (this.engineVersion !== this.registry.version) {
        engine.forgetModules()
        this.engineVersion = this.registry.version
      }
      return engine
    }
    this.loading ??= LuaEngine.create((name) => this.registry.luaModule(name)?.content.toString('utf8')).then(
      (created) => {
        this.loaded = created
        this.engineVersion = this.registry.version
        return created
      },
      (err: unknown) => {
        this.loading = undefined
        throw err
      },
    )
    return this.loading
  }

  /**
   * Runs `use` with the engine: at once when it exists (so the call stays
   * atomic), once it is created otherwise. Without wasmoon the answer is
   * `unavailable`'s instead.
   */
  withEngine<T>(use: (engine: LuaEngine) => T, unavailable: (err: LuaUnavailableError) => T): T | Promise<T> {
    const failed = (err: unknown): T => {
      if (err instanceof LuaUnavailableError) return unavailable(err)
      throw err
    }
    let engine: LuaEngine | Promise<LuaEngine>
    try {
      engine = this.engine()
    } catch (err) {
      return failed(err)
    }
    if (!(engine instanceof Promise)) return use(engine)
    return engine.then(use, failed)
  }

  /** Frees the engine, if one was created. */
  close(): void {
    this.loaded?.dispose()
    this.loaded = undefined
  }
}
