/** Decodes the names answers repeat (namespaces, sets, bin names) through a small cache of their bytes, so a known name costs no new string. */

/** How many distinct names are remembered (the oldest is forgotten first). */
const SIZE = 64

const known: Buffer[] = []
const strings: string[] = []
let next = 0

/** The UTF-8 text of `buf[start..end)`: a remembered string when these bytes were seen lately. */
export function cachedName(buf: Buffer, start: number, end: number): string {
  const len = end - start
  search: for (let i = 0; i < known.length; i++) {
    const bytes = known[i]!
    if (bytes.length !== len) continue
    for (let j = 0; j < len; j++) if (bytes[j] !== buf[start + j]) continue search
    return strings[i]!
  }
  const name = buf.toString('utf8', start, end)
  known[next] = Buffer.from(buf.subarray(start, end))
  strings[next] = name
  next = (next + 1) % SIZE
  return name
}
