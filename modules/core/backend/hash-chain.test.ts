import { describe, expect, it } from 'vitest'
import { chainHash, GENESIS_HASH } from './hash-chain'

describe('hash chain', () => {
  it('chains hashes: changing any field changes the hash', () => {
    const h1 = chainHash(GENESIS_HASH, { a: 1 })
    expect(h1).toMatch(/^[0-9a-f]{64}$/)
    expect(chainHash(GENESIS_HASH, { a: 2 })).not.toBe(h1)
    expect(chainHash(h1, { a: 1 })).not.toBe(h1)
  })
})
