/**
 * Finding search hits in the *original* text (for snippets and word boxes) with the same folding as the
 * FTS index: `normalizeForSearch` (Arabic letter forms, harakat, tatweel) plus what the FTS tokenizer
 * `unicode61 remove_diacritics 2` does (case, Latin accents). The index holds folded text; the user sees
 * the original: ة stays ة, harakat stay, while a query written either way still marks it.
 */
import { normalizeForSearch } from './arabic'

// Same word definition as fts-query.ts: letters, digits, combining marks.
const WORD = /[\p{L}\p{N}\p{M}]+/gu

export interface Term {
  folded: string
  /** The last word of a query matches as a prefix (the box answers while typing). */
  prefix: boolean
}

/** One word as the index sees it. */
export function foldToken(word: string): string {
  return normalizeForSearch(word).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The query's terms, as `ftsQuery` builds its MATCH expression (every word, the last as a prefix). */
export function queryTerms(query: string, opts: { prefixLast?: boolean } = {}): Term[] {
  const words = normalizeForSearch(query).match(WORD) ?? []
  const prefixLast = opts.prefixLast ?? true
  return words.map((w, i) => ({ folded: foldToken(w), prefix: prefixLast && i === words.length - 1 })).filter((t) => t.folded !== '')
}

/** Index of the term a word matches, or -1. */
export function matchTerm(word: string, terms: readonly Term[]): number {
  // a word box may hold punctuation or two tokens ("l'eau"): any of its tokens may match
  for (const token of word.match(WORD) ?? []) {
    const folded = foldToken(token)
    if (!folded) continue
    const i = terms.findIndex((t) => (t.prefix ? folded.startsWith(t.folded) : folded === t.folded))
    if (i >= 0) return i
  }
  return -1
}

interface Token {
  start: number
  end: number
  term: number
}

function tokensOf(text: string, terms: readonly Term[]): Token[] {
  const out: Token[] = []
  for (const m of text.matchAll(WORD)) out.push({ start: m.index, end: m.index + m[0].length, term: matchTerm(m[0], terms) })
  return out
}

export interface SnippetOptions {
  /** Words in the snippet (FTS5's snippet() default style: 16). */
  tokens?: number
  ellipsis?: string
  open: string
  close: string
}

/**
 * A window of the original text around its hits, hits wrapped in `open`/`close`. The window chosen holds
 * the most distinct terms, then the most hits, then comes first. Text without hits gives its beginning.
 */
export function snippetOf(text: string, terms: readonly Term[], opts: SnippetOptions): string {
  const size = Math.max(1, opts.tokens ?? 16)
  const ellipsis = opts.ellipsis ?? '…'
  const tokens = tokensOf(text, terms)
  if (tokens.length === 0) return ''
  let best = 0
  let bestScore = [-1, -1]
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].term < 0) continue
    const start = Math.max(0, Math.min(i - 2, tokens.length - size)) // a little context before the first hit
    const window = tokens.slice(start, start + size)
    const distinct = new Set(window.filter((t) => t.term >= 0).map((t) => t.term)).size
    const hits = window.filter((t) => t.term >= 0).length
    if (distinct > bestScore[0] || (distinct === bestScore[0] && hits > bestScore[1])) {
      best = start
      bestScore = [distinct, hits]
    }
  }
  const window = tokens.slice(best, best + size)
  let out = best > 0 ? ellipsis : ''
  let at = window[0].start
  for (const token of window) {
    out += text.slice(at, token.start)
    const word = text.slice(token.start, token.end)
    out += token.term >= 0 ? opts.open + word + opts.close : word
    at = token.end
  }
  const lastToken = best + window.length === tokens.length
  // keep the closing punctuation of the text's last word ("…à Casablanca.")
  if (lastToken) out += text.slice(at).trimEnd()
  else out += ellipsis
  return out
}
