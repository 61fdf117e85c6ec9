/**
 * What the billing run bills: per contract, the consumption from the last billed read to the latest accepted read.
 * Reads awaiting review or rejected are left out; an estimate inside the period is corrected by the real read after it
 * (consumption is always the index difference against the last billed read, meter by meter across a swap).
 */
import type { EntityManager } from 'typeorm'
import { chainConsumption, meterCapacity, type ChainRead, type ReadingKind } from './domain/reading-chain'
import type { RunRead } from './domain/billrun'

export interface BillableRead extends RunRead {
  contractId: string
  /** The read the consumption is counted from (the last billed read, or the move-in / install read). */
  fromReadingId: string
}

/** Accepted = entered plausible, or accepted by the latest review decision. SQL over a `billing_readings` alias. */
export const acceptedSql = (r: string) =>
  `(${r}.status = 'ok' OR (SELECT v.decision FROM billing_reading_reviews v WHERE v.reading_id = ${r}.id ORDER BY v.decided_at DESC, v.id DESC LIMIT 1) = 'accepted')`

export const KIND_RANK_SQL = (r: string) => `CASE ${r}.kind WHEN 'move_in' THEN 0 WHEN 'remove' THEN 2 WHEN 'install' THEN 3 WHEN 'move_out' THEN 4 ELSE 1 END`

/** A read as the chain needs it, with its meter's digits (`r.index_value AS idx`, `m.digits`). */
export interface ChainReadRaw {
  id: string
  installationId: string
  kind: ReadingKind
  date: string
  idx: number
  wraps: number
  digits: number
}

export const toChain = (r: ChainReadRaw): ChainRead => ({
  installationId: r.installationId,
  date: r.date,
  kind: r.kind,
  index: Number(r.idx),
  wraps: Number(r.wraps),
  capacity: meterCapacity(Number(r.digits)),
})

interface Raw extends ChainReadRaw {
  contractId: string
}

const BILLABLE_SQL = `
  WITH q AS (SELECT json_extract(value, '$[0]') AS cid, json_extract(value, '$[1]') AS bu FROM json_each(?)),
  b AS (
    SELECT cid, (SELECT max(x.date) FROM billing_readings x WHERE q.bu IS NOT NULL AND x.contract_id = q.cid AND x.date <= q.bu AND ${acceptedSql('x')}) AS baseDate
    FROM q
  )
  SELECT r.id, r.contract_id AS contractId, r.installation_id AS installationId, r.kind, r.date, r.index_value AS idx, r.wraps, i.digits
  FROM b
  JOIN billing_readings r ON r.contract_id = b.cid AND r.date <= ? AND r.date >= COALESCE(b.baseDate, '')
  JOIN billing_meter_installations i ON i.id = r.installation_id
  WHERE ${acceptedSql('r')}
  ORDER BY r.contract_id, r.date, ${KIND_RANK_SQL('r')}, r.created_at, r.id`

/**
 * Contracts with accepted readings after their last billed date (readings awaiting review or rejected are left out).
 * `billedUpTo` is given by the caller (the billing run reads it from its bills table: the last posted bill's period_to per contract).
 */
export async function billableReads(manager: EntityManager, q: { contractIds: string[]; upTo: string; billedUpTo: Map<string, string> }): Promise<BillableRead[]> {
  if (q.contractIds.length === 0) return []
  const param = JSON.stringify(q.contractIds.map((id) => [id, q.billedUpTo.get(id) ?? null]))
  const rows = (await manager.query(BILLABLE_SQL, [param, q.upTo])) as Raw[]
  const byContract = new Map<string, Raw[]>()
  for (const r of rows) {
    const list = byContract.get(r.contractId)
    if (list) list.push(r)
    else byContract.set(r.contractId, [r])
  }
  const out: BillableRead[] = []
  for (const contractId of q.contractIds) {
    const reads = byContract.get(contractId)
    if (!reads) continue
    const billed = q.billedUpTo.get(contractId) ?? null
    const billable = billableOf(contractId, reads, billed)
    if (billable) out.push(billable)
  }
  return out
}

function billableOf(contractId: string, reads: Raw[], billedUpTo: string | null): BillableRead | null {
  // The SQL order is the chain order (date, kind rank as in domain/reading-chain KIND_RANK, entry order).
  let baseIdx = 0
  if (billedUpTo !== null) {
    for (let i = 0; i < reads.length && reads[i].date <= billedUpTo; i++) baseIdx = i
  }
  const base = reads[baseIdx]
  const from = billedUpTo ?? base.date
  let toIdx = -1
  for (let i = reads.length - 1; i > baseIdx; i--) {
    if (reads[i].date > from) {
      toIdx = i
      break
    }
  }
  if (toIdx < 0) return null
  const chain = reads.slice(baseIdx, toIdx + 1).map(toChain)
  const to = reads[toIdx]
  return {
    contractId,
    from,
    to: to.date,
    consumption: chainConsumption(chain),
    estimated: to.kind === 'estimated',
    toReadingId: to.id,
    readingIds: reads.slice(baseIdx + 1, toIdx + 1).map((r) => r.id),
    fromReadingId: base.id,
  }
}
