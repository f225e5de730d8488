/** The hash `udf-list` reports for a registered UDF module: SHA-1 of the metadata entry server 8.1 keeps for it. */
import { createHash } from 'node:crypto'

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
