/**
 * What the central server reads from a pushed `billing.message` and writes in a `billing.messageEvent` (pure; both
 * the branch's messages.sync.ts and server/central/sms import it, so the field names are written once).
 */
import { z } from 'zod'

export const MESSAGE_ENTITY = 'billing.message'
export const MESSAGE_EVENT_ENTITY = 'billing.messageEvent'

/** The fields of a `billing.message` change the server needs (the rest is ignored). */
export const pushedMessageSchema = z.object({
  phone: z.string().regex(/^\+\d{8,15}$/),
  body: z.string().min(1).max(2000),
  site_code: z.string(),
  created_at: z.string(),
})
export type PushedMessage = z.infer<typeof pushedMessageSchema>

export type DeliveryStatus = 'sent' | 'delivered' | 'failed' | 'expired'

/** The fields of a `billing.messageEvent` change. */
export interface MessageEventFields {
  message_id: string
  status: DeliveryStatus
  /** ISO time the server learnt it. */
  at: string
  /** Send attempts made so far. */
  attempt: number
  gateway_id: string | null
  /** Gateway error text, receipt state… (plain words, may be empty). */
  detail: string
}
