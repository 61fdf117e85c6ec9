/**
 * Customer search over many subscribers: exact keys through their indexes (mobile in any written form → E.164, CIN,
 * ICE, subscriber number, contract number), names in either script through the FTS5 trigram index on the folded
 * `name_key` (migration 1769299200000). No LIKE scan of the subscribers table.
 */
import type { EntityManager } from 'typeorm'
import { runList } from '../core/backend/list'
import { exactLookups, ftsExpression, NAME_MATCH_SQL, nameSearchWords } from './customer360.match'
import { subscribersList } from './lists'
import type { CustomerHit, CustomerMatch } from './customer360.contract'

export { ftsExpression, nameSearchWords } from './customer360.match'

/** Name candidates read from the index before ranking: enough to rank well, few enough to stay fast on common names. */
const NAME_CANDIDATES = 200

/** Whole-word matches first, then word-prefix matches, then shorter keys (a closer name). */
export function rankNameKey(key: string, words: string[]): number {
  const keyWords = key.split(' ')
  let score = 0
  for (const w of words) {
    if (keyWords.includes(w)) score += 4
    else if (keyWords.some((k) => k.startsWith(w))) score += 2
  }
  return score * 1000 - key.length
}

type Found = Map<string, CustomerMatch>

async function exact(manager: EntityManager, found: Found, match: CustomerMatch, sql: string, params: unknown[]): Promise<void> {
  const rows: { id: string }[] = await manager.query(sql, params)
  for (const r of rows) if (!found.has(r.id)) found.set(r.id, match)
}

async function byName(manager: EntityManager, found: Found, words: string[], limit: number): Promise<void> {
  if (words.length === 0) return
  const rows: { id: string; key: string }[] = await manager.query(`${NAME_MATCH_SQL} LIMIT ?`, [ftsExpression(words), NAME_CANDIDATES])
  const ranked = rows.map((r) => ({ id: r.id, score: rankNameKey(r.key, words) })).sort((a, b) => b.score - a.score)
  for (const r of ranked) {
    if (found.size >= limit) break
    if (!found.has(r.id)) found.set(r.id, 'name')
  }
}

/** Subscribers matching `text`, identifier matches first, then names ranked by closeness. */
export async function searchCustomers(manager: EntityManager, text: string, limit: number): Promise<CustomerHit[]> {
  const trimmed = text.trim()
  if (trimmed.length < 2) return []
  const found: Found = new Map()
  for (const l of exactLookups(trimmed)) await exact(manager, found, l.match, l.sql, l.params)
  if (found.size < limit) await byName(manager, found, nameSearchWords(trimmed), limit)
  const ids = [...found.keys()].slice(0, limit)
  if (ids.length === 0) return []
  const rows = (await runList(manager, subscribersList, { page: 0, pageSize: ids.length, filters: [{ id: 'id', op: 'in', value: ids }] })).rows
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const subscriber = byId.get(id)
    return subscriber ? [{ subscriber, matchedBy: found.get(id)! }] : []
  })
}
