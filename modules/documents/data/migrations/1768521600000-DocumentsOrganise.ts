import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Organising documents: types (custom fields, retention, roles that may read/manage), metadata on the
 * document, tags, links to records of other modules, suggestion rules, versions, legal hold and trash.
 * Versions are document rows pointing at their first version (`version_of`): each keeps its own pages,
 * OCR and original; metadata lives on the first one (the document's stable id).
 * `documents_fts_vocab` exposes the index's per-term page counts (learned suggestions weigh rare words).
 */
const DEFAULT_TYPES: { id: string; fr: string; ar: string; en: string; years: number | null; roles: string[]; fields: unknown[] }[] = [
  {
    id: 'contract',
    fr: 'Contrat',
    ar: 'عقد',
    en: 'Contract',
    years: 10,
    roles: [],
    fields: [
      { key: 'start_date', kind: 'date', label: { fr: 'Date de début', ar: 'تاريخ البداية', en: 'Start date' }, required: false },
      { key: 'end_date', kind: 'date', label: { fr: 'Date de fin', ar: 'تاريخ النهاية', en: 'End date' }, required: false },
    ],
  },
  {
    id: 'identity',
    fr: "Pièce d'identité",
    ar: 'وثيقة هوية',
    en: 'Identity document',
    years: 5,
    roles: [],
    fields: [{ key: 'number', kind: 'text', label: { fr: 'Numéro', ar: 'الرقم', en: 'Number' }, required: false }],
  },
  {
    id: 'supplier_invoice',
    fr: 'Facture fournisseur',
    ar: 'فاتورة مورد',
    en: 'Supplier invoice',
    years: 10,
    roles: [],
    fields: [
      { key: 'ice', kind: 'text', label: { fr: 'ICE', ar: 'التعريف الموحد للمقاولة', en: 'ICE' }, required: false },
      { key: 'invoice_no', kind: 'text', label: { fr: 'N° de facture', ar: 'رقم الفاتورة', en: 'Invoice no.' }, required: false },
      { key: 'total', kind: 'money', label: { fr: 'Total TTC', ar: 'المجموع مع احتساب الرسوم', en: 'Total incl. tax' }, required: false },
      { key: 'supplier', kind: 'record', label: { fr: 'Fournisseur', ar: 'المورد', en: 'Supplier' }, required: false },
    ],
  },
  { id: 'hr_file', fr: 'Dossier RH', ar: 'ملف الموارد البشرية', en: 'HR file', years: 50, roles: ['hr_officer'], fields: [] },
  { id: 'correspondence', fr: 'Correspondance', ar: 'مراسلة', en: 'Correspondence', years: 5, roles: [], fields: [] },
]

export class DocumentsOrganise1768521600000 implements MigrationInterface {
  name = 'DocumentsOrganise1768521600000'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE documents_types (
      id TEXT PRIMARY KEY,
      name_fr TEXT NOT NULL,
      name_ar TEXT NOT NULL,
      name_en TEXT NOT NULL,
      fields TEXT NOT NULL DEFAULT '[]',
      retention_years INTEGER,
      read_roles TEXT NOT NULL DEFAULT '[]',
      manage_roles TEXT NOT NULL DEFAULT '[]',
      active INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`)
    const now = new Date(0).toISOString()
    for (const t of DEFAULT_TYPES) {
      // HR files: HR only; the others: everyone reads, archivists and branch managers file them
      const readRoles = JSON.stringify(t.roles)
      const manageRoles = JSON.stringify(t.roles.length ? t.roles : ['archivist', 'branch_manager'])
      await q.query(
        `INSERT INTO documents_types (id, name_fr, name_ar, name_en, fields, retention_years, read_roles, manage_roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [t.id, t.fr, t.ar, t.en, JSON.stringify(t.fields), t.years, readRoles, manageRoles, now, now],
      )
    }
    for (const column of [
      `type_id TEXT REFERENCES documents_types(id)`,
      `correspondent TEXT`,
      `correspondent_link TEXT`,
      `document_date TEXT`,
      `fields TEXT NOT NULL DEFAULT '{}'`,
      `notes TEXT NOT NULL DEFAULT ''`,
      `legal_hold INTEGER NOT NULL DEFAULT 0`,
      `trashed_at TEXT`,
      `trashed_by TEXT`,
      `version_of TEXT REFERENCES documents(id)`,
      `version_no INTEGER NOT NULL DEFAULT 1`,
    ])
      await q.query(`ALTER TABLE documents ADD COLUMN ${column}`)
    await q.query(`CREATE INDEX ix_documents_type ON documents (type_id)`)
    await q.query(`CREATE INDEX ix_documents_version_of ON documents (version_of, version_no)`)
    await q.query(`CREATE INDEX ix_documents_trashed ON documents (trashed_at)`)
    await q.query(`CREATE TABLE documents_tags (
      document_id TEXT NOT NULL REFERENCES documents(id),
      tag TEXT NOT NULL,
      PRIMARY KEY (document_id, tag)
    )`)
    await q.query(`CREATE INDEX ix_documents_tags_tag ON documents_tags (tag)`)
    await q.query(`CREATE TABLE documents_links (
      document_id TEXT NOT NULL REFERENCES documents(id),
      role TEXT NOT NULL,
      module TEXT NOT NULL,
      entity TEXT NOT NULL,
      record_id TEXT NOT NULL,
      label TEXT NOT NULL,
      PRIMARY KEY (document_id, role, module, entity, record_id)
    )`)
    await q.query(`CREATE INDEX ix_documents_links_record ON documents_links (module, entity, record_id)`)
    await q.query(`CREATE TABLE documents_rules (
      id TEXT PRIMARY KEY,
      target TEXT NOT NULL CHECK (target IN ('type', 'tag', 'correspondent')),
      value TEXT NOT NULL,
      match TEXT NOT NULL CHECK (match IN ('any', 'all', 'exact', 'regex')),
      pattern TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`)
    await q.query(`CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, 'row')`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents_fts_vocab`)
    await q.query(`DROP TABLE documents_rules`)
    await q.query(`DROP TABLE documents_links`)
    await q.query(`DROP TABLE documents_tags`)
    for (const index of ['ix_documents_type', 'ix_documents_version_of', 'ix_documents_trashed']) await q.query(`DROP INDEX ${index}`)
    for (const column of ['type_id', 'correspondent', 'correspondent_link', 'document_date', 'fields', 'notes', 'legal_hold', 'trashed_at', 'trashed_by', 'version_of', 'version_no'])
      await q.query(`ALTER TABLE documents DROP COLUMN ${column}`)
    await q.query(`DROP TABLE documents_types`)
  }
}
