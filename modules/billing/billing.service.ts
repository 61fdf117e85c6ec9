/** Billing use cases (first slice): tariff versions, simulation, subscribers with duplicate detection, connection points. */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { ListQuery, Page } from '../core/rpc'
import { conflict, notFound, validation } from '../core/backend/errors'
import { runList, type ListSpec } from '../core/backend/list'
import { readSiteSettings } from '../core/backend/settings'
import type { CallContext } from '../core/backend/types'
import { newId } from '../core/domain/ids'
import { addDays, computeBill, TariffError, versionProblems, type BillComputation, type TariffVersion } from './domain/tariff'
import { SIMILAR_NAME_THRESHOLD, nameSimilarity, nameFragments, normaliseName } from './domain/identity'
import { pointsList, subscribersList, tariffsList } from './lists'
import {
  BILLING_REASONS as R,
  type ConnectionPointRow,
  type DuplicateCandidate,
  type DuplicateMatch,
  type SubscriberRow,
  type TariffVersionDetail,
  type TariffVersionRow,
  duplicateCheckSchema,
  pointCreateSchema,
  pointUpdateSchema,
  subscriberCreateSchema,
  subscriberUpdateSchema,
  tariffCreateSchema,
  tariffSimulateSchema,
  tariffUpdateSchema,
} from './contract'

async function byId<Row>(manager: EntityManager, spec: ListSpec<Row>, id: string, what: string): Promise<Row> {
  const page = await runList(manager, spec, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })
  if (!page.rows[0]) throw notFound(what, { id })
  return page.rows[0]
}

// --- tariffs -------------------------------------------------------------------------------------

interface TariffDbRow {
  id: string
  commodity: TariffVersion['commodity']
  category: string
  label: string
  valid_from: string
  valid_to: string | null
  rule: TariffVersion['rule']
  progressive_up_to: number | null
  bands: string
  fees: string
  vat_rate: number
  status: TariffVersionDetail['status']
  created_at: string
  updated_at: string
}

function tariffDetail(r: TariffDbRow): TariffVersionDetail {
  const bands = JSON.parse(r.bands) as TariffVersionDetail['bands']
  return {
    id: r.id,
    commodity: r.commodity,
    category: r.category,
    label: r.label,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    rule: r.rule,
    status: r.status,
    vatRate: r.vat_rate,
    bandCount: bands.length,
    progressiveUpTo: r.progressive_up_to,
    bands,
    fees: JSON.parse(r.fees) as TariffVersionDetail['fees'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

async function requireTariff(manager: EntityManager, id: string): Promise<TariffVersionDetail> {
  const rows: TariffDbRow[] = await manager.query(`SELECT * FROM billing_tariff_versions WHERE id = ?`, [id])
  if (!rows[0]) throw notFound('Tariff version', { id })
  return tariffDetail(rows[0])
}

function assertShape(v: Parameters<typeof versionProblems>[0]): void {
  const problems = versionProblems(v)
  if (problems.length > 0) {
    throw validation(`Invalid tariff version: ${problems.join(', ')}`, { reason: R.tariffShape, problems, issues: [{ path: ['bands'], message: problems.join(', ') }] })
  }
}

/** Published versions of the same commodity and category whose dates meet [from, to). */
async function overlapping(manager: EntityManager, v: TariffVersionDetail): Promise<{ id: string; validFrom: string; validTo: string | null }[]> {
  return manager.query(
    `SELECT id, valid_from AS validFrom, valid_to AS validTo FROM billing_tariff_versions
     WHERE status = 'published' AND commodity = ? AND category = ? AND id <> ?
       AND (valid_to IS NULL OR valid_to > ?) AND (? IS NULL OR valid_from < ?)`,
    [v.commodity, v.category, v.id, v.validFrom, v.validTo, v.validTo],
  )
}

/** A stored version as the tariff engine takes it. */
function engineVersion(r: TariffDbRow): TariffVersion {
  const d = tariffDetail(r)
  return { id: d.id, commodity: d.commodity, category: d.category, validFrom: d.validFrom, validTo: d.validTo, rule: d.rule, progressiveUpTo: d.progressiveUpTo, bands: d.bands, fees: d.fees, vatRate: d.vatRate }
}

async function loadVersions(manager: EntityManager, category: string, includeDrafts: boolean): Promise<TariffVersion[]> {
  const rows: TariffDbRow[] = await manager.query(
    `SELECT * FROM billing_tariff_versions WHERE category = ? ${includeDrafts ? '' : `AND status = 'published'`} ORDER BY valid_from`,
    [category],
  )
  return rows.map(engineVersion)
}

/**
 * Published tariff versions, oldest first (drafts never price a bill, and a published version is read-only): all of
 * them, or those of one commodity and category.
 */
export async function publishedVersions(manager: EntityManager, of?: { commodity: string; category: string }): Promise<TariffVersion[]> {
  const rows: TariffDbRow[] = await manager.query(
    `SELECT * FROM billing_tariff_versions WHERE status = 'published' ${of ? 'AND commodity = ? AND category = ?' : ''} ORDER BY valid_from`,
    of ? [of.commodity, of.category] : [],
  )
  return rows.map(engineVersion)
}

// --- subscribers ---------------------------------------------------------------------------------

/** The normalised names kept for duplicate pre-selection: Latin and Arabic keys joined by " | ". */
export const subscriberNameKey = (nameLatin: string, nameAr: string) => `${normaliseName(nameLatin)} | ${normaliseName(nameAr)}`

async function findDuplicates(manager: EntityManager, input: z.output<typeof duplicateCheckSchema>): Promise<DuplicateCandidate[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql)
    params.push(...values)
  }
  if (input.cin) add('s.cin = ?', input.cin)
  if (input.ice) add('s.ice = ?', input.ice)
  if (input.phone) add('(s.phone = ? OR s.phone2 = ?)', input.phone, input.phone)
  // Pre-selection by name fragments (either script), scored below.
  for (const token of [...nameFragments(input.nameLatin), ...nameFragments(input.nameAr)]) add(`s.name_key LIKE ? ESCAPE '\\'`, `%${token.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (where.length === 0) return []
  const exclude = input.excludeId ? 'AND s.id <> ?' : ''
  const ids: { id: string }[] = await manager.query(`SELECT s.id FROM billing_subscribers s WHERE (${where.join(' OR ')}) ${exclude} LIMIT 500`, [
    ...params,
    ...(input.excludeId ? [input.excludeId] : []),
  ])
  if (ids.length === 0) return []
  const rows = (await runList(manager, subscribersList, { page: 0, pageSize: 1000, filters: [{ id: 'id', op: 'in', value: ids.map((r) => r.id) }] })).rows
  const out: DuplicateCandidate[] = []
  for (const s of rows) {
    const matches: DuplicateMatch[] = []
    if (input.cin && s.cin === input.cin) matches.push('cin')
    if (input.ice && s.ice === input.ice) matches.push('ice')
    if (input.phone && (s.phone === input.phone || s.phone2 === input.phone)) matches.push('phone')
    const latin = input.nameLatin ? nameSimilarity(input.nameLatin, s.nameLatin) : 0
    const arabic = input.nameAr && s.nameAr ? nameSimilarity(input.nameAr, s.nameAr) : 0
    const nameScore = Math.round(Math.max(latin, arabic) * 100) / 100
    if (nameScore >= SIMILAR_NAME_THRESHOLD) matches.push('name')
    if (matches.length > 0) out.push({ subscriber: s, matches, nameScore })
  }
  // Identifier matches first, then by name score.
  return out.sort((a, b) => Number(b.matches.some((m) => m !== 'name')) - Number(a.matches.some((m) => m !== 'name')) || b.nameScore - a.nameScore).slice(0, 20)
}

const micro = (deg: number | null | undefined) => (deg === null || deg === undefined ? null : Math.round(deg * 1_000_000))

export const billingService = {
  // tariffs
  listTariffs: (ctx: CallContext, q: ListQuery): Promise<Page<TariffVersionRow>> => runList(ctx.db.manager, tariffsList, q),
  getTariff: (ctx: CallContext, id: string) => requireTariff(ctx.db.manager, id),

  createTariff: (ctx: CallContext, input: z.output<typeof tariffCreateSchema>): Promise<TariffVersionDetail> =>
    ctx.write(async (tx) => {
      assertShape(input)
      const id = newId()
      const at = ctx.now().toISOString()
      await tx.manager.query(
        `INSERT INTO billing_tariff_versions (id, commodity, category, label, valid_from, valid_to, rule, progressive_up_to, bands, fees, vat_rate, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
        [id, input.commodity, input.category, input.label, input.validFrom, input.validTo, input.rule, input.progressiveUpTo, JSON.stringify(input.bands), JSON.stringify(input.fees), input.vatRate, at, at],
      )
      const after = await requireTariff(tx.manager, id)
      tx.audit({ entity: 'billing_tariff_version', entityId: id, after })
      return after
    }),

  updateTariff: (ctx: CallContext, input: z.output<typeof tariffUpdateSchema>): Promise<TariffVersionDetail> =>
    ctx.write(async (tx) => {
      const before = await requireTariff(tx.manager, input.id)
      if (before.status === 'published') throw conflict('A published tariff version is read-only', { reason: R.tariffPublished, id: input.id })
      const next = {
        label: input.label ?? before.label,
        validFrom: input.validFrom ?? before.validFrom,
        validTo: input.validTo === undefined ? before.validTo : input.validTo,
        rule: input.rule ?? before.rule,
        progressiveUpTo: input.progressiveUpTo === undefined ? before.progressiveUpTo : input.progressiveUpTo,
        bands: input.bands ?? before.bands,
        fees: input.fees ?? before.fees,
        vatRate: input.vatRate ?? before.vatRate,
      }
      assertShape(next)
      await tx.manager.query(
        `UPDATE billing_tariff_versions SET label = ?, valid_from = ?, valid_to = ?, rule = ?, progressive_up_to = ?, bands = ?, fees = ?, vat_rate = ?, updated_at = ? WHERE id = ?`,
        [next.label, next.validFrom, next.validTo, next.rule, next.progressiveUpTo, JSON.stringify(next.bands), JSON.stringify(next.fees), next.vatRate, ctx.now().toISOString(), input.id],
      )
      const after = await requireTariff(tx.manager, input.id)
      tx.audit({ entity: 'billing_tariff_version', entityId: input.id, before, after })
      return after
    }),

  publishTariff: (ctx: CallContext, id: string): Promise<TariffVersionDetail> =>
    ctx.write(async (tx) => {
      const before = await requireTariff(tx.manager, id)
      if (before.status === 'published') throw conflict('Already published', { reason: R.tariffPublished, id })
      // A version in force from an earlier date is superseded: it ends where this one starts (when this one covers at
      // least as far). Any other overlap is refused.
      const clash = await overlapping(tx.manager, before)
      const covers = (end: string | null) => before.validTo === null || (end !== null && end <= before.validTo)
      const superseded = clash.filter((c) => c.validFrom < before.validFrom && covers(c.validTo))
      const refused = clash.filter((c) => !superseded.includes(c))
      if (refused.length > 0) throw conflict('Another published version covers these dates', { reason: R.tariffOverlap, versions: refused })
      // Bills are facts: a version that priced days after this one's start cannot be cut short under them.
      const billed = (await tx.manager.query(
        `SELECT DISTINCT v.id, v.label FROM billing_bill_lines l JOIN billing_tariff_versions v ON v.id = l.version_id
         WHERE l.version_id IN (SELECT value FROM json_each(?)) AND l.seg_to > ?`,
        [JSON.stringify(superseded.map((c) => c.id)), before.validFrom],
      )) as { id: string; label: string }[]
      if (billed.length > 0) throw conflict('Bills already used the version in force after this date', { reason: R.tariffBilled, versions: billed })
      const at = ctx.now().toISOString()
      for (const c of superseded) {
        const old = await requireTariff(tx.manager, c.id)
        await tx.manager.query(`UPDATE billing_tariff_versions SET valid_to = ?, updated_at = ? WHERE id = ?`, [before.validFrom, at, c.id])
        tx.audit({ action: 'billing.tariffs.supersede', entity: 'billing_tariff_version', entityId: c.id, before: old, after: await requireTariff(tx.manager, c.id) })
      }
      await tx.manager.query(`UPDATE billing_tariff_versions SET status = 'published', updated_at = ? WHERE id = ?`, [at, id])
      const after = await requireTariff(tx.manager, id)
      tx.audit({ entity: 'billing_tariff_version', entityId: id, before, after })
      return after
    }),

  simulate: async (ctx: CallContext, input: z.output<typeof tariffSimulateSchema>): Promise<BillComputation> => {
    const from = input.from ?? addDays(ctx.now().toISOString().slice(0, 10), -input.days)
    const versions = await loadVersions(ctx.db.manager, input.category, input.includeDrafts)
    try {
      return computeBill(versions, { category: input.category, from, to: addDays(from, input.days), water: input.water, electricity: input.electricity, sanitation: input.sanitation })
    } catch (e) {
      if (e instanceof TariffError) throw validation(e.message, { reason: e.reason, ...e.details })
      throw e
    }
  },

  // subscribers
  listSubscribers: (ctx: CallContext, q: ListQuery): Promise<Page<SubscriberRow>> => runList(ctx.db.manager, subscribersList, q),
  getSubscriber: (ctx: CallContext, id: string) => byId(ctx.db.manager, subscribersList, id, 'Subscriber'),
  duplicates: (ctx: CallContext, input: z.output<typeof duplicateCheckSchema>) => findDuplicates(ctx.db.manager, input),

  createSubscriber: (ctx: CallContext, input: z.output<typeof subscriberCreateSchema>): Promise<SubscriberRow> =>
    ctx.write(async (tx) => {
      if (!input.confirmDuplicates) {
        const candidates = await findDuplicates(tx.manager, input)
        if (candidates.length > 0) throw conflict('Possible duplicate subscribers', { reason: R.duplicates, candidates })
      }
      const id = newId()
      const at = ctx.now().toISOString()
      const number = await tx.nextNumber('SUBSCRIBER', ctx.now())
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_subscribers (id, number, kind, name_latin, name_ar, name_key, cin, ice, phone, phone2, email, address, city, language, sms_consent, site_code, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        [
          id, number, input.kind, input.nameLatin, input.nameAr, subscriberNameKey(input.nameLatin, input.nameAr), input.cin, input.ice, input.phone, input.phone2,
          input.email, input.address, input.city, input.language, input.smsConsent ? 1 : 0, siteCode, at, at,
        ],
      )
      const after = await byId(tx.manager, subscribersList, id, 'Subscriber')
      tx.audit({ entity: 'billing_subscriber', entityId: id, after })
      return after
    }),

  updateSubscriber: (ctx: CallContext, input: z.output<typeof subscriberUpdateSchema>): Promise<SubscriberRow> =>
    ctx.write(async (tx) => {
      const before = await byId(tx.manager, subscribersList, input.id, 'Subscriber')
      const pick = <K extends keyof SubscriberRow>(k: K): SubscriberRow[K] => (input[k as keyof typeof input] === undefined ? before[k] : (input[k as keyof typeof input] as SubscriberRow[K]))
      const next = {
        kind: pick('kind'), nameLatin: pick('nameLatin'), nameAr: pick('nameAr'), cin: pick('cin'), ice: pick('ice'), phone: pick('phone'), phone2: pick('phone2'),
        email: pick('email'), address: pick('address'), city: pick('city'), language: pick('language'), smsConsent: pick('smsConsent'), active: pick('active'),
      }
      const issues: { path: string[]; message: string }[] = []
      if (next.kind === 'person' && next.ice) issues.push({ path: ['ice'], message: 'ICE_PERSON' })
      if (next.kind === 'organisation' && !next.ice) issues.push({ path: ['ice'], message: 'ICE_REQUIRED' })
      if (next.smsConsent && !next.phone) issues.push({ path: ['phone'], message: 'CONSENT_NEEDS_MOBILE' })
      if (issues.length > 0) throw validation(issues.map((i) => i.message).join(', '), issues)
      await tx.manager.query(
        `UPDATE billing_subscribers SET kind = ?, name_latin = ?, name_ar = ?, name_key = ?, cin = ?, ice = ?, phone = ?, phone2 = ?, email = ?, address = ?, city = ?,
           language = ?, sms_consent = ?, active = ?, updated_at = ? WHERE id = ?`,
        [
          next.kind, next.nameLatin, next.nameAr, subscriberNameKey(next.nameLatin, next.nameAr), next.cin, next.ice, next.phone, next.phone2, next.email, next.address,
          next.city, next.language, next.smsConsent ? 1 : 0, next.active ? 1 : 0, ctx.now().toISOString(), input.id,
        ],
      )
      const after = await byId(tx.manager, subscribersList, input.id, 'Subscriber')
      tx.audit({ entity: 'billing_subscriber', entityId: input.id, before, after })
      return after
    }),

  // connection points
  listPoints: (ctx: CallContext, q: ListQuery): Promise<Page<ConnectionPointRow>> => runList(ctx.db.manager, pointsList, q),
  getPoint: (ctx: CallContext, id: string) => byId(ctx.db.manager, pointsList, id, 'Connection point'),

  createPoint: (ctx: CallContext, input: z.output<typeof pointCreateSchema>): Promise<ConnectionPointRow> =>
    ctx.write(async (tx) => {
      const id = newId()
      const at = ctx.now().toISOString()
      const code = await tx.nextNumber('CONNECTION_POINT', ctx.now())
      const { siteCode } = await readSiteSettings(tx.manager)
      await tx.manager.query(
        `INSERT INTO billing_connection_points (id, code, address, city, district, sector, lat_micro, lng_micro, water, electricity, sanitation, site_code, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        [id, code, input.address, input.city, input.district, input.sector, micro(input.lat), micro(input.lng), input.water ? 1 : 0, input.electricity ? 1 : 0, input.sanitation ? 1 : 0, siteCode, at, at],
      )
      const after = await byId(tx.manager, pointsList, id, 'Connection point')
      tx.audit({ entity: 'billing_connection_point', entityId: id, after })
      return after
    }),

  updatePoint: (ctx: CallContext, input: z.output<typeof pointUpdateSchema>): Promise<ConnectionPointRow> =>
    ctx.write(async (tx) => {
      const before = await byId(tx.manager, pointsList, input.id, 'Connection point')
      const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as ConnectionPointRow
      const issues: { path: string[]; message: string }[] = []
      if ((next.lat === null) !== (next.lng === null)) issues.push({ path: [next.lat === null ? 'lat' : 'lng'], message: 'GPS_BOTH' })
      if (!next.water && !next.electricity && !next.sanitation) issues.push({ path: ['water'], message: 'COMMODITY_REQUIRED' })
      if (next.sanitation && !next.water) issues.push({ path: ['sanitation'], message: 'SANITATION_NEEDS_WATER' })
      if (issues.length > 0) throw validation(issues.map((i) => i.message).join(', '), issues)
      await tx.manager.query(
        `UPDATE billing_connection_points SET address = ?, city = ?, district = ?, sector = ?, lat_micro = ?, lng_micro = ?, water = ?, electricity = ?, sanitation = ?, active = ?, updated_at = ?
         WHERE id = ?`,
        [next.address, next.city, next.district, next.sector, micro(next.lat), micro(next.lng), next.water ? 1 : 0, next.electricity ? 1 : 0, next.sanitation ? 1 : 0, next.active ? 1 : 0, ctx.now().toISOString(), input.id],
      )
      const after = await byId(tx.manager, pointsList, input.id, 'Connection point')
      tx.audit({ entity: 'billing_connection_point', entityId: input.id, before, after })
      return after
    }),
}
