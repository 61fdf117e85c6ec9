/**
 * The over-consumption alert of an accepted actual read (`domain/overconsumption.ts` decides): called in the same
 * write transaction by `recordReading` (a read accepted at entry) and by the review decision (a read accepted by a
 * reviewer). A read held for review alerts nobody until it is accepted. One message per read at most: the ref is
 * `<contract number>/<read date>` (a contract has one actual read a day) and queueMessage dedupes on it.
 */
import type { WriteTx } from '../core/backend/types'
import { assessOverconsumption, trancheReached, type OverconsumptionCause } from './domain/overconsumption'
import { meterCapacity } from './domain/reading-chain'
import { addDays, daysBetween } from './domain/tariff'
import { publishedVersions } from './billing.service'
import { queueMessage, type QueueResult } from './messages.queue'
import { averageDaily, previousRead } from './readings.record'

export interface OverconsumptionAlert {
  cause: OverconsumptionCause
  consumption: number
  usual: number | null
  tranche: number | null
  message: QueueResult | null
}

interface ReadRow {
  kind: string
  date: string
  idx: number
  wraps: number
  digits: number
  installationId: string
  contractId: string
  contractNumber: string
  subscriberId: string
  commodity: string
  category: string
}

/** Checks an accepted read and queues the alert; null when the read is not an actual water/electricity read with a previous one. */
export async function alertOnAcceptedReading(tx: WriteTx, readingId: string): Promise<OverconsumptionAlert | null> {
  const m = tx.manager
  const [r] = (await m.query(
    `SELECT r.kind, r.date, r.index_value AS idx, r.wraps, i.digits, r.installation_id AS installationId, r.contract_id AS contractId,
            c.number AS contractNumber, c.subscriber_id AS subscriberId, c.commodity, c.category
     FROM billing_readings r JOIN billing_meter_installations i ON i.id = r.installation_id JOIN billing_contracts c ON c.id = r.contract_id
     WHERE r.id = ?`,
    [readingId],
  )) as ReadRow[]
  if (!r || r.kind !== 'actual' || (r.commodity !== 'water' && r.commodity !== 'electricity')) return null
  const previous = await previousRead(m, r.installationId, addDays(r.date, -1))
  if (!previous) return null
  const consumption = Number(r.idx) - previous.index + (Number(r.wraps) ? meterCapacity(Number(r.digits)) : 0)
  const days = daysBetween(previous.date, r.date)
  if (consumption <= 0 || days <= 0) return null
  const usualDaily = await averageDaily(m, r.contractId, r.installationId, previous.date)
  const versions = await publishedVersions(m, { commodity: r.commodity, category: r.category })
  const period = { commodity: r.commodity, category: r.category, from: previous.date, to: r.date } as const
  const tranche = trancheReached(versions, { ...period, consumption })
  const usualTranche = usualDaily === null ? null : trancheReached(versions, { ...period, consumption: Math.round(usualDaily * days) })
  const verdict = assessOverconsumption({ commodity: r.commodity, consumption, days, usualDaily, tranche, usualTranche })
  const alert: OverconsumptionAlert = { cause: verdict.cause, consumption, usual: verdict.usual, tranche: verdict.tranche, message: null }
  if (verdict.cause === 'none') return alert
  alert.message = await queueMessage(tx, {
    subscriberId: r.subscriberId,
    contractId: r.contractId,
    kind: 'overconsumption',
    ref: `${r.contractNumber}/${r.date}`,
    params: {
      cause: verdict.cause,
      consumption,
      usual: verdict.usual ?? 0,
      unit: r.commodity === 'water' ? 'm3' : 'kWh',
      ...(verdict.cause === 'tranche' && verdict.tranche !== null ? { tranche: verdict.tranche } : {}),
    },
  })
  return alert
}
