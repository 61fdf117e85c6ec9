import { describe, expect, it } from 'vitest'
import { exchange, sitesClosedAfterEach, sys } from '../../test/sync-sites'
import type { SubscriberRow } from './contract'
import type { RequestDetail } from './requests.contract'

const site = sitesClosedAfterEach({ hq: 'HQ01' })

describe('billing requests sync', () => {
  it('a request and its timeline travel from the site that filed it; only that site changes it', async () => {
    const hq = await site('HQ01')
    const cas = await site('CAS01')
    const s = await sys<SubscriberRow>(cas, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Mohamed El Amrani', cin: 'BE123456' })
    const r = await sys<RequestDetail>(cas, 'billing.requests.create', { type: 'complaint', subject: 'Facture contestée', subscriberId: s.id })
    await sys(cas, 'billing.requests.move', { id: r.id, to: 'investigating', comment: 'Relevé de contrôle demandé' })
    const after = await sys<RequestDetail>(cas, 'billing.requests.comment', { id: r.id, comment: 'Client rappelé' })
    await exchange(cas, hq)
    expect(await sys(hq, 'billing.requests.get', { id: r.id })).toEqual(after)
    expect(after.events.map((e) => e.kind)).toEqual(['created', 'status', 'comment'])
    await expect(sys(hq, 'billing.requests.move', { id: r.id, to: 'answered' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
