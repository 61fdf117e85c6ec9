/**
 * Suggestions for a document (nothing is written; the user confirms):
 * - rules: the first matching rule per target (type, correspondent), every matching tag rule;
 * - learned: the documents sharing the most distinctive words with this one (words found on few pages,
 *   weighted by log(pages / pages with the word); at least 3 of the 12 rarest shared) vote for their type, correspondent and tags; a value is
 *   suggested when it carries at least 40 % of the neighbours' weight;
 * - the document date found in the text; supplier invoice fields (ICE, number, total) when the type has them.
 */
import type { CallContext } from '../../core/backend/types'
import type { DocumentSuggestions, FieldValue, Suggested } from '../contract'
import { normalizeForSearch } from '../domain/arabic'
import { suggestDocumentDate } from '../domain/dates'
import { extractInvoiceFields } from '../domain/invoice'
import { prepareText, ruleMatches, wordsOf } from '../domain/rules'
import { readableDocument, readableWhere } from './access'
import { listRules } from './rules'
import { listTypes } from './types'

const DISTINCTIVE_WORDS = 12
const NEIGHBOURS = 10
const MIN_SHARE = 0.4
const MIN_SHARED_WORDS = 3

/** The text of the document's latest version, pages in order. */
export async function currentText(ctx: CallContext, headId: string): Promise<string> {
  const rows: { text: string }[] = await ctx.db.query(
    `SELECT p.text FROM documents_pages p WHERE p.document_id = (SELECT id FROM documents WHERE id = ? OR version_of = ? ORDER BY version_no DESC LIMIT 1) ORDER BY p.page_no`,
    [headId, headId],
  )
  return rows.map((r) => r.text).join('\n')
}

/** Neighbour documents (by id) with their similarity weight. */
async function neighbours(ctx: CallContext, headId: string, text: string): Promise<Map<string, number>> {
  const words = [...new Set(wordsOf(normalizeForSearch(text)).filter((w) => w.length >= 3 && !/^\d+$/.test(w)))].slice(0, 2000)
  const weights = new Map<string, number>()
  const shared = new Map<string, number>()
  if (words.length === 0) return weights
  const total = Number(((await ctx.db.query(`SELECT COUNT(*) AS n FROM documents_pages`)) as { n: number }[])[0].n)
  const df: { term: string; doc: number }[] = []
  for (let i = 0; i < words.length; i += 400) {
    const chunk = words.slice(i, i + 400)
    df.push(...((await ctx.db.query(`SELECT term, doc FROM documents_fts_vocab WHERE term IN (${chunk.map(() => '?').join(',')})`, chunk)) as typeof df))
  }
  const rare = df
    .filter((d) => d.doc >= 2 && d.doc <= Math.max(10, total / 4))
    .sort((a, b) => a.doc - b.doc || a.term.localeCompare(b.term))
    .slice(0, DISTINCTIVE_WORDS)
  const access = readableWhere(ctx, 'd')
  for (const { term, doc } of rare) {
    const rows: { head: string }[] = await ctx.db.query(
      `SELECT DISTINCT COALESCE(d.version_of, d.id) AS head FROM documents_fts JOIN documents_pages p ON p.id = documents_fts.rowid JOIN documents d ON d.id = p.document_id
        WHERE documents_fts MATCH ? AND d.trashed_at IS NULL AND ${access.sql}`,
      [`"${term.replace(/"/g, '""')}"`, ...access.params],
    )
    const idf = Math.log(total / doc)
    for (const r of rows) {
      if (r.head === headId) continue
      weights.set(r.head, (weights.get(r.head) ?? 0) + idf)
      shared.set(r.head, (shared.get(r.head) ?? 0) + 1)
    }
  }
  // one shared word (a town, a year) is chance; neighbours share at least MIN_SHARED_WORDS
  return new Map([...weights].filter(([id]) => (shared.get(id) ?? 0) >= MIN_SHARED_WORDS).sort((a, b) => b[1] - a[1]).slice(0, NEIGHBOURS))
}

function winner(votes: Map<string, number>, total: number): string | null {
  const best = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]
  return best && best[1] >= total * MIN_SHARE ? best[0] : null
}

async function learned(ctx: CallContext, headId: string, text: string) {
  const near = await neighbours(ctx, headId, text)
  const total = [...near.values()].reduce((a, b) => a + b, 0)
  const types = new Map<string, number>()
  const correspondents = new Map<string, number>()
  const tags = new Map<string, number>()
  if (near.size === 0) return { type: null, correspondent: null, tags: [] as string[] }
  const ids = [...near.keys()]
  const rows: { id: string; type_id: string | null; correspondent: string | null }[] = await ctx.db.query(
    `SELECT id, type_id, correspondent FROM documents WHERE id IN (${ids.map(() => '?').join(',')})`,
    ids,
  )
  const tagRows: { document_id: string; tag: string }[] = await ctx.db.query(`SELECT document_id, tag FROM documents_tags WHERE document_id IN (${ids.map(() => '?').join(',')})`, ids)
  const add = (m: Map<string, number>, k: string | null, w: number) => k && m.set(k, (m.get(k) ?? 0) + w)
  for (const r of rows) {
    add(types, r.type_id, near.get(r.id) ?? 0)
    add(correspondents, r.correspondent, near.get(r.id) ?? 0)
  }
  for (const t of tagRows) add(tags, t.tag, near.get(t.document_id) ?? 0)
  return {
    type: winner(types, total),
    correspondent: winner(correspondents, total),
    tags: [...tags].filter(([, w]) => w >= total * MIN_SHARE).map(([t]) => t),
  }
}

export async function suggest(ctx: CallContext, id: string): Promise<DocumentSuggestions> {
  const head = await readableDocument(ctx, id)
  const text = await currentText(ctx, head.id)
  const types = await listTypes(ctx)
  const usable = new Set(types.filter((t) => t.active).map((t) => t.id))
  const prepared = prepareText(text)
  const matching = (await listRules(ctx)).filter((r) => ruleMatches(r.match, r.pattern, prepared))
  const fromRules = {
    type: matching.find((r) => r.target === 'type' && usable.has(r.value))?.value ?? null,
    correspondent: matching.find((r) => r.target === 'correspondent')?.value ?? null,
    tags: [...new Set(matching.filter((r) => r.target === 'tag').map((r) => r.value))],
  }
  const fromPast = await learned(ctx, head.id, text)
  const pick = (rule: string | null, past: string | null): Suggested<string> | null =>
    rule ? { value: rule, source: 'rule' } : past ? { value: past, source: 'learned' } : null
  const type = pick(fromRules.type, fromPast.type && usable.has(fromPast.type) ? fromPast.type : null)
  const tags: Suggested<string>[] = fromRules.tags.map((value) => ({ value, source: 'rule' as const }))
  for (const value of fromPast.tags) if (!fromRules.tags.includes(value)) tags.push({ value, source: 'learned' })

  const today = ctx.now().toISOString().slice(0, 10)
  const date = suggestDocumentDate(text, today)
  const fields: Record<string, Suggested<FieldValue>> = {}
  const current = (await ctx.db.query(`SELECT type_id FROM documents WHERE id = ?`, [head.id])) as { type_id: string | null }[]
  const effective = types.find((t) => t.id === (current[0]?.type_id ?? type?.value))
  const keys = new Set(effective?.fields.map((f) => f.key))
  if (keys.has('ice') || keys.has('invoice_no') || keys.has('total')) {
    const invoice = extractInvoiceFields(text, today)
    if (invoice.ice && keys.has('ice')) fields.ice = { value: invoice.ice, source: 'text' }
    if (invoice.invoiceNo && keys.has('invoice_no')) fields.invoice_no = { value: invoice.invoiceNo, source: 'text' }
    if (invoice.total !== null && keys.has('total')) fields.total = { value: invoice.total, source: 'text' }
  }
  return {
    type,
    correspondent: pick(fromRules.correspondent, fromPast.correspondent),
    tags,
    documentDate: date ? { value: date, source: 'text' } : null,
    fields,
  }
}
