import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { ConnectionPointRow, ContractRow, SubscriberRow } from './contract'

let b: LocalBackend
let clerk: string
let subscriber: SubscriberRow
let point: ConnectionPointRow

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  clerk = await login(b, 'clerk')
  subscriber = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Nadia Squalli', cin: 'C112233' }, clerk)
  point = await ok<ConnectionPointRow>(b, 'billing.points.create', { address: '9 rue Tarik', water: true, sanitation: true }, clerk)
})
afterEach(async () => b?.close())

const contract = (over: Record<string, unknown> = {}) => ({ subscriberId: subscriber.id, pointId: point.id, commodity: 'water', category: 'domestique', startDate: '2026-02-01', deposit: 50_000, ...over })

describe('billing: contracts', () => {
  it('move-in then move-out; the next occupant starts where the last one left', async () => {
    const c = await ok<ContractRow>(b, 'billing.contracts.create', contract(), clerk)
    expect(c).toMatchObject({ subscriberName: 'Nadia Squalli', pointCode: point.code, commodity: 'water', endDate: null, deposit: 50_000, siteCode: 'CAS01' })
    expect(c.number).toMatch(/^CT-?CAS01-?\d{6}$/)
    // The point's water is taken while the contract runs.
    const clash = await call(b, 'billing.contracts.create', contract({ startDate: '2026-05-01' }), clerk)
    expect(!clash.ok && clash.error.details).toMatchObject({ reason: 'CONTRACT_OVERLAP', contracts: [{ id: c.id }] })
    // Sanitation at the same point is another commodity.
    await ok(b, 'billing.contracts.create', contract({ commodity: 'sanitation' }), clerk)
    expect(errorCode(await call(b, 'billing.contracts.end', { id: c.id, endDate: '2026-02-01' }, clerk))).toBe('VALIDATION')
    const ended = await ok<ContractRow>(b, 'billing.contracts.end', { id: c.id, endDate: '2026-06-15' }, clerk)
    expect(ended.endDate).toBe('2026-06-15')
    const again = await call(b, 'billing.contracts.end', { id: c.id, endDate: '2026-07-01' }, clerk)
    expect(!again.ok && again.error.details).toMatchObject({ reason: 'CONTRACT_ENDED' })
    // Before the move-out: still taken; from the move-out on: free.
    expect(errorCode(await call(b, 'billing.contracts.create', contract({ startDate: '2026-06-14' }), clerk))).toBe('CONFLICT')
    const next = await ok<ContractRow>(b, 'billing.contracts.create', contract({ startDate: '2026-06-15' }), clerk)
    const list = await ok<Page<ContractRow>>(b, 'billing.contracts.list', { filters: [{ id: 'pointId', op: 'equals', value: point.id }, { id: 'commodity', op: 'equals', value: 'water' }], sort: [{ id: 'startDate', desc: false }] }, clerk)
    expect(list.rows.map((r) => r.id)).toEqual([c.id, next.id])
  })

  it('the point must serve the commodity and the subscriber be active', async () => {
    const notServed = await call(b, 'billing.contracts.create', contract({ commodity: 'electricity' }), clerk)
    expect(!notServed.ok && JSON.stringify(notServed.error.details)).toContain('COMMODITY_NOT_SERVED')
    await ok(b, 'billing.subscribers.update', { id: subscriber.id, active: false }, clerk)
    const inactive = await call(b, 'billing.contracts.create', contract(), clerk)
    expect(!inactive.ok && inactive.error.details).toMatchObject({ reason: 'SUBSCRIBER_INACTIVE' })
    const warehouse = await login(b, 'warehouse')
    expect(errorCode(await call(b, 'billing.contracts.create', contract(), warehouse))).toBe('FORBIDDEN')
  })
})
