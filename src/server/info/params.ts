/** Info command parameters, read exactly as the server reads them from `key=value;key=value` text. */

/** A parameter lookup: its value, or why there is none. */
export type ParamResult = { value: string } | 'missing' | 'too-long'

/**
 * Finds `name` in `params`: the first `name=` at the start of a `;`-separated
 * part; its value runs to the next `;`. Values of `maxLength` or more
 * characters are 'too-long' (the server's fixed buffers).
 */
export function getParam(params: string, name: string, maxLength: number): ParamResult {
  let tok = 0
  for (let c = 0; c < params.length; c++) {
    const ch = params[c]
    if (ch === '=') {
      if (c - tok === name.length && params.startsWith(name, tok)) {
        let end = params.indexOf(';', c + 1)
        if (end < 0) end = params.length
        if (end - (c + 1) >= maxLength) return 'too-long'
        return { value: params.slice(c + 1, end) }
      }
    } else if (ch === ';') {
      tok = c + 1
    }
  }
  return 'missing'
}

/** Formats an info error value: `ERROR:<code>:<message>`, or `ERROR::<message>` for code 1. */
export function infoError(code: number, message: string): string {
  return code === 1 ? `ERROR::${message}` : `ERROR:${code}:${message}`
}

/**
 * Turns a lookup into a value or an error value to answer with: `missing
 * '<name>'` when absent and required, `missing '<name>' value` when empty,
 * `'<name>' value too long`. An absent optional parameter gives undefined.
 */
export function checkParam(
  r: ParamResult,
  name: string,
  required: boolean,
): { value: string | undefined } | { error: string } {
  const code = name === 'namespace' ? 20 : 4
  if (r === 'missing')
    return required ? { error: infoError(code, `missing '${name}'`) } : { value: undefined }
  if (r === 'too-long') return { error: infoError(code, `'${name}' value too long`) }
  if (r.value === '') return { error: infoError(code, `missing '${name}' value`) }
  return { value: r.value }
}

/** An optional parameter: its value, undefined when absent, or an error value to answer with. */
export function optionalParam(
  params: string,
  name: string,
  maxLength: number,
): { value: string | undefined } | { error: string } {
  return checkParam(getParam(params, name, maxLength), name, false)
}

/** A required parameter: its value, or an error value to answer with. */
export function requiredParam(
  params: string,
  name: string,
  maxLength: number,
): { value: string } | { error: string } {
  return checkParam(getParam(params, name, maxLength), name, true) as { value: string } | { error: string }
}
