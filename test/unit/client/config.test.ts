import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../src/client/config.js'
import { Client, client, InvalidArgError } from '../../../src/index.js'

describe('client config', () => {
  it('fills in the documented defaults', () => {
    const c = resolveConfig({ hosts: [['127.0.0.1', 3000]] })
    expect(c).toMatchObject({
      hosts: [{ host: '127.0.0.1', port: 3000 }],
      clusterName: '',
      timeout: 1000,
      tendInterval: 1000,
      minConnsPerNode: 0,
      maxConnsPerNode: 100,
      pipelineDepth: 8,
      idleTimeout: 55_000,
      maxErrorRate: 100,
      errorRateWindow: 1,
      useServicesAlternate: false,
    })
    expect(c.policies.read).toMatchObject({
      totalTimeout: 1000,
      socketTimeout: 30_000,
      maxRetries: 2,
      replica: 1,
    })
    expect(c.policies.write).toMatchObject({
      totalTimeout: 1000,
      socketTimeout: 30_000,
      maxRetries: 0,
      ttl: 0,
    })
    expect(c.policies.info).toEqual({ timeout: 1000 })
  })

  it('accepts hosts as tuples, host:port strings, objects and a comma-separated string', () => {
    expect(
      resolveConfig({
        hosts: [['a', 3100], 'b:3200', 'c', { host: 'd', port: 3400 }, { host: 'e' }, '[::1]:3500'],
      }).hosts,
    ).toEqual([
      { host: 'a', port: 3100 },
      { host: 'b', port: 3200 },
      { host: 'c', port: 3000 },
      { host: 'd', port: 3400 },
      { host: 'e', port: 3000 },
      { host: '::1', port: 3500 },
    ])
    expect(resolveConfig({ hosts: 'a:1, b' }).hosts).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 3000 },
    ])
  })

  it('merges configured policy defaults over the built-in ones', () => {
    const c = resolveConfig({ hosts: ['h'], policies: { read: { totalTimeout: 50 }, write: { ttl: 60 } } })
    expect(c.policies.read.totalTimeout).toBe(50)
    expect(c.policies.read.maxRetries).toBe(2)
    expect(c.policies.write.ttl).toBe(60)
  })

  it.each([
    [{ hosts: ['h'], tendintervall: 5 }, /unknown key 'tendintervall'/],
    [{ hosts: [] }, /non-empty list of hosts/],
    [{}, /non-empty list of hosts/],
    [{ hosts: [['h', 'x']] }, /bad port/],
    [{ hosts: [['h', 70000]] }, /bad port/],
    [{ hosts: ['h:abc'] }, /bad host/],
    [{ hosts: [42] }, /bad host/],
    [{ hosts: ['h'], timeout: '1000' }, /'timeout' must be a positive integer/],
    [{ hosts: ['h'], maxConnsPerNode: 0 }, /'maxConnsPerNode' must be a positive integer/],
    [{ hosts: ['h'], pipelineDepth: 0 }, /'pipelineDepth' must be a positive integer/],
    [{ hosts: ['h'], minConnsPerNode: 5, maxConnsPerNode: 2 }, /minConnsPerNode exceeds maxConnsPerNode/],
    [{ hosts: ['h'], useServicesAlternate: 'yes' }, /must be a boolean/],
    [{ hosts: ['h'], clusterName: 7 }, /must be a string/],
    [{ hosts: ['h'], policies: { reed: {} } }, /unknown kind 'reed'/],
    [
      { hosts: ['h'], policies: { read: { totalTimout: 5 } } },
      /policies.read has an unknown field 'totalTimout'/,
    ],
    [{ hosts: ['h'], policies: { write: { exists: 9 } } }, /'exists' must be one of/],
    [{ hosts: ['h'], policies: { read: { totalTimeout: -1 } } }, /'totalTimeout' must be an integer/],
    ['hosts', /must be an object/],
  ])('rejects %j with InvalidArgError', (config, message) => {
    expect(() => client(config as never)).toThrow(InvalidArgError)
    expect(() => new Client(config as never)).toThrow(message)
  })
})
