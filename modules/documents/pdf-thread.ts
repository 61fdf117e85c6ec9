/**
 * The main-thread side of the PDF worker (pdf-worker-source.ts): one worker thread for the process, started on first use,
 * holding the open PDFs. It keeps the event loop alive only while a request is pending (a CLI run ends
 * when its work does).
 */
import path from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PDF_WORKER_SOURCE } from './pdf-worker-source'

export interface PdfThreadError {
  name?: string
  code?: number
  message: string
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: PdfThreadError }

let worker: Worker | null = null
let nextId = 1
let nextHandle = 1
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: PdfThreadError) => void }>()

function start(): Worker {
  // resolved here, where the app's own module resolution works (tsx, vitest, the bundle with external deps)
  const require = createRequire(import.meta.url)
  const workerData = {
    pdfjsUrl: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href,
    pdfjsDir: path.dirname(require.resolve('pdfjs-dist/package.json')),
  }
  const w = new Worker(PDF_WORKER_SOURCE, { eval: true, workerData })
  w.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id)
    pending.delete(reply.id)
    if (pending.size === 0) w.unref()
    if (!waiter) return
    if (reply.ok) waiter.resolve(reply.result)
    else waiter.reject(reply.error)
  })
  const fail = (error: PdfThreadError) => {
    if (worker === w) worker = null
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  w.on('error', (error) => fail({ name: 'WorkerError', message: error.message }))
  w.on('exit', (code) => fail({ name: 'WorkerExit', message: `The PDF worker stopped (${code})` }))
  w.unref()
  return w
}

function request<T>(op: string, args: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
  worker ??= start()
  const w = worker
  const id = nextId++
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
    w.ref()
    w.postMessage({ id, op, ...args }, transfer)
  })
}

export interface PdfHandle {
  pageCount: number
  encrypted: boolean
  /** The raw text of a page's text layer (items joined, line ends kept). */
  text(pageNo: number): Promise<string>
  /** The page rendered at `dpi`, as PNG bytes. */
  render(pageNo: number, dpi: number): Promise<Buffer>
  close(): Promise<void>
}

/** Opens a PDF in the worker; rejects with the worker's {name, code, message} (PasswordException…). */
export async function openPdfInThread(bytes: Uint8Array, password?: string): Promise<PdfHandle> {
  const handle = nextHandle++
  const copy = new Uint8Array(bytes) // the caller keeps its bytes; the copy moves to the worker
  const { pageCount, encrypted } = await request<{ pageCount: number; encrypted: boolean }>('open', { handle, bytes: copy, password }, [copy.buffer])
  let closed = false
  return {
    pageCount,
    encrypted,
    text: (pageNo) => request<string>('text', { handle, pageNo }),
    render: async (pageNo, dpi) => {
      const png = await request<Uint8Array>('render', { handle, pageNo, dpi })
      return Buffer.from(png.buffer, png.byteOffset, png.byteLength)
    },
    close: async () => {
      if (closed) return
      closed = true
      await request('close', { handle })
    },
  }
}

/** Stops the worker thread (tests, benches); the next request starts a new one. */
export async function stopPdfThread(): Promise<void> {
  const w = worker
  worker = null
  if (w) await w.terminate()
}
