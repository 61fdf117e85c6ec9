/** What the sender needs from an SMS gateway, and the adapter chosen by `SMS_GATEWAY`. */
import type { DeliveryStatus } from '../../../modules/billing/domain/sms-wire'

export interface OutgoingSms {
  /** The message id (the branch's): HTTP gateways get it as `reference`. */
  id: string
  /** E.164. */
  to: string
  text: string
}

export interface DeliveryReceipt {
  gatewayId: string
  status: Exclude<DeliveryStatus, 'sent'>
  detail: string
}

/** A failed submission; `permanent` ones are not retried (bad number, refused content). */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
  }
}

export interface SmsGateway {
  readonly name: string
  /** Connects (SMPP: binds) and starts listening for receipts. Must not throw when the peer is down (it retries). */
  start(onReceipt: (r: DeliveryReceipt) => void): Promise<void>
  /** Submits the message; returns the gateway's id of each submitted part (one, or one per segment). */
  send(sms: OutgoingSms): Promise<string[]>
  close(): Promise<void>
}

/** Standard receipt states (SMPP `stat:` / message_state names, HTTP gateways' words) → our status; null = not final. */
export function receiptStatus(word: string): DeliveryReceipt['status'] | null {
  switch (word.trim().toUpperCase()) {
    case 'DELIVRD':
    case 'DELIVERED':
    case '2':
      return 'delivered'
    case 'EXPIRED':
    case '3':
      return 'expired'
    case 'UNDELIV':
    case 'UNDELIVERABLE':
    case 'REJECTD':
    case 'REJECTED':
    case 'DELETED':
    case 'FAILED':
    case 'UNKNOWN':
    case '4':
    case '5':
    case '7':
    case '8':
      return 'failed'
    default:
      return null
  }
}
