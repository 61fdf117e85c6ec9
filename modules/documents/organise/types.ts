/** Document types: the admin-managed list (names, custom fields, retention, read/manage roles). */
import type { EntityManager } from 'typeorm'
import type { z } from 'zod'
import type { CallContext } from '../../core/backend/types'
import { notFound } from '../../core/backend/errors'
import { newId } from '../../core/domain/ids'
import type { DocumentTypeRow, FieldDefinition, typeSaveInput } from '../contract'
import { callerOf, canManageType, canReadType } from './access'

interface Raw {
  id: string
  name_fr: string
  name_ar: string
  name_en: string
  fields: string
  retention_years: number | null
  read_roles: string
  manage_roles: string
  active: number
  document_count: number
}

const SELECT = `SELECT t.*, (SELECT COUNT(*) FROM documents d WHERE d.type_id = t.id AND d.version_of IS NULL) AS document_count FROM documents_types t`

function toRow(ctx: CallContext, r: Raw): DocumentTypeRow {
  const readRoles = JSON.parse(r.read_roles) as string[]
  const manageRoles = JSON.parse(r.manage_roles) as string[]
  return {
    id: r.id,
    name: { fr: r.name_fr, ar: r.name_ar, en: r.name_en },
    fields: JSON.parse(r.fields) as FieldDefinition[],
    retentionYears: r.retention_years === null ? null : Number(r.retention_years),
    readRoles,
    manageRoles,
    active: !!r.active,
    canManage: canManageType(callerOf(ctx), { readRoles, manageRoles }),
    documentCount: Number(r.document_count),
  }
}

/** Every type the caller may read, by French name. */
export async function listTypes(ctx: CallContext): Promise<DocumentTypeRow[]> {
  const rows: Raw[] = await ctx.db.query(`${SELECT} ORDER BY t.name_fr`)
  const caller = callerOf(ctx)
  return rows.map((r) => toRow(ctx, r)).filter((t) => canReadType(caller, t.readRoles))
}

export async function typeDefinition(manager: EntityManager, typeId: string): Promise<{ fields: FieldDefinition[]; active: boolean } | null> {
  const rows: { fields: string; active: number }[] = await manager.query(`SELECT fields, active FROM documents_types WHERE id = ?`, [typeId])
  return rows[0] ? { fields: JSON.parse(rows[0].fields) as FieldDefinition[], active: !!rows[0].active } : null
}

export async function saveType(ctx: CallContext, input: z.output<typeof typeSaveInput>): Promise<DocumentTypeRow> {
  const id = await ctx.write(async (tx) => {
    const now = ctx.now().toISOString()
    const values = [
      input.name.fr,
      input.name.ar,
      input.name.en,
      JSON.stringify(input.fields),
      input.retentionYears,
      JSON.stringify([...new Set(input.readRoles)].sort()),
      JSON.stringify([...new Set(input.manageRoles)].sort()),
      input.active ? 1 : 0,
    ]
    if (input.id) {
      const before: Raw[] = await tx.manager.query(`${SELECT} WHERE t.id = ?`, [input.id])
      if (!before[0]) throw notFound('Document type', { id: input.id })
      await tx.manager.query(
        `UPDATE documents_types SET name_fr = ?, name_ar = ?, name_en = ?, fields = ?, retention_years = ?, read_roles = ?, manage_roles = ?, active = ?, updated_at = ? WHERE id = ?`,
        [...values, now, input.id],
      )
      const after: Raw[] = await tx.manager.query(`${SELECT} WHERE t.id = ?`, [input.id])
      tx.audit({ entity: 'documents_types', entityId: input.id, before: auditImage(before[0]), after: auditImage(after[0]) })
      return input.id
    }
    const id = newId()
    await tx.manager.query(
      `INSERT INTO documents_types (name_fr, name_ar, name_en, fields, retention_years, read_roles, manage_roles, active, id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...values, id, now, now],
    )
    const after: Raw[] = await tx.manager.query(`${SELECT} WHERE t.id = ?`, [id])
    tx.audit({ entity: 'documents_types', entityId: id, after: auditImage(after[0]) })
    return id
  })
  const rows: Raw[] = await ctx.db.query(`${SELECT} WHERE t.id = ?`, [id])
  return toRow(ctx, rows[0])
}

function auditImage(r: Raw) {
  return {
    name: { fr: r.name_fr, ar: r.name_ar, en: r.name_en },
    fields: JSON.parse(r.fields) as unknown,
    retentionYears: r.retention_years,
    readRoles: JSON.parse(r.read_roles) as unknown,
    manageRoles: JSON.parse(r.manage_roles) as unknown,
    active: !!r.active,
  }
}
