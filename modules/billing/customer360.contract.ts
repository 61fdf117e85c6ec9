/**
 * Customer search (exact keys and names in either script, over many subscribers) and the customer 360° summary.
 * Types and zod only: the billing UI imports this file.
 */
import { z } from 'zod'
import { method, type ContractOf } from '../core/rpc'
import { BILLING_PERMISSIONS, type ConnectionPointRow, type ContractRow, type SubscriberRow } from './contract'

/** Which key found the customer: identifiers first, then the name. */
export type CustomerMatch = 'phone' | 'cin' | 'ice' | 'number' | 'contract' | 'name'

export interface CustomerHit {
  subscriber: SubscriberRow
  matchedBy: CustomerMatch
}

/** The 360° page's header and its first tabs (contracts and the points they are at). */
export interface CustomerSummary {
  subscriber: SubscriberRow
  contracts: ContractRow[]
  points: ConnectionPointRow[]
}

export const customerSearchSchema = z
  .object({
    /** A mobile in any written form, CIN, ICE, subscriber or contract number, or part of a name in Latin or Arabic script. */
    text: z.string().trim().min(1).max(120),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict()

const P = BILLING_PERMISSIONS

export const customer360Methods = {
  'billing.customers.search': method<CustomerHit[]>()({ input: customerSearchSchema, permission: P.read }),
  /** Subscriber, all their contracts (running and ended) and the connection points of those contracts. */
  'billing.customers.get': method<CustomerSummary>()({ input: z.object({ id: z.string().uuid() }).strict(), permission: P.read }),
}

export type Customer360Contract = ContractOf<typeof customer360Methods>
