/**
 * The code of the PDF worker thread (pdf-thread.ts), as text: a worker started with `eval: true` needs no
 * file of its own, so it runs the same under tsx, vitest and the bundled app (a bundler does not copy a
 * worker file it cannot see). pdf.js is loaded from the URL the main thread resolved (`workerData`).
 * Protocol: { id, op, ...args } → { id, ok: true, result } | { id, ok: false, error: { name, code, message } }.
 * Keep it plain ES2022 without backticks (it lives in a template literal).
 */
export const PDF_WORKER_SOURCE = /* js */ `
const { parentPort, workerData } = require('node:worker_threads')
const pdfjsReady = import(workerData.pdfjsUrl)
const dir = workerData.pdfjsDir
const docs = new Map() // handle -> PDFDocumentProxy

async function load(bytes, password) {
  const pdfjs = await pdfjsReady
  return pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js detaches the buffer it is given: keep ours for a retry
    password,
    standardFontDataUrl: dir + '/standard_fonts/',
    cMapUrl: dir + '/cmaps/',
    cMapPacked: true,
    wasmUrl: dir + '/wasm/',
    iccUrl: dir + '/iccs/',
    isEvalSupported: false,
    verbosity: 0,
  }).promise
}

function docOf(handle) {
  const doc = docs.get(handle)
  if (!doc) throw Object.assign(new Error('The PDF is not open'), { name: 'NotOpen' })
  return doc
}

const ops = {
  async open({ handle, bytes, password }) {
    let doc
    let encrypted = false
    try {
      doc = await load(bytes)
    } catch (error) {
      // only a PDF that asks for a password is opened with one: "encrypted" then means it needed it
      if (!error || error.name !== 'PasswordException' || password === undefined) throw error
      doc = await load(bytes, password)
      encrypted = true
    }
    try {
      await doc.getPage(1) // a truncated file often opens and fails on its first page
    } catch (error) {
      await doc.destroy()
      throw error
    }
    docs.set(handle, doc)
    return { result: { pageCount: doc.numPages, encrypted } }
  },

  async text({ handle, pageNo }) {
    const page = await docOf(handle).getPage(pageNo)
    const content = await page.getTextContent()
    let text = ''
    for (const item of content.items) {
      if (!('str' in item)) continue
      text += item.str
      if (item.hasEOL) text += '\\n'
    }
    page.cleanup()
    return { result: text }
  },

  async render({ handle, pageNo, dpi }) {
    const doc = docOf(handle)
    const page = await doc.getPage(pageNo)
    const viewport = page.getViewport({ scale: dpi / 72 })
    const target = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
    try {
      await page.render({ canvas: target.canvas, canvasContext: target.context, viewport }).promise
      const png = await target.canvas.encode('png')
      const out = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice() // own buffer, transferable
      return { result: out, transfer: [out.buffer] }
    } finally {
      doc.canvasFactory.destroy(target) // one page's bitmap at a time: memory stays flat on long PDFs
      page.cleanup()
    }
  },

  async close({ handle }) {
    const doc = docs.get(handle)
    docs.delete(handle)
    if (doc) await doc.destroy()
    return { result: null }
  },
}

parentPort.on('message', async (message) => {
  const { id, op, ...args } = message
  try {
    const { result, transfer } = await ops[op](args)
    parentPort.postMessage({ id, ok: true, result }, transfer || [])
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: { name: error && error.name, code: error && error.code, message: (error && error.message) || String(error) } })
  }
})
`
