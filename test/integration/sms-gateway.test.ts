/**
 * SMS end to end: a branch queues messages, pushes them to a real central server, which sends them through a real
 * local gateway peer — an SMPP server (the `smpp` package's own server) or an HTTP server — and the delivery
 * receipts come back to the branch as `billing.messageEvent` changes it pulls.
 */
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import smpp, { type PDU, type Server as SmppServer } from 'smpp'
import { afterEach, describe, expect, it } from 'vitest'
import { createEnrollToken, addSite } from '../../server/central/admin'
import { openDb } from '../../server/central/db/open'
import type { Db } from '../../server/central/db/types'
import { startCentralServer, type CentralServer } from '../../server/central/server'
import { SmppGateway } from '../../server/central/sms/smpp-gateway'
import type { SmsOptions } from '../../server/central/sms/service'
import type { LocalBackend } from '../../modules/core/backend/types'
import type { SubscriberRow } from '../../modules/billing/contract'
import type { MessageDetail, QueueResult } from '../../modules/billing/messages.contract'
import type { SyncRunResult } from '../../modules/sync/contract'
import { openTestBackend, tempDir } from '../helpers'
import { havePg, startPg } from '../pg'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {})
})

const sys = <T>(b: LocalBackend, name: string, args: unknown = {}) => b.systemCall(name, args) as Promise<T>

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  let last = await fn()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 100))
    last = await fn()
  }
  return last
}

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const port = (s.address() as net.AddressInfo).port
  await new Promise((r) => s.close(r))
  return port
}

// ---- a real SMPP peer ---------------------------------------------------------------------------

interface Submitted {
  destination: string
  dataCoding: number
  text: string
  udh: Buffer | null
  id: string
}

/** An SMSC: binds any transceiver with the right password, answers submit_sm, then sends a DELIVRD receipt. */
async function startSmppPeer(port: number, password = 'secret') {
  const submitted: Submitted[] = []
  let n = 0
  const server: SmppServer = smpp.createServer((session) => {
    session.on('error', () => {})
    session.on('bind_transceiver', (pdu: PDU) => {
      session.send(pdu.response(pdu.password === password ? {} : { command_status: smpp.ESME_RBINDFAIL }))
    })
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()))
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response())
      session.close()
    })
    session.on('submit_sm', (pdu: PDU) => {
      const id = `smsc-${++n}`
      const sm = pdu.short_message as { message?: string; udh?: Buffer[] } | undefined
      const payload = pdu.message_payload as { message?: string } | undefined
      submitted.push({
        destination: String(pdu.destination_addr),
        dataCoding: Number(pdu.data_coding),
        text: payload?.message || sm?.message || '',
        udh: sm?.udh?.[0] ?? null,
        id,
      })
      session.send(pdu.response({ message_id: id }))
      if (Number(pdu.registered_delivery) & 1) {
        setTimeout(() => {
          session.send(
            new smpp.PDU('deliver_sm', {
              esm_class: 0x04,
              source_addr: String(pdu.destination_addr),
              destination_addr: String(pdu.source_addr),
              short_message: `id:${id} sub:001 dlvrd:001 submit date:2601120900 done date:2601120901 stat:DELIVRD err:000 text:`,
              receipted_message_id: id,
              message_state: 2,
            }),
          )
        }, 30)
      }
    })
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()))
  return {
    submitted,
    /** The texts as the handset would show them: UDH parts joined by reference and sequence. */
    texts(): string[] {
      const out: string[] = []
      const groups = new Map<number, Submitted[]>()
      for (const s of submitted) {
        if (!s.udh) out.push(s.text)
        else groups.set(s.udh[2], [...(groups.get(s.udh[2]) ?? []), s])
      }
      for (const parts of groups.values()) out.push(parts.sort((a, b) => a.udh![4] - b.udh![4]).map((p) => p.text).join(''))
      return out
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of server.sessions) s.destroy()
        server.close(() => r())
      }),
  }
}

// ---- central + branch -----------------------------------------------------------------------------

async function startCentral(sms: SmsOptions, databaseUrl?: string): Promise<{ server: CentralServer; db: Db }> {
  const url = databaseUrl ?? `sqlite:${path.join(await tempDir('guichet-sms-central-'), 'central.db')}`
  const server = await startCentralServer({ databaseUrl: url, port: 0, hqSite: 'HQ', sms: { pollMs: 100, retryBaseMs: 200, retryMaxMs: 800, ...sms } })
  const db = openDb(url)
  cleanups.push(() => db.close(), () => server.close())
  return { server, db }
}

async function branchAt(central: { server: CentralServer; db: Db }, site: string): Promise<LocalBackend> {
  const b = await openTestBackend({ background: false })
  cleanups.push(() => b.close())
  await addSite(central.db, site).catch(() => undefined)
  const { token } = await createEnrollToken(central.db, { site })
  await sys(b, 'sync.enrollment.create', { serverUrl: central.server.url, token, deviceName: `poste ${site}` })
  return b
}

async function subscriber(b: LocalBackend, over: Record<string, unknown>): Promise<SubscriberRow> {
  return sys<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Fatima Zahra Alaoui', nameAr: 'فاطمة الزهراء العلوي', cin: 'BK123456', smsConsent: true, ...over })
}

const sync = async (b: LocalBackend) => {
  const r = await sys<SyncRunResult>(b, 'sync.now.run')
  expect(r.error).toBeNull()
  return r
}
const detail = (b: LocalBackend, id: string) => sys<MessageDetail>(b, 'billing.messages.get', { id })

const ARABIC = 'السلام عليكم، نذكركم بأن فاتورة الماء لشهر يناير متوفرة في الوكالة. يرجى أداء المبلغ قبل تاريخ الاستحقاق لتفادي قطع التزويد. شكرا.'

describe('SMS through a real SMPP server', () => {
  it('Arabic in UCS-2 over UDH segments; the SMSC down at first → retried until it is up; the receipt reaches the branch', async () => {
    const port = await freePort()
    const gateway = new SmppGateway({ host: '127.0.0.1', port, systemId: 'guichet', password: 'secret', source: 'GUICHET', long: 'udh', reconnectMinMs: 100, reconnectMaxMs: 300 })
    const central = await startCentral({ gateway })
    const casa = await branchAt(central, 'CAS01')
    const s = await subscriber(casa, { phone: '0661234567', language: 'ar' })
    const queued = await sys<QueueResult>(casa, 'billing.messages.send', { subscriberId: s.id, text: ARABIC })
    if (!queued.queued) throw new Error('not queued')
    await sync(casa)

    // Nobody listens yet: the attempt fails and is rescheduled.
    await waitFor('a failed attempt', () => central.db.get<{ attempts: number; status: string }>(`SELECT attempts, status FROM sms_outbox WHERE id = $1`, [queued.id]), (r) => Number(r?.attempts) >= 1)
    const peer = await startSmppPeer(port)
    cleanups.push(() => peer.close())

    await waitFor('the receipt', () => central.db.get<{ status: string }>(`SELECT status FROM sms_outbox WHERE id = $1`, [queued.id]), (r) => r?.status === 'delivered')
    expect(peer.submitted.length).toBe(Math.ceil(ARABIC.length / 67))
    expect(peer.submitted.every((p) => p.dataCoding === 8 && p.destination === '212661234567')).toBe(true)
    expect(peer.texts()).toEqual([ARABIC])

    await sync(casa)
    const d = await detail(casa, queued.id)
    expect(d.status).toBe('delivered')
    expect(d.events.map((e) => e.status)).toEqual(['sent', 'delivered'])
    expect(d.events[0].attempt).toBeGreaterThanOrEqual(2)
    expect(d.sentAt).not.toBeNull()
    expect(d.finalAt).not.toBeNull()

    const metrics = await (await fetch(`${central.server.url}/metrics`)).text()
    expect(metrics).toMatch(/guichet_sms_delivered_total 1/)
    expect(metrics).toMatch(/guichet_sms_retries_total [1-9]/)
  }, 60_000)

  it('French in GSM-7 as one short_message; a long one in message_payload; another branch never sees them', async () => {
    const port = await freePort()
    const peer = await startSmppPeer(port)
    cleanups.push(() => peer.close())
    const central = await startCentral({ gateway: `smpp://guichet:secret@127.0.0.1:${port}?source=ONEE` })
    const casa = await branchAt(central, 'CAS01')
    const rabat = await branchAt(central, 'RBT01')
    const s = await subscriber(casa, { phone: '+212 700 11 22 33', language: 'fr' })
    const short = await sys<QueueResult>(casa, 'billing.messages.send', { subscriberId: s.id, text: 'Votre facture est prête: 450,75 DH à régler avant le 10/03/2026.' })
    const longText = 'Coupure programmée ' + 'de 9h à 12h dans votre quartier, merci de votre compréhension. '.repeat(4)
    const long = await sys<QueueResult>(casa, 'billing.messages.send', { subscriberId: s.id, text: longText })
    if (!short.queued || !long.queued) throw new Error('not queued')
    await sync(casa)
    await waitFor('both delivered', () => central.db.all<{ status: string }>(`SELECT status FROM sms_outbox`), (r) => r.length === 2 && r.every((x) => x.status === 'delivered'))
    // "prête" has ê: not GSM-7, so UCS-2; the long one is GSM-7 in one submit_sm with message_payload.
    const byText = new Map(peer.submitted.map((p) => [p.text, p]))
    expect(byText.get('Votre facture est prête: 450,75 DH à régler avant le 10/03/2026.')?.dataCoding).toBe(8)
    expect(byText.get(longText.trim())?.dataCoding).toBe(0)
    expect(peer.submitted.length).toBe(2)

    await sync(casa)
    expect((await detail(casa, long.id)).status).toBe('delivered')
    await sync(rabat)
    const seen = (await rabat.dataSource.query(`SELECT COUNT(*) AS n FROM billing_messages`)) as { n: number }[]
    const events = (await rabat.dataSource.query(`SELECT COUNT(*) AS n FROM billing_message_events`)) as { n: number }[]
    expect([Number(seen[0].n), Number(events[0].n)]).toEqual([0, 0])
  }, 60_000)
})

// ---- a real HTTP gateway ---------------------------------------------------------------------------

async function startHttpGateway(failures: number) {
  const received: { body: Record<string, unknown>; auth: string | undefined }[] = []
  let calls = 0
  const server = http.createServer((req, res) => {
    let data = ''
    req.on('data', (c) => (data += c))
    req.on('end', () => {
      calls++
      if (calls <= failures) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('busy')
        return
      }
      received.push({ body: JSON.parse(data), auth: req.headers.authorization })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  cleanups.push(() => new Promise((r) => server.close(r)))
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/send`, received, calls: () => calls }
}

async function httpGatewayCase(databaseUrl?: string) {
  const gw = await startHttpGateway(2)
  const u = new URL(gw.url)
  u.username = 'acct'
  u.password = 'pw'
  const central = await startCentral({ gateway: u.toString(), dlrSecret: 'dlr-secret-123', source: 'REGIE' }, databaseUrl)
  const casa = await branchAt(central, 'CAS01')
  const s = await subscriber(casa, { phone: '0661000111', language: 'ar' })
  const q = await sys<QueueResult>(casa, 'billing.messages.send', { subscriberId: s.id, text: 'فاتورتكم متوفرة' })
  if (!q.queued) throw new Error('not queued')
  await sync(casa)

  await waitFor('sent after two 503', () => central.db.get<{ status: string }>(`SELECT status FROM sms_outbox WHERE id = $1`, [q.id]), (r) => r?.status === 'sent')
  expect(gw.calls()).toBe(3)
  expect(gw.received[0].body).toMatchObject({ reference: q.id, to: '+212661000111', text: 'فاتورتكم متوفرة', encoding: 'ucs2', segments: 1, from: 'REGIE' })
  expect(gw.received[0].auth).toBe(`Basic ${Buffer.from('acct:pw').toString('base64')}`)

  const dlr = (body: unknown, secret = 'dlr-secret-123') =>
    fetch(`${central.server.url}/sms/dlr`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sms-secret': secret }, body: JSON.stringify(body) })
  expect((await dlr({ id: 'gw-1', status: 'DELIVRD' }, 'wrong')).status).toBe(401)
  expect((await dlr({ id: 'gw-404', status: 'delivered' })).status).toBe(404)
  expect((await dlr({ status: 'delivered' })).status).toBe(400)
  // A form-encoded receipt works too.
  const form = await fetch(`${central.server.url}/sms/dlr?secret=dlr-secret-123`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=gw-1&status=DELIVRD' })
  expect(form.status).toBe(200)

  await sync(casa)
  const d = await detail(casa, q.id)
  expect(d).toMatchObject({ status: 'delivered', detail: 'DELIVRD' })
  expect(d.events.map((e) => [e.status, e.attempt])).toEqual([
    ['sent', 3],
    ['delivered', 3],
  ])
  // A late receipt after the final status changes nothing.
  expect((await dlr({ id: 'gw-1', status: 'failed' })).status).toBe(200)
  await sync(casa)
  expect((await detail(casa, q.id)).events.length).toBe(2)
}

describe('SMS through a real HTTP gateway', () => {
  it('503 twice → retried with backoff → sent; the DLR webhook (secret, JSON or form) → delivered at the branch (SQLite)', async () => {
    await httpGatewayCase()
  }, 60_000)

  it.skipIf(!havePg())('the same on PostgreSQL', async () => {
    const pg = await startPg()
    cleanups.push(() => pg.stop())
    await httpGatewayCase(await pg.createDatabase('sms'))
  }, 90_000)
})
