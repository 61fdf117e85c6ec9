/**
 * Opening an original and getting at its pages: PDFs through pdfjs-dist in a worker thread (text layer,
 * or a 300-dpi rendering for OCR), images through sharp (multi-page TIFF; GIF and WebP read as their first frame).
 * Every failure to read becomes a stable code: PDF_PASSWORD, CORRUPT_FILE, UNSUPPORTED_FORMAT.
 */
import sharp from 'sharp'
import { AppError, isAppError } from '../core/backend/errors'
import { DOCUMENT_ERROR_CODES as E } from './contract'
import { detectFormat, type DocumentFormat } from './domain/formats'
import { pdfTextToLogical } from './domain/arabic'
import { decodeBmp } from './domain/bmp'
import { openPdfInThread, type PdfHandle } from './pdf-thread'

export const RENDER_DPI = 300
/** Images that carry no (or an absurd) resolution are taken as scans at this one. */
export const DEFAULT_IMAGE_DPI = 300
/** A PDF page with fewer letters or digits than this in its text layer is treated as scanned. */
export const MIN_TEXT_LAYER_CHARS = 16

export interface PageImage {
  png: Buffer
  dpi: number
}

export interface PageSource {
  format: DocumentFormat
  pageCount: number
  encrypted: boolean
  /** The text layer of a page (logical order), or null when the page must be OCRed. */
  textLayer(pageNo: number): Promise<string | null>
  image(pageNo: number): Promise<PageImage>
  close(): Promise<void>
}

function pdfError(error: unknown, password: string | undefined): AppError {
  if (isAppError(error)) return error
  const e = error as { name?: string; code?: number; message?: string }
  if (e?.name === 'WorkerExit' || e?.name === 'WorkerError' || e?.name === 'NotOpen') {
    // the PDF thread died (out of memory…): the file is not at fault; the page may be retried
    return new AppError(E.ocrFailed, `The PDF reader stopped: ${e.message}`)
  }
  if (e?.name === 'PasswordException') {
    const wrong = e.code === 2 || password !== undefined
    return new AppError(E.pdfPassword, wrong ? 'The password of this PDF is wrong' : 'This PDF is protected by a password', { wrongPassword: wrong })
  }
  return new AppError(E.corrupt, `The PDF cannot be read: ${e?.message ?? String(error)}`)
}

/** pdf.js runs in a worker thread (pdf-thread.ts): a 200-page scan never blocks the backend's event loop. */
async function openPdf(bytes: Uint8Array, password?: string): Promise<PageSource> {
  let pdf: PdfHandle
  try {
    pdf = await openPdfInThread(bytes, password)
  } catch (error) {
    throw pdfError(error, password)
  }
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw pdfError(error, password)
    }
  }
  return {
    format: 'pdf',
    pageCount: pdf.pageCount,
    encrypted: pdf.encrypted,
    async textLayer(pageNo) {
      const logical = pdfTextToLogical((await guard(() => pdf.text(pageNo))).trim())
      const meaningful = logical.match(/[\p{L}\p{N}]/gu)?.length ?? 0
      return meaningful >= MIN_TEXT_LAYER_CHARS ? logical : null
    },
    image: async (pageNo) => ({ png: await guard(() => pdf.render(pageNo, RENDER_DPI)), dpi: RENDER_DPI }),
    close: () => pdf.close(),
  }
}

const imageError = (error: unknown) =>
  isAppError(error) ? error : new AppError(E.corrupt, `The image cannot be read: ${(error as Error)?.message ?? String(error)}`)

/** BMP → PNG with Guichet's own decoder (libvips cannot read BMP). */
function bmpAsPng(bytes: Uint8Array): { png: Promise<Buffer>; dpi: number | null } {
  const raw = decodeBmp(bytes)
  const png = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } }).png().toBuffer()
  return { png, dpi: raw.dpi }
}

async function openImage(format: DocumentFormat, original: Uint8Array): Promise<PageSource> {
  let bytes: Uint8Array = original
  let bmpDpi: number | null = null
  if (format === 'bmp') {
    try {
      const converted = bmpAsPng(original)
      bytes = await converted.png
      bmpDpi = converted.dpi
    } catch (error) {
      throw imageError(error)
    }
  }
  let pageCount = 1
  let density: number | undefined
  try {
    const meta = await sharp(bytes).metadata()
    if (format === 'tiff') pageCount = Math.max(1, meta.pages ?? 1)
    density = format === 'bmp' ? (bmpDpi ?? undefined) : meta.density
    // decoding the pixels is what finds a truncated file; metadata alone reads the header
    await sharp(bytes, { page: 0 }).raw().toBuffer()
  } catch (error) {
    throw imageError(error)
  }
  // 72 and 96 are what editors write when they know nothing: treat them as unknown too
  const dpi = density && density >= 150 && density <= 1200 ? density : DEFAULT_IMAGE_DPI
  return {
    format,
    pageCount,
    encrypted: false,
    textLayer: async () => null,
    async image(pageNo) {
      try {
        const png = await sharp(bytes, { page: pageNo - 1 }).flatten({ background: '#ffffff' }).png().toBuffer()
        return { png, dpi }
      } catch (error) {
        throw imageError(error)
      }
    },
    close: async () => undefined,
  }
}

/** Opens the bytes by their content; throws AppError with a module code when they cannot be read. */
export async function openPageSource(bytes: Uint8Array, password?: string): Promise<PageSource> {
  const format = detectFormat(bytes)
  if (!format) throw new AppError(E.unsupported, 'This file is not a PDF or an image Guichet reads (PNG, JPEG, TIFF, BMP, GIF, WebP)')
  return format === 'pdf' ? openPdf(bytes, password) : openImage(format, bytes)
}
