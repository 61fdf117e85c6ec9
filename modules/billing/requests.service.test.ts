/** Requests and complaints through the dispatcher on a real SQLite file (demo users). */
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../core/backend/types'
import type { Page } from '../core/rpc'
import { call, errorCode, login, ok, openTestBackend } from '../../test/helpers'
import type { IngestResult, JobDetail } from '../documents/contract'
import type { SubscriberRow } from './contract'
import { addWorkingDays } from './domain/request-workflow'
import type { AssigneeOption, RequestDetail, RequestRow } from './requests.contract'
import { billsOnHold } from './requests.hold'
import { moroccoDay } from './requests.service'

process.env.GUICHET_OCR_WORKERS = '1'

let b: LocalBackend
let clerk: string
let manager: string
let subscriber: SubscriberRow
let bill: { id: string; number: string }

/** A posted bill of the subscriber (fixture row: billing runs have their own tests). */
async function billOf(subscriberId: string, number: string): Promise<{ id: string; number: string }> {
  const point = await ok<{ id: string }>(b, 'billing.points.create', { address: `${number} rue Tarik`, water: true }, clerk)
  const contract = await ok<{ id: string }>(b, 'billing.contracts.create', { subscriberId, pointId: point.id, commodity: 'water', category: 'domestique', startDate: '2026-01-01' }, clerk)
  const id = `bill-${number}`
  await b.dataSource.query(
    `INSERT INTO billing_bills (id, number, contract_id, commodity, category, period_from, period_to, days, to_reading_id, consumption, excl_tax, vat, total, bill_date, due_date, site_code, created_at)
     VALUES (?, ?, ?, 'water', 'domestique', '2026-01-01', '2026-02-01', 31, 'r', 10000, 5000, 350, 5350, '2026-02-02', '2026-02-17', 'CAS01', '2026-02-02T10:00:00Z')`,
    [id, number, contract.id],
  )
  return { id, number }
}

beforeEach(async () => {
  b = await openTestBackend({ demo: true })
  clerk = await login(b, 'clerk')
  manager = await login(b, 'manager')
  subscriber = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Nadia Squalli', cin: 'C112233' }, clerk)
  bill = await billOf(subscriber.id, 'FA-CAS01-2026-900001')
})
afterEach(async () => b?.close())

const complaint = (over: Record<string, unknown> = {}) => ({ type: 'complaint', subject: 'Facture trop élevée', subscriberId: subscriber.id, billId: bill.id, ...over })
const reason = (reply: Awaited<ReturnType<typeof call>>) => (!reply.ok ? (reply.error.details as { reason?: string } | undefined)?.reason : undefined)
const year = new Date().getFullYear()

describe('billing: requests', () => {
  it('numbers requests from a gapless yearly series; a refused request takes no number', async () => {
    const first = await ok<RequestDetail>(b, 'billing.requests.create', complaint(), clerk)
    expect(first.number).toMatch(new RegExp(`^REQ-CAS01-${year}-\\d{6}$`))
    const nextNumber = (n: string, by: number) => `${n.slice(0, -6)}${String(Number(n.slice(-6)) + by).padStart(6, '0')}`
    expect(first).toMatchObject({ status: 'submitted', customerName: 'Nadia Squalli', channel: 'counter', steps: ['submitted', 'investigating', 'answered'], next: ['investigating', 'rejected', 'cancelled'] })
    expect(first.events.map((e) => [e.kind, e.toStatus, e.userName])).toEqual([['created', 'submitted', 'Hamza Tazi']])
    // Unknown subscriber: refused inside the transaction, the number goes back.
    expect(errorCode(await call(b, 'billing.requests.create', complaint({ subscriberId: '0190aaaa-0000-7000-8000-000000000000' }), clerk))).toBe('NOT_FOUND')
    // Validation: neither subscriber nor applicant; a bill on a connection request; a bad CIN.
    const invalid = await call(b, 'billing.requests.create', { type: 'connection', subject: 'Branchement', billId: 'x', applicantCin: '12' }, clerk)
    expect(errorCode(invalid)).toBe('VALIDATION')
    expect(JSON.stringify(!invalid.ok && invalid.error.details)).toContain('APPLICANT_OR_SUBSCRIBER')
    expect(JSON.stringify(!invalid.ok && invalid.error.details)).toContain('BILL_ONLY_COMPLAINT')
    expect(JSON.stringify(!invalid.ok && invalid.error.details)).toContain('CIN_FORMAT')
    const connection = await ok<RequestDetail>(b, 'billing.requests.create', { type: 'connection', subject: 'Nouveau branchement eau', applicantName: 'Karim Ouazzani', applicantCin: 'ab 12345', applicantPhone: '06 61 22 33 44', channel: 'web' }, clerk)
    expect(connection).toMatchObject({ number: nextNumber(first.number, 1), customerName: 'Karim Ouazzani', applicantCin: 'AB12345', applicantPhone: '+212661223344', subscriberId: null })
  })

  it('walks the workflow; a skipped step is refused with a translated reason; final requests are closed', async () => {
    const r = await ok<RequestDetail>(b, 'billing.requests.create', { type: 'connection', subject: 'Branchement', applicantName: 'Karim Ouazzani' }, clerk)
    const skip = await call(b, 'billing.requests.move', { id: r.id, to: 'works' }, clerk)
    expect(errorCode(skip)).toBe('CONFLICT')
    expect(!skip.ok && skip.error.details).toMatchObject({ reason: 'REQUEST_TRANSITION', from: 'submitted', to: 'works', allowed: ['survey', 'rejected', 'cancelled'] })
    let current = r
    for (const to of ['survey', 'quote', 'payment', 'works', 'meter', 'contract', 'done'] as const) {
      current = await ok<RequestDetail>(b, 'billing.requests.move', { id: r.id, to, comment: `→ ${to}` }, clerk)
      expect(current.status).toBe(to)
    }
    expect(current).toMatchObject({ dueDate: null, dueState: 'none', next: [] })
    expect(current.closedAt).not.toBeNull()
    expect(current.events.filter((e) => e.kind === 'status').map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual([
      'submitted>survey', 'survey>quote', 'quote>payment', 'payment>works', 'works>meter', 'meter>contract', 'contract>done',
    ])
    expect(reason(await call(b, 'billing.requests.move', { id: r.id, to: 'cancelled' }, clerk))).toBe('REQUEST_TRANSITION')
    expect(reason(await call(b, 'billing.requests.assign', { id: r.id, assigneeId: null }, manager))).toBe('REQUEST_CLOSED')
  })

  it('the SLA runs in working days from the day received; overdue and due-soon are listed and filtered', async () => {
    const today = moroccoDay(new Date())
    const old = await ok<RequestDetail>(b, 'billing.requests.create', complaint({ receivedOn: '2026-01-09' }), clerk)
    expect(old.dueDate).toBe('2026-01-13') // Friday + 2 working days
    expect(old.dueState).toBe(today > '2026-01-13' ? 'overdue' : 'ok')
    const fresh = await ok<RequestDetail>(b, 'billing.requests.create', { type: 'information', subject: 'Horaires de l’agence', subscriberId: subscriber.id }, clerk)
    expect(fresh.dueDate).toBe(addWorkingDays(today, 3, { extra: [] }))
    expect(fresh.dueState).toBe('ok')
    const future = await call(b, 'billing.requests.create', complaint({ receivedOn: '2999-01-01' }), clerk)
    expect(JSON.stringify(!future.ok && future.error.details)).toContain('RECEIVED_FUTURE')
    const overdue = await ok<Page<RequestRow>>(b, 'billing.requests.list', { filters: [{ id: 'dueState', op: 'equals', value: 'overdue' }] }, clerk)
    expect(overdue.rows.map((r) => r.id)).toContain(old.id)
    expect(overdue.rows.every((r) => r.dueState === 'overdue' && r.dueDate! < today)).toBe(true)
    // The demo's complaint received ten days ago is overdue too.
    expect(overdue.rows.some((r) => r.subject.startsWith('Eau trouble'))).toBe(true)
    // Moving on restarts the clock from today for the new step (10 working days of investigation).
    const moved = await ok<RequestDetail>(b, 'billing.requests.move', { id: old.id, to: 'investigating' }, clerk)
    expect(moved).toMatchObject({ stepStartedOn: today, dueState: 'ok' })
    // A configured holiday pushes the due date.
    const holiday = addWorkingDays(today, 1, { extra: [] })
    await ok(b, 'billing.requests.setHolidays', { dates: [holiday] }, manager)
    const later = await ok<RequestDetail>(b, 'billing.requests.create', { type: 'information', subject: 'Horaires', subscriberId: subscriber.id }, clerk)
    expect(later.dueDate).toBe(addWorkingDays(today, 3, { extra: [holiday] }))
    expect(later.dueDate! > fresh.dueDate!).toBe(true)
  })

  it('assignment: by the branch manager only, to someone who handles requests; recorded on the timeline', async () => {
    const r = await ok<RequestDetail>(b, 'billing.requests.create', complaint(), clerk)
    const people = await ok<AssigneeOption[]>(b, 'billing.requests.assignees', {}, clerk)
    expect(people.map((p) => p.username).sort()).toEqual(['admin', 'clerk', 'manager'])
    const hamza = people.find((p) => p.username === 'clerk')!
    expect(errorCode(await call(b, 'billing.requests.assign', { id: r.id, assigneeId: hamza.id }, clerk))).toBe('FORBIDDEN')
    const [warehouse] = (await b.dataSource.query(`SELECT id FROM users WHERE username = 'warehouse'`)) as { id: string }[]
    const notAllowed = await call(b, 'billing.requests.assign', { id: r.id, assigneeId: warehouse.id }, manager)
    expect(errorCode(notAllowed)).toBe('VALIDATION')
    expect(!notAllowed.ok && notAllowed.error.details).toEqual([{ path: ['assigneeId'], message: 'ASSIGNEE_NOT_ALLOWED' }])
    const assigned = await ok<RequestDetail>(b, 'billing.requests.assign', { id: r.id, assigneeId: hamza.id }, manager)
    expect(assigned).toMatchObject({ assigneeId: hamza.id, assigneeName: 'Hamza Tazi' })
    expect(assigned.events.at(-1)).toMatchObject({ kind: 'assigned', assigneeName: 'Hamza Tazi', userName: 'Khadija Benjelloun' })
    const mine = await ok<Page<RequestRow>>(b, 'billing.requests.list', { filters: [{ id: 'assigneeId', op: 'equals', value: hamza.id }] }, clerk)
    expect(mine.rows.map((x) => x.id)).toContain(r.id)
    expect(mine.rows.every((x) => x.assigneeName === 'Hamza Tazi')).toBe(true)
    const commented = await ok<RequestDetail>(b, 'billing.requests.comment', { id: r.id, comment: 'Relevé contradictoire demandé' }, clerk)
    expect(commented.events.at(-1)).toMatchObject({ kind: 'comment', comment: 'Relevé contradictoire demandé' })
  })

  it('a billing dispute holds its bill from dunning while the complaint is open', async () => {
    const r = await ok<RequestDetail>(b, 'billing.requests.create', complaint(), clerk)
    await ok(b, 'billing.requests.create', { type: 'complaint', subject: 'Coupure sans préavis', subscriberId: subscriber.id }, clerk)
    expect([...(await billsOnHold(b.dataSource.manager, [bill.id, 'bill-B']))]).toEqual([bill.id])
    expect((await billsOnHold(b.dataSource.manager, [])).size).toBe(0)
    await ok(b, 'billing.requests.move', { id: r.id, to: 'investigating' }, clerk)
    expect((await billsOnHold(b.dataSource.manager, [bill.id])).has(bill.id)).toBe(true)
    await ok(b, 'billing.requests.move', { id: r.id, to: 'rejected', comment: 'Index confirmé' }, manager)
    expect((await billsOnHold(b.dataSource.manager, [bill.id])).size).toBe(0)
  })

  it('the disputed bill is typed by its number (any case) and must be one of the customer’s bills', async () => {
    const r = await ok<RequestDetail>(b, 'billing.requests.create', complaint({ billId: ` ${bill.number.toLowerCase()} ` }), clerk)
    expect(r.billId).toBe(bill.id)
    expect([...(await billsOnHold(b.dataSource.manager, [bill.id]))]).toEqual([bill.id])
    const unknown = await call(b, 'billing.requests.create', complaint({ billId: 'FA-CAS01-2026-999999' }), clerk)
    expect(!unknown.ok && unknown.error.details).toEqual([{ path: ['billId'], message: 'BILL_UNKNOWN' }])
    const other = await ok<SubscriberRow>(b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Omar Berrada', cin: 'C998877' }, clerk)
    const foreign = await billOf(other.id, 'FA-CAS01-2026-900002')
    const refused = await call(b, 'billing.requests.create', complaint({ billId: foreign.number }), clerk)
    expect(!refused.ok && refused.error.details).toEqual([{ path: ['billId'], message: 'BILL_OTHER_CUSTOMER' }])
  })

  it('permissions: the accountant reads, the warehouse keeper sees nothing, neither files', async () => {
    const accountant = await login(b, 'accountant')
    const warehouse = await login(b, 'warehouse')
    const r = await ok<RequestDetail>(b, 'billing.requests.create', complaint(), clerk)
    await ok(b, 'billing.requests.get', { id: r.id }, accountant)
    expect(errorCode(await call(b, 'billing.requests.create', complaint(), accountant))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.requests.move', { id: r.id, to: 'investigating' }, accountant))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.requests.list', {}, warehouse))).toBe('FORBIDDEN')
    expect(errorCode(await call(b, 'billing.requests.setHolidays', { dates: [] }, clerk))).toBe('FORBIDDEN')
  })

  it('attaches a document of the documents module once; an unknown one is refused', async () => {
    const r = await ok<RequestDetail>(b, 'billing.requests.create', complaint(), clerk)
    const doc = await PDFDocument.create()
    const font = await doc.embedFont(StandardFonts.Helvetica)
    doc.addPage([595, 842]).drawText('Lettre de reclamation', { x: 50, y: 780, size: 12, font })
    const archivist = await login(b, 'archivist')
    const { results } = await ok<{ results: IngestResult[] }>(b, 'documents.files.ingest', { files: [{ name: 'reclamation.pdf', dataBase64: Buffer.from(await doc.save()).toString('base64') }] }, archivist)
    const ingested = results[0]
    if (!ingested.ok) throw new Error(ingested.error.code)
    for (let i = 0; i < 200; i++) {
      const job = await ok<JobDetail>(b, 'documents.jobs.get', { id: ingested.jobId }, archivist)
      if (!['queued', 'running'].includes(job.status)) break
      await new Promise((done) => setTimeout(done, 50))
    }
    const once = await ok<RequestDetail>(b, 'billing.requests.attach', { id: r.id, documentId: ingested.documentId }, clerk)
    const twice = await ok<RequestDetail>(b, 'billing.requests.attach', { id: r.id, documentId: ingested.documentId }, clerk)
    expect(twice.events.filter((e) => e.kind === 'attached')).toEqual(once.events.filter((e) => e.kind === 'attached'))
    expect(once.events.at(-1)).toMatchObject({ kind: 'attached', documentId: ingested.documentId, documentTitle: expect.stringContaining('reclamation') })
    expect(errorCode(await call(b, 'billing.requests.attach', { id: r.id, documentId: 'nope' }, clerk))).toBe('NOT_FOUND')
  })
})
