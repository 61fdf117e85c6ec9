import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { canonicalJson } from './canonical-json'

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed))
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (seed % 2) entries.reverse()
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]))
  }
  return value
}

describe('canonical json', () => {
  it('sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: null, c: 'x' }], u: undefined })).toBe('{"a":[1,{"c":"x","d":null}],"b":1}')
  })

  it('property: key order never changes the text, and the text parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 10 }), (v, seed) => {
        const text = canonicalJson(v)
        expect(canonicalJson(shuffleKeys(v, seed))).toBe(text)
        expect(canonicalJson(JSON.parse(text))).toBe(text)
      }),
    )
  })
})
