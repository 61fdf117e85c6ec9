/**
 * Documents, organising part: types (custom fields, retention, roles), metadata, tags, links to records,
 * suggestion rules, versions, legal hold, retention and trash. Types and zod only; re-exported by
 * contract.ts (import from there).
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { ROLES } from '../core/contract'
import type { DocumentRow, IngestResult } from './contract'
import { FIELD_KINDS, type FieldDefinition, type FieldValue, type RecordLinkValue } from './domain/custom-fields'
import { RULE_MATCHES } from './domain/rules'
import { MAX_PATTERN_LENGTH, regexProblem } from './domain/safe-regex'
import type { InvoiceFields } from './domain/invoice'

export { FIELD_KINDS, RULE_MATCHES }
export type { FieldDefinition, FieldValue, InvoiceFields }
export type { FieldKind, FieldProblemCode } from './domain/custom-fields'
export type { RuleMatch } from './domain/rules'
export type { RegexProblem } from './domain/safe-regex'

export const ORGANISE_PERMISSIONS = {
  /** Empty the trash (destroy documents for good). */
  purge: 'documents.purge',
  /** Document types: names, custom fields, retention, roles. */
  configure: 'documents.configure',
} as const

export const ORGANISE_ERROR_CODES = {
  /** The document is under legal hold: it cannot be trashed or destroyed. */
  legalHold: 'LEGAL_HOLD',
  /** A rule's regex could be slow or is invalid. details: { problem: RegexProblem } */
  unsafeRegex: 'UNSAFE_REGEX',
} as const

/** A record of any module, as `core.search.records` finds it. */
export type RecordLink = RecordLinkValue

export interface LocalName {
  fr: string
  ar: string
  en: string
}

export interface DocumentTypeRow {
  id: string
  name: LocalName
  fields: FieldDefinition[]
  /** Keep documents N years from their date, then propose them for destruction; null = keep forever. */
  retentionYears: number | null
  /** Roles that may see documents of this type (empty = everyone with documents.read). */
  readRoles: string[]
  /** Roles that may change them (empty = everyone with documents.manage). */
  manageRoles: string[]
  active: boolean
  /** The caller may set this type / edit documents of it. */
  canManage: boolean
  documentCount: number
}

/** A list row: the document and its metadata (the first version's id; the list hides later versions). */
export interface DocumentListRow extends DocumentRow {
  typeId: string | null
  /** Tags joined by ", " (filter `contains` or `equals` on one tag via `tag`). */
  tags: string
  correspondent: string | null
  documentDate: string | null
  legalHold: boolean
  versionCount: number
}

export interface VersionRow {
  id: string
  versionNo: number
  originalName: string
  status: DocumentRow['status']
  pageCount: number
  createdAt: string
}

export interface DocumentMeta {
  /** The document's id (its first version). */
  id: string
  title: string
  typeId: string | null
  correspondent: string | null
  correspondentLink: RecordLink | null
  tags: string[]
  documentDate: string | null
  fields: Record<string, FieldValue>
  notes: string
  legalHold: boolean
  trashedAt: string | null
  /** Other records this document is about (besides the correspondent and record fields). */
  links: RecordLink[]
  /** Oldest first; the last is the current one. */
  versions: VersionRow[]
  canManage: boolean
}

export interface Suggested<T> {
  value: T
  /** `rule`: a rule matched; `learned`: documents sharing rare words had it. */
  source: 'rule' | 'learned' | 'text'
}

export interface DocumentSuggestions {
  type: Suggested<string> | null
  correspondent: Suggested<string> | null
  tags: Suggested<string>[]
  documentDate: Suggested<string> | null
  /** Custom field values read from the text (supplier invoices: ice, invoice_no, total). */
  fields: Record<string, Suggested<FieldValue>>
}

export interface RuleRow {
  id: string
  target: 'type' | 'tag' | 'correspondent'
  value: string
  match: (typeof RULE_MATCHES)[number]
  pattern: string
  createdAt: string
}

export interface RecordDocumentRow {
  documentId: string
  title: string
  typeId: string | null
  documentDate: string | null
  /** How it is linked: `correspondent`, `field:<key>` or `link`. */
  role: string
}

export interface RetentionRow {
  id: string
  title: string
  typeId: string
  documentDate: string
  /** Last day to keep (document date + the type's years). */
  keepUntil: string
}

export interface TrashRow {
  id: string
  title: string
  typeId: string | null
  trashedAt: string
  trashedBy: string | null
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().min(1).max(64)
const role = z.enum(ROLES)
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
const localName = z.object({ fr: z.string().trim().min(1).max(80), ar: z.string().trim().min(1).max(80), en: z.string().trim().min(1).max(80) }).strict()

export const recordLinkSchema = z
  .object({ module: z.string().min(1).max(40), entity: z.string().min(1).max(40), id: z.string().min(1).max(64), label: z.string().trim().min(1).max(200) })
  .strict()

export const fieldDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits, _'),
    kind: z.enum(FIELD_KINDS),
    label: localName,
    required: z.boolean().default(false),
  })
  .strict()

export const typeSaveInput = z
  .object({
    /** Absent: a new type. */
    id: id.optional(),
    name: localName,
    fields: z
      .array(fieldDefinitionSchema)
      .max(30)
      .refine((f) => new Set(f.map((d) => d.key)).size === f.length, 'two fields have the same key')
      .default([]),
    retentionYears: z.number().int().min(1).max(200).nullable().default(null),
    readRoles: z.array(role).max(ROLES.length).default([]),
    manageRoles: z.array(role).max(ROLES.length).default([]),
    active: z.boolean().default(true),
  })
  .strict()
export type TypeSaveInput = z.input<typeof typeSaveInput>

export const tagSchema = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1).max(50))

const fieldValue = z.union([z.string().max(500), z.number(), recordLinkSchema, z.null()])

export const updateInput = z
  .object({
    id,
    title: z.string().trim().min(1).max(300).optional(),
    typeId: id.nullable().optional(),
    correspondent: z.string().trim().max(200).nullable().optional(),
    correspondentLink: recordLinkSchema.nullable().optional(),
    tags: z.array(tagSchema).max(30).optional(),
    documentDate: isoDay.nullable().optional(),
    fields: z.record(z.string().max(40), fieldValue).optional(),
    notes: z.string().max(5000).optional(),
    links: z.array(recordLinkSchema).max(30).optional(),
  })
  .strict()
export type UpdateInput = z.input<typeof updateInput>

/** A regex pattern must be safe to run (same check when saving and when trying a rule). */
function safePattern(r: { match: string; pattern: string }, ctx: z.RefinementCtx): void {
  const problem = r.match === 'regex' ? regexProblem(r.pattern) : null
  if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem })
}

export const ruleSaveInput = z
  .object({
    id: id.optional(),
    target: z.enum(['type', 'tag', 'correspondent']),
    value: z.string().trim().min(1).max(200),
    match: z.enum(RULE_MATCHES),
    pattern: z.string().trim().min(1).max(MAX_PATTERN_LENGTH),
  })
  .strict()
  .superRefine(safePattern)

/** A rule tried on a document before it is saved: the same checks as saving (a regex must be safe). */
export const ruleTestInput = z
  .object({
    documentId: id,
    match: z.enum(RULE_MATCHES),
    pattern: z.string().trim().min(1).max(MAX_PATTERN_LENGTH),
  })
  .strict()
  .superRefine(safePattern)
export type RuleTestInput = z.input<typeof ruleTestInput>

export interface RuleTestResult {
  matched: boolean
  /** The words found, or the folded lines the regex matched (at most 5). */
  evidence: string[]
}

export const versionUploadInput = z
  .object({
    id,
    name: z.string().trim().min(1).max(255),
    dataBase64: z.string().max(Math.ceil((50 * 1024 * 1024) / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    langs: z.string().regex(/^(ara|fra|eng)(\+(ara|fra|eng)){0,2}$/).optional(),
    password: z.string().min(1).max(256).optional(),
  })
  .strict()

const ids = z.object({ ids: z.array(id).min(1).max(500) }).strict()
const byId = z.object({ id }).strict()
const listInput = listQuerySchema.strict()

export const organiseMethods = {
  /** Types the caller may read (admin: all), with their custom fields, retention and roles. */
  'documents.types.list': method<DocumentTypeRow[]>()({ input: z.object({}).strict(), permission: 'documents.read' }),
  'documents.types.save': method<DocumentTypeRow>()({ input: typeSaveInput, permission: ORGANISE_PERMISSIONS.configure, write: true }),
  /** A document's metadata, links and versions (any version's id gives its document). */
  'documents.meta.get': method<DocumentMeta>()({ input: byId, permission: 'documents.read' }),
  /** Changes the given metadata only; custom fields are checked against the (new) type. Audited before/after. */
  'documents.items.update': method<DocumentMeta>()({ input: updateInput, permission: 'documents.manage', write: true }),
  /** Tags in use on documents the caller may read, most used first. */
  'documents.tags.list': method<{ tag: string; count: number }[]>()({ input: z.object({}).strict(), permission: 'documents.read' }),
  /** Documents linked to a record of another module (as correspondent, record field or link). */
  'documents.links.forRecord': method<RecordDocumentRow[]>()({
    input: z.object({ module: z.string().min(1).max(40), entity: z.string().min(1).max(40), id }).strict(),
    permission: 'documents.read',
  }),
  /** Type, correspondent, tags, date and invoice fields suggested from the text; nothing is changed. */
  'documents.suggest.get': method<DocumentSuggestions>()({ input: byId, permission: 'documents.read' }),
  'documents.rules.list': method<RuleRow[]>()({ input: z.object({}).strict(), permission: 'documents.read' }),
  'documents.rules.save': method<RuleRow>()({ input: ruleSaveInput, permission: 'documents.manage', write: true }),
  'documents.rules.delete': method<void>()({ input: byId, permission: 'documents.manage', write: true }),
  /** Tries a rule on a document the caller may read (preview in the rules editor); nothing is written. */
  'documents.rules.test': method<RuleTestResult>()({ input: ruleTestInput, permission: 'documents.manage' }),
  /** A new version of a document, through the same ingestion (OCR) path; older versions stay readable. */
  'documents.versions.upload': method<IngestResult>()({ input: versionUploadInput, permission: 'documents.ingest' }),
  /** Legal hold on/off: a held document is never proposed for destruction nor trashed. */
  'documents.items.hold': method<DocumentMeta>()({ input: z.object({ id, hold: z.boolean() }).strict(), permission: 'documents.manage', write: true }),
  /** To the trash (hidden from lists and search, restorable). */
  'documents.items.trash': method<{ trashed: number }>()({ input: ids, permission: 'documents.manage', write: true }),
  'documents.trash.restore': method<{ restored: number }>()({ input: ids, permission: 'documents.manage', write: true }),
  /** Destroys trashed documents for good (rows, pages, index, originals). Needs documents.purge and documents.manage. */
  'documents.trash.empty': method<{ purged: number }>()({ input: ids, permission: ORGANISE_PERMISSIONS.purge }),
  /** Columns: id, title, typeId, trashedAt, trashedBy. */
  'documents.trash.list': method<Page<TrashRow>>()({ input: listInput, permission: 'documents.manage', list: true }),
  /** Documents past their type's retention and not on hold. Columns: id, title, typeId, documentDate, keepUntil. */
  'documents.retention.list': method<Page<RetentionRow>>()({ input: listInput, permission: 'documents.manage', list: true }),
}

export type OrganiseContract = ContractOf<typeof organiseMethods>
