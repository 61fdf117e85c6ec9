/**
 * SMPP 3.4 adapter (the `smpp` package): one transceiver session per instance.
 *
 * `SMS_GATEWAY=smpp://<system_id>:<password>@host:port?source=GUICHET&long=payload|udh`
 *  - bind_transceiver at start; lost connection or refused bind → reconnect with backoff (1 s … 60 s); a send while
 *    unbound fails as transient (the sender retries later).
 *  - submit_sm with registered_delivery = 1 (final receipt). GSM-7 text goes as data_coding 0 (SMSC default
 *    alphabet), anything else as data_coding 8 (UCS-2, big-endian).
 *  - Long texts: `long=payload` (default) sends the whole text in the `message_payload` TLV (the SMSC segments it,
 *    one message id); `long=udh` sends one submit_sm per segment with a concatenation UDH (IEI 0x00, 8-bit ref).
 *  - deliver_sm with esm_class "MC delivery receipt" (0x04): receipted_message_id / message_state TLVs, else the
 *    `id:… stat:…` text of the receipt → DeliveryReceipt. Every deliver_sm is acknowledged.
 */
import smpp, { type PDU, type Session } from 'smpp'
import { smsEncoding, splitSms } from '../../../modules/billing/domain/sms'
import { GatewayError, receiptStatus, type DeliveryReceipt, type OutgoingSms, type SmsGateway } from './gateway'

const TRANSIENT = new Set([0x08, 0x14, 0x58, 0x64]) // RSYSERR, RMSGQFUL, RTHROTTLED, RX_T_APPN
const RECEIPT = 0x04
const RESPONSE_TIMEOUT_MS = 15_000

export interface SmppOptions {
  host: string
  port: number
  systemId: string
  password: string
  source: string
  long: 'payload' | 'udh'
  /** Reconnect backoff bounds (tests make them short). */
  reconnectMinMs?: number
  reconnectMaxMs?: number
  log?: (msg: string) => void
}

export function smppOptionsFromUrl(url: URL): SmppOptions {
  const long = url.searchParams.get('long') ?? 'payload'
  if (long !== 'payload' && long !== 'udh') throw new Error(`SMS_GATEWAY: long must be payload or udh (got ${long})`)
  return {
    host: url.hostname,
    port: Number(url.port || 2775),
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    source: url.searchParams.get('source') ?? 'GUICHET',
    long,
  }
}

/** The `id:… stat:…` text of a receipt (SMPP 3.4 appendix B). */
export function parseReceiptText(text: string): { id: string | null; stat: string | null; err: string | null } {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S+)`, 'i').exec(text)?.[1] ?? null
  return { id: field('id'), stat: field('stat'), err: field('err') }
}

const textOf = (v: unknown): string => {
  if (typeof v === 'string') return v
  if (Buffer.isBuffer(v)) return v.toString('latin1')
  if (v && typeof v === 'object' && 'message' in v) return textOf((v as { message: unknown }).message)
  return ''
}

export class SmppGateway implements SmsGateway {
  readonly name = 'smpp'
  private session: Session | null = null
  private bound = false
  private closed = false
  private delay: number
  private timer: NodeJS.Timeout | null = null
  private onReceipt: (r: DeliveryReceipt) => void = () => {}
  private ref = Math.floor(Math.random() * 256)

  constructor(private readonly opts: SmppOptions) {
    this.delay = opts.reconnectMinMs ?? 1000
  }

  async start(onReceipt: (r: DeliveryReceipt) => void): Promise<void> {
    this.onReceipt = onReceipt
    await this.connect()
  }

  get isBound(): boolean {
    return this.bound
  }

  private connect(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve()
      const session = smpp.connect({ host: this.opts.host, port: this.opts.port, auto_enquire_link_period: 30_000 })
      this.session = session
      let settled = false
      const settle = () => {
        if (!settled) {
          settled = true
          resolve()
        }
      }
      session.on('connect', () => {
        session.send(new smpp.PDU('bind_transceiver', { system_id: this.opts.systemId, password: this.opts.password, interface_version: 0x34 }), (pdu) => {
          if (pdu.command_status === 0) {
            this.bound = true
            this.delay = this.opts.reconnectMinMs ?? 1000
            this.opts.log?.(`smpp bound to ${this.opts.host}:${this.opts.port}`)
          } else {
            this.opts.log?.(`smpp bind refused (status ${pdu.command_status})`)
            session.close()
          }
          settle()
        })
      })
      session.on('deliver_sm', (pdu: PDU) => {
        session.send(pdu.response())
        this.receipt(pdu)
      })
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()))
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response())
        session.close()
      })
      session.on('error', (err: Error) => this.opts.log?.(`smpp error: ${err.message}`))
      session.on('close', () => {
        if (this.session === session) {
          this.bound = false
          this.session = null
          this.scheduleReconnect()
        }
        settle()
      })
    })
  }

  private scheduleReconnect() {
    if (this.closed || this.timer) return
    const wait = this.delay
    this.delay = Math.min(this.delay * 2, this.opts.reconnectMaxMs ?? 60_000)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connect()
    }, wait)
    this.timer.unref?.()
  }

  private receipt(pdu: PDU) {
    if ((Number(pdu.esm_class ?? 0) & 0x3c) !== RECEIPT) return
    const text = parseReceiptText(textOf(pdu.short_message) || textOf(pdu.message_payload))
    const id = (typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id) || text.id
    const state = pdu.message_state !== undefined ? String(pdu.message_state) : (text.stat ?? '')
    const status = receiptStatus(state) ?? (text.stat ? receiptStatus(text.stat) : null)
    if (!id || !status) return
    this.onReceipt({ gatewayId: id, status, detail: text.stat ? `${text.stat}${text.err && text.err !== '000' ? ` err:${text.err}` : ''}` : state })
  }

  private submit(fields: Record<string, unknown>): Promise<string> {
    return new Promise((resolve, reject) => {
      const session = this.session
      if (!session || !this.bound) return reject(new GatewayError('SMPP session not bound', false))
      const timer = setTimeout(() => reject(new GatewayError('SMPP submit_sm_resp timeout', false)), RESPONSE_TIMEOUT_MS)
      const sent = session.send(new smpp.PDU('submit_sm', fields), (resp) => {
        clearTimeout(timer)
        if (resp.command_status === 0) return resolve(String(resp.message_id))
        reject(new GatewayError(`SMPP submit_sm refused (status 0x${resp.command_status.toString(16)})`, !TRANSIENT.has(resp.command_status)))
      })
      if (!sent) {
        clearTimeout(timer)
        reject(new GatewayError('SMPP connection not writable', false))
      }
    })
  }

  async send(sms: OutgoingSms): Promise<string[]> {
    const ucs2 = smsEncoding(sms.text) === 'ucs2'
    const alpha = !/^\d+$/.test(this.opts.source)
    const base = {
      source_addr_ton: alpha ? 5 : 1,
      source_addr_npi: alpha ? 0 : 1,
      source_addr: this.opts.source,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: sms.to.replace(/^\+/, ''),
      registered_delivery: 1,
      data_coding: ucs2 ? 8 : 0,
    }
    const parts = splitSms(sms.text)
    if (parts.length === 1) return [await this.submit({ ...base, short_message: sms.text })]
    if (this.opts.long === 'payload') return [await this.submit({ ...base, short_message: '', message_payload: sms.text })]
    this.ref = (this.ref + 1) % 256
    const ids: string[] = []
    for (const [i, part] of parts.entries()) {
      const udh = Buffer.from([0x05, 0x00, 0x03, this.ref, parts.length, i + 1])
      ids.push(await this.submit({ ...base, short_message: { udh, message: part } }))
    }
    return ids
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    const session = this.session
    this.session = null
    this.bound = false
    if (!session || session.socket.destroyed) return
    await new Promise<void>((resolve) => {
      // A socket that closes on its own resolves too; destroy() after 1 s if the peer never answers the unbind.
      session.socket.once('close', () => resolve())
      const force = setTimeout(() => session.destroy(), 1000)
      force.unref?.()
      const sent = session.send(new smpp.PDU('unbind', {}), () => {
        clearTimeout(force)
        session.close()
      })
      if (!sent) {
        clearTimeout(force)
        session.destroy()
      }
    })
  }
}
