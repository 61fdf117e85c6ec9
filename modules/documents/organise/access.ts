/**
 * Per-type access: a document type lists the roles that may read and manage its documents (empty = anyone
 * with documents.read / documents.manage; admin sees all). Every read of documents goes through
 * `readableWhere` (lists, search) or `readableDocument` (by id): a document the caller may not read is
 * NOT_FOUND, so its existence does not leak. Version rows carry their document's type_id and trashed_at.
 */
import type { EntityManager } from 'typeorm'
import type { CallContext } from '../../core/backend/types'
import { forbidden, notFound } from '../../core/backend/errors'

export interface Caller {
  admin: boolean
  roles: string[]
  permissions: string[]
}

export function callerOf(ctx: CallContext): Caller {
  const user = ctx.session?.user
  return { admin: !!user?.roles.includes('admin'), roles: user?.roles ?? [], permissions: user?.permissions ?? [] }
}

const hasAny = (roles: string[], allowed: string[]) => allowed.length === 0 || allowed.some((r) => roles.includes(r))

export function canReadType(caller: Caller, readRoles: string[]): boolean {
  return caller.admin || hasAny(caller.roles, readRoles)
}

export function canManageType(caller: Caller, type: { readRoles: string[]; manageRoles: string[] } | null): boolean {
  if (!caller.admin && !caller.permissions.includes('documents.manage')) return false
  if (!type) return true
  return caller.admin || (hasAny(caller.roles, type.readRoles) && hasAny(caller.roles, type.manageRoles))
}

/** SQL condition: the row `alias` (a documents row) is of a type the caller may read. */
export function readableWhere(ctx: CallContext, alias = 'd'): { sql: string; params: unknown[] } {
  const caller = callerOf(ctx)
  if (caller.admin) return { sql: '1 = 1', params: [] }
  const roles = caller.roles.length ? caller.roles : ['']
  return {
    sql: `(${alias}.type_id IS NULL OR ${alias}.type_id IN (SELECT rt.id FROM documents_types rt WHERE rt.read_roles = '[]'
            OR EXISTS (SELECT 1 FROM json_each(rt.read_roles) rr WHERE rr.value IN (${roles.map(() => '?').join(', ')}))))`,
    params: roles,
  }
}

export interface TypeAccess {
  id: string
  readRoles: string[]
  manageRoles: string[]
}

export async function typeAccess(manager: EntityManager, typeId: string | null): Promise<TypeAccess | null> {
  if (!typeId) return null
  const rows: { id: string; read_roles: string; manage_roles: string }[] = await manager.query(`SELECT id, read_roles, manage_roles FROM documents_types WHERE id = ?`, [typeId])
  if (!rows[0]) return null
  return { id: rows[0].id, readRoles: JSON.parse(rows[0].read_roles) as string[], manageRoles: JSON.parse(rows[0].manage_roles) as string[] }
}

export interface DocumentHead {
  /** The document's id (its first version). */
  id: string
  typeId: string | null
  trashedAt: string | null
  legalHold: boolean
  canManage: boolean
}

/** The document (by any version's id) when the caller may read it; NOT_FOUND otherwise. */
export async function readableDocument(ctx: CallContext, id: string, manager: EntityManager = ctx.db.manager): Promise<DocumentHead> {
  const rows: { id: string; type_id: string | null; trashed_at: string | null; legal_hold: number }[] = await manager.query(
    `SELECT h.id, h.type_id, h.trashed_at, h.legal_hold FROM documents v JOIN documents h ON h.id = COALESCE(v.version_of, v.id) WHERE v.id = ?`,
    [id],
  )
  const row = rows[0]
  if (!row) throw notFound('Document', { id })
  const caller = callerOf(ctx)
  const type = await typeAccess(manager, row.type_id)
  if (type && !canReadType(caller, type.readRoles)) throw notFound('Document', { id })
  return { id: row.id, typeId: row.type_id, trashedAt: row.trashed_at, legalHold: !!row.legal_hold, canManage: canManageType(caller, type) }
}

export async function manageableDocument(ctx: CallContext, id: string, manager: EntityManager = ctx.db.manager): Promise<DocumentHead> {
  const head = await readableDocument(ctx, id, manager)
  if (!head.canManage) throw forbidden('Your roles may not change documents of this type')
  return head
}
