/** A document's metadata: read, update (checked against its type, audited before/after), tags, record links. */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { CallContext, WriteTx } from '../../core/backend/types'
import { AppError, forbidden, notFound } from '../../core/backend/errors'
import type { DocumentMeta, FieldValue, RecordDocumentRow, RecordLink, VersionRow, updateInput } from '../contract'
import { checkFieldValues, compactValues, type FieldDefinition } from '../domain/custom-fields'
import { callerOf, canManageType, manageableDocument, readableDocument, readableWhere, typeAccess } from './access'
import { typeDefinition } from './types'

interface HeadRaw {
  id: string
  title: string
  type_id: string | null
  correspondent: string | null
  correspondent_link: string | null
  document_date: string | null
  fields: string
  notes: string
  legal_hold: number
  trashed_at: string | null
}

async function headRow(manager: EntityManager, id: string): Promise<HeadRaw> {
  const rows: HeadRaw[] = await manager.query(
    `SELECT id, title, type_id, correspondent, correspondent_link, document_date, fields, notes, legal_hold, trashed_at FROM documents WHERE id = ?`,
    [id],
  )
  if (!rows[0]) throw notFound('Document', { id })
  return rows[0]
}

async function tagsOf(manager: EntityManager, id: string): Promise<string[]> {
  const rows: { tag: string }[] = await manager.query(`SELECT tag FROM documents_tags WHERE document_id = ? ORDER BY tag`, [id])
  return rows.map((r) => r.tag)
}

async function linksOf(manager: EntityManager, id: string): Promise<RecordLink[]> {
  const rows: { module: string; entity: string; record_id: string; label: string }[] = await manager.query(
    `SELECT module, entity, record_id, label FROM documents_links WHERE document_id = ? AND role = 'link' ORDER BY label`,
    [id],
  )
  return rows.map((r) => ({ module: r.module, entity: r.entity, id: r.record_id, label: r.label }))
}

export async function versionsOf(manager: EntityManager, id: string): Promise<VersionRow[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, version_no, original_name, status, page_count, created_at FROM documents WHERE id = ? OR version_of = ? ORDER BY version_no, created_at`,
    [id, id],
  )
  return rows.map((r) => ({
    id: String(r.id),
    versionNo: Number(r.version_no),
    originalName: String(r.original_name),
    status: r.status as VersionRow['status'],
    pageCount: Number(r.page_count),
    createdAt: String(r.created_at),
  }))
}

export async function getMeta(ctx: CallContext, id: string, manager: EntityManager = ctx.db.manager): Promise<DocumentMeta> {
  const head = await readableDocument(ctx, id, manager)
  const r = await headRow(manager, head.id)
  return {
    id: r.id,
    title: r.title,
    typeId: r.type_id,
    correspondent: r.correspondent,
    correspondentLink: r.correspondent_link ? (JSON.parse(r.correspondent_link) as RecordLink) : null,
    tags: await tagsOf(manager, r.id),
    documentDate: r.document_date,
    fields: JSON.parse(r.fields) as Record<string, FieldValue>,
    notes: r.notes,
    legalHold: !!r.legal_hold,
    trashedAt: r.trashed_at,
    links: await linksOf(manager, r.id),
    versions: await versionsOf(manager, r.id),
    canManage: head.canManage,
  }
}

/** Version rows carry their document's type, correspondent, date and trash state (search and access filter rows). */
export async function copyToVersions(manager: EntityManager, id: string): Promise<void> {
  await manager.query(
    `UPDATE documents SET (type_id, correspondent, document_date, trashed_at, trashed_by, legal_hold) =
       (SELECT type_id, correspondent, document_date, trashed_at, trashed_by, legal_hold FROM documents h WHERE h.id = ?)
     WHERE version_of = ?`,
    [id, id],
  )
}

/** Tags trimmed, inner spaces collapsed, duplicates (ignoring case) dropped, sorted. */
export function cleanTags(tags: string[]): string[] {
  const seen = new Map<string, string>()
  for (const tag of tags) {
    const t = tag.trim().replace(/\s+/g, ' ')
    if (t && !seen.has(t.toLocaleLowerCase())) seen.set(t.toLocaleLowerCase(), t)
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b))
}

async function rebuildLinks(tx: WriteTx, id: string, link: RecordLink | null, fields: Record<string, FieldValue>, defs: FieldDefinition[], links: RecordLink[]): Promise<void> {
  await tx.manager.query(`DELETE FROM documents_links WHERE document_id = ?`, [id])
  const rows: [string, RecordLink][] = []
  if (link) rows.push(['correspondent', link])
  for (const def of defs) {
    const v = fields[def.key]
    if (def.kind === 'record' && v && typeof v === 'object') rows.push([`field:${def.key}`, v])
  }
  for (const l of links) rows.push(['link', l])
  for (const [role, l] of rows)
    await tx.manager.query(`INSERT OR IGNORE INTO documents_links (document_id, role, module, entity, record_id, label) VALUES (?, ?, ?, ?, ?, ?)`, [id, role, l.module, l.entity, l.id, l.label])
}

export async function updateMeta(ctx: CallContext, input: z.output<typeof updateInput>): Promise<DocumentMeta> {
  return ctx.write(async (tx) => {
    const head = await manageableDocument(ctx, input.id, tx.manager)
    const before = await getMeta(ctx, head.id, tx.manager)
    const typeId = input.typeId === undefined ? before.typeId : input.typeId
    let defs: FieldDefinition[] = []
    if (typeId) {
      const def = await typeDefinition(tx.manager, typeId)
      if (!def) throw new AppError('VALIDATION', 'Unknown document type', [{ path: ['typeId'], message: 'unknown type', code: 'UNKNOWN_TYPE' }])
      if (typeId !== before.typeId) {
        if (!def.active) throw new AppError('VALIDATION', 'This document type is no longer in use', [{ path: ['typeId'], message: 'inactive type', code: 'INACTIVE_TYPE' }])
        if (!canManageType(callerOf(ctx), await typeAccess(tx.manager, typeId))) throw forbidden('Your roles may not file documents under this type')
      }
      defs = def.fields
    }
    // a new type keeps the values of the fields it also has
    const rawFields = input.fields ?? Object.fromEntries(Object.entries(before.fields).filter(([k]) => defs.some((d) => d.key === k)))
    const problems = checkFieldValues(defs, rawFields)
    if (problems.length) throw new AppError('VALIDATION', 'Some fields do not fit the document type', problems)
    const fields = compactValues(rawFields)
    // a link names its record (its label is the correspondent); typing another name drops the link
    let correspondentLink = before.correspondentLink
    let correspondent = before.correspondent
    if (input.correspondentLink !== undefined) {
      correspondentLink = input.correspondentLink
      correspondent = input.correspondentLink?.label ?? (input.correspondent === undefined ? before.correspondent : input.correspondent || null)
    } else if (input.correspondent !== undefined) {
      correspondent = input.correspondent || null
      if (correspondentLink && correspondentLink.label !== correspondent) correspondentLink = null
    }
    const next = {
      title: input.title ?? before.title,
      typeId,
      correspondent,
      correspondentLink,
      tags: input.tags === undefined ? before.tags : cleanTags(input.tags),
      documentDate: input.documentDate === undefined ? before.documentDate : input.documentDate,
      fields: fields as Record<string, FieldValue>,
      notes: input.notes ?? before.notes,
      links: input.links ?? before.links,
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]))
    if (changed.length === 0) return before
    await tx.manager.query(
      `UPDATE documents SET title = ?, type_id = ?, correspondent = ?, correspondent_link = ?, document_date = ?, fields = ?, notes = ?, updated_at = ? WHERE id = ?`,
      [
        next.title,
        next.typeId,
        next.correspondent,
        next.correspondentLink ? JSON.stringify(next.correspondentLink) : null,
        next.documentDate,
        JSON.stringify(next.fields),
        next.notes,
        ctx.now().toISOString(),
        head.id,
      ],
    )
    await tx.manager.query(`DELETE FROM documents_tags WHERE document_id = ?`, [head.id])
    for (const tag of next.tags) await tx.manager.query(`INSERT INTO documents_tags (document_id, tag) VALUES (?, ?)`, [head.id, tag])
    await rebuildLinks(tx, head.id, next.correspondentLink, next.fields, defs, next.links)
    await copyToVersions(tx.manager, head.id)
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]))
    tx.audit({ entity: 'documents', entityId: head.id, before: pick(before as unknown as Record<string, unknown>), after: pick(next) })
    return getMeta(ctx, head.id, tx.manager)
  })
}

export async function listTags(ctx: CallContext): Promise<{ tag: string; count: number }[]> {
  const access = readableWhere(ctx, 'd')
  const rows: { tag: string; count: number }[] = await ctx.db.query(
    `SELECT t.tag, COUNT(*) AS count FROM documents_tags t JOIN documents d ON d.id = t.document_id
      WHERE d.trashed_at IS NULL AND ${access.sql} GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT 500`,
    access.params,
  )
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }))
}

export async function linksForRecord(ctx: CallContext, record: { module: string; entity: string; id: string }): Promise<RecordDocumentRow[]> {
  const access = readableWhere(ctx, 'd')
  const rows: Record<string, unknown>[] = await ctx.db.query(
    `SELECT d.id, d.title, d.type_id, d.document_date, l.role FROM documents_links l JOIN documents d ON d.id = l.document_id
      WHERE l.module = ? AND l.entity = ? AND l.record_id = ? AND d.trashed_at IS NULL AND ${access.sql}
      ORDER BY COALESCE(d.document_date, substr(d.created_at, 1, 10)) DESC, d.id LIMIT 500`,
    [record.module, record.entity, record.id, ...access.params],
  )
  return rows.map((r) => ({ documentId: String(r.id), title: String(r.title), typeId: (r.type_id as string | null) ?? null, documentDate: (r.document_date as string | null) ?? null, role: String(r.role) }))
}
