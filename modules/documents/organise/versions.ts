/**
 * A new version of a document goes through the ordinary ingestion (same checks, blob store, OCR queue),
 * then its row is attached to the document: `version_of` = the first version, the next `version_no`, and
 * the document's metadata columns copied (type, correspondent, date: access and search filter rows).
 */
import type { z } from 'zod'
import type { CallContext } from '../../core/backend/types'
import { DEFAULT_OCR_LANGS, type IngestResult, type versionUploadInput } from '../contract'
import { ingestFiles } from '../ingest'
import { manageableDocument } from './access'
import { copyToVersions } from './metadata'
import { AppError } from '../../core/backend/errors'

export async function uploadVersion(ctx: CallContext, input: z.output<typeof versionUploadInput>): Promise<IngestResult> {
  const head = await manageableDocument(ctx, input.id)
  if (head.trashedAt) throw new AppError('CONFLICT', 'The document is in the trash')
  const { results } = await ingestFiles(ctx, {
    files: [{ name: input.name, dataBase64: input.dataBase64 }],
    langs: input.langs ?? DEFAULT_OCR_LANGS,
    ...(input.password ? { password: input.password } : {}),
  })
  const result = results[0]
  if (!result.ok) return result
  await ctx.write(async (tx) => {
    const rows: { version_of: string | null }[] = await tx.manager.query(`SELECT version_of FROM documents WHERE id = ?`, [result.documentId])
    if (rows[0]?.version_of === head.id || result.documentId === head.id) return // resumed an upload already attached
    const max: { n: number }[] = await tx.manager.query(`SELECT MAX(version_no) AS n FROM documents WHERE id = ? OR version_of = ?`, [head.id, head.id])
    const versionNo = Number(max[0]?.n ?? 1) + 1
    await tx.manager.query(`UPDATE documents SET version_of = ?, version_no = ? WHERE id = ?`, [head.id, versionNo, result.documentId])
    await copyToVersions(tx.manager, head.id)
    tx.audit({ entity: 'documents', entityId: head.id, after: { version: versionNo, versionId: result.documentId, originalName: input.name, sha256: result.sha256 } })
  })
  return result
}
