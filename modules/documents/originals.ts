/** Reading a document's original back: the bytes for download / the PDF viewer, a page as an upright PNG. */
import type { z } from 'zod'
import sharp from 'sharp'
import type { CallContext } from '../core/backend/types'
import { notFound } from '../core/backend/errors'
import type { DocumentOriginal, PageImage, pageImageInput } from './contract'
import { openPageSource } from './page-source'
import { runtimeOf } from './runtime'

interface OriginalRow {
  original_name: string
  mime: string
  sha256: string
  page_count: number
}

async function originalRow(ctx: CallContext, id: string): Promise<OriginalRow> {
  const rows: OriginalRow[] = await ctx.db.query(`SELECT original_name, mime, sha256, page_count FROM documents WHERE id = ?`, [id])
  if (!rows[0]) throw notFound('Document', { id })
  return rows[0]
}

export async function readOriginal(ctx: CallContext, id: string): Promise<DocumentOriginal> {
  const row = await originalRow(ctx, id)
  const bytes = await runtimeOf(ctx.db).blobStore.read(row.sha256) // BLOB_CORRUPT when the file changed on disk
  return { filename: row.original_name, mime: row.mime, sha256: row.sha256, base64: bytes.toString('base64') }
}

export async function renderPageImage(ctx: CallContext, input: z.output<typeof pageImageInput>): Promise<PageImage> {
  const row = await originalRow(ctx, input.id)
  if (input.pageNo > row.page_count) throw notFound('Page', { id: input.id, pageNo: input.pageNo })
  const pages: { rotation: number }[] = await ctx.db.query(`SELECT rotation FROM documents_pages WHERE document_id = ? AND page_no = ?`, [input.id, input.pageNo])
  const source = await openPageSource(await runtimeOf(ctx.db).blobStore.read(row.sha256), input.password)
  try {
    const { png } = await source.image(input.pageNo)
    // the rotation OCR applied to make the page upright, so the picture reads like its text
    const { data, info } = await sharp(png)
      .rotate(pages[0]?.rotation ?? 0)
      .resize({ width: input.maxWidth, withoutEnlargement: true })
      .png()
      .toBuffer({ resolveWithObject: true })
    return { mime: 'image/png', base64: data.toString('base64'), width: info.width, height: info.height }
  } finally {
    await source.close()
  }
}
