import type { Change, PullResponse } from '../../modules/sync/protocol'
import type { Device } from './auth'
import type { Db, Param } from './db/types'
import { seqParam } from './push'

export const PULL_LIMIT_MAX = 1000
export const PULL_LIMIT_DEFAULT = 500

/**
 * Changes visible to the device's site after `after`, excluding the device's own, in seq order.
 * One statement (one snapshot) also reads the highest seq: when the page is not full, every change up to
 * it has been considered, so `next` moves past the ones this site does not see (no rescans of them).
 * That is safe only because seq order = commit order (see push.ts).
 */
export async function pullChanges(
  db: Db,
  device: Device,
  hqSite: string,
  after: bigint,
  limit: number,
): Promise<Omit<PullResponse, 'serverTime'>> {
  const params: Param[] = [seqParam(db, after), device.id, limit + 1]
  let scope = ''
  if (device.site !== hqSite) {
    params.push(device.site, `%,${device.site},%`)
    scope = `AND (owner = $4 OR audience LIKE $5 OR audience LIKE '%,*,%')`
  }
  const rows = await db.all<{ top: string | number | null; seq: string | number | null; body: string | null }>(
    `WITH page AS (
       SELECT seq, body FROM changes
       WHERE seq > $1 AND device_id <> $2 ${scope}
       ORDER BY seq LIMIT $3)
     SELECT (SELECT MAX(seq) FROM changes) AS top, page.seq, page.body
     FROM (SELECT 1 AS one) AS anchor LEFT JOIN page ON 1 = 1
     ORDER BY page.seq`,
    params,
  )
  const found = rows.filter((r) => r.seq !== null)
  const more = found.length > limit
  const page = found.slice(0, limit)
  const changes = page.map((r) => ({ ...(JSON.parse(r.body as string) as Change), seq: String(r.seq) }))
  let next = after
  if (more) next = BigInt(page[page.length - 1].seq as string | number)
  else if (rows[0]?.top !== null && rows[0]?.top !== undefined) next = BigInt(rows[0].top) > after ? BigInt(rows[0].top) : after
  return { changes, next: next.toString(), more }
}
