/**
 * The SMS sender of one central server instance: reads pushed messages from the change log into `sms_outbox`,
 * sends the due ones through the gateway (rate-limited, retried with exponential backoff), and turns delivery
 * receipts into status events for the message's site. Several instances may run it on one database: a message is
 * leased by one instance at a time, and the change-log poller runs under its own advisory lock.
 */
import { GatewayError, type DeliveryReceipt, type SmsGateway } from './gateway'
import { HttpGateway } from './http-gateway'
import { SmppGateway, smppOptionsFromUrl } from './smpp-gateway'
import { applyReceipt, claimDue, expireStale, ingestMessages, retryLater, setStatus } from './outbox'
import { SmsMetrics } from './metrics'
import type { Db } from '../db/types'

export interface SmsOptions {
  /** `smpp://user:pass@host:port?source=&long=payload|udh`, `http(s)://…`, or an adapter (tests). */
  gateway: string | SmsGateway
  /** Shared secret of `POST /sms/dlr` (header `x-sms-secret`); without it the route answers 404. */
  dlrSecret?: string
  /** Sender name or number (default GUICHET). */
  source?: string
  /** Public URL of `/sms/dlr`, given to HTTP gateways. */
  dlrUrl?: string
  /** Messages per second per instance (default 10). */
  ratePerSec?: number
  pollMs?: number
  /** After this many failed attempts a message is failed (default 8). */
  maxAttempts?: number
  retryBaseMs?: number
  retryMaxMs?: number
  /** A message still not sent after this long is expired (default 48 h). */
  validityMs?: number
  leaseMs?: number
}

/** `SMS_GATEWAY` (+ `SMS_DLR_SECRET`, `SMS_SOURCE`, `SMS_DLR_URL`, `SMS_RATE_PER_SEC`, `SMS_MAX_ATTEMPTS`); unset or `none` → no sender. */
export function smsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SmsOptions | undefined {
  const gateway = env.SMS_GATEWAY?.trim()
  if (!gateway || gateway === 'none') return undefined
  if (!/^(smpp|https?):\/\//i.test(gateway)) throw new Error('SMS_GATEWAY must be smpp://…, http(s)://… or none')
  const num = (name: string) => (env[name] ? Number(env[name]) : undefined)
  return {
    gateway,
    dlrSecret: env.SMS_DLR_SECRET || undefined,
    source: env.SMS_SOURCE || undefined,
    dlrUrl: env.SMS_DLR_URL || undefined,
    ratePerSec: num('SMS_RATE_PER_SEC'),
    maxAttempts: num('SMS_MAX_ATTEMPTS'),
  }
}

export function gatewayFromOptions(opts: SmsOptions, log: (msg: string) => void): SmsGateway {
  if (typeof opts.gateway !== 'string') return opts.gateway
  const url = new URL(opts.gateway)
  if (url.protocol === 'smpp:') {
    const o = smppOptionsFromUrl(url)
    return new SmppGateway({ ...o, source: opts.source ?? o.source, log })
  }
  return new HttpGateway({ url: opts.gateway, source: opts.source ?? 'GUICHET', dlrUrl: opts.dlrUrl })
}

/** Token bucket: at most `rate` sends per second (bursts up to `rate`). */
class RateLimiter {
  private tokens: number
  private last = Date.now()
  constructor(private readonly rate: number) {
    this.tokens = rate
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now()
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.rate) * 1000)))
    }
  }
}

export class SmsService {
  readonly metrics = new SmsMetrics()
  readonly gateway: SmsGateway
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private readonly limiter: RateLimiter
  /** Receipts that arrived before their submission was recorded (an SMSC can be that fast). */
  private early = new Map<string, DeliveryReceipt>()

  constructor(
    private readonly db: Db,
    private readonly hqSite: string,
    private readonly opts: SmsOptions,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.gateway = gatewayFromOptions(opts, log)
    this.limiter = new RateLimiter(opts.ratePerSec ?? 10)
  }

  get dlrSecret(): string | undefined {
    return this.opts.dlrSecret
  }

  async start(): Promise<void> {
    await this.gateway.start((r) => void this.receipt(r).catch((err: Error) => this.log(`sms receipt failed: ${err.message}`)))
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 1000)
    this.timer.unref?.()
    this.kick()
  }

  /** Runs a cycle now (after a push); a cycle already running runs once more. */
  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.cycle()
      .catch((err: Error) => this.log(`sms cycle failed: ${err.message}`))
      .finally(() => {
        this.running = null
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }

  /** Waits for the cycle in progress (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async cycle(): Promise<void> {
    const now = new Date()
    const { queued, invalid } = await ingestMessages(this.db, this.hqSite, now)
    this.metrics.queued.inc(queued)
    if (invalid) this.metrics.failed.inc(invalid, { reason: 'invalid' })
    this.metrics.expired.inc(await expireStale(this.db, this.hqSite, now, this.opts.validityMs ?? 48 * 3600_000))
    for (;;) {
      if (this.stopped) return
      const due = await claimDue(this.db, new Date(), 20, this.opts.leaseMs ?? 60_000)
      if (due.length === 0) return
      for (const m of due) {
        if (this.stopped) return
        await this.limiter.take()
        await this.sendOne(m)
      }
    }
  }

  private async sendOne(m: { id: string; phone: string; body: string; attempts: number }): Promise<void> {
    try {
      const ids = await this.gateway.send({ id: m.id, to: m.phone, text: m.body })
      await setStatus(this.db, this.hqSite, m.id, 'sent', { gatewayIds: ids, countAttempt: true })
      this.metrics.sent.inc()
      for (const id of ids) {
        const early = this.early.get(id)
        if (early) {
          this.early.delete(id)
          await this.receipt(early)
        }
      }
    } catch (err) {
      const e = err as Error
      const permanent = err instanceof GatewayError && err.permanent
      const attempts = m.attempts + 1
      if (permanent || attempts >= (this.opts.maxAttempts ?? 8)) {
        await setStatus(this.db, this.hqSite, m.id, 'failed', { detail: e.message, countAttempt: true })
        this.metrics.failed.inc(1, { reason: permanent ? 'refused' : 'attempts' })
      } else {
        const base = this.opts.retryBaseMs ?? 5000
        const wait = Math.min(this.opts.retryMaxMs ?? 600_000, base * 2 ** (attempts - 1))
        await retryLater(this.db, m.id, e.message, new Date(Date.now() + wait / 2 + Math.random() * (wait / 2)))
        this.metrics.retries.inc()
      }
      this.log(`sms ${m.id} attempt ${attempts}: ${e.message}`)
    }
  }

  /** A delivery receipt from the gateway (SMPP deliver_sm or HTTP /sms/dlr). Returns whether the id was known. */
  async receipt(r: DeliveryReceipt): Promise<boolean> {
    this.metrics.receipts.inc(1, { status: r.status })
    const out = await applyReceipt(this.db, this.hqSite, r.gatewayId, r.status, r.detail)
    if (out === 'unknown') {
      if (this.early.size < 10_000) this.early.set(r.gatewayId, r)
      return false
    }
    if (out === 'delivered') this.metrics.delivered.inc()
    if (out === 'failed') this.metrics.failed.inc(1, { reason: 'receipt' })
    if (out === 'expired') this.metrics.expired.inc()
    return true
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await this.idle()
    await this.gateway.close()
  }
}
