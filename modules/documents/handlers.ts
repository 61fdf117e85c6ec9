/** Documents contract → services. */
import type { Handlers } from '../core/backend/types'
import { notFound } from '../core/backend/errors'
import { DOCUMENT_EVENTS, type documentMethods } from './contract'
import { ingestFiles } from './ingest'
import { getDocument, getJob, pageWords, searchDocuments } from './queries'
import { searchablePdf } from './searchable-pdf'
import { setWatchFolder, watchStatus } from './watch-settings'
import { runtimeOf } from './runtime'
import { readOriginal, renderPageImage } from './originals'
import { organiseHandlers } from './organise/handlers'
import { manageableDocument, readableDocument, readableWhere } from './organise/access'
import { listDocumentsWithMeta, listJobsReadable } from './organise/lists'

// Every read by id checks the caller may read the document's type (organise/access.ts).
export const documentHandlers: Handlers<typeof documentMethods> = {
  ...organiseHandlers,
  'documents.files.ingest': (input, ctx) => ingestFiles(ctx, input),
  'documents.jobs.list': (q, ctx) => listJobsReadable(ctx, q),
  'documents.jobs.get': async (input, ctx) => {
    const job = await getJob(ctx, input.id)
    await readableDocument(ctx, job.documentId)
    return job
  },
  'documents.jobs.cancel': async (input, ctx) => {
    // a write method: this runs in one transaction with its audit entry
    const job = await ctx.write(async (tx) => {
      const rows: { document_id: string; status: string }[] = await tx.manager.query(`SELECT document_id, status FROM documents_jobs WHERE id = ?`, [input.id])
      if (!rows[0]) throw notFound('Job', { id: input.id })
      if (!['queued', 'running'].includes(rows[0].status)) return null // already over: nothing to stop
      const now = ctx.now().toISOString()
      await tx.manager.query(`UPDATE documents_pages SET status = 'cancelled' WHERE job_id = ? AND status = 'pending'`, [input.id])
      await tx.manager.query(`UPDATE documents_jobs SET status = 'cancelled', finished_at = ? WHERE id = ?`, [now, input.id])
      await tx.manager.query(`UPDATE documents SET status = 'cancelled', updated_at = ? WHERE id = ?`, [now, rows[0].document_id])
      tx.audit({ entity: 'documents_jobs', entityId: input.id, before: { status: rows[0].status }, after: { status: 'cancelled' } })
      return { documentId: rows[0].document_id }
    })
    if (job) runtimeOf(ctx.db).abortJob(input.id, job.documentId)
    const detail = await getJob(ctx, input.id)
    if (job) {
      const { id, documentId, status, pagesTotal, pagesDone } = detail
      ctx.emit(DOCUMENT_EVENTS.jobProgress, { id, documentId, status, pagesTotal, pagesDone }, { broadcast: true })
    }
    return detail
  },
  'documents.items.list': (q, ctx) => listDocumentsWithMeta(ctx, q),
  'documents.items.get': async (input, ctx) => {
    await readableDocument(ctx, input.id)
    return getDocument(ctx, input.id)
  },
  'documents.items.rename': async (input, ctx) => {
    await manageableDocument(ctx, input.id)
    await ctx.write(async (tx) => {
      const rows: { title: string }[] = await tx.manager.query(`SELECT title FROM documents WHERE id = ?`, [input.id])
      if (!rows[0]) throw notFound('Document', { id: input.id })
      if (rows[0].title === input.title) return
      await tx.manager.query(`UPDATE documents SET title = ?, updated_at = ? WHERE id = ?`, [input.title, ctx.now().toISOString(), input.id])
      tx.audit({ entity: 'documents', entityId: input.id, before: { title: rows[0].title }, after: { title: input.title } })
    })
    return getDocument(ctx, input.id)
  },
  'documents.items.original': async (input, ctx) => {
    await readableDocument(ctx, input.id)
    return readOriginal(ctx, input.id)
  },
  'documents.pages.image': async (input, ctx) => {
    await readableDocument(ctx, input.id)
    return renderPageImage(ctx, input)
  },
  'documents.search.run': (input, ctx) => searchDocuments(ctx, input, readableWhere(ctx, 'd')),
  'documents.pages.words': async (input, ctx) => {
    await readableDocument(ctx, input.id)
    return pageWords(ctx, input)
  },
  'documents.items.searchablePdf': async (input, ctx) => {
    await readableDocument(ctx, input.id)
    return searchablePdf(ctx, input.id)
  },
  'documents.watch.get': (_input, ctx) => watchStatus(ctx),
  'documents.watch.set': (input, ctx) => setWatchFolder(ctx, input),
}
