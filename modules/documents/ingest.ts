/**
 * Ingestion: read the bytes, refuse what cannot be read (with a stable code), keep the original in the
 * content-addressed blob store, create the document with one pending page per page, queue the job.
 * Files of a batch are independent: one failure becomes that file's result, never the batch's.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import type { CallContext } from '../core/backend/types'
import { sha256Hex } from '../core/backend/blob-store'
import { AppError, isAppError } from '../core/backend/errors'
import { newId } from '../core/domain/ids'
import { DOCUMENT_ERROR_CODES as E, MAX_DOCUMENT_BYTES, type IngestResult, type ingestFileSchema, type ingestInput } from './contract'
import { MIME_OF } from './domain/formats'
import { openPageSource } from './page-source'
import { runtimeOf, type DocumentsRuntime } from './runtime'

type IngestArgs = z.output<typeof ingestInput>
type IngestFile = z.output<typeof ingestFileSchema>
/** What ingestion needs of a call: the dispatcher's context, or the watched folder's background one. */
export type IngestContext = Pick<CallContext, 'db' | 'write' | 'now' | 'session'>

/** Folder (under the data folder) from which files may be ingested by path. */
export const inboxDir = (dataDir: string) => path.join(dataDir, 'inbox')

const tooLarge = () => new AppError(E.tooLarge, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`, { maxBytes: MAX_DOCUMENT_BYTES })

async function bytesOf(dataDir: string, file: IngestFile): Promise<Buffer> {
  if (file.dataBase64 !== undefined) return Buffer.from(file.dataBase64, 'base64')
  const root = path.resolve(inboxDir(dataDir))
  const target = path.resolve(root, file.inboxPath ?? '')
  if (!target.startsWith(root + path.sep)) throw new AppError('VALIDATION', 'The path must be inside the inbox folder', [{ path: ['inboxPath'], message: 'outside the inbox' }])
  let real: string
  try {
    real = await fs.realpath(target)
  } catch {
    throw new AppError('NOT_FOUND', `No file ${file.inboxPath} in the inbox`)
  }
  if (!real.startsWith((await fs.realpath(root)) + path.sep)) throw new AppError('VALIDATION', 'The path must be inside the inbox folder')
  const stat = await fs.stat(real)
  if (!stat.isFile()) throw new AppError('VALIDATION', `${file.inboxPath} is not a file`)
  if (stat.size > MAX_DOCUMENT_BYTES) throw tooLarge()
  return fs.readFile(real)
}

interface Existing {
  id: string
  status: string
  jobId: string | null
}

async function findBySha(ctx: IngestContext, sha256: string): Promise<Existing | null> {
  const rows: Existing[] = await ctx.db.query(
    `SELECT d.id, d.status, (SELECT j.id FROM documents_jobs j WHERE j.document_id = d.id ORDER BY j.created_at DESC, j.id DESC LIMIT 1) AS jobId
       FROM documents d WHERE d.sha256 = ?`,
    [sha256],
  )
  return rows[0] ?? null
}

const duplicate = (documentId: string) => new AppError(E.duplicate, 'This file is already in the documents', { documentId })

async function ingestOne(ctx: IngestContext, runtime: DocumentsRuntime, file: IngestFile, args: IngestArgs): Promise<IngestResult> {
  return ingestBytes(ctx, runtime, { name: file.name, title: file.title, bytes: await bytesOf(runtime.dataDir, file) }, args)
}

/** Stores one file's bytes and queues its job; throws AppError (DUPLICATE, PDF_PASSWORD, CORRUPT_FILE…). */
export async function ingestBytes(
  ctx: IngestContext,
  runtime: DocumentsRuntime,
  file: { name: string; title?: string; bytes: Buffer },
  args: { langs: string; password?: string },
): Promise<IngestResult & { ok: true }> {
  const { bytes } = file
  if (bytes.length > MAX_DOCUMENT_BYTES) throw tooLarge()
  const sha256 = sha256Hex(bytes)
  const existing = await findBySha(ctx, sha256)
  if (existing && (existing.status === 'ready' || existing.status === 'processing' || !existing.jobId)) throw duplicate(existing.id)

  // Reading the file now refuses it before anything is stored (wrong password, corrupt, unknown).
  const source = await openPageSource(bytes, args.password)
  const { pageCount, format, encrypted } = source
  await source.close()
  const result = { file: file.name, ok: true as const, sha256, format, pages: pageCount }

  if (existing?.jobId) {
    // A document that stopped (cancelled, failed, or waiting for its password): resume it.
    const jobId = existing.jobId
    await ctx.write(async (tx) => {
      const now = ctx.now().toISOString()
      await tx.manager.query(`UPDATE documents_pages SET status = 'pending', error_code = NULL, error_message = NULL WHERE job_id = ? AND status IN ('pending', 'failed', 'cancelled')`, [jobId])
      await tx.manager.query(`UPDATE documents_jobs SET status = 'queued', error_code = NULL, error_message = NULL, finished_at = NULL, langs = ? WHERE id = ?`, [args.langs, jobId])
      await tx.manager.query(`UPDATE documents SET status = 'processing', updated_at = ? WHERE id = ?`, [now, existing.id])
      tx.audit({ action: 'documents.files.resume', entity: 'documents', entityId: existing.id, after: { jobId } })
    })
    runtime.enqueue(jobId, existing.id, args.password)
    return { ...result, documentId: existing.id, jobId }
  }

  await runtime.blobStore.put(bytes)
  const documentId = newId()
  const jobId = newId()
  const title = file.title ?? file.name
  await ctx.write(async (tx) => {
    const again: unknown[] = await tx.manager.query(`SELECT id FROM documents WHERE sha256 = ?`, [sha256])
    if (again.length) throw duplicate((again[0] as { id: string }).id) // a concurrent ingest of the same bytes won
    const now = ctx.now().toISOString()
    await tx.manager.query(
      `INSERT INTO documents (id, title, original_name, sha256, size, format, mime, encrypted, page_count, langs, status, created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'processing', ?, ?, ?)`,
      [documentId, title, file.name, sha256, bytes.length, format, MIME_OF[format], encrypted ? 1 : 0, pageCount, args.langs, now, ctx.session?.user.id ?? null, now],
    )
    await tx.manager.query(`INSERT INTO documents_jobs (id, document_id, status, langs, created_at) VALUES (?, ?, 'queued', ?, ?)`, [jobId, documentId, args.langs, now])
    const insertPage = `INSERT INTO documents_pages (document_id, page_no, job_id, status) VALUES (?, ?, ?, 'pending')`
    for (let pageNo = 1; pageNo <= pageCount; pageNo++) await tx.manager.query(insertPage, [documentId, pageNo, jobId])
    tx.audit({ entity: 'documents', entityId: documentId, after: { title, originalName: file.name, sha256, size: bytes.length, format, pages: pageCount } })
  })
  runtime.enqueue(jobId, documentId, args.password)
  return { ...result, documentId, jobId }
}

/** An ingest failure as a result line (unexpected errors are logged and reported as INTERNAL). */
export function failedResult(name: string, error: unknown): IngestResult & { ok: false } {
  if (isAppError(error)) return { file: name, ok: false, error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } }
  console.error(`[guichet] documents: ingesting ${name} failed:`, error)
  return { file: name, ok: false, error: { code: 'INTERNAL', message: 'An internal error occurred' } }
}

export async function ingestFiles(ctx: IngestContext, args: IngestArgs): Promise<{ results: IngestResult[] }> {
  const runtime = runtimeOf(ctx.db)
  const results: IngestResult[] = []
  for (const file of args.files) {
    try {
      results.push(await ingestOne(ctx, runtime, file, args))
    } catch (error) {
      results.push(failedResult(file.name, error))
    }
  }
  return { results }
}
