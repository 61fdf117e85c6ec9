/** pdf.js runs off the main thread: the event loop stays responsive while a 300-dpi page renders. */
import fs from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import sharp from 'sharp'
import { openPageSource } from './page-source'

const FIXTURES = path.join(__dirname, '../../test/fixtures/documents')

describe('PDF pages in a worker thread', () => {
  it('renders a scanned page at 300 dpi without blocking the event loop', async () => {
    await (await openPageSource(fs.readFileSync(path.join(FIXTURES, 'scanned-3.pdf')))).close() // warm up: the thread and pdf.js start
    // an A4 scan: a full-page 300-dpi JPEG (pdf.js decodes and draws it: CPU-heavy)
    const scan = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#ffffff', noise: { type: 'gaussian', mean: 200, sigma: 40 } } }).jpeg({ quality: 80 }).toBuffer()
    const doc = await PDFDocument.create()
    const jpg = await doc.embedJpg(scan)
    doc.addPage([595, 842]).drawImage(jpg, { x: 0, y: 0, width: 595, height: 842 })
    const source = await openPageSource(await doc.save())
    const lag = monitorEventLoopDelay({ resolution: 5 })
    lag.enable()
    const started = performance.now()
    const pages = [await source.image(1)]
    const renderMs = performance.now() - started
    lag.disable()
    await source.close()
    for (const page of pages) {
      const meta = await sharp(page.png).metadata()
      expect(page.dpi).toBe(300)
      expect(meta.width).toBe(2480) // A4 at 300 dpi
    }
    const maxLagMs = lag.max / 1e6
    console.log(`an A4 page rendered in ${Math.round(renderMs)} ms; longest event-loop delay ${maxLagMs.toFixed(1)} ms`)
    // the renders take hundreds of ms; the loop never waited more than a fraction of that
    expect(renderMs).toBeGreaterThan(200)
    expect(maxLagMs).toBeLessThan(Math.max(60, renderMs / 4))
  })

  it('reads the text layers of a 200-page PDF page by page', async () => {
    const pdf = await PDFDocument.create()
    const font = await pdf.embedFont(StandardFonts.Helvetica)
    for (let i = 1; i <= 200; i++) pdf.addPage([595, 842]).drawText(`Releve de consommation page ${i} compteur ${100000 + i}`, { x: 50, y: 780, size: 12, font })
    const source = await openPageSource(await pdf.save())
    expect(source.pageCount).toBe(200)
    for (const n of [1, 137, 200]) expect(await source.textLayer(n)).toBe(`Releve de consommation page ${n} compteur ${100000 + n}`)
    await source.close()
    await expect(source.textLayer(1)).rejects.toMatchObject({ code: 'OCR_FAILED' }) // closed: the handle is gone, like a dead reader (not the file's fault)
  })
})
