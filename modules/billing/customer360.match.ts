/**
 * What a customer search text matches, shared by the command palette (`searchCustomers`) and the subscribers list's
 * search: exact keys through their indexes (mobile in any written form → E.164, CIN, ICE, subscriber number,
 * contract number) and names in either script through the FTS5 trigram index on the folded `name_key`
 * (migration 1769299200000): every query word of 3+ letters as a substring, all required. No LIKE scan.
 */
import { normaliseCin, normaliseIce, normaliseMobile, normaliseName } from './domain/identity'
import type { CustomerMatch } from './customer360.contract'

/** Query words of 3 letters or more (a trigram index cannot look up shorter ones). */
export function nameSearchWords(text: string): string[] {
  return [...new Set(normaliseName(text).split(' ').filter((w) => [...w].length >= 3))]
}

/** An FTS5 MATCH expression: every word as a quoted substring (trigram), all required. */
export const ftsExpression = (words: string[]) => words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ')

/** Name lookup: subscriber ids (`id`) with their folded name (`key`) whose name matches the MATCH expression `?`. */
export const NAME_MATCH_SQL = `SELECT s.subscriber_id AS id, s.key AS key FROM billing_subscriber_fts f JOIN billing_subscriber_search s ON s.rowid = f.rowid
  WHERE billing_subscriber_fts MATCH ?`

/** The exact-key lookups a text asks for, in the palette's order: each an indexed query of subscriber ids (`id`). */
export function exactLookups(text: string): { match: CustomerMatch; sql: string; params: unknown[] }[] {
  const out: { match: CustomerMatch; sql: string; params: unknown[] }[] = []
  const mobile = normaliseMobile(text)
  if (mobile) out.push({ match: 'phone', sql: `SELECT id FROM billing_subscribers WHERE phone = ? UNION ALL SELECT id FROM billing_subscribers WHERE phone2 = ?`, params: [mobile, mobile] })
  const cin = normaliseCin(text)
  if (cin) out.push({ match: 'cin', sql: `SELECT id FROM billing_subscribers WHERE cin = ?`, params: [cin] })
  const ice = normaliseIce(text)
  if (ice) out.push({ match: 'ice', sql: `SELECT id FROM billing_subscribers WHERE ice = ?`, params: [ice] })
  const number = text.replace(/\s/g, '').toUpperCase()
  if (/^[A-Z0-9][A-Z0-9-]{2,}$/.test(number)) {
    out.push({ match: 'number', sql: `SELECT id FROM billing_subscribers WHERE number = ?`, params: [number] })
    out.push({ match: 'contract', sql: `SELECT subscriber_id AS id FROM billing_contracts WHERE number = ?`, params: [number] })
  }
  return out
}

/**
 * The subscribers list's search condition on `idColumn`: the ids of every exact key and every name match (the
 * palette shows the best-ranked of the same set). A text of fewer than 2 characters, or that yields neither a key
 * nor a 3-letter word, matches nothing, as in the palette.
 */
export function subscriberSearchCondition(idColumn: string, text: string): { sql: string; params: unknown[] } {
  const trimmed = text.trim()
  if (trimmed.length < 2) return { sql: '0', params: [] }
  const parts = exactLookups(trimmed).map((l) => ({ sql: l.sql, params: l.params }))
  const words = nameSearchWords(trimmed)
  if (words.length > 0) parts.push({ sql: `SELECT id FROM (${NAME_MATCH_SQL})`, params: [ftsExpression(words)] })
  if (parts.length === 0) return { sql: '0', params: [] }
  return { sql: `${idColumn} IN (${parts.map((p) => p.sql).join(' UNION ALL ')})`, params: parts.flatMap((p) => p.params) }
}
