import { describe, expect, it } from 'vitest'
import { computeDigest, partitionId } from '../../../src/protocol/digest.js'

describe('computeDigest', () => {
  it.each([
    ['demo', 'key1', 'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960', 492],
    ['demo', 1, 'b7f4b83889e2da67de683e1df6919a1eacc446c8', 1207],
    ['', 'a', '79e55340ff2911fc794c49ec2a8175bd9d7ca04c', 1401],
    ['demo', -1, 'e9d49a24c3debdc5a6d551d3e7087999a263bb97', 1257],
  ] as const)('digest of (%s, %s) is the documented one', (set, key, hex, pid) => {
    const digest = computeDigest(set, key)
    expect(digest.toString('hex')).toBe(hex)
    expect(partitionId(digest)).toBe(pid)
  })
})
