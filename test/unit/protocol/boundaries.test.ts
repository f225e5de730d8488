import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = join(import.meta.dirname, '../../../src/protocol')

describe('src/protocol', () => {
  it('imports nothing but its own modules and Node built-ins (never client or server code)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    let checked = 0
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8')
      const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!)
      for (const spec of specifiers) {
        const ok =
          /^\.\/[a-z0-9-]+\.js$/.test(spec) ||
          (spec.startsWith('node:') && builtinModules.includes(spec.slice(5)))
        expect(ok, `${file} imports ${spec}`).toBe(true)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  })
})
