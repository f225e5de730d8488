// The stream ops of the shared Lua prelude, through the client's phase: which ops run where,
// reduce / aggregate / filter / map semantics, and the errors.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runClientPhase } from '../../../src/client/lua/aggregation-lua.js'

const dir = mkdtempSync(join(tmpdir(), 'aggr-'))
writeFileSync(
  join(dir, 'ops.lua'),
  `
local function plus(a, b) return a + b end
function passthrough(s) return s : filter(function(v) return v > 100 end) : map(function(v) return v * 2 end) end
function total(s) return s : reduce(plus) end
function after(s, k) return s : reduce(plus) : map(function(v) return v * k end) : filter(function(v) return v > 10 end) end
function agg_then_reduce(s) return s : aggregate(0, plus) : reduce(plus) end
function merged(s) return s : reduce(function(a, b) return map.merge(a, b, plus) end) end
function lists(s) return s : reduce(function(a, b) return list.merge(a, b) end) end
function boom(s) return s : reduce(function() error('boom') end) end
function groupby(s) return s : groupby(function(v) return v end) end
function nothing(s) end
`,
)
const run = (fn: string, values: unknown[], args: unknown[] = []) =>
  runClientPhase(dir, 'ops', fn, args, values)

describe('client phase of stream UDFs', () => {
  it('without reduce every op ran on the nodes: values pass as they are', async () => {
    expect(await run('passthrough', [1, 2, 3])).toEqual([1, 2, 3])
  })

  it('reduce combines the nodes values; ops after it run on the client', async () => {
    expect(await run('total', [1, 2, 3.5])).toEqual([6.5])
    expect(await run('after', [1, 2, 3], [2])).toEqual([12])
    expect(await run('after', [1, 2], [2])).toEqual([])
  })

  it('reduce over no values gives nothing', async () => {
    expect(await run('total', [])).toEqual([])
  })

  it('aggregate runs on the nodes only; the client reduces its parts', async () => {
    expect(await run('agg_then_reduce', [400, 900])).toEqual([1300])
  })

  it('maps and lists cross both ways', async () => {
    expect(await run('merged', [{ a: 1, b: 2 }, { a: 3 }])).toEqual([{ a: 4, b: 2 }])
    expect(await run('lists', [[1, 'x'], [Buffer.from([7])]])).toEqual([[1, 'x', Buffer.from([7])]])
    expect(await run('total', [2n ** 60n, 1])).toEqual([2n ** 60n + 1n])
  })

  it('errors: Lua error (100), unknown function, unsupported op, no stream returned, missing module (1302)', async () => {
    await expect(run('boom', [1, 2])).rejects.toThrow(/UDF: Execution Error 2 : ops\.lua:\d+: boom/)
    await expect(run('nope', [1])).rejects.toThrow(/UDF: Execution Error 2 : function not found/)
    await expect(run('groupby', [1])).rejects.toThrow(/groupby/)
    await expect(run('nothing', [1])).rejects.toMatchObject({ resultCode: 100 })
    await expect(runClientPhase(dir, 'absent', 'f', [], [])).rejects.toMatchObject({ resultCode: 1302 })
  })
})
