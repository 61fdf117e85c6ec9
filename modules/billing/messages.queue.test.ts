import { describe, expect, it } from 'vitest'
import type { WriteTx } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { backendEachTest, call, errorCode, login, ok } from '../../test/helpers'
import type { SubscriberRow } from './contract'
import type { MessageDetail, MessageRow, QueueResult } from './messages.contract'
import { queueMessage, type QueueMessageInput } from './messages.queue'

const env = backendEachTest({ demo: true }, ['clerk'])

const subscriber = (over: Record<string, unknown>) =>
  ok<SubscriberRow>(env.b, 'billing.subscribers.create', { kind: 'person', nameLatin: `Abonné ${Math.random()}`, cin: `K${Math.floor(Math.random() * 999999)}`, confirmDuplicates: true, ...over }, env.clerk)

/** queueMessage inside a write transaction of the caller, as other billing code calls it. */
const queue = (m: QueueMessageInput) =>
  env.b.dataSource.transaction((manager) => queueMessage({ manager, audit: () => {}, nextNumber: async () => 'X' } as WriteTx, m))

const bill = { amount: 45_075, dueDate: '2026-03-10' }

describe('queueMessage', () => {
  it('queues in the subscriber’s language with the mobile in E.164 and the segment count', async () => {
    const fr = await subscriber({ phone: '06 61 23 45 67', smsConsent: true, language: 'fr' })
    const ar = await subscriber({ phone: '+212 7 00 11 22 33', smsConsent: true, language: 'ar' })
    const a = await queue({ subscriberId: fr.id, kind: 'bill', params: bill, ref: 'FA-1' })
    const c = await queue({ subscriberId: ar.id, kind: 'bill', params: bill, ref: 'FA-2' })
    expect(a.queued && c.queued).toBe(true)
    // (The demo data has its own messages: only this test's subscribers are listed.)
    const rows = await ok<Page<MessageRow>>(env.b, 'billing.messages.list', { filters: [{ id: 'subscriberId', op: 'in', value: [fr.id, ar.id] }], sort: [{ id: 'ref', desc: false }] }, env.clerk)
    expect(rows.rows.map((r) => [r.ref, r.language, r.phone, r.encoding, r.status])).toEqual([
      ['FA-1', 'fr', '+212661234567', 'gsm7', 'queued'],
      ['FA-2', 'ar', '+212700112233', 'ucs2', 'queued'],
    ])
    expect(rows.rows[0].body).toContain('450,75 DH')
    expect(rows.rows[0].body).toContain('10/03/2026')
    expect(rows.rows[1].body).toContain('450,75 درهم')
    expect(rows.rows[1].segments).toBe(2) // Arabic bill text is over 70 UCS-2 characters
    expect(rows.rows[0].subscriberName).toBe(fr.nameLatin)
  })

  it('refuses silently without consent or without a mobile, and once per (kind, ref)', async () => {
    const noConsent = await subscriber({ phone: '0661000001', smsConsent: false })
    const noMobile = await subscriber({ smsConsent: false })
    const ok1 = await subscriber({ phone: '0661000002', smsConsent: true })
    expect(await queue({ subscriberId: noConsent.id, kind: 'bill', params: bill, ref: 'FA-9' })).toEqual({ queued: false, reason: 'NO_CONSENT' })
    // Consent without a mobile cannot be saved through the screen; a row synced from elsewhere could have it.
    await env.b.dataSource.query(`UPDATE billing_subscribers SET sms_consent = 1 WHERE id = ?`, [noMobile.id])
    expect(await queue({ subscriberId: noMobile.id, kind: 'bill', params: bill, ref: 'FA-9' })).toEqual({ queued: false, reason: 'NO_MOBILE' })
    expect((await queue({ subscriberId: ok1.id, kind: 'bill', params: bill, ref: 'FA-9' })).queued).toBe(true)
    expect(await queue({ subscriberId: ok1.id, kind: 'bill', params: bill, ref: 'FA-9' })).toEqual({ queued: false, reason: 'DUPLICATE' })
    // Another kind with the same ref is another message.
    expect((await queue({ subscriberId: ok1.id, kind: 'reminder', params: { ...bill, stage: 'before' }, ref: 'FA-9' })).queued).toBe(true)
    const count = await env.b.dataSource.query(`SELECT COUNT(*) AS n FROM billing_messages WHERE subscriber_id = ?`, [ok1.id])
    expect(Number(count[0].n)).toBe(2)
  })

  it('a bad template parameter is a VALIDATION error that names it (the caller’s write rolls back)', async () => {
    const s = await subscriber({ phone: '0661000003', smsConsent: true })
    await expect(queue({ subscriberId: s.id, kind: 'bill', params: { amount: 1 }, ref: 'FA-3' })).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(queue({ subscriberId: '00000000-0000-7000-8000-000000000000', kind: 'bill', params: bill })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('billing.messages.send: managers only; the message and its (empty) timeline', async () => {
    const s = await subscriber({ phone: '0661000004', smsConsent: true, language: 'ar' })
    expect(errorCode(await call(env.b, 'billing.messages.send', { subscriberId: s.id, text: 'x' }, env.clerk))).toBe('FORBIDDEN')
    const manager = await login(env.b, 'manager')
    const r = await ok<QueueResult>(env.b, 'billing.messages.send', { subscriberId: s.id, text: 'رسالة تجريبية' }, manager)
    expect(r.queued).toBe(true)
    const detail = await ok<MessageDetail>(env.b, 'billing.messages.get', { id: r.queued ? r.id : '' }, env.clerk)
    expect(detail).toMatchObject({ kind: 'other', body: 'رسالة تجريبية', status: 'queued', events: [] })
  })
})
