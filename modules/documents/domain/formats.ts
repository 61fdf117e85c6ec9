/** File formats Guichet reads, recognised by their first bytes (never by the file name). */

export const DOCUMENT_FORMATS = ['pdf', 'png', 'jpeg', 'tiff', 'bmp', 'gif', 'webp'] as const
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number]

export const MIME_OF: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  gif: 'image/gif',
  webp: 'image/webp',
}

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b)
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/** The format of `bytes`, or null when it is none Guichet reads. */
export function detectFormat(bytes: Uint8Array): DocumentFormat | null {
  // %PDF- may follow a few bytes of junk (allowed by readers): look in the first KiB.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1')
  if (head.includes('%PDF-')) return 'pdf'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff'
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) return 'bmp'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp'
  return null
}
