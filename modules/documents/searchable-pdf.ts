/**
 * "Download searchable PDF": the scanned pages as tesseract wrote them (the page image with its text as an
 * invisible layer), the text-layer pages of a PDF original as they are, in page order, one PDF.
 */
import { PDFDocument } from 'pdf-lib'
import type { CallContext } from '../core/backend/types'
import { AppError, notFound } from '../core/backend/errors'
import { DOCUMENT_ERROR_CODES as E, type DocumentOriginal } from './contract'
import { runtimeOf } from './runtime'

interface PageRow {
  page_no: number
  source: string | null
  ocr_pdf_sha256: string | null
}

export async function searchablePdf(ctx: CallContext, id: string): Promise<DocumentOriginal> {
  const docs: { original_name: string; sha256: string; format: string; encrypted: number }[] = await ctx.db.query(
    `SELECT original_name, sha256, format, encrypted FROM documents WHERE id = ?`,
    [id],
  )
  const doc = docs[0]
  if (!doc) throw notFound('Document', { id })
  const pages: PageRow[] = await ctx.db.query(`SELECT page_no, source, ocr_pdf_sha256 FROM documents_pages WHERE document_id = ? ORDER BY page_no`, [id])
  if (!pages.some((p) => p.ocr_pdf_sha256)) throw notFound('Searchable PDF', { id }) // no scanned page, or made before this existed
  const blobs = runtimeOf(ctx.db).blobStore
  const out = await PDFDocument.create()
  let original: PDFDocument | null = null
  for (const page of pages) {
    if (page.ocr_pdf_sha256) {
      const single = await PDFDocument.load(await blobs.read(page.ocr_pdf_sha256))
      const [copied] = await out.copyPages(single, [0])
      out.addPage(copied)
    } else if (doc.format === 'pdf') {
      // pdf-lib cannot decrypt: an encrypted original's text pages cannot be copied
      if (doc.encrypted) throw new AppError(E.pdfPassword, 'The searchable PDF of an encrypted document is not available', { wrongPassword: false })
      original ??= await PDFDocument.load(await blobs.read(doc.sha256))
      const [copied] = await out.copyPages(original, [page.page_no - 1])
      out.addPage(copied)
    }
  }
  const bytes = Buffer.from(await out.save())
  const base = doc.original_name.replace(/\.[^.]+$/, '')
  return { filename: `${base}.ocr.pdf`, mime: 'application/pdf', sha256: '', base64: bytes.toString('base64') }
}
