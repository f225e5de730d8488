import * as Aerospike from 'aerospike'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectLike, normalize } from './compare.js'
import { GOLDEN, SEED_BEFORE_STEP, SEED_RECORDS, SKIPPED_STEPS } from './golden.js'
import { STEP_CALLS } from './official-steps.js'
import { type ServerProcess, startServerProcess } from './server-process.js'

// The official client (aerospike@6.7.1) runs every captured step this server covers against the
// embedded server and must return what it returned against a real Aerospike 8.1 server.
describe('official client against the embedded server (official-client-crud.json)', () => {
  let server: ServerProcess
  let client: Aerospike.Client

  beforeAll(async () => {
    server = await startServerProcess()
    client = await Aerospike.connect({
      hosts: [{ addr: '127.0.0.1', port: server.port }],
      log: { level: Aerospike.log.OFF },
    })
  })
  afterAll(async () => {
    client?.close()
    await server?.stop()
  })

  for (const step of GOLDEN.steps) {
    if (step.label === SEED_BEFORE_STEP) {
      it('seed b0..b7 (written by the capture without being recorded)', async () => {
        for (const [k, bins] of SEED_RECORDS) await client.put(new Aerospike.Key('test', 'golden', k), bins)
        expect((await client.get(new Aerospike.Key('test', 'golden', 'b7'))).bins).toEqual({ i: 7, s: 'v7' })
      })
    }
    const reason = SKIPPED_STEPS[step.label]
    if (reason !== undefined) {
      it.skip(`${step.label} — skipped: ${reason}`, () => {})
      continue
    }
    it(step.label, async () => {
      const call = STEP_CALLS[step.label]
      expect(call, `no official-client call mapped for step "${step.label}"`).toBeDefined()
      if (step.ok) {
        expectLike(normalize(await call!(client)), step.result)
      } else {
        const err = await call!(client).then(
          () => undefined,
          (e: unknown) => e as Aerospike.AerospikeError,
        )
        expect(err, 'the call should have failed').toBeInstanceOf(Aerospike.AerospikeError)
        expect(err!.code).toBe(step.error!.code)
      }
    })
  }
})
