/**
 * Generic HTTP gateway adapter. `SMS_GATEWAY=https://user:pass@sms.example/api/send` (credentials optional → Basic auth).
 *
 * Request: `POST <url>` with JSON
 *   `{ "reference": "<message id>", "to": "+2126…", "text": "…", "encoding": "gsm7"|"ucs2", "segments": n, "from": "<SMS_SOURCE>", "dlrUrl": "<SMS_DLR_URL>" }`
 * Reply: 2xx with JSON `{ "id": "<gateway message id>" }` (without an id, the reference is the id).
 *   4xx except 408/429 → permanent failure (not retried); 408, 429, 5xx, timeout, connection refused → retried.
 * Receipts: the gateway calls `POST /sms/dlr` on the central server (see routes.ts).
 */
import { smsInfo } from '../../../modules/billing/domain/sms'
import { GatewayError, type DeliveryReceipt, type OutgoingSms, type SmsGateway } from './gateway'

export interface HttpGatewayOptions {
  url: string
  source: string
  /** Where the gateway should post receipts (the central server's public `/sms/dlr`). */
  dlrUrl?: string
  timeoutMs?: number
}

export class HttpGateway implements SmsGateway {
  readonly name = 'http'
  private readonly target: string
  private readonly auth: string | null

  constructor(private readonly opts: HttpGatewayOptions) {
    const u = new URL(opts.url)
    this.auth = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : null
    u.username = ''
    u.password = ''
    this.target = u.toString()
  }

  async start(_onReceipt: (r: DeliveryReceipt) => void): Promise<void> {}

  async send(sms: OutgoingSms): Promise<string[]> {
    const info = smsInfo(sms.text)
    let res: Response
    try {
      res = await fetch(this.target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.auth ? { authorization: this.auth } : {}) },
        body: JSON.stringify({ reference: sms.id, to: sms.to, text: sms.text, encoding: info.encoding, segments: info.segments, from: this.opts.source, dlrUrl: this.opts.dlrUrl }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      })
    } catch (err) {
      throw new GatewayError(`HTTP gateway unreachable: ${(err as Error).message}`, false)
    }
    const text = await res.text().catch(() => '')
    if (!res.ok) {
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429
      throw new GatewayError(`HTTP gateway ${res.status}: ${text.slice(0, 200)}`, permanent)
    }
    let id: unknown
    try {
      id = (JSON.parse(text) as { id?: unknown }).id
    } catch {
      id = undefined
    }
    return [typeof id === 'string' || typeof id === 'number' ? String(id) : sms.id]
  }

  async close(): Promise<void> {}
}
