// Unit tests of the server's UDF pieces: value transfer to and from Lua, the registry's listing hash, the info commands.
import { describe, expect, it } from 'vitest'
import { ParticleType } from '../../../src/protocol/particle-type.js'
import type { InfoCall } from '../../../src/server/info/commands.js'
import { resolveOptions } from '../../../src/server/options.js'
import { ServerState } from '../../../src/server/server-state.js'
import { fromTagged, toLuaSource, UNSUPPORTED } from '../../../src/server/udf/lua-values.js'
import { udfListHash } from '../../../src/server/udf/udf-hash.js'
import { UDF_INFO_COMMANDS } from '../../../src/server/udf/udf-info.js'
import { SBytes, SList, SMap } from '../../../src/server/value.js'

describe('Lua value transfer', () => {
  it('writes Lua source: floats keep a float form, strings stay ASCII, min int64 is named', () => {
    expect(toLuaSource(2)).toBe('2.0')
    expect(toLuaSource(-0)).toBe('(-0.0)')
    expect(toLuaSource(Number.NaN)).toBe('(0/0)')
    expect(toLuaSource(-(2n ** 63n))).toBe('mininteger')
    expect(toLuaSource(new SBytes(ParticleType.STRING, Buffer.from('a"é\n')))).toBe('"a\\034\\195\\169\\010"')
    expect(toLuaSource(new SBytes(ParticleType.BLOB, Buffer.from([0, 255])))).toBe('B("\\000\\255",4)')
    expect(toLuaSource(new SList([1n, null]))).toBe('L({1,nil},2)')
    expect(toLuaSource(new SMap([SBytes.str('k')], [true]))).toBe('M({"k",true})')
  })

  it('reads the tagged text Lua writes', () => {
    expect(fromTagged('I-9223372036854775808;')).toBe(-(2n ** 63n))
    expect(fromTagged('D0.10000000000000001;')).toBe(0.1)
    expect(fromTagged('D-inf;')).toBe(Number.NEGATIVE_INFINITY)
    expect(fromTagged('U')).toBe(UNSUPPORTED)
    const list = fromTagged('L3;S6869;B4:00ff;U') as SList
    expect(list.items[0]).toEqual(SBytes.str('hi'))
    expect(list.items[1]).toEqual(new SBytes(ParticleType.BLOB, Buffer.from([0, 255])))
    expect(list.items[2]).toBeNull()
    const map = fromTagged('M1;S6b;T') as SMap
    expect([map.keys[0], map.values[0]]).toEqual([SBytes.str('k'), true])
    expect(() => fromTagged('S6;')).toThrow()
    expect(() => fromTagged('TT')).toThrow()
  })
})

describe('udf-list hash', () => {
  it('is the SHA-1 of the metadata entry as jansson prints it', () => {
    // sha1('{"content64": "YQ==", "type": "LUA", "name": "a.lua"}')
    expect(udfListHash('a.lua', 'YQ==')).toBe('33de108930825ea2028f1872cfb1af58e58a2969')
  })
})

describe('udf info commands', () => {
  const state = new ServerState(resolveOptions({}))
  const conn = {
    userAgent: undefined,
    user: undefined,
    remoteAddress: '127.0.0.1',
    certificateName: undefined,
  }
  const run = (name: string, params: string) =>
    UDF_INFO_COMMANDS[name]!({ state, name, params, conn } satisfies InfoCall)
  const put = (filename: string, source: string) => {
    const b64 = Buffer.from(source).toString('base64')
    return run('udf-put', `filename=${filename};content=${b64};content-len=${b64.length};udf-type=LUA;`)
  }

  it('udf-put checks its parameters as a real node does', async () => {
    expect(await run('udf-put', 'content=YQ==;content-len=4')).toBe('error=invalid_filename')
    expect(await run('udf-put', 'filename=noext;content=YQ==;content-len=4')).toBe('error=invalid_filename')
    expect(await run('udf-put', 'filename=a.lua;content=YQ==')).toBe('error=invalid_content_len')
    expect(await run('udf-put', 'filename=a.lua;content=YQ==;content-len=3')).toBe(
      'error=invalid_content_len',
    )
    expect(await run('udf-put', 'filename=a.lua;content=YQ==;content-len=8')).toBe('error=invalid_content')
    expect(await run('udf-put', 'filename=a.lua;content=YQ==;content-len=4;udf-type=PY')).toBe(
      'error=invalid_udf_type',
    )
    expect(await run('udf-put', 'filename=a.lua;content=Y!==;content-len=4')).toBe(
      'error=invalid_base64_content',
    )
  })

  it('registers, lists, gets and removes modules; compile errors name file, line and message', async () => {
    expect(await put('m.lua', 'function f(r) return 1 end')).toBe('ok')
    const list = run('udf-list', '') as string
    expect(list).toMatch(/^filename=m\.lua,hash=[0-9a-f]{40},type=LUA;$/)
    expect(run('udf-get', 'filename=m.lua')).toBe(
      `type=LUA;content=${Buffer.from('function f(r) return 1 end').toString('base64')};`,
    )
    expect(run('udf-get', 'filename=x.lua')).toBe('error=not_found')
    const failure = (await put('bad.lua', 'x = = 1')) as string
    const m = /^error=compile_error;file=bad\.lua;line=1;message=(.+)$/.exec(failure)
    expect(Buffer.from(m![1]!, 'base64').toString()).toBe("unexpected symbol near '='")
    expect(await put('top.lua', 'local t = nil\nt.x = 1')).toMatch(
      /^error=compile_error;file=top\.lua;line=2;/,
    )
    expect(run('udf-remove', 'filename=m.lua')).toBe('ok')
    expect(run('udf-remove', 'filename=m.lua')).toBe('ok')
    expect(run('udf-list', '')).toBe('')
    state.udf.close()
  })
})
