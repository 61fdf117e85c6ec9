/**
 * What the user types → an FTS5 MATCH expression. Every word becomes a quoted term (so FTS5 syntax in the
 * input — AND, NEAR, quotes, `*`, `-` — is plain text), all words must match, and the last word matches as a
 * prefix so the box answers while typing. Returns null when nothing searchable is left.
 */
import { normalizeForSearch } from './arabic'

// Letters, digits and the Arabic combining marks (folded away by normalizeForSearch).
const WORD = /[\p{L}\p{N}\p{M}]+/gu

export function ftsQuery(text: string, opts: { prefixLast?: boolean } = {}): string | null {
  const words = normalizeForSearch(text).match(WORD) ?? []
  if (words.length === 0) return null
  const prefixLast = opts.prefixLast ?? true
  return words.map((w, i) => `"${w}"${prefixLast && i === words.length - 1 ? '*' : ''}`).join(' ')
}
