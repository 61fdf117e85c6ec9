import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Documents, their pages (text + OCR results) and the job queue. The queue is these tables: a page is
 * `pending` until its text is stored, so a restart picks up exactly the pages not done.
 * `documents_fts` indexes each page's text after `normalizeForSearch` (rowid = documents_pages.id).
 */
export class DocumentsSchema1768435200000 implements MigrationInterface {
  name = 'DocumentsSchema1768435200000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      original_name TEXT NOT NULL,
      sha256 TEXT NOT NULL UNIQUE,
      size INTEGER NOT NULL,
      format TEXT NOT NULL,
      mime TEXT NOT NULL,
      encrypted INTEGER NOT NULL DEFAULT 0,
      page_count INTEGER NOT NULL,
      ocr_page_count INTEGER NOT NULL DEFAULT 0,
      langs TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed', 'cancelled')),
      created_at TEXT NOT NULL,
      created_by TEXT,
      updated_at TEXT NOT NULL
    )`)
    await q.query(`CREATE INDEX ix_documents_created ON documents (created_at)`)
    await q.query(`CREATE TABLE documents_jobs (
      id TEXT PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id),
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      langs TEXT NOT NULL,
      error_code TEXT,
      error_message TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    )`)
    await q.query(`CREATE INDEX ix_documents_jobs_status ON documents_jobs (status, created_at)`)
    await q.query(`CREATE INDEX ix_documents_jobs_document ON documents_jobs (document_id)`)
    await q.query(`CREATE TABLE documents_pages (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id),
      page_no INTEGER NOT NULL,
      job_id TEXT REFERENCES documents_jobs(id),
      status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
      source TEXT CHECK (source IN ('text', 'ocr')),
      text TEXT NOT NULL DEFAULT '',
      confidence REAL,
      rotation INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      duration_ms INTEGER,
      error_code TEXT,
      error_message TEXT,
      done_at TEXT,
      UNIQUE (document_id, page_no)
    )`)
    await q.query(`CREATE INDEX ix_documents_pages_queue ON documents_pages (status, job_id, page_no)`)
    await q.query(`CREATE VIRTUAL TABLE documents_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents_fts`)
    await q.query(`DROP TABLE documents_pages`)
    await q.query(`DROP TABLE documents_jobs`)
    await q.query(`DROP TABLE documents`)
  }
}
