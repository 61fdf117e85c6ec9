/**
 * Demo billing data: published tariff versions (illustrative figures in the shape of the Moroccan schemes, not a
 * decree), one draft for next year, a few subscribers and connection points.
 */
import type { SeedContext } from '../core/backend/types'
import { seedMessagesDemo } from './messages.seed'
import { seedRunsDemo } from './runs.seed'
import type { TariffCreateInput } from './contract'
import { billingService as s } from './billing.service'
import { contractCreateSchema, subscriberCreateSchema, pointCreateSchema, tariffCreateSchema } from './contract'
import { contractsService as contracts } from './contracts.service'
import { seedRequestsDemo } from './requests.seed'
import { seedReadingsDemo } from './readings.seed'

const M3 = 1000
const rate = (dh: string) => Math.round(Number(dh) * 10_000)

const WATER_FEES = [
  { code: 'REDEVANCE', label: 'Redevance fixe eau', labelAr: 'الإتاوة الثابتة للماء', amount: 600 },
  { code: 'LOCATION', label: 'Location et entretien compteur', labelAr: 'كراء وصيانة العداد', amount: 420 },
]

export const DEMO_TARIFFS: TariffCreateInput[] = [
  {
    commodity: 'water', category: 'domestique', label: 'Eau domestique 2024', validFrom: '2024-01-01', rule: 'progressive', vatRate: 700, fees: WATER_FEES,
    bands: [{ upTo: 6 * M3, rate: rate('2.57') }, { upTo: 12 * M3, rate: rate('7.47') }, { upTo: 20 * M3, rate: rate('9.43') }, { upTo: null, rate: rate('10.60') }],
  },
  {
    commodity: 'water', category: 'social', label: 'Eau préférentiel social 2024', validFrom: '2024-01-01', rule: 'progressive', vatRate: 700, fees: WATER_FEES.slice(1),
    bands: [{ upTo: 6 * M3, rate: rate('1.20') }, { upTo: 12 * M3, rate: rate('5.10') }, { upTo: null, rate: rate('9.43') }],
  },
  {
    commodity: 'sanitation', category: 'domestique', label: 'Assainissement domestique 2024', validFrom: '2024-01-01', rule: 'progressive', vatRate: 1000,
    fees: [{ code: 'REDEV_ASS', label: 'Redevance assainissement', labelAr: 'إتاوة التطهير', amount: 300 }],
    bands: [{ upTo: 6 * M3, rate: rate('1.03') }, { upTo: 12 * M3, rate: rate('2.51') }, { upTo: 20 * M3, rate: rate('3.06') }, { upTo: null, rate: rate('3.33') }],
  },
  {
    commodity: 'sanitation', category: 'social', label: 'Assainissement social 2024', validFrom: '2024-01-01', rule: 'progressive', vatRate: 1000, fees: [],
    bands: [{ upTo: 6 * M3, rate: rate('0.50') }, { upTo: null, rate: rate('2.51') }],
  },
  {
    // ONEE households (2014): progressive up to 150 kWh a month, selective above.
    commodity: 'electricity', category: 'domestique', label: 'Électricité domestique (barème 2014)', validFrom: '2014-08-01', rule: 'selective', progressiveUpTo: 150 * M3, vatRate: 1400,
    fees: [{ code: 'ENTRETIEN', label: 'Entretien et location compteur', labelAr: 'صيانة وكراء العداد', amount: 720 }],
    bands: [
      { upTo: 100 * M3, rate: rate('0.9010') }, { upTo: 150 * M3, rate: rate('1.0732') }, { upTo: 210 * M3, rate: rate('1.0732') },
      { upTo: 310 * M3, rate: rate('1.1676') }, { upTo: 510 * M3, rate: rate('1.3817') }, { upTo: null, rate: rate('1.5958') },
    ],
  },
  {
    commodity: 'electricity', category: 'industriel', label: 'Électricité basse tension professionnelle', validFrom: '2014-08-01', rule: 'selective', vatRate: 2000, fees: [],
    bands: [{ upTo: 100 * M3, rate: rate('1.3002') }, { upTo: null, rate: rate('1.4306') }],
  },
]

const DEMO_SUBSCRIBERS = [
  { kind: 'person', nameLatin: 'Mohamed El Amrani', nameAr: 'محمد العمراني', cin: 'BE123456', phone: '0661234567', address: '12 rue Ibn Battouta, Anfa', city: 'Casablanca', language: 'ar', smsConsent: true },
  { kind: 'person', nameLatin: 'Fatima Zahra Bennani', nameAr: 'فاطمة الزهراء بناني', cin: 'BK654321', phone: '0700112233', address: '45 boulevard Zerktouni', city: 'Casablanca', language: 'fr', smsConsent: true },
  { kind: 'person', nameLatin: 'Youssef Ait Lahcen', nameAr: 'يوسف أيت لحسن', cin: 'J345678', phone: '0612345678', address: 'Derb Sultan, rue 14 n° 7', city: 'Casablanca', language: 'ar', smsConsent: false },
  { kind: 'organisation', nameLatin: 'Boulangerie Al Baraka SARL', nameAr: 'مخبزة البركة', ice: '001525862000067', phone: '0661000000', address: 'Zone industrielle Sidi Bernoussi', city: 'Casablanca', language: 'fr', smsConsent: true },
] as const

const DEMO_POINTS = [
  { address: '12 rue Ibn Battouta', city: 'Casablanca', district: 'Anfa', sector: 'S01', lat: 33.5951, lng: -7.6328, water: true, electricity: true, sanitation: true },
  { address: '45 boulevard Zerktouni', city: 'Casablanca', district: 'Maârif', sector: 'S02', lat: 33.5869, lng: -7.6303, water: true, electricity: true, sanitation: true },
  { address: 'Derb Sultan, rue 14 n° 7', city: 'Casablanca', district: 'Al Fida', sector: 'S03', lat: 33.5722, lng: -7.6019, water: true, electricity: false, sanitation: false },
]

const DEMO_NEW_POINT = { address: 'Lotissement Al Qods, lot 23', city: 'Casablanca', district: 'Sidi Moumen', sector: 'S04', lat: null, lng: null, water: true, electricity: true, sanitation: false }

export async function seedBillingDemo({ ctx }: SeedContext): Promise<void> {
  for (const t of DEMO_TARIFFS) {
    const v = await s.createTariff(ctx, tariffCreateSchema.parse(t))
    await s.publishTariff(ctx, v.id)
  }
  // A version being prepared for next year (draft: editable, priced only by a simulation with drafts).
  await s.createTariff(ctx, tariffCreateSchema.parse({ ...DEMO_TARIFFS[0], label: 'Eau domestique 2027 (projet)', validFrom: '2027-01-01' }))
  const subscribers = []
  for (const sub of DEMO_SUBSCRIBERS) subscribers.push(await s.createSubscriber(ctx, subscriberCreateSchema.parse({ ...sub, confirmDuplicates: true })))
  const points = []
  for (const p of DEMO_POINTS) points.push(await s.createPoint(ctx, pointCreateSchema.parse(p)))
  // The first three subscribers live at the three points (water; electricity where served).
  for (const [i, point] of points.entries()) {
    const base = { subscriberId: subscribers[i].id, pointId: point.id, category: 'domestique', startDate: '2025-03-01', deposit: 30_000 }
    await contracts.create(ctx, contractCreateSchema.parse({ ...base, commodity: 'water' }))
    if (point.electricity) await contracts.create(ctx, contractCreateSchema.parse({ ...base, commodity: 'electricity' }))
  }
  await seedReadingsDemo(ctx, points.map((p) => p.id))
  // A new connection awaiting its meters (no GPS survey yet, no contract): where a meter is installed from stock.
  await s.createPoint(ctx, pointCreateSchema.parse(DEMO_NEW_POINT))
  await seedRequestsDemo(ctx, subscribers.map((x) => x.id))
  await seedMessagesDemo(ctx, subscribers.map((x) => x.id))
  await seedRunsDemo(ctx)
}
