/**
 * Organising documents through the dispatcher, on a real SQLite file: types and per-type access, metadata
 * (validation, audit), tags, record links, rules and learned suggestions, versions, retention, trash.
 * Documents are text-layer PDFs made here with pdf-lib (no OCR: fast), ingested the ordinary way.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalBackend } from '../../core/backend/types'
import { call, errorCode, login, ok, openTestBackend, tempDir } from '../../../test/helpers'
import type { DocumentListRow, DocumentMeta, DocumentSuggestions, DocumentTypeRow, IngestResult, JobDetail, RecordDocumentRow, SearchHit } from '../contract'
import type { Page } from '../../core/rpc'

process.env.GUICHET_OCR_WORKERS = '1'

let backend: LocalBackend
let dataDir: string
const tokens: Record<string, string> = {}

async function pdf(lines: string[]): Promise<string> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const page = doc.addPage([595, 842])
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }))
  return Buffer.from(await doc.save()).toString('base64')
}

async function addDocument(name: string, lines: string[], who = 'archivist'): Promise<string> {
  const { results } = await ok<{ results: IngestResult[] }>(backend, 'documents.files.ingest', { files: [{ name, dataBase64: await pdf(lines) }] }, tokens[who])
  const r = results[0]
  if (!r.ok) throw new Error(`${name}: ${r.error.code}`)
  await waitJob(r.jobId, who)
  return r.documentId
}

async function waitJob(jobId: string, who = 'archivist'): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const job = await ok<JobDetail>(backend, 'documents.jobs.get', { id: jobId }, tokens[who])
    if (!['queued', 'running'].includes(job.status)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('job did not finish')
}

const update = (who: string, args: Record<string, unknown>) => call(backend, 'documents.items.update', args, tokens[who])
const list = async (who: string, filters: unknown[] = []) => (await ok<Page<DocumentListRow>>(backend, 'documents.items.list', { filters }, tokens[who])).rows

beforeAll(async () => {
  dataDir = await tempDir('guichet-docs-organise-')
  backend = await openTestBackend({ dataDir, demo: true })
  for (const u of ['admin', 'archivist', 'clerk', 'hr', 'manager']) tokens[u] = await login(backend, u)
})
afterAll(async () => backend?.close())

describe('document types', () => {
  it('seeds the default types; HR files are listed for HR only', async () => {
    const names = async (who: string) => (await ok<DocumentTypeRow[]>(backend, 'documents.types.list', {}, tokens[who])).map((t) => t.name.fr)
    expect(await names('admin')).toEqual(['Contrat', 'Correspondance', 'Dossier RH', 'Facture fournisseur', "Pièce d'identité"])
    expect(await names('clerk')).not.toContain('Dossier RH')
    expect(await names('hr')).toContain('Dossier RH')
  })

  it('only documents.configure (admin) saves types; fields are checked', async () => {
    const input = { name: { fr: 'Plan', ar: 'تصميم', en: 'Plan' }, fields: [{ key: 'scale', kind: 'number', label: { fr: 'Échelle', ar: 'السلم', en: 'Scale' } }], retentionYears: 30 }
    expect(errorCode(await call(backend, 'documents.types.save', input, tokens.archivist))).toBe('FORBIDDEN')
    const twice = { ...input, fields: [input.fields[0], input.fields[0]] }
    expect(errorCode(await call(backend, 'documents.types.save', twice, tokens.admin))).toBe('VALIDATION')
    const saved = await ok<DocumentTypeRow>(backend, 'documents.types.save', input, tokens.admin)
    expect(saved).toMatchObject({ retentionYears: 30, readRoles: [], active: true, fields: [{ key: 'scale', required: false }] })
    const renamed = await ok<DocumentTypeRow>(backend, 'documents.types.save', { ...input, id: saved.id, name: { ...input.name, fr: 'Plan de réseau' }, active: false }, tokens.admin)
    expect(renamed).toMatchObject({ id: saved.id, active: false, name: { fr: 'Plan de réseau' } })
  })
})

describe('metadata', () => {
  let id: string
  beforeAll(async () => {
    id = await addDocument('contrat.pdf', ['Contrat d abonnement eau potable', 'Abonne Karim Alaoui, Casablanca le 12 janvier 2026', 'Reference 4521'])
  })

  it('sets type, tags, correspondent, date, fields and notes; audited before/after', async () => {
    const link = { module: 'admin', entity: 'user', id: 'u-1', label: 'Karim Alaoui' }
    const reply = await update('archivist', {
      id,
      typeId: 'contract',
      tags: [' eau ', 'Abonnement', 'eau', 'abonnement'],
      correspondentLink: link,
      documentDate: '2026-01-12',
      fields: { start_date: '2026-02-01', end_date: null },
      notes: 'Signé en agence',
    })
    expect(reply.ok).toBe(true)
    const meta = await ok<DocumentMeta>(backend, 'documents.meta.get', { id }, tokens.clerk)
    expect(meta).toMatchObject({ typeId: 'contract', tags: ['Abonnement', 'eau'], correspondent: 'Karim Alaoui', correspondentLink: link, documentDate: '2026-01-12', fields: { start_date: '2026-02-01' }, notes: 'Signé en agence', canManage: false })
    const audit: { before: string; after: string }[] = await backend.dataSource.query(`SELECT before, after FROM audit_log WHERE action = 'documents.items.update' AND entity_id = ?`, [id])
    expect(JSON.parse(audit[0].before)).toMatchObject({ typeId: null, tags: [] })
    expect(JSON.parse(audit[0].after)).toMatchObject({ typeId: 'contract', tags: ['Abonnement', 'eau'] })
    const rows = await list('clerk', [{ id: 'typeId', op: 'equals', value: 'contract' }])
    expect(rows.map((r) => [r.id, r.tags, r.correspondent, r.documentDate])).toEqual([[id, 'Abonnement, eau', 'Karim Alaoui', '2026-01-12']])
    expect((await ok<{ tag: string; count: number }[]>(backend, 'documents.tags.list', {}, tokens.clerk)).map((t) => t.tag)).toEqual(['Abonnement', 'eau'])
    const linked = await ok<RecordDocumentRow[]>(backend, 'documents.links.forRecord', { module: 'admin', entity: 'user', id: 'u-1' }, tokens.clerk)
    expect(linked).toEqual([{ documentId: id, title: 'contrat.pdf', typeId: 'contract', documentDate: '2026-01-12', role: 'correspondent' }])
  })

  it('refuses values that do not fit the type, naming the field', async () => {
    const bad = await update('archivist', { id, fields: { start_date: '2026-02-30', colour: 'blue' } })
    expect(errorCode(bad)).toBe('VALIDATION')
    if (!bad.ok) expect(bad.error.details).toEqual([
      { path: ['fields', 'colour'], code: 'UNKNOWN_FIELD', message: expect.any(String) },
      { path: ['fields', 'start_date'], code: 'NOT_DATE', message: expect.any(String) },
    ])
    expect(errorCode(await update('archivist', { id, documentDate: '12/01/2026' }))).toBe('VALIDATION')
    expect(errorCode(await update('archivist', { id, typeId: 'nope' }))).toBe('VALIDATION')
    expect(errorCode(await update('clerk', { id, notes: 'x' }))).toBe('FORBIDDEN')
  })

  it('changing the type keeps the values of the fields both types have', async () => {
    const meta = await ok<DocumentMeta>(backend, 'documents.items.update', { id, typeId: 'correspondence' }, tokens.archivist)
    expect(meta.fields).toEqual({})
    await ok(backend, 'documents.items.update', { id, typeId: 'contract', fields: { start_date: '2026-02-01' } }, tokens.archivist)
  })
})

describe('per-type access', () => {
  let hrDoc: string
  beforeAll(async () => {
    hrDoc = await addDocument('hr.pdf', ['Dossier du personnel confidentiel', 'Contrat de travail de Meryem Zerouali matricule 778'], 'hr')
  })

  it('only HR may file a document as an HR file; then only HR sees it anywhere', async () => {
    expect(errorCode(await update('archivist', { id: hrDoc, typeId: 'hr_file' }))).toBe('FORBIDDEN')
    expect((await update('hr', { id: hrDoc, typeId: 'hr_file', tags: ['personnel'] })).ok).toBe(true)
    expect((await list('clerk')).map((r) => r.id)).not.toContain(hrDoc)
    expect((await list('hr')).map((r) => r.id)).toContain(hrDoc)
    for (const name of ['documents.items.get', 'documents.meta.get', 'documents.items.original', 'documents.suggest.get'])
      expect(errorCode(await call(backend, name, { id: hrDoc }, tokens.clerk)), name).toBe('NOT_FOUND')
    const hits = async (who: string) => (await ok<{ hits: SearchHit[] }>(backend, 'documents.search.run', { text: 'Zerouali' }, tokens[who])).hits
    expect(await hits('clerk')).toEqual([])
    expect((await hits('hr')).map((h) => h.documentId)).toEqual([hrDoc])
    expect((await ok<{ tag: string }[]>(backend, 'documents.tags.list', {}, tokens.clerk)).map((t) => t.tag)).not.toContain('personnel')
    const jobs = await ok<Page<{ documentId: string }>>(backend, 'documents.jobs.list', {}, tokens.clerk)
    expect(jobs.rows.map((j) => j.documentId)).not.toContain(hrDoc)
    expect((await list('admin')).map((r) => r.id)).toContain(hrDoc)
  })
})

describe('suggestions', () => {
  it('rules and invoice fields (French); unsafe regexes are refused', async () => {
    expect(errorCode(await call(backend, 'documents.rules.save', { target: 'tag', value: 'x', match: 'regex', pattern: '(a+)+$' }, tokens.archivist))).toBe('VALIDATION')
    expect(errorCode(await call(backend, 'documents.rules.save', { target: 'tag', value: 'x', match: 'any', pattern: 'x' }, tokens.clerk))).toBe('FORBIDDEN')
    await ok(backend, 'documents.rules.save', { target: 'type', value: 'supplier_invoice', match: 'all', pattern: 'facture ice' }, tokens.archivist)
    await ok(backend, 'documents.rules.save', { target: 'tag', value: 'tuyaux', match: 'regex', pattern: 'tuyau[x]?\\s+pvc' }, tokens.archivist)
    const rule = await ok<{ id: string }>(backend, 'documents.rules.save', { target: 'tag', value: 'jamais', match: 'exact', pattern: 'phrase absente' }, tokens.archivist)
    await ok(backend, 'documents.rules.delete', { id: rule.id }, tokens.archivist)
    const id = await addDocument('facture.pdf', ['MAGHREB TUYAUX SARL - ICE : 001234567000089', 'FACTURE N FA-2026/0042', 'Casablanca, le 15/01/2026', 'Tuyaux PVC 110 mm', 'Total TTC : 12 000,50 MAD'])
    const s = await ok<DocumentSuggestions>(backend, 'documents.suggest.get', { id }, tokens.clerk)
    expect(s.type).toEqual({ value: 'supplier_invoice', source: 'rule' })
    expect(s.tags).toEqual([{ value: 'tuyaux', source: 'rule' }])
    expect(s.documentDate).toEqual({ value: '2026-01-15', source: 'text' })
    expect(s.fields).toEqual({ ice: { value: '001234567000089', source: 'text' }, invoice_no: { value: 'FA-2026/0042', source: 'text' }, total: { value: 1200050, source: 'text' } })

    // the rules editor's preview: what matched, nothing written; unsafe regexes refused the same way
    const test = (match: string, pattern: string, who = tokens.archivist) => call(backend, 'documents.rules.test', { documentId: id, match, pattern }, who)
    expect(await ok(backend, 'documents.rules.test', { documentId: id, match: 'regex', pattern: 'tuyau[x]?\\s+pvc' }, tokens.archivist)).toEqual({ matched: true, evidence: ['tuyaux pvc 110 mm'] })
    expect(await ok(backend, 'documents.rules.test', { documentId: id, match: 'any', pattern: 'Société tuyaux' }, tokens.archivist)).toEqual({ matched: true, evidence: ['tuyaux'] })
    expect(await ok(backend, 'documents.rules.test', { documentId: id, match: 'all', pattern: 'tuyaux ciment' }, tokens.archivist)).toEqual({ matched: false, evidence: [] })
    expect(await ok(backend, 'documents.rules.test', { documentId: id, match: 'exact', pattern: 'total ttc' }, tokens.archivist)).toEqual({ matched: true, evidence: ['total ttc'] })
    expect(errorCode(await test('regex', '(a+)+$'))).toBe('VALIDATION')
    expect(errorCode(await test('any', 'x', tokens.clerk))).toBe('FORBIDDEN')
    expect(errorCode(await call(backend, 'documents.rules.test', { documentId: 'no-such-doc', match: 'any', pattern: 'x' }, tokens.archivist))).toBe('NOT_FOUND')
  })

  it('learns type, correspondent and tags from documents sharing rare words', async () => {
    const lines = (n: number) => [`Lettre de la Regie Autonome Lydec numero ${n}`, 'Objet : coupure programmee quartier Maarif', 'Veuillez agreer nos salutations distinguees']
    for (const n of [1, 2]) {
      const id = await addDocument(`lydec-${n}.pdf`, lines(n))
      await ok(backend, 'documents.items.update', { id, typeId: 'correspondence', correspondent: 'Lydec', tags: ['coupures'] }, tokens.archivist)
    }
    const fresh = await addDocument('lydec-3.pdf', lines(3))
    const s = await ok<DocumentSuggestions>(backend, 'documents.suggest.get', { id: fresh }, tokens.archivist)
    expect(s.type).toEqual({ value: 'correspondence', source: 'learned' })
    expect(s.correspondent).toEqual({ value: 'Lydec', source: 'learned' })
    expect(s.tags).toContainEqual({ value: 'coupures', source: 'learned' })
  })
})

describe('versions', () => {
  it('a new version goes through ingestion; the list shows one document; the old version stays readable', async () => {
    const id = await addDocument('tarif-v1.pdf', ['Grille tarifaire eau potable 2025', 'Tranche sociale 2,37 dirhams'])
    await ok(backend, 'documents.items.update', { id, typeId: 'contract' }, tokens.archivist)
    const result = await ok<IngestResult>(backend, 'documents.versions.upload', { id, name: 'tarif-v2.pdf', dataBase64: await pdf(['Grille tarifaire eau potable 2026', 'Tranche sociale 2,55 dirhams']) }, tokens.archivist)
    if (!result.ok) throw new Error(result.error.code)
    await waitJob(result.jobId)
    const meta = await ok<DocumentMeta>(backend, 'documents.meta.get', { id: result.documentId }, tokens.clerk)
    expect(meta.id).toBe(id)
    expect(meta.versions.map((v) => [v.versionNo, v.originalName])).toEqual([[1, 'tarif-v1.pdf'], [2, 'tarif-v2.pdf']])
    const rows = await list('clerk', [{ id: 'typeId', op: 'equals', value: 'contract' }])
    expect(rows.filter((r) => r.title.startsWith('tarif'))).toMatchObject([{ id, versionCount: 2 }])
    const old = await ok<{ text: string }>(backend, 'documents.items.get', { id }, tokens.clerk)
    expect(old.text).toContain('2025')
    const current = await ok<{ text: string }>(backend, 'documents.items.get', { id: result.documentId }, tokens.clerk)
    expect(current.text).toContain('2026')
    expect(errorCode(await call(backend, 'documents.versions.upload', { id, name: 'x.pdf', dataBase64: 'AAAA' }, tokens.clerk))).toBe('FORBIDDEN')
  })
})

describe('retention and trash', () => {
  let id: string
  beforeAll(async () => {
    id = await addDocument('cin.pdf', ['Copie carte nationale identite', 'Numero BE123456 delivree a Rabat'])
    await ok(backend, 'documents.items.update', { id, typeId: 'identity', documentDate: '2015-03-01' }, tokens.archivist)
  })
  const proposed = async () => (await ok<Page<{ id: string; keepUntil: string }>>(backend, 'documents.retention.list', {}, tokens.archivist)).rows

  it('proposes documents past their retention; a legal hold stops it and blocks the trash', async () => {
    expect(await proposed()).toContainEqual(expect.objectContaining({ id, keepUntil: '2020-03-01' }))
    await ok(backend, 'documents.items.hold', { id, hold: true }, tokens.archivist)
    expect((await proposed()).map((r) => r.id)).not.toContain(id)
    expect(errorCode(await call(backend, 'documents.items.trash', { ids: [id] }, tokens.archivist))).toBe('LEGAL_HOLD')
    await ok(backend, 'documents.items.hold', { id, hold: false }, tokens.archivist)
  })

  it('trash hides, restore brings back; emptying needs documents.purge and destroys rows and original (audited)', async () => {
    expect(await ok(backend, 'documents.items.trash', { ids: [id] }, tokens.archivist)).toEqual({ trashed: 1 })
    expect((await list('archivist')).map((r) => r.id)).not.toContain(id)
    expect((await ok<{ hits: SearchHit[] }>(backend, 'documents.search.run', { text: 'BE123456' }, tokens.archivist)).hits).toEqual([])
    const trash = await ok<Page<{ id: string; trashedBy: string }>>(backend, 'documents.trash.list', {}, tokens.archivist)
    expect(trash.rows).toMatchObject([{ id, trashedBy: 'archivist' }])
    expect(await ok(backend, 'documents.trash.restore', { ids: [id] }, tokens.archivist)).toEqual({ restored: 1 })
    expect((await list('archivist')).map((r) => r.id)).toContain(id)
    await ok(backend, 'documents.items.trash', { ids: [id] }, tokens.archivist)

    expect(errorCode(await call(backend, 'documents.trash.empty', { ids: [id] }, tokens.archivist))).toBe('FORBIDDEN')
    expect(errorCode(await call(backend, 'documents.trash.empty', { ids: [id] }, tokens.clerk))).toBe('FORBIDDEN')
    const [{ sha256 }]: { sha256: string }[] = await backend.dataSource.query(`SELECT sha256 FROM documents WHERE id = ?`, [id])
    const blob = path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256)
    expect(fs.existsSync(blob)).toBe(true)
    expect(await ok(backend, 'documents.trash.empty', { ids: [id] }, tokens.manager)).toEqual({ purged: 1 })
    expect(fs.existsSync(blob)).toBe(false)
    // no orphan: every stored blob is still an original or a page's searchable PDF
    const referenced: { sha: string }[] = await backend.dataSource.query(
      `SELECT sha256 AS sha FROM documents UNION SELECT ocr_pdf_sha256 FROM documents_pages WHERE ocr_pdf_sha256 IS NOT NULL`,
    )
    const stored = fs.readdirSync(path.join(dataDir, 'blobs')).flatMap((dir) => fs.readdirSync(path.join(dataDir, 'blobs', dir)))
    expect(stored.filter((sha) => !referenced.some((r) => r.sha === sha))).toEqual([])
    expect(await backend.dataSource.query(`SELECT id FROM documents WHERE id = ?`, [id])).toEqual([])
    expect(await backend.dataSource.query(`SELECT id FROM documents_pages WHERE document_id = ?`, [id])).toEqual([])
    const audit: { username: string; before: string }[] = await backend.dataSource.query(`SELECT username, before FROM audit_log WHERE action = 'documents.trash.empty' AND entity_id = ?`, [id])
    expect(audit).toHaveLength(1)
    expect(audit[0].username).toBe('manager')
    expect(JSON.parse(audit[0].before)).toMatchObject({ title: 'cin.pdf', typeId: 'identity' })
    // only documents in the trash can be destroyed
    const other = (await list('archivist'))[0].id
    expect(errorCode(await call(backend, 'documents.trash.empty', { ids: [other] }, tokens.manager))).toBe('CONFLICT')
  })
})
