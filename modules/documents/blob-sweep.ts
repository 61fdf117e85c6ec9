/**
 * Blob files of destroyed documents: deleted once no row points to them any more (a document's original, a
 * page's searchable PDF). Used by the local purge and by sync when a purge arrives from the owner site.
 */
import fs from 'node:fs/promises'
import type { DataSource } from 'typeorm'
import type { BlobStore } from '../core/backend/blob-store'

const REFERENCED = `SELECT value AS sha FROM json_each(?) WHERE value IN (SELECT sha256 FROM documents) OR value IN (SELECT ocr_pdf_sha256 FROM documents_pages WHERE ocr_pdf_sha256 IS NOT NULL)`

/** Deletes the files of `shas` that no document or page references; returns the ones deleted. Run after the commit that dropped the rows. */
export async function deleteUnreferencedBlobs(db: DataSource, store: BlobStore, shas: Iterable<string>): Promise<string[]> {
  const wanted = [...new Set(shas)]
  if (wanted.length === 0) return []
  const kept: { sha: string }[] = await db.query(REFERENCED, [JSON.stringify(wanted)])
  const keep = new Set(kept.map((k) => k.sha))
  const gone = wanted.filter((sha) => !keep.has(sha))
  for (const sha of gone) await fs.rm(store.path(sha), { force: true })
  return gone
}
