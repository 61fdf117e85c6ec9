import type { ExportFile } from '../../../../modules/core/contract'

/** Save an exported file (base64 in the envelope) through a Blob link. */
export function downloadFile(file: ExportFile): void {
  const bin = atob(file.base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  saveBlob(new Blob([bytes], { type: file.mime }), file.filename)
}

/** Save text made in the renderer (a report's CSV, an import template) as a UTF-8 file. */
export function downloadText(text: string, filename: string, mime = 'text/csv;charset=utf-8'): void {
  saveBlob(new Blob([text], { type: mime }), filename)
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
