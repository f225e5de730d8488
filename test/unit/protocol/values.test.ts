import { describe, expect, it } from 'vitest'
import { EncodeError } from '../../../src/protocol/codec-errors.js'
import { CdtSpecial, Double, GeoJSON, HLL, INFINITY, WILDCARD } from '../../../src/protocol/values.js'

describe('value wrappers', () => {
  it('Double wraps a number and behaves like it', () => {
    const d = new Double(2)
    expect(d.value).toBe(2)
    expect(+d).toBe(2)
    expect(JSON.stringify({ d })).toBe('{"d":2}')
    expect(() => new Double('2' as unknown as number)).toThrow(EncodeError)
  })

  it('GeoJSON keeps text as given and serialises objects', () => {
    const text = '{"type": "Point", "coordinates": [1, 2]}'
    const g = new GeoJSON(text)
    expect(g.value).toBe(text)
    expect(String(g)).toBe(text)
    expect(g.toObject()).toEqual({ type: 'Point', coordinates: [1, 2] })
    expect(JSON.stringify(g)).toBe('{"type":"Point","coordinates":[1,2]}')
    expect(new GeoJSON({ type: 'Point', coordinates: [1, 2] }).value).toBe(
      '{"type":"Point","coordinates":[1,2]}',
    )
    for (const bad of [5, null, undefined])
      expect(() => new GeoJSON(bad as unknown as string)).toThrow(EncodeError)
  })

  it('HLL wraps a Buffer', () => {
    const h = new HLL(Buffer.from([1, 2]))
    expect(JSON.stringify(h)).toBe('"AQI="')
    expect(() => new HLL([1, 2] as unknown as Buffer)).toThrow(EncodeError)
  })

  it('WILDCARD and INFINITY are the two CDT specials', () => {
    expect(WILDCARD).toBe(CdtSpecial.WILDCARD)
    expect(INFINITY).toBe(CdtSpecial.INFINITY)
    expect([WILDCARD.kind, WILDCARD.code]).toEqual(['wildcard', 0])
    expect([INFINITY.kind, INFINITY.code]).toEqual(['infinity', 1])
  })
})
