/**
 * A pool of tesseract.js workers (worker threads). One recognition worker per slot, one shared
 * orientation-detection worker (OSD needs the legacy engine and model). A page that overruns its timeout,
 * or is cancelled, gets its worker terminated — tesseract cannot stop mid-page — and the slot starts a
 * fresh worker for the next page.
 */
import { createWorker, OEM, type Worker } from 'tesseract.js'
import sharp from 'sharp'
import { AppError } from '../core/backend/errors'
import { DOCUMENT_ERROR_CODES as E } from './contract'

export interface OcrPoolOptions {
  langPath: string
  size: number
  pageTimeoutMs: number
  /** Orientation confidence (tesseract OSD units) below which the page is left as it is. */
  minOrientationConfidence?: number
}

/** A recognised word; the box is in fractions (0–1) of the upright page, so any rendering size maps. */
export interface OcrWord {
  text: string
  confidence: number
  x0: number
  y0: number
  x1: number
  y1: number
}

export interface OcrPageResult {
  text: string
  words: OcrWord[]
  /** One-page PDF with the image and an invisible text layer (when asked for). */
  pdf: Buffer | null
  /** Mean word confidence 0–100. */
  confidence: number
  /** Clockwise degrees the page was turned before recognition. */
  rotation: number
}

const CREATE_TIMEOUT_MS = 60_000

interface Slot {
  worker: Promise<Worker> | null
  langs: string | null
  busy: boolean
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Mean word confidence from which a first reading is taken as upright. Measured on the fixtures: upright 91–95, turned 90/180/270° 40–69. */
export const UPRIGHT_CONFIDENCE = 80

function looksUpright(result: OcrPageResult): boolean {
  return result.confidence >= UPRIGHT_CONFIDENCE && result.words.length >= 3
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000

/**
 * Words from tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text).
 * TSV rather than the `blocks` output: the same words and boxes, but one string instead of a JSON tree of
 * every symbol and choice built in the worker and copied out — that tree cost ~0.25 s per dense A4 page
 * (measured), TSV ~0.03 s. The page's size is the level-1 row.
 */
export function wordsFromTsv(tsv: string | null): OcrWord[] {
  const words: OcrWord[] = []
  let width = 1
  let height = 1
  for (const line of (tsv ?? '').split('\n')) {
    const cols = line.split('\t')
    if (cols.length < 12) continue
    const level = cols[0]
    const [left, top, w, h] = cols.slice(6, 10).map(Number)
    if (level === '1') {
      width = w || 1
      height = h || 1
    } else if (level === '5') {
      const text = cols.slice(11).join('\t')
      if (!text.trim()) continue
      words.push({ text, confidence: round4(Number(cols[10])), x0: round4(left / width), y0: round4(top / height), x1: round4((left + w) / width), y1: round4((top + h) / height) })
    }
  }
  return words
}

const cancelled = () => new AppError('CANCELLED', 'The page was cancelled')

export class OcrPool {
  private readonly slots: Slot[]
  private readonly waiting: (() => void)[] = []
  private osd: Promise<Worker> | null = null
  private osdChain: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(private readonly opts: OcrPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, opts.size) }, () => ({ worker: null, langs: null, busy: false }))
  }

  get size(): number {
    return this.slots.length
  }

  private spawn(langs: string, oem: OEM, legacy: boolean): Promise<Worker> {
    const worker = createWorker(langs, oem, {
      langPath: this.opts.langPath,
      gzip: true,
      cacheMethod: 'none',
      legacyCore: legacy,
      legacyLang: legacy,
    })
    return withTimeout(worker, CREATE_TIMEOUT_MS, () => new AppError(E.ocrFailed, `OCR engine did not start (${langs})`))
  }

  private async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new AppError(E.ocrFailed, 'The OCR pool is closed')
      if (signal?.aborted) throw cancelled()
      const free = this.slots.find((s) => !s.busy)
      if (free) {
        free.busy = true
        return free
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
  }

  private release(slot: Slot): void {
    slot.busy = false
    this.waiting.shift()?.()
  }

  private async kill(slot: Slot): Promise<void> {
    const worker = slot.worker
    slot.worker = null
    slot.langs = null
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined)
  }

  private async workerFor(slot: Slot, langs: string): Promise<Worker> {
    if (!slot.worker) {
      slot.worker = this.spawn(langs, OEM.LSTM_ONLY, false)
      slot.langs = langs
    } else if (slot.langs !== langs) {
      const worker = await slot.worker
      await worker.reinitialize(langs, OEM.LSTM_ONLY)
      slot.langs = langs
    }
    try {
      return await slot.worker
    } catch (error) {
      slot.worker = null
      throw error
    }
  }

  /** Page orientation in clockwise degrees to apply (0, 90, 180, 270); 0 when unsure. */
  async orientation(png: Buffer): Promise<number> {
    const run = async () => {
      this.osd ??= this.spawn('osd', OEM.TESSERACT_ONLY, true)
      const worker = await this.osd
      // An A4 page at 150 dpi detects as well as at 300 and 2–4× faster (measured); at 100 dpi it fails.
      const small = await sharp(png).resize({ width: 1754, height: 1754, fit: 'inside', withoutEnlargement: true }).png().toBuffer()
      if (this.closed) throw new AppError(E.ocrFailed, 'The OCR pool is closed') // detect() on a terminated worker crashes
      const { data } = await worker.detect(small)
      const degrees = data.orientation_degrees ?? 0
      const confidence = data.orientation_confidence ?? 0
      return confidence >= (this.opts.minOrientationConfidence ?? 2) ? degrees : 0
    }
    const result = this.osdChain.then(run, run)
    this.osdChain = result.catch(() => undefined)
    try {
      return await result
    } catch {
      return 0 // orientation is a nicety: an OSD failure must not fail the page
    }
  }

  /** OCR of one page image (PNG/JPEG/TIFF/BMP bytes), turned upright when it was not. */
  async recognize(image: Buffer, opts: { langs: string; dpi: number; signal?: AbortSignal; pdf?: boolean }): Promise<OcrPageResult> {
    const slot = await this.acquire(opts.signal)
    try {
      const work = (async () => {
        const worker = await this.workerFor(slot, opts.langs)
        await worker.setParameters({ user_defined_dpi: String(Math.round(opts.dpi)) })
        const read = async (picture: Buffer, rotation: number): Promise<OcrPageResult> => {
          // only the outputs used: text, TSV for the word boxes, the PDF when asked for
          const { data } = await worker.recognize(picture, {}, { text: true, tsv: true, pdf: Boolean(opts.pdf) })
          return { text: data.text, confidence: data.confidence, rotation, words: wordsFromTsv(data.tsv), pdf: data.pdf ? Buffer.from(data.pdf) : null }
        }
        // Most scans are upright: read first, and only when the result looks wrong ask OSD (1–2 s per A4
        // page) which way the page is turned, then read it again upright.
        const first = await read(image, 0)
        if (looksUpright(first)) return first
        const rotation = await this.orientation(image)
        if (rotation === 0) return first
        const turned = await read(await sharp(image).rotate(rotation).png().toBuffer(), rotation)
        return turned.confidence >= first.confidence ? turned : first
      })()
      const aborted = new Promise<never>((_, reject) => {
        if (opts.signal?.aborted) reject(cancelled())
        opts.signal?.addEventListener('abort', () => reject(cancelled()), { once: true })
      })
      try {
        return await withTimeout(
          Promise.race([work, aborted]),
          this.opts.pageTimeoutMs,
          () => new AppError(E.ocrTimeout, `OCR took longer than ${Math.round(this.opts.pageTimeoutMs / 1000)} s`),
        )
      } catch (error) {
        work.catch(() => undefined)
        await this.kill(slot) // the worker may still be busy with this page
        throw error
      }
    } finally {
      this.release(slot)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const wake of this.waiting.splice(0)) wake()
    await Promise.all(this.slots.map((s) => this.kill(s)))
    await this.osdChain // let a running detection end before its worker goes
    const osd = this.osd
    this.osd = null
    if (osd) await osd.then((w) => w.terminate()).catch(() => undefined)
  }
}
