/** The client's Lua engine for the final phase of aggregations: wasmoon (optional peer, imported on first use) running the shared prelude, one engine for the whole process. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LUA_PRELUDE } from '../../protocol/lua-prelude.js'
import { ResultCode } from '../../protocol/result-codes.js'
import { type AerospikeError, errorFromResultCode } from '../errors.js'
import { fromTagged, toLuaSource } from './lua-values.js'

/** Result code of a module the client cannot find (AEROSPIKE_ERR_LUA_FILE_NOT_FOUND). */
const LUA_FILE_NOT_FOUND = 1302

type StreamFn = (module: string, fn: string, args: string, onClient: boolean) => string
type ForgetFn = () => void

/** What the run in progress reads and writes. */
interface ClientRun {
  readonly userPath: string
  readonly input: readonly unknown[]
  at: number
  readonly output: unknown[]
}

/** A loaded engine: the prelude's stream entry point and module reset, and the run they serve. */
interface Engine {
  readonly stream: StreamFn
  readonly forget: ForgetFn
  run: ClientRun | undefined
}

let loading: Promise<Engine> | undefined

/** Reads `<userPath>/<name>.lua`, or undefined when there is no such file. */
function moduleSource(userPath: string, name: string): string | undefined {
  if (name.includes('/') || name.includes('\\')) return undefined
  try {
    return readFileSync(join(userPath, `${name}.lua`), 'utf8')
  } catch {
    return undefined
  }
}

async function createEngine(): Promise<Engine> {
  let wasmoon: typeof import('wasmoon')
  try {
    wasmoon = await import('wasmoon')
  } catch (err) {
    throw errorFromResultCode(ResultCode.CLIENT_ERROR, {
      detail: `aggregations run their final phase in Lua on the client and need the optional package 'wasmoon': npm install wasmoon (${String(err)})`,
      cause: err,
    })
  }
  const lua = await new wasmoon.LuaFactory().createEngine({ injectObjects: false, enableProxy: false })
  const engine: Engine = { stream: () => 'M', forget: () => {}, run: undefined }
  const run = (): ClientRun => {
    if (engine.run === undefined) throw new Error('no aggregation in progress')
    return engine.run
  }
  // Host functions return undefined (Lua nil) for "none". No record is ever current on the client.
  const host = {
    get: () => undefined,
    get_text: () => undefined,
    meta: (what: string) => (what === 'now' ? Date.now() : what === 'clock' ? performance.now() : 0),
    set_ttl: () => {},
    drop_key: () => {},
    write: () => 1,
    exists: () => false,
    source: (name: string) =>
      engine.run === undefined ? undefined : moduleSource(engine.run.userPath, name),
    next_value: () => {
      const r = run()
      return r.at < r.input.length ? toLuaSource(r.input[r.at++]) : undefined
    },
    emit: (value: string) => {
      run().output.push(fromTagged(value))
    },
  }
  lua.global.set('__udf_host', host)
  lua.global.set('__udf_prelude', LUA_PRELUDE)
  const api = lua.doStringSync(
    'local h, p = __udf_host, __udf_prelude; __udf_host, __udf_prelude = nil, nil; return load(p, "=prelude")(h, "@")',
  ) as { stream: StreamFn; forget: ForgetFn }
  return Object.assign(engine, { stream: api.stream, forget: api.forget })
}

/** The shared engine, created on first use (a failed creation is tried again next time). */
function sharedEngine(): Promise<Engine> {
  loading ??= createEngine().catch((err: unknown) => {
    loading = undefined
    throw err
  })
  return loading
}

/**
 * Runs the client's phase of stream function `fn` of module `module` (read
 * from `userPath` afresh on every run) over `values`, the values every node
 * sent: the first reduce and every op after it, or nothing (the values as
 * they are) when the function has no reduce. Resolves to the output values;
 * rejects with ClientError without wasmoon, AEROSPIKE_ERR_LUA_FILE_NOT_FOUND
 * (1302) for a module not in `userPath`, UDFError (100) for a Lua error.
 */
export async function runClientPhase(
  userPath: string,
  module: string,
  fn: string,
  args: readonly unknown[],
  values: readonly unknown[],
): Promise<unknown[]> {
  const engine = await sharedEngine()
  const run: ClientRun = { userPath, input: values, at: 0, output: [] }
  engine.run = run
  let out: string
  try {
    engine.forget()
    out = engine.stream(module, fn, toLuaSource(args), true)
  } finally {
    engine.run = undefined
  }
  if (out === 'S') return run.output
  throw phaseError(out, module, userPath)
}

function phaseError(out: string, module: string, userPath: string): AerospikeError {
  if (out === 'M') {
    const detail =
      moduleSource(userPath, module) === undefined
        ? `no file ${module}.lua in the client's lua.userPath (${userPath})`
        : `${module}.lua does not load`
    return errorFromResultCode(LUA_FILE_NOT_FOUND, { detail })
  }
  const message = out[0] === 'F' ? ` : ${out.slice(1)}` : ''
  return errorFromResultCode(ResultCode.UDF_EXECUTION, { detail: `UDF: Execution Error 2${message}` })
}
