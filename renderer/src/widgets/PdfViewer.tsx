/**
 * PDF rendering in the renderer with pdfjs-dist: the library and its worker are bundled by Vite and loaded
 * on first use (no CDN; the worker is a same-origin file, which the CSP's `script-src 'self'` allows).
 * `usePdfDocument` opens bytes (asking for a password when the file has one); `PdfPageCanvas` draws a page.
 */
import { useEffect, useRef, useState } from 'react'
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist'

type Pdfjs = typeof import('pdfjs-dist')
let loading: Promise<Pdfjs> | null = null

function pdfjs(): Promise<Pdfjs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default
    return lib
  })
  return loading
}

export type PdfState =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; doc: PDFDocumentProxy; pageCount: number }
  /** The file has a password: none was given (`wrong` false) or the one given is wrong. */
  | { status: 'password'; wrong: boolean }
  | { status: 'error'; message: string }

/** Opens a PDF from its bytes (null: nothing yet). The document is destroyed when the bytes or password change. */
export function usePdfDocument(bytes: Uint8Array | null, password?: string): PdfState {
  const [state, setState] = useState<PdfState>({ status: 'idle' })
  useEffect(() => {
    if (!bytes) {
      setState({ status: 'idle' })
      return
    }
    let cancelled = false
    let doc: PDFDocumentProxy | null = null
    setState({ status: 'loading' })
    void (async () => {
      try {
        const lib = await pdfjs()
        // pdf.js detaches the buffer it is given: hand it a copy so the caller's bytes stay usable
        const task = lib.getDocument({ data: bytes.slice(), password: password || undefined, isEvalSupported: false, verbosity: 0 })
        doc = await task.promise
        if (cancelled) return void doc.destroy()
        setState({ status: 'ready', doc, pageCount: doc.numPages })
      } catch (e) {
        if (cancelled) return
        const err = e as { name?: string; code?: number; message?: string }
        if (err?.name === 'PasswordException') setState({ status: 'password', wrong: err.code === 2 })
        else setState({ status: 'error', message: err?.message ?? String(e) })
      }
    })()
    return () => {
      cancelled = true
      void doc?.destroy()
    }
  }, [bytes, password])
  return state
}

export interface PdfPageCanvasProps {
  doc: PDFDocumentProxy
  pageNo: number
  /** CSS width in px; the height follows the page's proportions. */
  width: number
  /** Extra clockwise rotation (0/90/180/270) on top of the page's own. */
  rotation?: number
  label?: string
  testId?: string
}

/** One page drawn on a canvas at the device's pixel ratio; re-rendered when the size or page changes. */
export function PdfPageCanvas({ doc, pageNo, width, rotation = 0, label, testId }: PdfPageCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [rendered, setRendered] = useState(false)
  useEffect(() => {
    let task: RenderTask | null = null
    let cancelled = false
    setRendered(false)
    void (async () => {
      try {
        const page = await doc.getPage(pageNo)
        if (cancelled || !canvas.current) return
        const base = page.getViewport({ scale: 1, rotation: (page.rotate + rotation) % 360 })
        const ratio = window.devicePixelRatio || 1
        const viewport = page.getViewport({ scale: (width / base.width) * ratio, rotation: (page.rotate + rotation) % 360 })
        const el = canvas.current
        el.width = Math.floor(viewport.width)
        el.height = Math.floor(viewport.height)
        el.style.width = `${Math.floor(viewport.width / ratio)}px`
        el.style.height = `${Math.floor(viewport.height / ratio)}px`
        task = page.render({ canvas: el, viewport })
        await task.promise
        if (!cancelled) setRendered(true)
      } catch (e) {
        if ((e as { name?: string })?.name !== 'RenderingCancelledException') console.warn('pdf page render failed', e)
      }
    })()
    return () => {
      cancelled = true
      task?.cancel()
    }
  }, [doc, pageNo, width, rotation])
  // pdf.js draws glyphs with the canvas's direction, which it inherits from the page: keep it left to right in Arabic.
  return (
    <canvas
      ref={canvas}
      dir="ltr"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-rendered={rendered || undefined}
      style={{ display: 'block', background: 'white', boxShadow: '0 1px 4px rgba(0,0,0,.25)' }}
    />
  )
}
