/** Legal hold, trash, restore and purge (emptying the trash destroys rows, index and originals). Audited. */
import type { CallContext } from '../../core/backend/types'
import { AppError, conflict, forbidden } from '../../core/backend/errors'
import { ORGANISE_ERROR_CODES, type DocumentMeta } from '../contract'
import { runtimeOf } from '../runtime'
import { deleteUnreferencedBlobs } from '../blob-sweep'
import { callerOf, manageableDocument } from './access'
import { copyToVersions, getMeta } from './metadata'

const onHold = (id: string) => new AppError(ORGANISE_ERROR_CODES.legalHold, 'This document is under legal hold', { documentId: id })

export async function setHold(ctx: CallContext, id: string, hold: boolean): Promise<DocumentMeta> {
  return ctx.write(async (tx) => {
    const head = await manageableDocument(ctx, id, tx.manager)
    if (head.legalHold !== hold) {
      await tx.manager.query(`UPDATE documents SET legal_hold = ?, updated_at = ? WHERE id = ?`, [hold ? 1 : 0, ctx.now().toISOString(), head.id])
      await copyToVersions(tx.manager, head.id)
      tx.audit({ entity: 'documents', entityId: head.id, before: { legalHold: head.legalHold }, after: { legalHold: hold } })
    }
    return getMeta(ctx, head.id, tx.manager)
  })
}

export async function trashDocuments(ctx: CallContext, ids: string[]): Promise<{ trashed: number }> {
  return ctx.write(async (tx) => {
    let trashed = 0
    const now = ctx.now().toISOString()
    for (const id of ids) {
      const head = await manageableDocument(ctx, id, tx.manager)
      if (head.legalHold) throw onHold(head.id)
      if (head.trashedAt) continue
      await tx.manager.query(`UPDATE documents SET trashed_at = ?, trashed_by = ?, updated_at = ? WHERE id = ?`, [now, ctx.session?.user.id ?? null, now, head.id])
      await copyToVersions(tx.manager, head.id)
      tx.audit({ entity: 'documents', entityId: head.id, before: { trashedAt: null }, after: { trashedAt: now } })
      trashed++
    }
    return { trashed }
  })
}

export async function restoreDocuments(ctx: CallContext, ids: string[]): Promise<{ restored: number }> {
  return ctx.write(async (tx) => {
    let restored = 0
    for (const id of ids) {
      const head = await manageableDocument(ctx, id, tx.manager)
      if (!head.trashedAt) continue
      await tx.manager.query(`UPDATE documents SET trashed_at = NULL, trashed_by = NULL, updated_at = ? WHERE id = ?`, [ctx.now().toISOString(), head.id])
      await copyToVersions(tx.manager, head.id)
      tx.audit({ entity: 'documents', entityId: head.id, before: { trashedAt: head.trashedAt }, after: { trashedAt: null } })
      restored++
    }
    return { restored }
  })
}

/** Destroys trashed documents (all their versions). Originals are deleted after the commit. */
export async function emptyTrash(ctx: CallContext, ids: string[]): Promise<{ purged: number }> {
  const caller = callerOf(ctx)
  if (!caller.admin && !caller.permissions.includes('documents.manage')) throw forbidden('Emptying the trash needs documents.manage as well')
  const blobs: string[] = []
  const purged = await ctx.write(async (tx) => {
    const q = (sql: string, params: unknown[]) => tx.manager.query(sql, params) as Promise<Record<string, unknown>[]>
    let count = 0
    for (const id of new Set(ids)) {
      const head = await manageableDocument(ctx, id, tx.manager)
      if (!head.trashedAt) throw conflict('Only documents in the trash can be destroyed', { documentId: head.id })
      if (head.legalHold) throw onHold(head.id)
      const rows = await q(`SELECT id, title, sha256, original_name, type_id, version_no FROM documents WHERE id = ? OR version_of = ? ORDER BY version_no DESC`, [head.id, head.id])
      for (const row of rows) {
        const docId = String(row.id)
        const pages = `SELECT id FROM documents_pages WHERE document_id = ?`
        const ocrPdfs = await q(`SELECT ocr_pdf_sha256 AS sha FROM documents_pages WHERE document_id = ? AND ocr_pdf_sha256 IS NOT NULL`, [docId])
        blobs.push(...ocrPdfs.map((p) => String(p.sha)))
        await q(`DELETE FROM documents_fts WHERE rowid IN (${pages})`, [docId])
        await q(`DELETE FROM documents_words WHERE page_id IN (${pages})`, [docId])
        await q(`DELETE FROM documents_pages WHERE document_id = ?`, [docId])
        await q(`DELETE FROM documents_jobs WHERE document_id = ?`, [docId])
        await q(`DELETE FROM documents_tags WHERE document_id = ?`, [docId])
        await q(`DELETE FROM documents_links WHERE document_id = ?`, [docId])
        await q(`DELETE FROM documents WHERE id = ?`, [docId])
        blobs.push(String(row.sha256))
      }
      tx.audit({
        entity: 'documents',
        entityId: head.id,
        before: { title: rows[rows.length - 1]?.title, typeId: head.typeId, trashedAt: head.trashedAt, versions: rows.map((r) => ({ sha256: r.sha256, originalName: r.original_name })) },
        after: null,
      })
      count++
    }
    return count
  })
  await deleteUnreferencedBlobs(ctx.db, runtimeOf(ctx.db).blobStore, blobs)
  return { purged }
}
