/**
 * What the documents module syncs (see modules/sync/README.md):
 *  - documents.type: reference data owned by HQ. The default types made by the migration (created at the epoch,
 *    never edited) exist everywhere already and are not sent until HQ edits one.
 *  - documents.document: the metadata row with its tags and links, master data owned by the site that ingested it
 *    (its metadata stays editable there). Its original is a blob listed in the change (uploaded before the push,
 *    downloaded by the receiver before it applies).
 *  - documents.page (`<documentId>:<pageNo>`): a page once its text is done (text, source, confidence, rotation,
 *    OCR word boxes, the page's searchable-PDF blob), owned like its document. Applying it writes the page, its words
 *    and its full-text entry: the receiver never reads or OCRs it again. Pending pages are not sent, so a receiver
 *    holds no queue for them.
 *  Jobs (documents_jobs) and suggestion rules stay local.
 *  A document purged at its owner arrives deleted: its rows go, and once the pulled page commits, the blob files
 *  that no row here still references (blob-sweep.ts).
 */
import type { EntityManager } from 'typeorm'
import type { AppliedChange, SyncEntityDecl, SyncRecord } from '../core/backend/types'
import { pickColumns, upsertRow } from '../core/backend/sync-rows'
import { newId } from '../core/domain/ids'
import { normalizeForSearch } from './domain/arabic'
import { runningRuntime } from './runtime'

type Row = Record<string, unknown>

async function rows(manager: EntityManager, sql: string, ids: string[]): Promise<Row[]> {
  return manager.query(sql, [JSON.stringify(ids)])
}



const record = (fields: Row): SyncRecord => ({ fields, owner: null })

// --- types ---------------------------------------------------------------------------------------

const EPOCH = new Date(0).toISOString()
const TYPE_COLUMNS = ['name_fr', 'name_ar', 'name_en', 'fields', 'retention_years', 'read_roles', 'manage_roles', 'active', 'created_at', 'updated_at']

const documentType: SyncEntityDecl = {
  entity: 'documents.type',
  kind: 'master',
  owner: 'hq',
  tables: [{ table: 'documents_types', rootId: 'id' }],
  async snapshot(manager, ids) {
    const found: Row[] = await manager.query(
      `SELECT id, ${TYPE_COLUMNS.join(', ')} FROM documents_types
        WHERE id IN (SELECT value FROM json_each(?)) AND NOT (created_at = ? AND updated_at = ?)`,
      [JSON.stringify(ids), EPOCH, EPOCH],
    )
    return new Map(found.map(({ id, ...f }) => [String(id), record(f)]))
  },
  async apply(manager, change) {
    if (change.deleted) await manager.query(`DELETE FROM documents_types WHERE id = ?`, [change.id])
    else await upsertRow(manager, 'documents_types', { id: change.id }, pickColumns(change.fields, TYPE_COLUMNS))
  },
}

// --- documents -----------------------------------------------------------------------------------

const DOCUMENT_COLUMNS = [
  'title', 'original_name', 'sha256', 'size', 'format', 'mime', 'encrypted', 'page_count', 'ocr_page_count', 'langs', 'status',
  'created_at', 'created_by', 'updated_at', 'type_id', 'correspondent', 'correspondent_link', 'document_date', 'fields', 'notes',
  'legal_hold', 'trashed_at', 'trashed_by', 'version_of', 'version_no',
]

interface LinkField {
  role: string
  module: string
  entity: string
  recordId: string
  label: string
}

/** The blob files a purge from the owner leaves here go once the pulled page commits and no row still needs them. */
async function sweepAfterCommit(manager: EntityManager, sql: string, params: unknown[]): Promise<void> {
  const runtime = runningRuntime(manager.connection)
  if (!runtime) return
  const found: { sha: string | null }[] = await manager.query(sql, params)
  runtime.sweepBlobsAfterCommit(found.map((f) => f.sha).filter((sha): sha is string => typeof sha === 'string'))
}

/** Everything stored about a document here, including its pages and, after the commit, its blob files (a document removed at its owner). */
async function removeDocument(manager: EntityManager, id: string): Promise<void> {
  await sweepAfterCommit(
    manager,
    `SELECT sha256 AS sha FROM documents WHERE id = ? UNION SELECT ocr_pdf_sha256 FROM documents_pages WHERE document_id = ? AND ocr_pdf_sha256 IS NOT NULL`,
    [id, id],
  )
  const pages = `SELECT id FROM documents_pages WHERE document_id = ?`
  await manager.query(`DELETE FROM documents_fts WHERE rowid IN (${pages})`, [id])
  await manager.query(`DELETE FROM documents_words WHERE page_id IN (${pages})`, [id])
  await manager.query(`DELETE FROM documents_pages WHERE document_id = ?`, [id])
  await manager.query(`DELETE FROM documents_jobs WHERE document_id = ?`, [id])
  await manager.query(`DELETE FROM documents_tags WHERE document_id = ?`, [id])
  await manager.query(`DELETE FROM documents_links WHERE document_id = ?`, [id])
  await manager.query(`DELETE FROM documents WHERE id = ?`, [id])
}

/**
 * The same file ingested at two sites is two documents with one sha256 (UNIQUE here): the one that arrives second
 * is not stored (retrying could never help, and the pull must not stop on it); a `sync_conflicts` row says which
 * local document holds the file, refused like a fact on a used number (`#refused:`, resolvable with `keep`). Its
 * pages are skipped with it (no document row).
 */
async function refusedAsDuplicate(manager: EntityManager, change: AppliedChange): Promise<boolean> {
  const holder: { id: string }[] = await manager.query(`SELECT id FROM documents WHERE sha256 = ? AND id <> ?`, [change.fields.sha256, change.id])
  if (!holder[0]) return false
  // Each later change of the refused document is refused too, under the one open row.
  const open: unknown[] = await manager.query(`SELECT 1 FROM sync_conflicts WHERE entity = ? AND record_id = ? AND field = '#refused:sha256' AND status = 'open'`, [
    change.entity,
    change.id,
  ])
  if (open.length > 0) return true
  await manager.query(
    `INSERT INTO sync_conflicts (id, entity, record_id, field, local_value, remote_value, local_hlc, remote_hlc, winner, status, created_at)
     VALUES (?, ?, ?, '#refused:sha256', ?, ?, '', ?, 'local', 'open', ?)`,
    [
      newId(),
      change.entity,
      change.id,
      JSON.stringify({ id: holder[0].id, sha256: change.fields.sha256 }),
      JSON.stringify({ id: change.id, sha256: change.fields.sha256, title: change.fields.title ?? null, refused: 'documents.sha256 already used here: not applied' }),
      change.hlc,
      new Date().toISOString(),
    ],
  )
  return true
}

const documentRecord: SyncEntityDecl = {
  entity: 'documents.document',
  kind: 'master',
  owner: 'site',
  tables: [
    { table: 'documents', rootId: 'id' },
    { table: 'documents_tags', rootId: 'document_id' },
    { table: 'documents_links', rootId: 'document_id' },
  ],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT d.id, ${DOCUMENT_COLUMNS.map((c) => `d.${c}`).join(', ')},
         (SELECT json_group_array(tag) FROM (SELECT tag FROM documents_tags WHERE document_id = d.id ORDER BY tag)) AS tags,
         (SELECT json_group_array(json_object('role', role, 'module', module, 'entity', entity, 'recordId', record_id, 'label', label))
            FROM (SELECT * FROM documents_links WHERE document_id = d.id ORDER BY role, module, entity, record_id)) AS links
       FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map(({ id, tags, links, ...f }) => [String(id), record({ ...f, tags: JSON.parse(tags as string), links: JSON.parse(links as string) })]))
  },
  blobs: (fields) => (typeof fields.sha256 === 'string' ? [fields.sha256] : []),
  async apply(manager, change) {
    if (change.deleted) {
      await removeDocument(manager, change.id)
      return
    }
    if (await refusedAsDuplicate(manager, change)) return
    await upsertRow(manager, 'documents', { id: change.id }, pickColumns(change.fields, DOCUMENT_COLUMNS))
    const { tags, links } = change.fields
    if (Array.isArray(tags)) {
      await manager.query(`DELETE FROM documents_tags WHERE document_id = ?`, [change.id])
      for (const tag of tags) await manager.query(`INSERT INTO documents_tags (document_id, tag) VALUES (?, ?)`, [change.id, tag])
    }
    if (Array.isArray(links)) {
      await manager.query(`DELETE FROM documents_links WHERE document_id = ?`, [change.id])
      for (const l of links as LinkField[]) {
        await manager.query(`INSERT OR IGNORE INTO documents_links (document_id, role, module, entity, record_id, label) VALUES (?, ?, ?, ?, ?, ?)`, [
          change.id, l.role, l.module, l.entity, l.recordId, l.label,
        ])
      }
    }
  },
}

// --- pages ---------------------------------------------------------------------------------------

/** A word box as synced: [text, confidence, x0, y0, x1, y1]. */
type WordTuple = [string, number, number, number, number, number]

const page: SyncEntityDecl = {
  entity: 'documents.page',
  kind: 'master',
  owner: 'site',
  // The job bookkeeping of a page is this machine's own (the receiver never processes it).
  tables: [{ table: 'documents_pages', rootId: ['document_id', 'page_no'], local: ['id', 'job_id', 'attempts', 'duration_ms', 'error_code', 'error_message', 'done_at'] }],
  async snapshot(manager, ids) {
    const found = await rows(
      manager,
      `SELECT p.document_id || ':' || p.page_no AS id, p.document_id, p.page_no, p.source, p.text, p.confidence, p.rotation, p.ocr_pdf_sha256,
         (SELECT json_group_array(json_array(w.text, w.confidence, w.x0, w.y0, w.x1, w.y1)) FROM (SELECT * FROM documents_words WHERE page_id = p.id ORDER BY word_no) w) AS words
       FROM documents_pages p WHERE p.status = 'done' AND p.document_id || ':' || p.page_no IN (SELECT value FROM json_each(?))`,
      ids,
    )
    return new Map(found.map(({ id, words, ...f }) => [String(id), record({ ...f, words: JSON.parse(words as string) })]))
  },
  blobs: (fields) => (typeof fields.ocr_pdf_sha256 === 'string' ? [fields.ocr_pdf_sha256] : []),
  async apply(manager, change) {
    const cut = change.id.lastIndexOf(':')
    const documentId = change.id.slice(0, cut)
    const pageNo = Number(change.id.slice(cut + 1))
    const existing: { id: number }[] = await manager.query(`SELECT id FROM documents_pages WHERE document_id = ? AND page_no = ?`, [documentId, pageNo])
    if (change.deleted) {
      if (existing[0]) {
        await sweepAfterCommit(manager, `SELECT ocr_pdf_sha256 AS sha FROM documents_pages WHERE id = ?`, [existing[0].id])
        await manager.query(`DELETE FROM documents_fts WHERE rowid = ?`, [existing[0].id])
        await manager.query(`DELETE FROM documents_words WHERE page_id = ?`, [existing[0].id])
        await manager.query(`DELETE FROM documents_pages WHERE id = ?`, [existing[0].id])
      }
      return
    }
    // Its document was refused here (same file as a local one): so is the page.
    if ((await manager.query(`SELECT 1 FROM documents WHERE id = ?`, [documentId])).length === 0) return
    const f = change.fields
    await upsertRow(manager, 'documents_pages', { document_id: documentId, page_no: pageNo }, {
      status: 'done',
      ...pickColumns(f, ['source', 'text', 'confidence', 'rotation', 'ocr_pdf_sha256']),
    })
    const [{ id }]: { id: number }[] = await manager.query(`SELECT id FROM documents_pages WHERE document_id = ? AND page_no = ?`, [documentId, pageNo])
    if (Array.isArray(f.words)) {
      await manager.query(`DELETE FROM documents_words WHERE page_id = ?`, [id])
      let wordNo = 0
      for (const [text, confidence, x0, y0, x1, y1] of f.words as WordTuple[]) {
        await manager.query(`INSERT INTO documents_words (page_id, word_no, text, confidence, x0, y0, x1, y1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
          id, ++wordNo, text, confidence, x0, y0, x1, y1,
        ])
      }
    }
    // The same folding as the runtime's: search finds the page as it does at its owner.
    await manager.query(`DELETE FROM documents_fts WHERE rowid = ?`, [id])
    await manager.query(`INSERT INTO documents_fts (rowid, body) VALUES (?, ?)`, [id, normalizeForSearch(String(f.text ?? ''))])
  },
}

/** Declaration order = capture order: types, then documents, then their pages. */
export const documentsSync: SyncEntityDecl[] = [documentType, documentRecord, page]
