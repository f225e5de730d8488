/** The UDF info commands of a CE 8.1 node: udf-put (with its compile check), udf-get, udf-list, udf-remove, udf-clear-cache. */
import type { InfoCommand } from '../info/commands.js'
import { getParam } from '../info/params.js'

/** Buffer sizes of the server's udf-put parameters: a value must be shorter. */
const FILENAME_SIZE = 128
const CONTENT_LEN_SIZE = 11
const UDF_TYPE_SIZE = 16
/** Largest decoded module, bytes. */
const MAX_CONTENT = 1024 * 1024

/** The `filename` parameter, or undefined when it is missing, empty or too long (`error=invalid_filename`). */
function filenameParam(params: string): string | undefined {
  const f = getParam(params, 'filename', FILENAME_SIZE)
  return typeof f === 'object' && f.value !== '' ? f.value : undefined
}

/** Whether `text` is well-formed base64 (length a multiple of 4, `=` padding only at the end). */
function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)
}

/**
 * A compile error as a node reports it: Lua's `[string "f.lua"]:3: msg` split
 * into file, line and message (base64); other messages keep the file name
 * and line 0.
 */
function compileError(filename: string, luaMessage: string): string {
  const m = /^\[string "([^"]*)"\]:(\d+): ([\s\S]*)$/.exec(luaMessage)
  const file = m?.[1] ?? filename
  const line = m?.[2] ?? '0'
  const message = m?.[3] ?? luaMessage.split('\n')[0]!.slice(0, 256)
  return `error=compile_error;file=${file};line=${line};message=${Buffer.from(message).toString('base64')}`
}

/** `udf-put:filename=<f>;content=<base64>;content-len=<n>[;udf-type=LUA]`: compiles, then registers. */
const udfPut: InfoCommand = ({ state, params }) => {
  const filename = filenameParam(params)
  if (filename === undefined) return 'error=invalid_filename'
  const dot = filename.indexOf('.')
  if (dot <= 0 || dot === filename.length - 1) return 'error=invalid_filename'
  const lenParam = getParam(params, 'content-len', CONTENT_LEN_SIZE)
  if (typeof lenParam !== 'object') return 'error=invalid_content_len'
  const type = getParam(params, 'udf-type', UDF_TYPE_SIZE)
  if (type === 'too-long' || (typeof type === 'object' && type.value !== 'LUA'))
    return 'error=invalid_udf_type'
  const len = /^\d+$/.test(lenParam.value) ? Number(lenParam.value) : Number.NaN
  if (!(len <= 0xffff_ffff) || len % 4 !== 0) return 'error=invalid_content_len'
  const content = getParam(params, 'content', len + 1)
  if (typeof content !== 'object' || content.value.length !== len) return 'error=invalid_content'
  if ((len / 4) * 3 > MAX_CONTENT) return 'error=invalid_udf_content_len,>1M'
  if (!isBase64(content.value)) return 'error=invalid_base64_content'
  const source = Buffer.from(content.value, 'base64')
  const register = (failure: string | undefined): string => {
    if (failure !== undefined) return compileError(filename, failure)
    state.udf.registry.put(filename, source, content.value)
    return 'ok'
  }
  return state.udf.withEngine(
    (engine) => register(engine.validate(filename, source.toString('utf8'))),
    (err) =>
      `error=lua_unavailable;file=${filename};line=0;message=${Buffer.from(err.message).toString('base64')}`,
  )
}

/** `udf-get:filename=<f>`: `type=LUA;content=<base64>;`, or `error=not_found` / `error=empty`. */
const udfGet: InfoCommand = ({ state, params }) => {
  const filename = filenameParam(params)
  if (filename === undefined) return 'error=invalid_filename'
  const file = state.udf.registry.get(filename)
  if (file === undefined) return 'error=not_found'
  if (file.content.length === 0) return 'error=empty'
  return `type=LUA;content=${file.content.toString('base64')};`
}

/** `udf-list`: `filename=<f>,hash=<sha1 hex>,type=LUA;` per registered file. */
const udfList: InfoCommand = ({ state }) => {
  let out = ''
  for (const f of state.udf.registry.list()) out += `filename=${f.filename},hash=${f.hash},type=LUA;`
  return out
}

/** `udf-remove:filename=<f>`: `ok`, also when the file is not registered. */
const udfRemove: InfoCommand = ({ state, params }) => {
  const filename = filenameParam(params)
  if (filename === undefined) return 'error=invalid_filename'
  state.udf.registry.remove(filename)
  return 'ok'
}

/** The UDF commands, by name. */
export const UDF_INFO_COMMANDS: Readonly<Record<string, InfoCommand>> = {
  'udf-clear-cache': () => 'ok',
  'udf-get': udfGet,
  'udf-list': udfList,
  'udf-put': udfPut,
  'udf-remove': udfRemove,
}
