import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { BillComputation, ConnectionPointRow, DuplicateCandidate, SubscriberRow, TariffVersionDetail, TariffVersionRow } from './contract'

const M3 = 1000
let b: LocalBackend
let admin: string
let clerk: string

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  admin = await login(b, 'admin')
  clerk = await login(b, 'clerk')
})
afterEach(async () => b?.close())

const newPerson = (over: Record<string, unknown> = {}) => ({
  kind: 'person',
  nameLatin: 'Khadija Ouazzani',
  nameAr: 'خديجة الوزاني',
  cin: 'AB 112233',
  phone: '06 70 11 22 33',
  address: '3 rue des Orangers',
  city: 'Casablanca',
  language: 'ar',
  smsConsent: true,
  ...over,
})

describe('billing: tariffs', () => {
  const draft = {
    commodity: 'water',
    category: 'test',
    label: 'Test',
    validFrom: '2026-01-01',
    rule: 'progressive',
    vatRate: 700,
    bands: [{ upTo: 6 * M3, rate: 25_000 }, { upTo: null, rate: 70_000 }],
    fees: [{ code: 'REDEVANCE', label: 'Redevance', amount: 600 }],
  }

  it('a draft is editable; once published it is read-only and the simulation uses it', async () => {
    const v = await ok<TariffVersionDetail>(b, 'billing.tariffs.create', draft, admin)
    expect(v).toMatchObject({ status: 'draft', bandCount: 2, validTo: null })
    const edited = await ok<TariffVersionDetail>(b, 'billing.tariffs.update', { id: v.id, vatRate: 1000 }, admin)
    expect(edited.vatRate).toBe(1000)
    // Drafts are not priced unless asked.
    const noVersion = await call(b, 'billing.tariffs.simulate', { category: 'test', from: '2026-02-01', days: 30, water: 8 * M3 }, clerk)
    expect(errorCode(noVersion)).toBe('VALIDATION')
    expect(!noVersion.ok && noVersion.error.details).toMatchObject({ reason: 'NO_VERSION', date: '2026-02-01' })
    await ok(b, 'billing.tariffs.publish', { id: v.id }, admin)
    const refused = await call(b, 'billing.tariffs.update', { id: v.id, vatRate: 700 }, admin)
    expect(errorCode(refused)).toBe('CONFLICT')
    expect(!refused.ok && refused.error.details).toMatchObject({ reason: 'TARIFF_PUBLISHED' })
    // 8 m³ in 30 days: 6 × 2.50 + 2 × 7.00 = 29.00 ; fee 6.00 ; VAT 10 % = 3.50
    const bill = await ok<BillComputation>(b, 'billing.tariffs.simulate', { category: 'test', from: '2026-02-01', days: 30, water: 8 * M3 }, clerk)
    expect(bill.charges[0].segments[0].bands.map((l) => l.amount)).toEqual([1500, 1400])
    expect([bill.exclTax, bill.vat, bill.inclTax]).toEqual([3500, 350, 3850])
  })

  it('a new version supersedes the one in force; other overlaps and badly shaped versions are refused', async () => {
    const a = await ok<TariffVersionDetail>(b, 'billing.tariffs.create', draft, admin)
    await ok(b, 'billing.tariffs.publish', { id: a.id }, admin)
    // Starts before the one in force: refused.
    const earlier = await ok<TariffVersionDetail>(b, 'billing.tariffs.create', { ...draft, validFrom: '2025-06-01' }, admin)
    const clash = await call(b, 'billing.tariffs.publish', { id: earlier.id }, admin)
    expect(!clash.ok && clash.error.details).toMatchObject({ reason: 'TARIFF_OVERLAP', versions: [{ id: a.id }] })
    // Starts later and stays open: the version in force now ends on 2026-06-01.
    const later = await ok<TariffVersionDetail>(b, 'billing.tariffs.create', { ...draft, validFrom: '2026-06-01', bands: [{ upTo: 6 * M3, rate: 30_000 }, { upTo: null, rate: 80_000 }] }, admin)
    await ok(b, 'billing.tariffs.publish', { id: later.id }, admin)
    expect(await ok(b, 'billing.tariffs.get', { id: a.id }, admin)).toMatchObject({ validTo: '2026-06-01', status: 'published' })
    // A bill across the change is priced with both: 15 + 15 days, 4 m³ each (limits 3 m³ then 3 m³).
    const bill = await ok<BillComputation>(b, 'billing.tariffs.simulate', { category: 'test', from: '2026-05-17', days: 30, water: 8 * M3 }, clerk)
    expect(bill.charges[0].segments.map((s) => [s.versionId, s.days, s.consumption])).toEqual([
      [a.id, 15, 4 * M3],
      [later.id, 15, 4 * M3],
    ])
    const bad = await call(b, 'billing.tariffs.create', { ...draft, bands: [{ upTo: 6 * M3, rate: 1 }, { upTo: 3 * M3, rate: 2 }] }, admin)
    expect(errorCode(bad)).toBe('VALIDATION')
    expect(!bad.ok && bad.error.details).toMatchObject({ reason: 'TARIFF_SHAPE' })
  })

  it('only billing.tariffs may change tariffs; a clerk reads and simulates', async () => {
    expect(errorCode(await call(b, 'billing.tariffs.create', draft, clerk))).toBe('FORBIDDEN')
    const list = await ok<Page<TariffVersionRow>>(b, 'billing.tariffs.list', { filters: [{ id: 'commodity', op: 'equals', value: 'electricity' }] }, clerk)
    expect(list.rows.map((r) => r.category).sort()).toEqual(['domestique', 'industriel'])
    // The demo ONEE scheme: 120 kWh → 111.56 DH + 7.20 fee, VAT 14 %.
    const bill = await ok<BillComputation>(b, 'billing.tariffs.simulate', { category: 'domestique', from: '2026-01-01', days: 30, electricity: 120 * M3 }, clerk)
    expect(bill.charges[0].exclTax).toBe(11156 + 720)
  })
})

describe('billing: subscribers', () => {
  it('creates a subscriber with normalised identifiers and a number from the series', async () => {
    const s = await ok<SubscriberRow>(b, 'billing.subscribers.create', newPerson(), clerk)
    expect(s).toMatchObject({ cin: 'AB112233', phone: '+212670112233', siteCode: 'CAS01', smsConsent: true, language: 'ar' })
    expect(s.number).toMatch(/^AB-?CAS01-?0*\d+$/)
  })

  it('validates CIN, ICE, mobiles and consent', async () => {
    const bad = await call(b, 'billing.subscribers.create', newPerson({ cin: '12345', phone: '0522123456' }), clerk)
    expect(errorCode(bad)).toBe('VALIDATION')
    const paths = (!bad.ok && (bad.error.details as { path: string[]; message: string }[]).map((i) => `${i.path.join('.')}:${i.message}`)) || []
    expect(paths).toEqual(expect.arrayContaining(['cin:CIN_FORMAT', 'phone:MOBILE_FORMAT']))
    const org = await call(b, 'billing.subscribers.create', newPerson({ kind: 'organisation', cin: '', ice: '' }), clerk)
    expect(!org.ok && JSON.stringify(org.error.details)).toContain('ICE_REQUIRED')
    const consent = await call(b, 'billing.subscribers.create', newPerson({ phone: '' }), clerk)
    expect(!consent.ok && JSON.stringify(consent.error.details)).toContain('CONSENT_NEEDS_MOBILE')
  })

  it('reports duplicates (same CIN, same mobile, similar name in either script) until the clerk confirms', async () => {
    // The demo has "Mohamed El Amrani" / "محمد العمراني", CIN BE123456, 0661234567.
    const sameCin = await call(b, 'billing.subscribers.create', newPerson({ nameLatin: 'M. Amrani', nameAr: '', cin: 'be123456', phone: '' , smsConsent: false }), clerk)
    expect(errorCode(sameCin)).toBe('CONFLICT')
    const candidates = (!sameCin.ok && (sameCin.error.details as { reason: string; candidates: DuplicateCandidate[] }).candidates) || []
    expect(candidates[0]).toMatchObject({ subscriber: { nameLatin: 'Mohamed El Amrani' }, matches: ['cin'] })

    const byPhone = await ok<DuplicateCandidate[]>(b, 'billing.subscribers.duplicates', { phone: '+212 661 23 45 67' }, clerk)
    expect(byPhone.map((c) => [c.subscriber.cin, c.matches])).toEqual([['BE123456', ['phone']]])
    const byName = await ok<DuplicateCandidate[]>(b, 'billing.subscribers.duplicates', { nameLatin: 'ELAMRANI Mohammed' }, clerk)
    expect(byName[0]).toMatchObject({ subscriber: { cin: 'BE123456' }, matches: ['name'] })
    const byArabic = await ok<DuplicateCandidate[]>(b, 'billing.subscribers.duplicates', { nameAr: 'مُحمّد العمراني' }, clerk)
    expect(byArabic[0]).toMatchObject({ subscriber: { cin: 'BE123456' }, matches: ['name'], nameScore: 1 })
    expect(await ok(b, 'billing.subscribers.duplicates', { nameLatin: 'Nadia Chraibi', cin: 'X1' }, clerk)).toEqual([])

    const confirmed = await ok<SubscriberRow>(b, 'billing.subscribers.create', newPerson({ nameLatin: 'Mohammed Elamrani', cin: '', phone: '0661234567', confirmDuplicates: true }), clerk)
    expect(confirmed.phone).toBe('+212661234567')
  })

  it('updates keep the rules; lists sort, filter and search', async () => {
    const s = await ok<SubscriberRow>(b, 'billing.subscribers.create', newPerson(), clerk)
    const noPhone = await call(b, 'billing.subscribers.update', { id: s.id, phone: null }, clerk)
    expect(!noPhone.ok && JSON.stringify(noPhone.error.details)).toContain('CONSENT_NEEDS_MOBILE')
    const moved = await ok<SubscriberRow>(b, 'billing.subscribers.update', { id: s.id, city: 'Rabat', smsConsent: false, phone: null }, clerk)
    expect(moved).toMatchObject({ city: 'Rabat', phone: null, smsConsent: false })
    const found = await ok<Page<SubscriberRow>>(b, 'billing.subscribers.list', { search: 'الوزاني' }, clerk)
    expect(found.rows.map((r) => r.id)).toEqual([s.id])
    const sorted = await ok<Page<SubscriberRow>>(b, 'billing.subscribers.list', { sort: [{ id: 'nameLatin', desc: false }], filters: [{ id: 'kind', op: 'equals', value: 'person' }] }, clerk)
    expect(sorted.rows.map((r) => r.nameLatin)).toEqual([...sorted.rows.map((r) => r.nameLatin)].sort((x, y) => (x < y ? -1 : 1)))
    expect(sorted.total).toBe(4)
  })

  it('the command palette finds subscribers by name, CIN or mobile in any written form', async () => {
    type Hit = { module: string; kind: string; label: string; route: string }
    const search = (text: string) => ok<Hit[]>(b, 'core.search.records', { text, limit: 10 }, clerk).then((hits) => hits.filter((h) => h.module === 'billing'))
    expect((await search('06 61 23 45 67')).map((h) => h.label)).toEqual([expect.stringContaining('Mohamed El Amrani')])
    expect((await search('be 123456'))[0]).toMatchObject({ kind: 'subscriber', route: expect.stringMatching(/^billing\/customers\/[0-9a-f-]{36}$/) })
    expect((await search('بناني'))[0].label).toContain('Fatima Zahra Bennani')
    const warehouse = await login(b, 'warehouse')
    expect((await ok<Hit[]>(b, 'core.search.records', { text: 'Amrani', limit: 10 }, warehouse)).filter((h) => h.module === 'billing')).toEqual([])
  })

  it('an accountant reads but cannot create', async () => {
    const accountant = await login(b, 'accountant')
    expect(errorCode(await call(b, 'billing.subscribers.create', newPerson(), accountant))).toBe('FORBIDDEN')
    expect((await call(b, 'billing.subscribers.list', {}, accountant)).ok).toBe(true)
  })
})

describe('billing: connection points', () => {
  it('creates a point with GPS inside Morocco and the commodities served', async () => {
    const p = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: '7 avenue Hassan II', district: 'Centre', sector: 'S09', lat: 34.020882, lng: -6.84165, water: true, sanitation: true }, clerk)
    expect(p).toMatchObject({ lat: 34.020882, lng: -6.84165, water: true, electricity: false, sanitation: true, siteCode: 'CAS01' })
    const outside = await call(b, 'billing.points.create', { address: 'Paris', lat: 48.85, lng: 2.35, water: true }, clerk)
    expect(!outside.ok && JSON.stringify(outside.error.details)).toContain('GPS_OUTSIDE')
    const none = await call(b, 'billing.points.create', { address: 'Nulle part' }, clerk)
    expect(!none.ok && JSON.stringify(none.error.details)).toContain('COMMODITY_REQUIRED')
    const sanitationOnly = await call(b, 'billing.points.update', { id: p.id, water: false, electricity: false }, clerk)
    expect(!sanitationOnly.ok && JSON.stringify(sanitationOnly.error.details)).toContain('SANITATION_NEEDS_WATER')
    const updated = await ok<ConnectionPointRow>(b, 'billing.points.update', { id: p.id, electricity: true, lat: null, lng: null }, clerk)
    expect(updated).toMatchObject({ electricity: true, lat: null, lng: null })
    const bySector = await ok<Page<ConnectionPointRow>>(b, 'billing.points.list', { filters: [{ id: 'sector', op: 'equals', value: 'S09' }] }, clerk)
    expect(bySector.rows.map((r) => r.id)).toEqual([p.id])
  })
})
