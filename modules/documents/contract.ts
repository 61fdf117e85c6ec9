/**
 * Documents (EDM): ingestion with OCR, the job queue, documents and their pages, full-text search.
 * Types and zod only: the documents UI and other modules import this file.
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { ORGANISE_PERMISSIONS, organiseMethods, type DocumentListRow } from './organise-contract'

export * from './organise-contract'

export const DOCUMENT_PERMISSIONS = {
  read: 'documents.read',
  ingest: 'documents.ingest',
  manage: 'documents.manage',
  ...ORGANISE_PERMISSIONS,
} as const

/** Module error codes (the UI translates `errors.<CODE>`); generic ones (VALIDATION, NOT_FOUND…) also occur. */
export const DOCUMENT_ERROR_CODES = {
  /** The PDF is encrypted and no (or a wrong) password was given. details: { wrongPassword: boolean } */
  pdfPassword: 'PDF_PASSWORD',
  /** The file claims a known format but cannot be read. */
  corrupt: 'CORRUPT_FILE',
  /** Not a format Guichet reads (by content, not by name). */
  unsupported: 'UNSUPPORTED_FORMAT',
  /** The same bytes are already a document. details: { documentId } */
  duplicate: 'DUPLICATE',
  /** details: { maxBytes } */
  tooLarge: 'FILE_TOO_LARGE',
  /** A page took longer than the per-page OCR timeout. */
  ocrTimeout: 'OCR_TIMEOUT',
  ocrFailed: 'OCR_FAILED',
} as const

export const DOCUMENT_EVENTS = {
  /** payload: JobProgress, broadcast */
  jobProgress: 'documents.job.progress',
} as const

/** Largest original accepted (decoded bytes). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
export const OCR_LANGUAGES = ['ara', 'fra', 'eng'] as const
/** Order matters to tesseract (the first language leads): Arabic first reads both scripts best here. */
export const DEFAULT_OCR_LANGS = 'ara+fra+eng'
/** Markers around a hit inside a search snippet (control characters never present in stored text). */
export const HIT_START = '\u0002'
export const HIT_END = '\u0003'

export const DOCUMENT_STATUSES = ['processing', 'ready', 'failed', 'cancelled'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]
export const PAGE_STATUSES = ['pending', 'done', 'failed', 'cancelled'] as const
export type PageStatus = (typeof PAGE_STATUSES)[number]
/** How a page's text was obtained: the PDF's own text layer, or OCR of the rendered page / image. */
export type PageSource = 'text' | 'ocr'

// ---------------------------------------------------------------------------------------------
// Rows and DTOs

export interface DocumentRow {
  id: string
  title: string
  originalName: string
  format: string
  mime: string
  sha256: string
  size: number
  pageCount: number
  ocrPageCount: number
  status: DocumentStatus
  createdAt: string
}

export interface PageDetail {
  pageNo: number
  status: PageStatus
  source: PageSource | null
  text: string
  /** Mean OCR word confidence 0–100; null for text-layer pages. */
  confidence: number | null
  /** Clockwise degrees applied before OCR to make the page upright. */
  rotation: number
  errorCode: string | null
  errorMessage: string | null
}

export interface DocumentDetail extends DocumentRow {
  langs: string
  encrypted: boolean
  pages: PageDetail[]
  /** Pages' text in reading order, separated by form feeds. */
  text: string
  jobId: string | null
  /** A searchable PDF can be downloaded (some OCR page kept tesseract's PDF; see GUICHET_OCR_SEARCHABLE_PDF). */
  searchablePdf: boolean
}

export interface JobRow {
  id: string
  documentId: string
  title: string
  status: JobStatus
  pagesTotal: number
  pagesDone: number
  ocrPages: number
  errorCode: string | null
  errorMessage: string | null
  createdAt: string
  finishedAt: string | null
}

export interface JobPageProgress {
  pageNo: number
  status: PageStatus
  source: PageSource | null
  confidence: number | null
  durationMs: number | null
  errorCode: string | null
}

export interface JobDetail extends JobRow {
  pages: JobPageProgress[]
}

export type JobProgress = Pick<JobRow, 'id' | 'documentId' | 'status' | 'pagesTotal' | 'pagesDone'>

export type IngestResult =
  | { file: string; ok: true; documentId: string; jobId: string; sha256: string; format: string; pages: number }
  | { file: string; ok: false; error: { code: string; message: string; details?: unknown } }

export interface SearchHit {
  documentId: string
  title: string
  pageNo: number
  /** Text around the hits, each hit between HIT_START and HIT_END. */
  snippet: string
  /** Higher is better. */
  score: number
}

/** An OCR word's box in fractions (0–1) of the upright page image (what `documents.pages.image` shows). */
export interface WordBox {
  text: string
  confidence: number
  x0: number
  y0: number
  x1: number
  y1: number
}

export interface WatchFolder {
  enabled: boolean
  /** As set (null = default). */
  path: string | null
  /** The folder actually watched. */
  resolvedPath: string
  langs: string
  /** Whether the watcher is running now. */
  running: boolean
}

/** The original file, byte for byte (verified against its sha256 when read). */
export interface DocumentOriginal {
  filename: string
  mime: string
  sha256: string
  base64: string
}

/** One page of an image document as an upright PNG (the page's rotation applied), for the viewer. */
export interface PageImage {
  mime: 'image/png'
  base64: string
  width: number
  height: number
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().min(1).max(64)
const byId = z.object({ id }).strict()
const listInput = listQuerySchema.strict()

export const ocrLangs = z
  .string()
  .regex(/^(ara|fra|eng)(\+(ara|fra|eng)){0,2}$/, 'languages among ara, fra, eng joined by +')
  .refine((s) => new Set(s.split('+')).size === s.split('+').length, 'a language appears twice')

// base64 length of MAX_DOCUMENT_BYTES, rounded up
const MAX_BASE64 = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4

export const ingestFileSchema = z
  .object({
    /** Shown as the original name; the title defaults to it. */
    name: z.string().trim().min(1).max(255),
    /** The file's bytes. */
    dataBase64: z.string().max(MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64').optional(),
    /** Or a file inside `<dataDir>/inbox/` (relative to it). */
    inboxPath: z.string().min(1).max(1000).optional(),
    title: z.string().trim().min(1).max(300).optional(),
  })
  .strict()
  .refine((f) => (f.dataBase64 === undefined) !== (f.inboxPath === undefined), 'give exactly one of dataBase64, inboxPath')

export const ingestInput = z
  .object({
    files: z.array(ingestFileSchema).min(1).max(50),
    langs: ocrLangs.default(DEFAULT_OCR_LANGS),
    /** For encrypted PDFs; also resumes a document that stopped for want of it. */
    password: z.string().min(1).max(256).optional(),
  })
  .strict()
export type IngestInput = z.input<typeof ingestInput>

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')

export const searchInput = z
  .object({
    text: z.string().max(200),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
    /** Filters (all optional, combined with AND): a document type id, tags (the document has them all), */
    typeId: z.string().min(1).max(64).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
    /** the correspondent contains this text (case-insensitive), */
    correspondent: z.string().trim().min(1).max(200).optional(),
    /** the document date (else the day it was added) within [dateFrom, dateTo], YYYY-MM-DD. */
    dateFrom: isoDay.optional(),
    dateTo: isoDay.optional(),
  })
  .strict()

export const pageWordsInput = z.object({ id, pageNo: z.number().int().min(1).max(100_000), text: z.string().max(200) }).strict()

/** Where scanners drop files: ingested when their size stops changing, then moved to `done/` or `failed/`. */
export const watchFolderSchema = z
  .object({
    enabled: z.boolean(),
    /** Absolute path; null → `<dataDir>/inbox`. */
    path: z.string().trim().min(1).max(1000).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path').nullable(),
    langs: ocrLangs.default(DEFAULT_OCR_LANGS),
  })
  .strict()

export const pageImageInput = z
  .object({
    id,
    pageNo: z.number().int().min(1).max(100_000),
    /** The PNG is scaled down to this width (never up). */
    maxWidth: z.number().int().min(64).max(4000).default(1600),
    /** For an encrypted PDF. */
    password: z.string().min(1).max(256).optional(),
  })
  .strict()

export const renameInput = z.object({ id, title: z.string().trim().min(1).max(300) }).strict()

export const documentMethods = {
  ...organiseMethods,
  /** Store the originals and queue their text extraction / OCR. One result per file, in order: a bad file never stops the others. */
  'documents.files.ingest': method<{ results: IngestResult[] }>()({ input: ingestInput, permission: DOCUMENT_PERMISSIONS.ingest }),
  /** Columns: id, documentId, title, status, pagesTotal, pagesDone, ocrPages, errorCode, errorMessage, createdAt, finishedAt. */
  'documents.jobs.list': method<Page<JobRow>>()({ input: listInput, permission: DOCUMENT_PERMISSIONS.read, list: true }),
  'documents.jobs.get': method<JobDetail>()({ input: byId, permission: DOCUMENT_PERMISSIONS.read }),
  /** Stops a queued or running job: pages not yet done are marked cancelled; done pages are kept. */
  'documents.jobs.cancel': method<JobDetail>()({ input: byId, permission: DOCUMENT_PERMISSIONS.ingest, write: true }),
  /** Columns: id, title, originalName, format, mime, sha256, size, pageCount, ocrPageCount, status, createdAt. */
  'documents.items.list': method<Page<DocumentListRow>>()({ input: listInput, permission: DOCUMENT_PERMISSIONS.read, list: true }),
  'documents.items.get': method<DocumentDetail>()({ input: byId, permission: DOCUMENT_PERMISSIONS.read }),
  /** Full-text search over every page: French accent- and case-insensitive, Arabic letter forms folded. */
  /** Changes the title shown in lists and search (the original's name stays). */
  'documents.items.rename': method<DocumentDetail>()({ input: renameInput, permission: DOCUMENT_PERMISSIONS.manage, write: true }),
  /** The original bytes, for download and the PDF viewer. */
  'documents.items.original': method<DocumentOriginal>()({ input: byId, permission: DOCUMENT_PERMISSIONS.read }),
  /** A page rendered as an upright PNG: what the viewer shows for TIFF and other images browsers do not all read. */
  'documents.pages.image': method<PageImage>()({ input: pageImageInput, permission: DOCUMENT_PERMISSIONS.read }),
  'documents.search.run': method<{ hits: SearchHit[] }>()({ input: searchInput, permission: DOCUMENT_PERMISSIONS.read }),
  /** OCR word boxes of a page that match a search (folded like the index): the viewer draws them over the image. */
  'documents.pages.words': method<{ words: WordBox[] }>()({ input: pageWordsInput, permission: DOCUMENT_PERMISSIONS.read }),
  /** The scanned pages with an invisible text layer (text-layer PDF pages as they are), one PDF. */
  'documents.items.searchablePdf': method<DocumentOriginal>()({ input: byId, permission: DOCUMENT_PERMISSIONS.read }),
  'documents.watch.get': method<WatchFolder>()({ input: z.object({}).strict(), permission: DOCUMENT_PERMISSIONS.manage }),
  /** Changes the watched folder (takes effect at once). */
  'documents.watch.set': method<WatchFolder>()({ input: watchFolderSchema, permission: DOCUMENT_PERMISSIONS.manage, write: true }),
}

export type DocumentsContract = ContractOf<typeof documentMethods>
