// The official client runs the whole CDT golden table (cdt-semantics.json: lists, maps, contexts) against the
// embedded server and must get what it got from a real Aerospike 8.1 server; the stored bins are read back raw.
import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Info1, Info2, OpType } from '../../src/protocol/message.js'
import { type Particle, particleToSValue, sValueToParticle } from '../../src/server/particle.js'
import { keyFields, RawConnection, rawOp, request } from '../integration/server/raw-client.js'
import {
  fromGolden,
  type Golden,
  type GoldenCase,
  loadGoldenCases,
  toGolden,
} from '../unit/cdt/golden-values.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

const NS = 'test'
const SET = 'gold2_cdt'

/** A golden value as the official client takes it. */
function nodeValue(v: Golden): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(nodeValue)
  const o = v as Record<string, Golden>
  if ('$int' in o) return BigInt(o.$int as string)
  if ('$float' in o) return new Aerospike.Double(Number(o.$float))
  if ('$blob' in o) return Buffer.from(o.$blob as string, 'hex')
  if ('$geo' in o) return new Aerospike.GeoJSON(JSON.parse(o.$geo as string))
  if ('$list' in o) return (o.$list as Golden[]).map(nodeValue)
  if ('$map' in o)
    return new Map((o.$map as Array<[Golden, Golden]>).map(([k, x]) => [nodeValue(k), nodeValue(x)]))
  throw new Error(`unexpected golden value ${JSON.stringify(v)}`)
}

/** A value the official client returned, in the capture's `nodeResult` encoding. */
function nodeEncoded(v: unknown): Golden {
  if (typeof v === 'bigint') return { $int: v.toString() }
  if (Buffer.isBuffer(v)) return { $blob: v.toString('hex') }
  if (Array.isArray(v)) return v.map(nodeEncoded)
  if (v !== null && typeof v === 'object') {
    return { $obj: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, nodeEncoded(x)]) }
  }
  return v as Golden
}

type Fn = (...args: unknown[]) => { inverted?: boolean; withContext: (c: unknown) => unknown }

/** Return types by name (the capture uses KEY even on a list, to probe the server). */
const RETURN_TYPES = Aerospike.maps.returnType as unknown as Record<string, number>

/** Parameter names of an official builder (the capture names its arguments the same way). */
function paramNames(fn: Fn): string[] {
  const src = fn.toString()
  const inner = src.slice(src.indexOf('(') + 1, src.indexOf(')'))
  return inner
    .split(',')
    .map((p) => p.split('=')[0]!.trim())
    .filter((p) => p !== '')
}

/** A path filter or apply expression of the capture, built with the official client's exp module. */
function officialExp(tree: Golden): unknown[] {
  const X = Aerospike.exp as unknown as Record<string, (...a: unknown[]) => unknown[]> & {
    loopVarPart: Record<string, number>
  }
  const [name, ...args] = tree as [string, ...Golden[]]
  switch (name) {
    case 'int':
      return X.int!(args[0])
    case 'str':
      return X.str!(args[0])
    case 'loopVarInt':
    case 'loopVarStr':
      return X[name]!(X.loopVarPart[args[0] as string])
    case 'gt':
    case 'ne':
    case 'eq':
    case 'add':
    case 'mul':
      return X[name]!(...args.map(officialExp))
    default:
      throw new Error(`no official builder for ${name}`)
  }
}

function context(steps: Golden): unknown {
  const ctx = new Aerospike.cdt.Context()
  for (const s of steps as Array<Record<string, Golden>>) {
    const v = nodeValue(s.value as Golden)
    switch (s.type) {
      case 'listIndex':
        ctx.addListIndex(v as number)
        break
      case 'listRank':
        ctx.addListRank(v as number)
        break
      case 'listValue':
        ctx.addListValue(v as never)
        break
      case 'listIndexCreate':
        ctx.addListIndexCreate(v as number, Aerospike.lists.order[s.order as 'ORDERED'] ?? 0, s.pad === true)
        break
      case 'mapIndex':
        ctx.addMapIndex(v as number)
        break
      case 'mapRank':
        ctx.addMapRank(v as number)
        break
      case 'mapKey':
        ctx.addMapKey(v as never)
        break
      case 'mapValue':
        ctx.addMapValue(v as never)
        break
      case 'mapKeyCreate':
        ctx.addMapKeyCreate(v as never, Aerospike.maps.order[s.order as 'KEY_ORDERED'] ?? 0)
        break
      case 'allChildren':
        ctx.addAllChildren()
        break
      case 'mapKeysIn':
        ctx.addMapKeysIn(v as never)
        break
      case 'allChildrenWithFilter':
        ctx.addAllChildrenWithFilter(officialExp(s.filter as Golden) as never)
        break
      default:
        throw new Error(`unsupported ctx step ${String(s.type)}`)
    }
  }
  return ctx
}

function flags(names: Golden, table: Record<string, number>): number {
  return ((names as string[] | undefined) ?? []).reduce((f, n) => f | table[n]!, 0)
}

/** The official client's operation for one op of the capture. */
function nodeOp(o: GoldenCase['ops'][number]): unknown {
  const selectFlags = Aerospike.exp.pathSelectFlags as unknown as Record<string, number>
  if (o.op === 'operations.modifyByPath') {
    const args = o.args as Record<string, Golden>
    return Aerospike.operations.modifyByPath(
      o.bin,
      officialExp(args.modExp as Golden) as never,
      flags(args.flags, selectFlags),
      context(o.ctx as Golden) as never,
    )
  }
  if (o.op === 'operations.selectByPath') {
    const args = o.args as Record<string, Golden>
    return Aerospike.operations.selectByPath(
      o.bin,
      flags(args.flags, selectFlags),
      context(o.ctx as Golden) as never,
    )
  }
  const isList = o.op.startsWith('lists.')
  const mod = (isList ? Aerospike.lists : Aerospike.maps) as unknown as Record<string, Fn>
  const fn = mod[o.op.slice(o.op.indexOf('.') + 1)]!
  const args = (o.args ?? {}) as Record<string, Golden>
  const policy = o.policy as Record<string, Golden> | undefined
  const ctx = o.ctx ? context(o.ctx as Golden) : undefined
  const call = paramNames(fn).map((p) => {
    switch (p) {
      case 'bin':
        return o.bin
      case 'returnType':
        // Maps take INVERTED in the return type; lists take an `inverted` property (set below).
        return RETURN_TYPES[o.returnType as string]! | (o.inverted && !isList ? RETURN_TYPES.INVERTED! : 0)
      case 'ctx':
        return ctx
      case 'policy': {
        if (!policy) return undefined
        if (isList) {
          return new Aerospike.ListPolicy({
            order: Aerospike.lists.order[policy.order as 'ORDERED'],
            writeFlags: flags(
              policy.writeFlags,
              Aerospike.lists.writeFlags as unknown as Record<string, number>,
            ),
          })
        }
        if (policy.writeMode !== undefined) {
          return new Aerospike.MapPolicy({
            order: Aerospike.maps.order[policy.order as 'KEY_ORDERED'],
            writeMode: Aerospike.maps.writeMode[policy.writeMode as 'UPDATE'],
          })
        }
        return new Aerospike.MapPolicy({
          order: Aerospike.maps.order[policy.order as 'KEY_ORDERED'],
          writeFlags: flags(
            policy.writeFlags,
            Aerospike.maps.writeFlags as unknown as Record<string, number>,
          ),
        })
      }
      case 'order':
        return ((isList ? Aerospike.lists.order : Aerospike.maps.order) as unknown as Record<string, number>)[
          args.order as string
        ]
      case 'flags':
        return flags(args.flags, Aerospike.lists.sortFlags as unknown as Record<string, number>)
      default:
        return args[p] === undefined ? undefined : nodeValue(args[p]!)
    }
  })
  const op = fn(...call)
  if (o.inverted && isList) op.inverted = true
  if (ctx && !paramNames(fn).includes('ctx')) op.withContext(ctx)
  return op
}

describe('official client runs the CDT golden table against the embedded server', () => {
  let server: ServerProcess
  let client: Aerospike.Client
  let raw: RawConnection

  beforeAll(async () => {
    server = await startServerProcess()
    client = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: server.port }],
      log: { level: Aerospike.log.OFF },
      policies: { operate: new Aerospike.OperatePolicy({ maxRetries: 0, totalTimeout: 5000 }) },
    })
    raw = await RawConnection.open(server.port)
  })
  afterAll(async () => {
    raw?.close()
    client?.close()
    await server?.stop()
  })

  /** The record's bins in golden encoding, read raw (null: no record). */
  async function readRaw(id: string): Promise<Record<string, Golden> | null> {
    const m = await raw.msg(request({ info1: Info1.READ | Info1.GET_ALL }, keyFields(NS, SET, id)))
    if (m.header.resultCode === 2) return null
    expect(m.header.resultCode).toBe(0)
    return Object.fromEntries(
      m.ops.map((o) => [
        o.name,
        toGolden(particleToSValue({ type: o.particleType, data: o.value } as Particle)),
      ]),
    )
  }

  /** Writes bins exactly as encoded (maps without flags stay unordered on the wire). */
  async function writeRaw(id: string, bins: Record<string, Golden>): Promise<void> {
    const ops = Object.entries(bins).map(([name, v]) => {
      const p = sValueToParticle(fromGolden(v))
      return rawOp(OpType.WRITE, p.type, name, p.data)
    })
    const m = await raw.msg(request({ info2: Info2.WRITE }, keyFields(NS, SET, id), ops))
    expect(m.header.resultCode).toBe(0)
  }

  const cases = loadGoldenCases().filter((c) => c.group === 'list' || c.group === 'map' || c.group === 'ctx')
  for (const c of cases) {
    it(c.id, async () => {
      const key = new Aerospike.Key(NS, SET, c.id)
      await client.remove(key).catch(() => undefined)
      const initial = (c as unknown as { initial: Record<string, Golden> | null }).initial
      if (initial && Object.keys(initial).length > 0) {
        const bins = Object.fromEntries(Object.entries(initial).map(([k, v]) => [k, nodeValue(v)]))
        await client.put(key, bins as never)
      }
      const initialRaw = (c as unknown as { initialRaw?: Record<string, Golden> }).initialRaw
      if (initialRaw) await writeRaw(c.id, initialRaw)
      const setup = (c as unknown as { setup?: GoldenCase['ops'] }).setup
      if (setup) await client.operate(key, setup.map(nodeOp) as never)
      expect(await readRaw(c.id)).toEqual(c.before)

      const outcome = await client.operate(key, c.ops.map(nodeOp) as never).then(
        (r) => ({
          bins: Object.fromEntries(
            Object.entries(r.bins as Record<string, unknown>).map(([k, v]) => [k, nodeEncoded(v)]),
          ),
        }),
        (e: unknown) => ({ code: (e as Aerospike.AerospikeError).code }),
      )
      if (c.error) expect(outcome).toEqual({ code: c.error.code })
      else {
        const nodeResult = (c as unknown as { nodeResult: Record<string, Golden> }).nodeResult
        expect(outcome).toEqual({ bins: nodeResult })
      }
      expect(await readRaw(c.id)).toEqual(c.after)
    })
  }
})
