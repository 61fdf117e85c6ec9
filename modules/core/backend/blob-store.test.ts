import fs from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers'
import { createBlobStore, sha256Hex } from './blob-store'

describe('blob store', () => {
  it('stores by content under blobs/<2 hex>/<sha256>, once, and reads back verified', async () => {
    const dir = await tempDir()
    const store = createBlobStore(dir)
    const bytes = Buffer.from('scan de facture 2026-000123')
    const sha = await store.put(bytes)
    expect(sha).toBe(sha256Hex(bytes))
    expect(store.path(sha)).toBe(`${dir}/blobs/${sha.slice(0, 2)}/${sha}`)
    expect(await store.has(sha)).toBe(true)
    expect(await store.size(sha)).toBe(bytes.length)
    expect(await store.put(bytes)).toBe(sha)
    expect((await store.read(sha)).equals(bytes)).toBe(true)
    expect((await store.readRange(sha, 5, 7)).toString()).toBe('de fact')
    expect((await fs.readdir(`${dir}/blobs/${sha.slice(0, 2)}`)).length).toBe(1) // no temp file left
  })

  it('refuses a blob whose bytes changed on disk, and names a missing one', async () => {
    const store = createBlobStore(await tempDir())
    const sha = await store.put(Buffer.from('original'))
    await fs.writeFile(store.path(sha), 'tampered')
    await expect(store.read(sha)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' })
    const missing = sha256Hex(Buffer.from('nope'))
    expect(await store.has(missing)).toBe(false)
    await expect(store.read(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('rejects names that are not a sha256 (no path traversal)', async () => {
    const store = createBlobStore(await tempDir())
    expect(() => store.path('../../etc/passwd')).toThrow(/sha256/)
    await expect(store.has('ABC')).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})
