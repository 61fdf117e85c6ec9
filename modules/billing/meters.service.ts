/**
 * Meters at connection points: install (the stock module issues the serial), remove, swap — each with its reads on
 * the contracts running there, in one write transaction (the stock call joins it, so a failure leaves nothing).
 */
import type { EntityManager } from 'typeorm'
import type { ListQuery, Page } from '../core/rpc'
import { notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext, WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { installationsList } from './readings.lists'
import { contractsAt, readingError, recordReading } from './readings.record'
import {
  DEFAULT_DIGITS,
  READINGS_REASONS as R,
  type MeterInstallationRow,
  type MeterInstallInput,
  type MeterRemoveInput,
  type MeterSwapInput,
} from './readings.contract'

async function requireInstallation(manager: EntityManager, id: string): Promise<MeterInstallationRow> {
  const page = await runList(manager, installationsList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound('Meter installation', { id })
  return page.rows[0]
}

async function installIn(ctx: CallContext, tx: WriteTx, input: MeterInstallInput): Promise<MeterInstallationRow> {
  const m = tx.manager
  const [point] = (await m.query(`SELECT id, code, water, electricity FROM billing_connection_points WHERE id = ?`, [input.pointId])) as Record<string, string | number>[]
  if (!point) throw notFound('Connection point', { id: input.pointId })
  if (!point[input.commodity]) throw readingError('COMMODITY_NOT_SERVED', 'The connection point does not serve this commodity')
  const [present] = (await m.query(`SELECT serial_no AS serialNo FROM billing_meter_installations WHERE point_id = ? AND commodity = ? AND removed_on IS NULL`, [input.pointId, input.commodity])) as { serialNo: string }[]
  if (present) throw readingError(R.meterPresent, `Meter ${present.serialNo} is in service at this point`, { serialNo: present.serialNo })
  // Stock items say which kind of meter they are (meter_water, meter_electricity): a point's water meter must be one.
  const [item] = (await m.query(`SELECT i.category FROM stock_serials s JOIN stock_items i ON i.id = s.item_id WHERE s.serial_no = ? LIMIT 1`, [input.serialNo])) as { category: string }[]
  if (item && item.category !== `meter_${input.commodity}`) {
    throw readingError(R.meterKind, `Serial ${input.serialNo} is not a ${input.commodity} meter (${item.category})`, { serialNo: input.serialNo, category: item.category })
  }
  // The stock module checks the serial is in stock, issues it at average cost and marks it installed here.
  const serial = (await ctx.call('stock.serials.install', { serialNo: input.serialNo, connectionPointId: input.pointId, date: input.date, reference: String(point.code) })) as { id: string; serialNo: string }
  const id = newId()
  const at = ctx.now().toISOString()
  const { siteCode } = await readSiteSettings(m)
  const digits = input.digits ?? DEFAULT_DIGITS[input.commodity]
  await m.query(
    `INSERT INTO billing_meter_installations (id, point_id, commodity, serial_id, serial_no, digits, installed_on, initial_index, removed_on, final_index, reason, site_code, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)`,
    [id, input.pointId, input.commodity, serial.id, serial.serialNo, digits, input.date, input.index, input.reason, siteCode, at, at],
  )
  const installation = { id, serialNo: serial.serialNo, digits, installedOn: input.date, removedOn: null }
  for (const contractId of await contractsAt(m, input.pointId, input.commodity, input.date, false)) {
    await recordReading(ctx, tx, { contractId, date: input.date, kind: 'install', index: input.index, source: 'meter', note: input.reason, installation })
  }
  const after = await requireInstallation(m, id)
  tx.audit({ entity: 'billing_meter_installation', entityId: id, after })
  return after
}

async function removeIn(ctx: CallContext, tx: WriteTx, input: MeterRemoveInput): Promise<MeterInstallationRow> {
  const m = tx.manager
  const before = await requireInstallation(m, input.installationId)
  if (!before.active) throw readingError(R.meterRemoved, `Meter ${before.serialNo} was removed on ${before.removedOn}`, { removedOn: before.removedOn })
  if (input.date < before.installedOn) throw readingError(R.beforeInstall, `Meter ${before.serialNo} was installed on ${before.installedOn}`, { installedOn: before.installedOn })
  const installation = { id: before.id, serialNo: before.serialNo, digits: before.digits, installedOn: before.installedOn, removedOn: null }
  for (const contractId of await contractsAt(m, before.pointId, before.commodity, input.date, true)) {
    await recordReading(ctx, tx, { contractId, date: input.date, kind: 'remove', index: input.index, source: 'meter', note: input.reason, installation })
  }
  if (input.index >= 10 ** before.digits * 1000) throw readingError(R.indexTooLarge, 'Index beyond the meter digits', { digits: before.digits })
  await m.query(`UPDATE billing_meter_installations SET removed_on = ?, final_index = ?, reason = ?, updated_at = ? WHERE id = ?`, [
    input.date, input.index, input.reason, ctx.now().toISOString(), before.id,
  ])
  await ctx.call('stock.serials.remove', { ...(before.serialId ? { serialId: before.serialId } : { serialNo: before.serialNo }), date: input.date, ...(input.reason ? { reason: input.reason } : {}) })
  const after = await requireInstallation(m, before.id)
  tx.audit({ entity: 'billing_meter_installation', entityId: before.id, before, after })
  return after
}

export const metersService = {
  list: (ctx: CallContext, q: ListQuery): Promise<Page<MeterInstallationRow>> => runList(ctx.db.manager, installationsList, q),
  install: (ctx: CallContext, input: MeterInstallInput): Promise<MeterInstallationRow> => ctx.write((tx) => installIn(ctx, tx, input)),
  remove: (ctx: CallContext, input: MeterRemoveInput): Promise<MeterInstallationRow> => ctx.write((tx) => removeIn(ctx, tx, input)),
  /** Old meter off (final index) and new meter on (initial index) the same day; returns the new installation. */
  swap: (ctx: CallContext, input: MeterSwapInput): Promise<MeterInstallationRow> =>
    ctx.write(async (tx) => {
      const old = await removeIn(ctx, tx, { installationId: input.installationId, date: input.date, index: input.finalIndex, reason: input.reason })
      return installIn(ctx, tx, { pointId: old.pointId, commodity: old.commodity, serialNo: input.serialNo, date: input.date, index: input.initialIndex, digits: input.digits, reason: input.reason })
    }),
}
