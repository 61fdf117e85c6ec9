/**
 * SMS notifications (branch side): the messages queued here and their delivery status as the central server
 * reports it. Types and zod only: the billing UI imports this file.
 */
import { z } from 'zod'
import { listQuerySchema, method, type ContractOf, type Page } from '../core/rpc'
import { BILLING_PERMISSIONS } from './contract'
import { MESSAGE_KINDS, TEMPLATE_PARAMS, type MessageKind } from './domain/message-templates'
import type { SmsEncoding } from './domain/sms'

export { MESSAGE_KINDS, TEMPLATE_PARAMS }
export type { MessageKind, SmsEncoding }

/** `queued` = no status from the server yet; the others come back from the central server through sync. */
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'expired'] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]
export type MessageEventStatus = Exclude<MessageStatus, 'queued'>

export const MESSAGES_PERMISSIONS = {
  /** Send a free-text (test) SMS to a subscriber. */
  messagesSend: 'billing.messages.send',
} as const

/** Why queueMessage did not queue (not errors: the caller's write goes on). */
export const QUEUE_REFUSALS = ['NO_CONSENT', 'NO_MOBILE', 'DUPLICATE'] as const
export type QueueRefusal = (typeof QUEUE_REFUSALS)[number]
export type QueueResult = { queued: true; id: string } | { queued: false; reason: QueueRefusal }

export interface MessageRow {
  id: string
  subscriberId: string
  subscriberNumber: string
  subscriberName: string
  contractId: string | null
  kind: MessageKind
  language: 'fr' | 'ar'
  /** E.164. */
  phone: string
  body: string
  ref: string | null
  encoding: SmsEncoding
  segments: number
  siteCode: string
  status: MessageStatus
  createdAt: string
  sentAt: string | null
  /** When it was delivered, failed or expired. */
  finalAt: string | null
  detail: string
}

export interface MessageEventRow {
  id: string
  status: MessageEventStatus
  at: string
  attempt: number
  gatewayId: string | null
  detail: string
}

export interface MessageDetail extends MessageRow {
  events: MessageEventRow[]
}

export const messageSendSchema = z
  .object({
    subscriberId: z.string().uuid(),
    text: z.string().trim().min(1).max(918), // 6 GSM segments at most
  })
  .strict()

export const messagesMethods = {
  'billing.messages.list': method<Page<MessageRow>>()({ input: listQuerySchema.strict(), permission: BILLING_PERMISSIONS.read, list: true }),
  /** The message and its status events (the timeline). */
  'billing.messages.get': method<MessageDetail>()({ input: z.object({ id: z.string().uuid() }).strict(), permission: BILLING_PERMISSIONS.read }),
  /** Queues a free-text SMS (kind `other`) to a subscriber: refused silently without consent or mobile. */
  'billing.messages.send': method<QueueResult>()({ input: messageSendSchema, permission: MESSAGES_PERMISSIONS.messagesSend, write: true }),
}

export type MessagesContract = ContractOf<typeof messagesMethods>
