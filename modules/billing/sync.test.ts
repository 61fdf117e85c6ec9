import { describe, expect, it } from 'vitest'
import { exchange, sitesClosedAfterEach, sys } from '../../test/sync-sites'
import type { ConnectionPointRow, ContractRow, DuplicateCandidate, SubscriberRow, TariffVersionDetail } from './contract'

const site = sitesClosedAfterEach({ hq: 'HQ01' })

const tariff = {
  commodity: 'water', category: 'domestique', validFrom: '2026-01-01', rule: 'progressive', vatRate: 700,
  bands: [{ upTo: 6000, rate: 25_000 }, { upTo: null, rate: 70_000 }],
}

describe('billing sync', () => {
  it('tariffs flow from HQ; subscribers and points from their site; only the owner changes them', async () => {
    const hq = await site('HQ01')
    const cas = await site('CAS01')
    const v = await sys<TariffVersionDetail>(hq, 'billing.tariffs.create', tariff)
    await sys(hq, 'billing.tariffs.publish', { id: v.id })
    await exchange(hq, cas)
    expect(await sys(cas, 'billing.tariffs.get', { id: v.id })).toMatchObject({ status: 'published', bands: tariff.bands })
    await expect(sys(cas, 'billing.tariffs.create', tariff)).rejects.toMatchObject({ code: 'FORBIDDEN' })

    const s = await sys<SubscriberRow>(cas, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Mohamed El Amrani', nameAr: 'محمد العمراني', cin: 'BE123456' })
    const p = await sys<ConnectionPointRow>(cas, 'billing.points.create', { address: '12 rue Ibn Battouta', lat: 33.5951, lng: -7.6328, water: true })
    const c = await sys<ContractRow>(cas, 'billing.contracts.create', { subscriberId: s.id, pointId: p.id, commodity: 'water', category: 'domestique', startDate: '2026-01-05' })
    await exchange(cas, hq)
    expect(await sys(hq, 'billing.contracts.get', { id: c.id })).toEqual(c)
    expect(await sys(hq, 'billing.subscribers.get', { id: s.id })).toEqual(s)
    expect(await sys(hq, 'billing.points.get', { id: p.id })).toEqual(p)
    // The derived name key is rebuilt on apply: HQ finds the duplicate by its Arabic name.
    const dup = await sys<DuplicateCandidate[]>(hq, 'billing.subscribers.duplicates', { nameAr: 'مُحمّد العمراني' })
    expect(dup.map((d) => d.subscriber.id)).toEqual([s.id])
    // HQ does not own CAS01's subscriber.
    await expect(sys(hq, 'billing.subscribers.update', { id: s.id, city: 'Rabat' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
