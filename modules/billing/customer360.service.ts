/** Customer search and the 360° summary (read-only). */
import type { z } from 'zod'
import { notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import type { CallContext } from '../core/backend/types'
import type { RecordHit } from '../core/contract'
import { contractsList, pointsList, subscribersList } from './lists'
import { searchCustomers } from './customer360.search'
import type { CustomerHit, CustomerSummary, customerSearchSchema } from './customer360.contract'

/** The 360° page of a subscriber. */
export const customerRoute = (id: string) => `billing/customers/${id}`

export const customer360Service = {
  search: (ctx: CallContext, input: z.output<typeof customerSearchSchema>): Promise<CustomerHit[]> => searchCustomers(ctx.db.manager, input.text, input.limit),

  /** Command palette hits (the `searchRecords` of the billing manifest). */
  async records(ctx: CallContext, text: string, limit: number): Promise<RecordHit[]> {
    const hits = await searchCustomers(ctx.db.manager, text, Math.min(limit, 50))
    return hits.map(({ subscriber: s }) => ({
      module: 'billing',
      kind: 'subscriber',
      id: s.id,
      label: `${s.number} · ${s.nameLatin}${s.nameAr ? ` · ${s.nameAr}` : ''}`,
      description: [s.cin ?? s.ice, s.phone, s.city].filter(Boolean).join(' · '),
      route: customerRoute(s.id),
    }))
  },

  async get(ctx: CallContext, id: string): Promise<CustomerSummary> {
    const m = ctx.db.manager
    const subscriber = (await runList(m, subscribersList, { page: 0, pageSize: 1, filters: [{ id: 'id', op: 'equals', value: id }] })).rows[0]
    if (!subscriber) throw notFound('Subscriber', { id })
    const contracts = (
      await runList(m, contractsList, { page: 0, pageSize: 500, filters: [{ id: 'subscriberId', op: 'equals', value: id }], sort: [{ id: 'startDate', desc: true }] })
    ).rows
    const pointIds = [...new Set(contracts.map((c) => c.pointId))]
    const points = pointIds.length ? (await runList(m, pointsList, { page: 0, pageSize: 500, filters: [{ id: 'id', op: 'in', value: pointIds }] })).rows : []
    return { subscriber, contracts, points }
  },
}
