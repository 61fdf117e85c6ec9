/**
 * The one way to queue an SMS, called by other billing code inside its own write transaction (a bill run, the
 * dunning, a reading's over-consumption check). The message is a fact of this site: sync pushes it to the central
 * server, which sends it through its gateway and reports the status back (see messages.sync.ts).
 *
 * Refuses silently (a reason, not an error) when the subscriber gave no SMS consent, has no mobile, or a message of
 * the same kind and ref exists already. For reminders, make the ref unique per level (e.g. `<bill number>/R1`).
 * A missing or malformed template parameter is a programming error: VALIDATION.
 */
import type { WriteTx } from '../core/backend/types'
import { notFound, validation } from '../core/backend/errors'
import { readSiteSettings } from '../core/backend/settings'
import { newId } from '../core/domain/ids'
import { normaliseMobile } from './domain/identity'
import { TemplateError, renderMessage, type MessageKind, type TemplateParams } from './domain/message-templates'
import { smsInfo } from './domain/sms'
import type { QueueResult } from './messages.contract'

export type { MessageKind, QueueResult }

export interface QueueMessageInput {
  subscriberId: string
  contractId?: string | null
  kind: MessageKind
  /** See TEMPLATE_PARAMS: money in centimes, dates YYYY-MM-DD, volumes in thousandths. */
  params: TemplateParams
  /** Bill number (etc.): shown as `ref` in the text when params have none, and the dedupe key with the kind. */
  ref?: string | null
  /** User id, when a person asked for it. */
  createdBy?: string | null
}

interface SubscriberContact {
  language: string
  sms_consent: number
  phone: string | null
  phone2: string | null
}

export async function queueMessage(tx: WriteTx, m: QueueMessageInput): Promise<QueueResult> {
  const [s] = (await tx.manager.query(`SELECT language, sms_consent, phone, phone2 FROM billing_subscribers WHERE id = ?`, [m.subscriberId])) as SubscriberContact[]
  if (!s) throw notFound('Subscriber', { id: m.subscriberId })
  if (!s.sms_consent) return { queued: false, reason: 'NO_CONSENT' }
  const phone = [s.phone, s.phone2].map((p) => (p ? normaliseMobile(p) : null)).find((p) => p !== null) ?? null
  if (!phone) return { queued: false, reason: 'NO_MOBILE' }
  const ref = m.ref ?? null
  if (ref !== null) {
    const [dup] = (await tx.manager.query(`SELECT id FROM billing_messages WHERE kind = ? AND ref = ? LIMIT 1`, [m.kind, ref])) as { id: string }[]
    if (dup) return { queued: false, reason: 'DUPLICATE' }
  }
  const language = s.language === 'ar' ? 'ar' : 'fr'
  let body: string
  try {
    body = renderMessage(m.kind, language, ref !== null && m.params.ref === undefined ? { ...m.params, ref } : m.params)
  } catch (e) {
    if (e instanceof TemplateError) throw validation(`Message template ${m.kind}: ${e.code} ${e.param}`, [{ path: ['params', e.param], message: e.code }])
    throw e
  }
  const info = smsInfo(body)
  const id = newId()
  const { siteCode } = await readSiteSettings(tx.manager)
  const at = new Date().toISOString()
  await tx.manager.query(
    `INSERT INTO billing_messages (id, subscriber_id, contract_id, kind, language, phone, body, ref, encoding, segments, site_code, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, m.subscriberId, m.contractId ?? null, m.kind, language, phone, body, ref, info.encoding, info.segments, siteCode, at, m.createdBy ?? null],
  )
  await tx.manager.query(`INSERT INTO billing_message_state (message_id, status, updated_at) VALUES (?, 'queued', ?)`, [id, at])
  return { queued: true, id }
}
