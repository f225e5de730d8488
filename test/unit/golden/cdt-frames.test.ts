import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROTO_HEADER_SIZE, ProtoType, readProtoHeader } from '../../../src/protocol/frame.js'
import { decodeMessage, encodeMessage, OpType } from '../../../src/protocol/message.js'
import { unpack } from '../../../src/protocol/msgpack.js'
import { decodeParticle } from '../../../src/protocol/particles.js'

interface CdtCase {
  id: string
  frames?: { request: string; response: string }
  error?: { code: number }
}

const cases = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/golden/cdt-semantics.json'), 'utf8')) as {
    cases: CdtCase[]
  }
).cases.filter((c) => c.frames)

/** Ops whose value is msgpack: CDT, bit and HLL operations and expression operations. */
const MSGPACK_OPS = new Set<number>([
  OpType.CDT_READ,
  OpType.CDT_MODIFY,
  OpType.BIT_READ,
  OpType.BIT_MODIFY,
  OpType.HLL_READ,
  OpType.HLL_MODIFY,
  OpType.EXP_READ,
  OpType.EXP_MODIFY,
])

describe('cdt-semantics.json: the captured frames', () => {
  it('has the 49 cases with frames', () => {
    expect(cases).toHaveLength(49)
  })

  it.each(cases.map((c): [string, CdtCase] => [c.id, c]))(
    '%s: request re-encodes, response decodes with the recorded result code',
    (_, c) => {
      const request = Buffer.from(c.frames!.request, 'hex')
      expect(readProtoHeader(request, 0)).toEqual({
        type: ProtoType.MESSAGE,
        size: request.length - PROTO_HEADER_SIZE,
      })
      const m = decodeMessage(request.subarray(PROTO_HEADER_SIZE))
      expect(encodeMessage(m.header, m.fields, m.ops)).toEqual(request)
      for (const o of m.ops) if (MSGPACK_OPS.has(o.op)) expect(() => unpack(o.value)).not.toThrow()

      const response = Buffer.from(c.frames!.response, 'hex')
      const r = decodeMessage(response.subarray(PROTO_HEADER_SIZE))
      for (const o of r.ops) decodeParticle(o.particleType, o.buf, o.start, o.end)
      expect(r.header.resultCode).toBe(c.error?.code ?? 0)
    },
  )
})
