/**
 * Writing one meter read (used by route entry, CSV import, meters and contracts): finds the meter in service, the
 * previous accepted read, checks plausibility, inserts the fact. Runs inside the caller's write transaction.
 */
import type { EntityManager } from 'typeorm'
import { AppError, notFound, validation } from '../core/backend/errors'
import type { CallContext, WriteTx } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { checkReading, estimateIndex, type PlausibilityFlag, type PlausibilityResult } from './domain/plausibility'
import { chainConsumption, daysBetween, meterCapacity, type ReadingKind } from './domain/reading-chain'
import { acceptedSql, KIND_RANK_SQL, toChain, type ChainReadRaw } from './readings.billable'
import { READING_STATUS_SQL } from './readings.lists'
import { READINGS_REASONS as R, type PreviousReadInfo, type SavedReading } from './readings.contract'
import { alertOnAcceptedReading } from './alerts.overconsumption'

export interface ContractInfo {
  id: string
  number: string
  pointId: string
  commodity: string
  startDate: string
  endDate: string | null
  siteCode: string
}

export interface InstallationInfo {
  id: string
  serialNo: string
  digits: number
  installedOn: string
  removedOn: string | null
}

export const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)

export const readingError = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(reason === R.meterPresent || reason === R.alreadyRead || reason === R.alreadyReviewed || reason === R.meterRemoved ? 'CONFLICT' : 'VALIDATION', message, { reason, ...extra })

export async function contractInfo(manager: EntityManager, id: string): Promise<ContractInfo> {
  const [c] = (await manager.query(
    `SELECT id, number, point_id AS pointId, commodity, start_date AS startDate, end_date AS endDate, site_code AS siteCode FROM billing_contracts WHERE id = ?`,
    [id],
  )) as ContractInfo[]
  if (!c) throw notFound('Contract', { id })
  return c
}

/** The meter in service at the point on a date (on a swap day: the new one). */
export async function meterAt(manager: EntityManager, pointId: string, commodity: string, date: string): Promise<InstallationInfo | null> {
  const [m] = (await manager.query(
    `SELECT id, serial_no AS serialNo, digits, installed_on AS installedOn, removed_on AS removedOn FROM billing_meter_installations
     WHERE point_id = ? AND commodity = ? AND installed_on <= ? AND (removed_on IS NULL OR removed_on > ?)
     ORDER BY installed_on DESC LIMIT 1`,
    [pointId, commodity, date, date],
  )) as InstallationInfo[]
  return m ?? null
}

const READ_COLUMNS = `r.id, r.installation_id AS installationId, r.kind, r.date, r.index_value AS idx, r.wraps, m.digits`

/** The latest accepted read of the meter on or before a date (any contract: the index continues between occupants). */
export async function previousRead(manager: EntityManager, installationId: string, date: string): Promise<PreviousReadInfo | null> {
  const [r] = (await manager.query(
    `SELECT ${READ_COLUMNS} FROM billing_readings r JOIN billing_meter_installations m ON m.id = r.installation_id
     WHERE r.installation_id = ? AND r.date <= ? AND ${acceptedSql('r')}
     ORDER BY r.date DESC, ${KIND_RANK_SQL('r')} DESC, r.created_at DESC, r.id DESC LIMIT 1`,
    [installationId, date],
  )) as ChainReadRaw[]
  return r ? { readingId: r.id, index: Number(r.idx), date: r.date, kind: r.kind, estimated: r.kind === 'estimated' } : null
}

/**
 * Average daily consumption (thousandths/day) over the last year before `date`: from the contract's accepted reads
 * (across swaps), else the meter's own. Null when less than 20 days of history.
 */
export async function averageDaily(manager: EntityManager, contractId: string | null, installationId: string, date: string): Promise<number | null> {
  const since = new Date(Date.parse(`${date}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10)
  const load = (where: string, id: string) =>
    manager.query(
      `SELECT ${READ_COLUMNS} FROM billing_readings r JOIN billing_meter_installations m ON m.id = r.installation_id
       WHERE ${where} AND r.date >= ? AND r.date <= ? AND ${acceptedSql('r')}
       ORDER BY r.date, ${KIND_RANK_SQL('r')}, r.created_at, r.id`,
      [id, since, date],
    ) as Promise<ChainReadRaw[]>
  const fromChain = (reads: ChainReadRaw[]) => {
    if (reads.length < 2) return null
    const days = daysBetween(reads[0].date, reads[reads.length - 1].date)
    if (days < 20) return null
    return Math.max(0, chainConsumption(reads.map(toChain))) / days
  }
  const byContract = contractId ? fromChain(await load('r.contract_id = ?', contractId)) : null
  return byContract ?? fromChain(await load('r.installation_id = ?', installationId))
}

export interface RecordInput {
  contractId: string
  date: string
  kind: ReadingKind
  /** Required except for `estimated` (computed from the history). */
  index?: number
  note?: string
  source: string
  /** The meter read (install/remove of a given installation); default: the meter in service on the date. */
  installation?: InstallationInfo
}

/** Kinds whose status is never held for review (the technician sees the meter when it is fitted or taken off). */
const TRUSTED: readonly ReadingKind[] = ['install', 'remove', 'move_in']

export async function recordReading(ctx: CallContext, tx: WriteTx, input: RecordInput): Promise<SavedReading & { check: PlausibilityResult }> {
  const m = tx.manager
  const contract = await contractInfo(m, input.contractId)
  if (input.date > today(ctx)) throw readingError(R.futureDate, 'The date is in the future', { date: input.date })
  const outside = input.date < contract.startDate || (contract.endDate !== null && (input.kind === 'move_out' || input.kind === 'remove' ? input.date > contract.endDate : input.date >= contract.endDate))
  if (outside) throw readingError(R.outOfContract, `Contract ${contract.number} does not run on ${input.date}`, { contract: contract.number, date: input.date })
  const meter = input.installation ?? (await meterAt(m, contract.pointId, contract.commodity, input.date))
  if (!meter) throw readingError(R.noMeter, `No meter at the point of contract ${contract.number} on ${input.date}`, { contract: contract.number })
  const capacity = meterCapacity(meter.digits)
  if (input.kind === 'actual' || input.kind === 'estimated') {
    const [dup] = (await m.query(
      `SELECT r.id FROM billing_readings r WHERE r.contract_id = ? AND r.date = ? AND r.kind IN ('actual', 'estimated') AND ${READING_STATUS_SQL} <> 'rejected'`,
      [contract.id, input.date],
    )) as { id: string }[]
    if (dup) throw readingError(R.alreadyRead, `Contract ${contract.number} already has a read on ${input.date}`, { contract: contract.number, readingId: dup.id })
  }
  if (input.kind === 'actual' || input.kind === 'estimated' || input.kind === 'move_out') {
    // Reads are entered in date order: a read older than the meter's latest one would rewrite billed history.
    const [later] = (await m.query(`SELECT r.date FROM billing_readings r WHERE r.installation_id = ? AND r.date > ? AND ${acceptedSql('r')} ORDER BY r.date DESC LIMIT 1`, [meter.id, input.date])) as { date: string }[]
    if (later) throw readingError(R.beforePrevious, `The meter was last read on ${later.date}`, { previousDate: later.date })
  }
  const previous = input.kind === 'install' ? null : await previousRead(m, meter.id, input.date)
  const avgDaily = previous ? await averageDaily(m, contract.id, meter.id, input.date) : null
  let index = input.index
  if (input.kind === 'estimated') {
    if (!previous || avgDaily === null) throw readingError(R.noHistory, `No history to estimate contract ${contract.number}`, { contract: contract.number })
    index = estimateIndex(previous, avgDaily, input.date, capacity).index
  }
  if (index === undefined) throw validation('Index required', [{ path: ['index'], message: 'Required' }])
  if (index >= capacity) throw readingError(R.indexTooLarge, `Index beyond the meter's ${meter.digits} digits`, { digits: meter.digits })
  if (previous && input.date < previous.date) throw readingError(R.beforePrevious, `The meter was last read on ${previous.date}`, { previousDate: previous.date })
  const check = checkReading({ previous, index, date: input.date, avgDaily, capacity })
  // An estimate is what the history expects: never held for review.
  const status = input.kind === 'estimated' || TRUSTED.includes(input.kind) ? 'ok' : check.status
  const flags: PlausibilityFlag[] = check.flags
  const id = newId()
  await m.query(
    `INSERT INTO billing_readings (id, contract_id, installation_id, kind, date, index_value, status, flags, wraps, note, source, site_code, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, contract.id, meter.id, input.kind, input.date, index, status, JSON.stringify(flags), check.wraps, input.note ?? '', input.source, contract.siteCode, ctx.now().toISOString(), ctx.session?.user.id ?? null],
  )
  tx.audit({ entity: 'billing_reading', entityId: id, after: { contract: contract.number, kind: input.kind, date: input.date, index, status, flags } })
  // Over-consumption SMS (alerts.overconsumption.ts); a read held for review alerts when a reviewer accepts it.
  if (input.kind === 'actual' && status === 'ok') await alertOnAcceptedReading(tx, id)
  return { contractId: contract.id, readingId: id, kind: input.kind, index, status, flags, check }
}

/** Contracts of a point and commodity running on a date (`endInclusive`: a contract ending that day still counts). */
export async function contractsAt(manager: EntityManager, pointId: string, commodity: string, date: string, endInclusive: boolean): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT id FROM billing_contracts WHERE point_id = ? AND commodity = ? AND start_date <= ? AND (end_date IS NULL OR end_date ${endInclusive ? '>=' : '>'} ?) ORDER BY start_date`,
    [pointId, commodity, date, date],
  )) as { id: string }[]
  return rows.map((r) => r.id)
}
