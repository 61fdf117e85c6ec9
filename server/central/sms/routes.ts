/**
 * `POST /sms/dlr`: delivery receipts from an HTTP gateway.
 *   Header `x-sms-secret: <SMS_DLR_SECRET>` (or `?secret=`). Body JSON or form: `id` (the gateway id returned at
 *   submission), `status` (delivered | failed | expired, or DELIVRD / UNDELIV / EXPIRED / REJECTD…), optional `detail`.
 *   200 `{ok: true}`; 400 VALIDATION; 401 UNAUTHENTICATED; 404 UNKNOWN_MESSAGE (no submission returned that id yet:
 *   gateways that retry their webhooks will succeed later); 202 for a non-final state (accepted, ignored).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { receiptStatus } from './gateway'
import type { SmsService } from './service'

const dlrSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1).max(200)),
  status: z.string().min(1).max(40),
  detail: z.string().max(500).optional().default(''),
})

const digest = (s: string) => createHash('sha256').update(s).digest()

export function registerSmsRoutes(app: FastifyInstance, sms: SmsService, serverTime: () => string): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  )
  app.post('/sms/dlr', async (req, reply) => {
    const send = (status: number, body: Record<string, unknown>) => reply.code(status).send({ ...body, serverTime: serverTime() })
    const secret = sms.dlrSecret
    if (!secret) return send(404, { error: { code: 'NOT_FOUND', message: 'Delivery reports are not enabled (SMS_DLR_SECRET)' } })
    const given = String(req.headers['x-sms-secret'] ?? (req.query as Record<string, unknown>)?.secret ?? '')
    if (!timingSafeEqual(digest(given), digest(secret))) return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Bad or missing x-sms-secret' } })
    const parsed = dlrSchema.safeParse(req.body)
    if (!parsed.success) return send(400, { error: { code: 'VALIDATION', message: z.prettifyError(parsed.error) } })
    const status = receiptStatus(parsed.data.status)
    if (!status) return send(202, { ok: true, final: false })
    const known = await sms.receipt({ gatewayId: parsed.data.id, status, detail: parsed.data.detail || parsed.data.status })
    if (!known) return send(404, { error: { code: 'UNKNOWN_MESSAGE', message: `No message was submitted with gateway id ${parsed.data.id}` } })
    return send(200, { ok: true, status })
  })
}
