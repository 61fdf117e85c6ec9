/** Reads: document and job lists (ListQuery → Page), details, and full-text search. */
import type { z } from 'zod'
import type { CallContext } from '../core/backend/types'
import type { ListQuery, Page } from '../core/rpc'
import { runList, type ListSpec } from '../core/backend/list'
import { notFound } from '../core/backend/errors'
import {
  HIT_END,
  HIT_START,
  type DocumentDetail,
  type DocumentRow,
  type JobDetail,
  type JobPageProgress,
  type JobRow,
  type PageDetail,
  type SearchHit,
  type WordBox,
  type pageWordsInput,
  type searchInput,
} from './contract'
import { ftsQuery } from './domain/fts-query'
import { matchTerm, queryTerms, snippetOf } from './domain/hits'

type Raw = Record<string, unknown>
const str = (v: unknown) => (v === null || v === undefined ? null : String(v))
const num = (v: unknown) => Number(v ?? 0)
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export const documentsList: ListSpec<DocumentRow> = {
  from: 'documents d',
  columns: {
    id: { sql: 'd.id', type: 'text' },
    title: { sql: 'd.title', type: 'text' },
    originalName: { sql: 'd.original_name', type: 'text' },
    format: { sql: 'd.format', type: 'text' },
    mime: { sql: 'd.mime', type: 'text' },
    sha256: { sql: 'd.sha256', type: 'text' },
    size: { sql: 'd.size', type: 'number' },
    pageCount: { sql: 'd.page_count', type: 'number' },
    ocrPageCount: { sql: 'd.ocr_page_count', type: 'number' },
    status: { sql: 'd.status', type: 'text' },
    createdAt: { sql: 'd.created_at', type: 'date' },
  },
  searchable: ['title', 'originalName'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
}

const pagesOfJob = (column: string) => `(SELECT COUNT(*) FROM documents_pages p WHERE p.job_id = j.id${column})`

export const jobsList: ListSpec<JobRow> = {
  from: 'documents_jobs j JOIN documents d ON d.id = j.document_id',
  columns: {
    id: { sql: 'j.id', type: 'text' },
    documentId: { sql: 'j.document_id', type: 'text' },
    title: { sql: 'd.title', type: 'text' },
    status: { sql: 'j.status', type: 'text' },
    pagesTotal: { sql: pagesOfJob(''), type: 'number', filterable: false },
    pagesDone: { sql: pagesOfJob(` AND p.status <> 'pending'`), type: 'number', filterable: false },
    ocrPages: { sql: pagesOfJob(` AND p.source = 'ocr'`), type: 'number', filterable: false },
    errorCode: { sql: 'j.error_code', type: 'text' },
    errorMessage: { sql: 'j.error_message', type: 'text' },
    createdAt: { sql: 'j.created_at', type: 'date' },
    finishedAt: { sql: 'j.finished_at', type: 'date' },
  },
  searchable: ['title'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
  map: (r: Raw) => ({
    id: String(r.id),
    documentId: String(r.documentId),
    title: String(r.title),
    status: r.status as JobRow['status'],
    pagesTotal: num(r.pagesTotal),
    pagesDone: num(r.pagesDone),
    ocrPages: num(r.ocrPages),
    errorCode: str(r.errorCode),
    errorMessage: str(r.errorMessage),
    createdAt: String(r.createdAt),
    finishedAt: str(r.finishedAt),
  }),
}

export const listDocuments = (ctx: CallContext, q: ListQuery): Promise<Page<DocumentRow>> => runList(ctx.db.manager, documentsList, q)
export const listJobs = (ctx: CallContext, q: ListQuery): Promise<Page<JobRow>> => runList(ctx.db.manager, jobsList, q)

export async function getJob(ctx: CallContext, id: string): Promise<JobDetail> {
  const page = await runList(ctx.db.manager, jobsList, { filters: [{ id: 'id', op: 'equals', value: id }] })
  const job = page.rows[0]
  if (!job) throw notFound('Job', { id })
  const rows: Raw[] = await ctx.db.query(
    `SELECT page_no, status, source, confidence, duration_ms, error_code FROM documents_pages WHERE job_id = ? ORDER BY page_no`,
    [id],
  )
  const pages: JobPageProgress[] = rows.map((r) => ({
    pageNo: num(r.page_no),
    status: r.status as JobPageProgress['status'],
    source: str(r.source) as JobPageProgress['source'],
    confidence: numOrNull(r.confidence),
    durationMs: numOrNull(r.duration_ms),
    errorCode: str(r.error_code),
  }))
  return { ...job, pages }
}

export async function getDocument(ctx: CallContext, id: string): Promise<DocumentDetail> {
  const page = await runList(ctx.db.manager, documentsList, { filters: [{ id: 'id', op: 'equals', value: id }] })
  const row = page.rows[0]
  if (!row) throw notFound('Document', { id })
  const extra: { langs: string; encrypted: number; jobId: string | null; searchable: number }[] = await ctx.db.query(
    `SELECT langs, encrypted, (SELECT j.id FROM documents_jobs j WHERE j.document_id = d.id ORDER BY j.created_at DESC, j.id DESC LIMIT 1) AS jobId,
            EXISTS (SELECT 1 FROM documents_pages p WHERE p.document_id = d.id AND p.ocr_pdf_sha256 IS NOT NULL) AS searchable
       FROM documents d WHERE d.id = ?`,
    [id],
  )
  const rows: Raw[] = await ctx.db.query(
    `SELECT page_no, status, source, text, confidence, rotation, error_code, error_message FROM documents_pages WHERE document_id = ? ORDER BY page_no`,
    [id],
  )
  const pages: PageDetail[] = rows.map((r) => ({
    pageNo: num(r.page_no),
    status: r.status as PageDetail['status'],
    source: str(r.source) as PageDetail['source'],
    text: String(r.text ?? ''),
    confidence: numOrNull(r.confidence),
    rotation: num(r.rotation),
    errorCode: str(r.error_code),
    errorMessage: str(r.error_message),
  }))
  return {
    ...row,
    langs: extra[0].langs,
    encrypted: Boolean(extra[0].encrypted),
    jobId: extra[0].jobId,
    searchablePdf: Boolean(extra[0].searchable),
    pages,
    text: pages.map((p) => p.text).join('\f'),
  }
}

type SearchArgs = z.output<typeof searchInput>

/** Matching pages up to which hits are ranked by bm25 (beyond: newest first). */
export const RANK_LIMIT = 5000

/** SQL conditions on `d` (documents) for the search filters. */
function searchFilters(input: SearchArgs): { sql: string; params: unknown[] } {
  const where = ['d.trashed_at IS NULL']
  const params: unknown[] = []
  if (input.typeId !== undefined) {
    where.push('d.type_id = ?')
    params.push(input.typeId)
  }
  for (const tag of new Set(input.tags ?? [])) {
    where.push('EXISTS (SELECT 1 FROM documents_tags t WHERE t.document_id = COALESCE(d.version_of, d.id) AND t.tag = ?)')
    params.push(tag)
  }
  if (input.correspondent !== undefined) {
    where.push(`instr(lower(COALESCE(d.correspondent, '')), lower(?)) > 0`)
    params.push(input.correspondent)
  }
  // the document's own date when known, else the day it was added
  const day = `COALESCE(d.document_date, substr(d.created_at, 1, 10))`
  if (input.dateFrom !== undefined) {
    where.push(`${day} >= ?`)
    params.push(input.dateFrom)
  }
  if (input.dateTo !== undefined) {
    where.push(`${day} <= ?`)
    params.push(input.dateTo)
  }
  return { sql: where.join(' AND '), params }
}

/**
 * FTS5 finds and ranks the pages (it indexes the folded text); the snippet is cut from the page's original
 * text with the same folding (domain/hits.ts), so Arabic shows with its ة and harakat.
 * `access`: the caller's document-type condition on `d` (organise/access.ts `readableWhere`).
 */
export async function searchDocuments(ctx: CallContext, input: SearchArgs, access: { sql: string; params: unknown[] } = { sql: '1 = 1', params: [] }): Promise<{ hits: SearchHit[] }> {
  const match = ftsQuery(input.text)
  if (!match) return { hits: [] }
  const filters = searchFilters(input)
  // bm25 must score every matching page before the first hit shows: for a word on most pages (a company
  // name on every invoice) that is 200–400 ms over 100k pages and says little. Past RANK_LIMIT matching
  // pages, hits come newest first (FTS5 walks its rowids backwards and stops at the page of hits).
  const [{ n }]: { n: number }[] = await ctx.db.query(`SELECT COUNT(*) AS n FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ${RANK_LIMIT + 1})`, [match])
  const order = Number(n) > RANK_LIMIT ? 'documents_fts.rowid DESC' : 'rank'
  const rows: Raw[] = await ctx.db.query(
    `SELECT p.id, p.document_id AS documentId, d.title, p.page_no AS pageNo, bm25(documents_fts) AS rank
       FROM documents_fts
       JOIN documents_pages p ON p.id = documents_fts.rowid
       JOIN documents d ON d.id = p.document_id
      WHERE documents_fts MATCH ? AND ${filters.sql} AND ${access.sql}
      ORDER BY ${order}
      LIMIT ? OFFSET ?`,
    [match, ...filters.params, ...access.params, input.limit, input.offset],
  )
  // texts of the shown hits only (the sorter above never carries whole pages)
  const texts = new Map<number, string>()
  if (rows.length) {
    const found: { id: number; text: string }[] = await ctx.db.query(`SELECT id, text FROM documents_pages WHERE id IN (${rows.map(() => '?').join(',')})`, rows.map((r) => r.id))
    for (const row of found) texts.set(Number(row.id), row.text)
  }
  const terms = queryTerms(input.text)
  return {
    hits: rows.map((r) => ({
      documentId: String(r.documentId),
      title: String(r.title),
      pageNo: num(r.pageNo),
      snippet: snippetOf(texts.get(num(r.id)) ?? '', terms, { open: HIT_START, close: HIT_END, tokens: 16 }),
      // bm25 is lower-is-better and negative; flip it so higher means more relevant
      score: Math.round(-num(r.rank) * 1000) / 1000,
    })),
  }
}

/** The OCR word boxes of one page that match the query (all of them for an empty query). */
export async function pageWords(ctx: CallContext, input: z.output<typeof pageWordsInput>): Promise<{ words: WordBox[] }> {
  const pages: { id: number }[] = await ctx.db.query(`SELECT id FROM documents_pages WHERE document_id = ? AND page_no = ?`, [input.id, input.pageNo])
  if (!pages[0]) throw notFound('Page', { id: input.id, pageNo: input.pageNo })
  const rows: WordBox[] = await ctx.db.query(`SELECT text, confidence, x0, y0, x1, y1 FROM documents_words WHERE page_id = ? ORDER BY word_no`, [pages[0].id])
  const terms = queryTerms(input.text)
  const words = terms.length ? rows.filter((w) => matchTerm(w.text, terms) >= 0) : rows
  return { words: words.map((w) => ({ text: w.text, confidence: Number(w.confidence), x0: Number(w.x0), y0: Number(w.y0), x1: Number(w.x1), y1: Number(w.y1) })) }
}
