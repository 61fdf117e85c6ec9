/** Ranking: bm25 up to RANK_LIMIT matching pages, newest first beyond (a word on every page). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import { openTestBackend } from '../../test/helpers'
import type { SearchHit } from './contract'
import { RANK_LIMIT } from './queries'

let backend: LocalBackend

beforeAll(async () => {
  backend = await openTestBackend()
  const db = backend.dataSource
  const now = new Date().toISOString()
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO documents (id, title, original_name, sha256, size, format, mime, page_count, langs, status, created_at, updated_at)
       VALUES ('d1', 'Archive', 'a.pdf', 'x', 1, 'pdf', 'application/pdf', ?, 'fra', 'ready', ?, ?)`,
      [RANK_LIMIT + 10, now, now],
    )
    for (let p = 1; p <= RANK_LIMIT + 10; p++) {
      // page 3 says "rare" twice, a few others once; every page says "facture"
      const text = p === 3 ? 'facture rare rare page 3' : p % 1000 === 0 ? `facture rare page ${p}` : `facture page ${p}`
      await m.query(`INSERT INTO documents_pages (id, document_id, page_no, status, source, text) VALUES (?, 'd1', ?, 'done', 'text', ?)`, [p, p, text])
      await m.query(`INSERT INTO documents_fts (rowid, body) VALUES (?, ?)`, [p, text])
    }
  })
})
afterAll(async () => backend?.close())

const search = async (text: string) => ((await backend.systemCall('documents.search.run', { text, limit: 3 })) as { hits: SearchHit[] }).hits

describe('search ranking', () => {
  it('ranks by bm25 while few pages match', async () => {
    const hits = await search('facture rare')
    expect(hits[0].pageNo).toBe(3) // the most "rare", though the oldest
  })

  it('past RANK_LIMIT matching pages, newest pages first', async () => {
    const hits = await search('facture')
    expect(hits.map((h) => h.pageNo)).toEqual([RANK_LIMIT + 10, RANK_LIMIT + 9, RANK_LIMIT + 8])
    expect(hits[0].snippet).toContain('\u0002facture\u0003')
  })
})
