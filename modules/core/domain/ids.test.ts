import { describe, expect, it } from 'vitest'
import { newId } from './ids'

describe('newId', () => {
  it('is a UUIDv7, unique and strictly increasing within a process', () => {
    const ids = Array.from({ length: 20_000 }, newId)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })
})
