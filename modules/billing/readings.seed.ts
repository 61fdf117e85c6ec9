/**
 * Demo meters and readings: a meter per demo contract (serials received by the stock demo), installed four months
 * ago, then three monthly rounds — one meter not reached (estimate) and one spike awaiting review in the last round.
 */
import type { CallContext } from '../core/backend/types'
import { metersService } from './meters.service'
import { readingsService } from './readings.service'
import { meterInstallSchema, readingBatchSchema } from './readings.contract'

/** Average monthly consumption of the demo (thousandths): 14 m³ of water, 180 kWh. */
const MONTHLY = { water: 14_000, electricity: 180_000 } as const

const firstOfMonth = (now: Date, back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10)

export async function seedReadingsDemo(ctx: CallContext, pointIds: string[]): Promise<void> {
  const now = ctx.now()
  const installedOn = firstOfMonth(now, 4)
  const serials = { water: ['SNS15-00003', 'SNS15-00004', 'SNS15-00005'], electricity: ['IMO-00001', 'IMO-00002', 'IMO-00003'] }
  const rows: { contractId: string; commodity: 'water' | 'electricity'; index: number; k: number }[] = []
  for (const [k, pointId] of pointIds.entries()) {
    const running = (await ctx.db.manager.query(`SELECT id, commodity FROM billing_contracts WHERE point_id = ? AND end_date IS NULL AND commodity IN ('water', 'electricity')`, [pointId])) as {
      id: string
      commodity: 'water' | 'electricity'
    }[]
    for (const c of running) {
      const index = (k + 1) * 1_234_000
      await metersService.install(ctx, meterInstallSchema.parse({ pointId, commodity: c.commodity, serialNo: serials[c.commodity][k], date: installedOn, index, reason: 'Pose compteur' }))
      rows.push({ contractId: c.id, commodity: c.commodity, index, k })
    }
  }
  for (let month = 1; month <= 3; month++) {
    const last = month === 3
    const batch = rows.map((r, n) => {
      // Slightly different each month and meter; the last round has a spike on the first meter and misses the last one.
      const used = Math.round(MONTHLY[r.commodity] * (0.85 + ((n + month) % 4) * 0.1)) * (last && n === 0 ? 5 : 1)
      r.index += used
      return last && n === rows.length - 1 ? { contractId: r.contractId, notReached: true, note: 'Portail fermé' } : { contractId: r.contractId, index: r.index }
    })
    await readingsService.saveBatch(ctx, readingBatchSchema.parse({ date: firstOfMonth(now, 4 - month), rows: batch }))
  }
}
