/**
 * The job runner: takes `pending` pages of open jobs from the tables, gets their text (PDF text layer,
 * else OCR in the pool) and stores it page by page, so a restart resumes exactly where it stopped.
 * Started by the manifest's `start` hook; one runtime per backend (keyed by its DataSource).
 */
import os from 'node:os'
import { AsyncResource } from 'node:async_hooks'
import type { DataSource } from 'typeorm'
import type { BackgroundEnv, WriteTx } from '../core/backend/types'
import { createBlobStore, type BlobStore } from '../core/backend/blob-store'
import { AppError, isAppError } from '../core/backend/errors'
import { DOCUMENT_ERROR_CODES as E, DOCUMENT_EVENTS, type JobProgress } from './contract'
import { ensureLangData } from './lang-data'
import { OcrPool, type OcrWord } from './ocr-pool'
import { openPageSource, type PageSource } from './page-source'
import { normalizeForSearch } from './domain/arabic'
import { FolderWatcher } from './watch-folder'
import { deleteUnreferencedBlobs } from './blob-sweep'

export interface RuntimeOptions {
  /** OCR workers (default: GUICHET_OCR_WORKERS, else one per core). */
  poolSize: number
  /** Per-page OCR timeout (default: GUICHET_OCR_PAGE_TIMEOUT_MS, else 120 s). */
  pageTimeoutMs: number
  /**
   * Keep a searchable PDF of each OCR page (GUICHET_OCR_SEARCHABLE_PDF=1; off by default: tesseract's PDF
   * output costs ~5 % of a page's OCR time and a blob holding the page image again).
   */
  searchablePdf: boolean
}

export function runtimeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const workers = Number(env.GUICHET_OCR_WORKERS)
  const timeout = Number(env.GUICHET_OCR_PAGE_TIMEOUT_MS)
  return {
    poolSize: Number.isInteger(workers) && workers > 0 ? workers : os.availableParallelism(),
    pageTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 120_000,
    searchablePdf: env.GUICHET_OCR_SEARCHABLE_PDF === '1',
  }
}

interface PendingPage {
  id: number
  documentId: string
  pageNo: number
  jobId: string
  langs: string
  sha256: string
}

const WORDS_PER_INSERT = 100

async function replaceWords(tx: WriteTx, pageId: number, words: OcrWord[]): Promise<void> {
  await tx.manager.query(`DELETE FROM documents_words WHERE page_id = ?`, [pageId])
  for (let from = 0; from < words.length; from += WORDS_PER_INSERT) {
    const chunk = words.slice(from, from + WORDS_PER_INSERT)
    await tx.manager.query(
      `INSERT INTO documents_words (page_id, word_no, text, confidence, x0, y0, x1, y1) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((w, i) => [pageId, from + i + 1, w.text, w.confidence, w.x0, w.y0, w.x1, w.y1]),
    )
  }
}

const runtimes = new Map<DataSource, DocumentsRuntime>()

/** The runtime when the module's service runs on this database (not in every process, e.g. a bare sync test). */
export function runningRuntime(db: DataSource): DocumentsRuntime | null {
  return runtimes.get(db) ?? null
}

export function runtimeOf(db: DataSource): DocumentsRuntime {
  const runtime = runtimes.get(db)
  if (!runtime) throw new AppError('INTERNAL', 'The documents service is not running')
  return runtime
}

// Runner work must never start inside the async context of a write transaction (it would join it):
// this function is bound to the context of module load, where no transaction exists.
const detached = AsyncResource.bind((fn: () => void) => fn())

export class DocumentsRuntime {
  private readonly blobs: BlobStore
  private pool: OcrPool | null = null
  private readonly sources = new Map<string, Promise<PageSource>>()
  private readonly passwords = new Map<string, string>()
  private readonly inFlight = new Map<number, { jobId: string; abort: AbortController; done: Promise<void> }>()
  /** CLI mode: only jobs queued by this process run. */
  private readonly ownJobs = new Set<string>()
  private readonly waiters = new Map<string, (() => void)[]>()
  /** The site's watched folder (background backends only). */
  watcher: FolderWatcher | null = null
  watcherReady: Promise<void> = Promise.resolve()
  private loopRunning = false
  private again = false
  private stopped = false

  constructor(
    private readonly env: BackgroundEnv,
    private readonly opts: RuntimeOptions,
  ) {
    this.blobs = createBlobStore(env.dataDir)
  }

  static start(env: BackgroundEnv, opts = runtimeOptionsFromEnv()): { stop(): Promise<void> } {
    const runtime = new DocumentsRuntime(env, opts)
    runtimes.set(env.db, runtime)
    if (env.background) {
      runtime.kick()
      runtime.watcher = new FolderWatcher(env, runtime)
      runtime.watcherReady = runtime.watcher.reload().catch((error) => console.error('[guichet] documents: the watched folder did not start:', error))
    }
    return {
      stop: async () => {
        runtimes.delete(env.db)
        await runtime.watcherReady
        await runtime.watcher?.close()
        await runtime.stop()
      },
    }
  }

  get dataDir(): string {
    return this.env.dataDir
  }

  get blobStore(): BlobStore {
    return this.blobs
  }

  /**
   * Once the current write commits, delete the blob files of `shas` that no row references any more (nothing
   * when it rolls back: the rows still point to them). Outside a write, at once.
   */
  sweepBlobsAfterCommit(shas: string[]): void {
    if (shas.length === 0) return
    this.env.writes.afterCommit(() => {
      this.blobSweeps = this.blobSweeps.then(async (deleted) => {
        try {
          return [...deleted, ...(await deleteUnreferencedBlobs(this.env.db, this.blobs, shas))]
        } catch (error) {
          console.error('[guichet] documents: deleting blobs of destroyed documents failed:', error)
          return deleted
        }
      })
    })
  }

  /** The blob sweeps in turn; resolves to every sha256 deleted so far (tests wait for it). */
  blobSweeps: Promise<string[]> = Promise.resolve([])

  /** Queue work for a job (after its rows are committed); the password stays in memory only. */
  enqueue(jobId: string, documentId: string, password?: string): void {
    if (password !== undefined) this.passwords.set(documentId, password)
    this.ownJobs.add(jobId)
    this.kick()
  }

  kick(): void {
    if (this.stopped) return
    if (this.loopRunning) {
      this.again = true
      return
    }
    this.loopRunning = true
    detached(() => {
      void this.loop().finally(() => {
        this.loopRunning = false
      })
    })
  }

  /** Resolves when the job is no longer queued or running. */
  async waitForJob(jobId: string): Promise<void> {
    for (;;) {
      const rows: { status: string }[] = await this.env.db.query(`SELECT status FROM documents_jobs WHERE id = ?`, [jobId])
      if (!rows[0] || !['queued', 'running'].includes(rows[0].status)) return
      await new Promise<void>((resolve) => {
        const list = this.waiters.get(jobId) ?? []
        list.push(resolve)
        this.waiters.set(jobId, list)
        setTimeout(resolve, 1000).unref()
      })
    }
  }

  private wake(jobId: string): void {
    for (const resolve of this.waiters.get(jobId) ?? []) resolve()
    this.waiters.delete(jobId)
  }

  private poolOf(): OcrPool {
    this.pool ??= new OcrPool({ langPath: ensureLangData(this.env.dataDir), size: this.opts.poolSize, pageTimeoutMs: this.opts.pageTimeoutMs })
    return this.pool
  }

  private async nextPages(limit: number): Promise<PendingPage[]> {
    const busy = [...this.inFlight.keys()]
    const own = this.env.background ? null : [...this.ownJobs]
    if (own && own.length === 0) return []
    const rows: PendingPage[] = await this.env.db.query(
      `SELECT p.id, p.document_id AS documentId, p.page_no AS pageNo, p.job_id AS jobId, j.langs, d.sha256
         FROM documents_pages p
         JOIN documents_jobs j ON j.id = p.job_id
         JOIN documents d ON d.id = p.document_id
        WHERE p.status = 'pending' AND j.status IN ('queued', 'running')
          ${busy.length ? `AND p.id NOT IN (${busy.map(() => '?').join(',')})` : ''}
          ${own ? `AND j.id IN (${own.map(() => '?').join(',')})` : ''}
        ORDER BY j.created_at, j.id, p.page_no
        LIMIT ?`,
      [...busy, ...(own ?? []), limit],
    )
    return rows
  }

  private async loop(): Promise<void> {
    const slots = () => (this.pool?.size ?? this.opts.poolSize) + 1 // one extra keeps text-layer pages flowing
    while (!this.stopped) {
      this.again = false
      const free = slots() - this.inFlight.size
      const pages = free > 0 ? await this.nextPages(free) : []
      for (const page of pages) {
        const abort = new AbortController()
        const done = this.processPage(page, abort.signal).finally(() => this.inFlight.delete(page.id))
        this.inFlight.set(page.id, { jobId: page.jobId, abort, done })
      }
      if (this.inFlight.size === 0) {
        if (this.again) continue
        return
      }
      await Promise.race([...this.inFlight.values()].map((f) => f.done))
    }
  }

  private source(page: PendingPage): Promise<PageSource> {
    let source = this.sources.get(page.documentId)
    if (!source) {
      source = this.blobs.read(page.sha256).then((bytes) => openPageSource(bytes, this.passwords.get(page.documentId)))
      source.catch(() => this.sources.delete(page.documentId))
      this.sources.set(page.documentId, source)
    }
    return source
  }

  private write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.env.writes.run({ actor: { userId: null, username: 'documents-ocr' }, method: 'documents.ocr', now: () => this.env.now() }, fn)
  }

  private async processPage(page: PendingPage, signal: AbortSignal): Promise<void> {
    const started = Date.now()
    try {
      await this.write(async (tx) => {
        await tx.manager.query(`UPDATE documents_pages SET attempts = attempts + 1 WHERE id = ?`, [page.id])
        await tx.manager.query(`UPDATE documents_jobs SET status = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'queued'`, [
          this.env.now().toISOString(),
          page.jobId,
        ])
      })
      const source = await this.source(page)
      let text = await source.textLayer(page.pageNo)
      let result: { source: 'text' | 'ocr'; confidence: number | null; rotation: number; words: OcrWord[]; pdfSha: string | null }
      if (text !== null) {
        result = { source: 'text', confidence: null, rotation: 0, words: [], pdfSha: null }
      } else {
        const image = await source.image(page.pageNo)
        if (signal.aborted || this.stopped) return
        const ocr = await this.poolOf().recognize(image.png, { langs: page.langs, dpi: image.dpi, signal, pdf: this.opts.searchablePdf })
        text = ocr.text.trim()
        const pdfSha = ocr.pdf ? await this.blobs.put(ocr.pdf) : null
        result = { source: 'ocr', confidence: ocr.confidence, rotation: ocr.rotation, words: ocr.words, pdfSha }
      }
      if (this.stopped) return
      const body: string = text
      await this.write(async (tx) => {
        await tx.manager.query(
          `UPDATE documents_pages SET status = 'done', source = ?, text = ?, confidence = ?, rotation = ?, duration_ms = ?, done_at = ?,
                  error_code = NULL, error_message = NULL, ocr_pdf_sha256 = ?
            WHERE id = ? AND status = 'pending'`,
          [result.source, body, result.confidence, result.rotation, Date.now() - started, this.env.now().toISOString(), result.pdfSha, page.id],
        )
        await replaceWords(tx, page.id, result.words)
        await tx.manager.query(`DELETE FROM documents_fts WHERE rowid = ?`, [page.id])
        await tx.manager.query(`INSERT INTO documents_fts (rowid, body) VALUES (?, ?)`, [page.id, normalizeForSearch(body)])
      })
    } catch (error) {
      if (this.stopped) return // closing: the page stays pending and is redone after the restart
      const code = isAppError(error) ? error.code : E.ocrFailed
      if (code === 'CANCELLED') return
      const message = error instanceof Error ? error.message : String(error)
      if (code === E.pdfPassword || code === E.corrupt || code === 'BLOB_CORRUPT' || code === 'NOT_FOUND') {
        // the whole document is unreadable: stop its job, leave its pages pending for a retry
        await this.finishJob(page.jobId, page.documentId, { code, message })
        return
      }
      if (code === E.ocrFailed) await this.closeSource(page.documentId) // a dead PDF thread: the next page reopens the file
      await this.write(async (tx) => {
        await tx.manager.query(
          `UPDATE documents_pages SET status = 'failed', error_code = ?, error_message = ?, duration_ms = ? WHERE id = ? AND status = 'pending'`,
          [code, message.slice(0, 500), Date.now() - started, page.id],
        )
      })
    }
    await this.afterPage(page.jobId, page.documentId)
  }

  /** Closes the job when no page is pending any more, and tells the UI how far it got. */
  private async afterPage(jobId: string, documentId: string): Promise<void> {
    if (this.stopped) return
    const [counts]: { pending: number; failed: number }[] = await this.env.db.query(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed FROM documents_pages WHERE job_id = ?`,
      [jobId],
    )
    if (Number(counts.pending) === 0) {
      const failed = Number(counts.failed)
      await this.finishJob(jobId, documentId, failed > 0 ? { code: E.ocrFailed, message: `${failed} page(s) could not be read` } : null)
    } else {
      await this.progress(jobId)
    }
  }

  private async finishJob(jobId: string, documentId: string, error: { code: string; message: string } | null): Promise<void> {
    await this.write(async (tx) => {
      const now = this.env.now().toISOString()
      await tx.manager.query(
        `UPDATE documents_jobs SET status = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
        [error ? 'failed' : 'done', error?.code ?? null, error?.message.slice(0, 500) ?? null, now, jobId],
      )
      await tx.manager.query(
        `UPDATE documents SET status = ?, updated_at = ?,
                ocr_page_count = (SELECT COUNT(*) FROM documents_pages WHERE document_id = ? AND source = 'ocr')
          WHERE id = ?`,
        [error ? 'failed' : 'ready', now, documentId, documentId],
      )
    })
    await this.closeSource(documentId)
    this.passwords.delete(documentId)
    await this.progress(jobId)
    this.wake(jobId)
  }

  private async closeSource(documentId: string): Promise<void> {
    const source = this.sources.get(documentId)
    this.sources.delete(documentId)
    if (source) await source.then((s) => s.close()).catch(() => undefined)
  }

  private async progress(jobId: string): Promise<void> {
    const rows: JobProgress[] = await this.env.db.query(
      `SELECT j.id, j.document_id AS documentId, j.status,
              (SELECT COUNT(*) FROM documents_pages p WHERE p.job_id = j.id) AS pagesTotal,
              (SELECT COUNT(*) FROM documents_pages p WHERE p.job_id = j.id AND p.status <> 'pending') AS pagesDone
         FROM documents_jobs j WHERE j.id = ?`,
      [jobId],
    )
    if (rows[0]) this.env.emit(DOCUMENT_EVENTS.jobProgress, { ...rows[0], pagesTotal: Number(rows[0].pagesTotal), pagesDone: Number(rows[0].pagesDone) }, { broadcast: true })
  }

  /** After `documents.jobs.cancel` marked the job: stops its pages in progress and tells the UI. */
  abortJob(jobId: string, documentId: string): void {
    for (const flight of this.inFlight.values()) if (flight.jobId === jobId) flight.abort.abort()
    this.passwords.delete(documentId)
    void this.closeSource(documentId)
    this.wake(jobId)
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const flight of this.inFlight.values()) flight.abort.abort()
    await this.pool?.close()
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.done))
    await Promise.allSettled([...this.sources.keys()].map((id) => this.closeSource(id)))
    for (const jobId of [...this.waiters.keys()]) this.wake(jobId)
  }
}
