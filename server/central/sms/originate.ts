/**
 * Changes born at the central server (the smallest mechanism that lets the server speak in its own log): a change
 * owned by the HQ site, "pushed" by the pseudo device `central`, committed through the normal push path
 * (`commitChanges`: judged, global seq, `records` ownership) inside the caller's transaction, which must hold
 * LOCK_PUSH (seq order = commit order). Pullers receive it like any other change; no device has the id `central`,
 * so every device of the audience sees it.
 */
import { randomUUID } from 'node:crypto'
import type { Change } from '../../../modules/sync/protocol'
import type { Sql } from '../db/types'
import { commitChanges } from '../push'

export const CENTRAL_DEVICE_ID = 'central'

/** An HLC the branches accept: `<ms, 15 digits>-<counter>-central`. */
export const serverHlc = (now: Date) => `${String(now.getTime()).padStart(15, '0')}-00000-${CENTRAL_DEVICE_ID}`

export async function originateFact(
  sql: Sql,
  hqSite: string,
  fact: { entity: string; id: string; audience: string[]; fields: Record<string, unknown> },
  now: Date = new Date(),
): Promise<string> {
  const change: Change = {
    changeId: randomUUID(),
    txId: randomUUID(),
    site: hqSite,
    entity: fact.entity,
    id: fact.id,
    owner: hqSite,
    audience: fact.audience.filter((s) => s !== hqSite),
    kind: 'fact',
    op: 'upsert',
    fields: fact.fields,
    hlc: serverHlc(now),
  }
  const result = await commitChanges(sql, { id: CENTRAL_DEVICE_ID, site: hqSite }, hqSite, [change], now)
  if (result.rejected.length > 0) throw new Error(`central change refused: ${result.rejected[0].message}`)
  return result.accepted[0].seq
}
