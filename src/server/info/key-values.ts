/** `key=value;key=value` info values built from a template of every key the real server lists, with live values filled in. */

/** An ordered template: every key with the value reported when nothing overrides it. */
export type Template = ReadonlyArray<readonly [string, string]>

/** Parses a template written as whitespace-separated `key=value` words. */
export function parseTemplate(text: string): Template {
  return text
    .trim()
    .split(/\s+/)
    .map((word) => {
      const eq = word.indexOf('=')
      return [word.slice(0, eq), word.slice(eq + 1)] as const
    })
}

/** Renders the template as `k=v;k=v` (no trailing `;`), taking values from `live` where it has the key. */
export function renderTemplate(
  t: Template,
  live: Readonly<Record<string, string | number | boolean>>,
): string {
  let out = ''
  for (const [k, v] of t) {
    const value = Object.hasOwn(live, k) ? String(live[k]) : v
    out += out === '' ? `${k}=${value}` : `;${k}=${value}`
  }
  return out
}
