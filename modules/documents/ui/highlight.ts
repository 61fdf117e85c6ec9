/**
 * Highlighting for the documents screens, pure (no DOM): search snippets carry their hits between
 * \u0002 and \u0003; page text is split on the words of a query, compared the way the search compares
 * them (case, French accents, Arabic letter forms and harakat folded) so what is found is what is marked.
 */
import { HIT_END, HIT_START } from '../contract'

export interface Segment {
  text: string
  hit: boolean
}

/** A snippet from `documents.search.run` → plain and marked segments. */
export function snippetSegments(snippet: string): Segment[] {
  const out: Segment[] = []
  let hit = false
  let text = ''
  for (const ch of snippet) {
    if (ch === HIT_START || ch === HIT_END) {
      if (text) out.push({ text, hit })
      text = ''
      hit = ch === HIT_START
    } else text += ch
  }
  if (text) out.push({ text, hit })
  return out
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu

/** The search's folding of one word: NFKC, no marks (accents, harakat), lower case, alef/taa marbuta/alef maqsura forms, no tatweel. */
export function foldWord(word: string): string {
  return word
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\p{M}\u0640]/gu, '')
    .replace(/\u0671/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064A')
    .toLowerCase()
}

/** The words of a query, folded; the last one matches as a prefix (the box answers while typing). */
export function queryTerms(query: string): { terms: string[]; prefix: string | null } {
  const words = (query.match(WORD) ?? []).map(foldWord).filter(Boolean)
  if (!words.length) return { terms: [], prefix: null }
  return { terms: words.slice(0, -1), prefix: words[words.length - 1] }
}

/** `text` split into segments, the words matching `query` marked. */
export function highlightSegments(text: string, query: string): Segment[] {
  const { terms, prefix } = queryTerms(query)
  if (prefix === null) return text ? [{ text, hit: false }] : []
  const out: Segment[] = []
  let last = 0
  for (const m of text.matchAll(WORD)) {
    const folded = foldWord(m[0])
    if (!(folded.startsWith(prefix) || terms.includes(folded))) continue
    const start = m.index ?? 0
    if (start > last) out.push({ text: text.slice(last, start), hit: false })
    out.push({ text: m[0], hit: true })
    last = start + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false })
  return out
}

export const countHits = (segments: Segment[]): number => segments.filter((s) => s.hit).length
