/** The job info commands of a CE 8.1 node: `query-show[:id=<trid>]` and `query-abort:id=<trid>` (`trid=` accepted for `id=`). */
import type { InfoCommand } from '../info/commands.js'
import { checkParam, getParam, infoError, type ParamResult } from '../info/params.js'

/** The id parameter's buffer: room for 24 digits (octal, decimal or hex) and a sign. */
const ID_SIZE = 26
const MAX_U64 = (1n << 64n) - 1n

/** The `id` parameter, or its deprecated alias `trid`. */
function idParam(params: string): ParamResult {
  const id = getParam(params, 'id', ID_SIZE)
  return id === 'missing' ? getParam(params, 'trid', ID_SIZE) : id
}

/** A job id as the server reads it (decimal, 0x hex or 0 octal); undefined when not a non-zero u64. */
function parseId(text: string): bigint | undefined {
  let value: bigint
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = BigInt(text)
  else if (/^0[0-7]*$/.test(text)) value = BigInt(`0o${text.slice(1) || '0'}`)
  else if (/^[1-9]\d*$/.test(text)) value = BigInt(text)
  else return undefined
  return value === 0n || value > MAX_U64 ? undefined : value
}

const BAD_ID = infoError(4, 'bad id')

/** `query-show`: every listed job (`;` between), or the one `id` names (`ERROR:2:job not found`). */
const queryShow: InfoCommand = ({ state, params }) => {
  const id = checkParam(idParam(params), 'id', false)
  if ('error' in id) return id.error
  const now = Date.now()
  if (id.value === undefined)
    return state.jobs
      .list()
      .map((job) => job.info(now))
      .join(';')
  const trid = parseId(id.value)
  if (trid === undefined) return BAD_ID
  const job = state.jobs.get(trid)
  return job === undefined ? infoError(2, 'job not found') : job.info(now)
}

/** `query-abort`: stops a running job (`ok`), else `ERROR:2:id not active`. */
const queryAbort: InfoCommand = ({ state, params }) => {
  const id = checkParam(idParam(params), 'id', true)
  if ('error' in id) return id.error
  const trid = parseId(id.value!)
  if (trid === undefined) return BAD_ID
  return state.jobs.get(trid)?.abort() ? 'ok' : infoError(2, 'id not active')
}

/** The job commands, for the info command table. */
export const QUERY_INFO_COMMANDS: Readonly<Record<string, InfoCommand>> = {
  'query-abort': queryAbort,
  'query-show': queryShow,
}
