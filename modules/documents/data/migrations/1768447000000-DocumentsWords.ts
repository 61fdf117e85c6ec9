import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * OCR word boxes (search hits drawn on the page image) and each OCR page's searchable PDF (a derived blob:
 * the page image with its recognised text as an invisible layer). Boxes are fractions of the upright page.
 */
export class DocumentsWords1768447000000 implements MigrationInterface {
  name = 'DocumentsWords1768447000000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE documents_words (
      page_id INTEGER NOT NULL REFERENCES documents_pages(id) ON DELETE CASCADE,
      word_no INTEGER NOT NULL,
      text TEXT NOT NULL,
      confidence REAL NOT NULL,
      x0 REAL NOT NULL,
      y0 REAL NOT NULL,
      x1 REAL NOT NULL,
      y1 REAL NOT NULL,
      PRIMARY KEY (page_id, word_no)
    ) WITHOUT ROWID`)
    await q.query(`ALTER TABLE documents_pages ADD COLUMN ocr_pdf_sha256 TEXT`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents_pages DROP COLUMN ocr_pdf_sha256`)
    await q.query(`DROP TABLE documents_words`)
  }
}
