/** Admin use cases on core's tables: users, site settings, numbering series, audit. */
import type { EntityManager } from 'typeorm'
import type { ListQuery, Page } from '../core/rpc'
import type { Language, RecordHit, Role } from '../core/contract'
import { verifyAudit } from '../core/backend/audit'
import { conflict, notFound } from '../core/backend/errors'
import { runList } from '../core/backend/list'
import { hashPassword } from '../core/backend/password'
import { readNumberingSite, readSiteSettings, writeSiteSettings } from '../core/backend/settings'
import type { CallContext } from '../core/backend/types'
import { findUserView, insertUser, userAuditImage, type UserView } from '../core/backend/users'
import type { AuditRow, AuditVerifyResult, SeriesRow, SiteSettings, UserRow } from './contract'
import { auditList, seriesList, usersList } from './lists'

export function toUserRow(u: UserView): UserRow {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    roles: u.roles,
    language: u.language,
    active: u.active,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  }
}

async function requireUser(manager: EntityManager, id: string): Promise<UserView> {
  const user = await findUserView(manager, { id })
  if (!user) throw notFound('User', { id })
  return user
}

async function activeAdminCount(manager: EntityManager): Promise<number> {
  const rows: { n: number }[] = await manager.query(
    `SELECT COUNT(*) AS n FROM users u WHERE u.active = 1 AND EXISTS (SELECT 1 FROM json_each(u.roles) r WHERE r.value = 'admin')`,
  )
  return Number(rows[0].n)
}

/** The last active admin must stay an active admin, or nobody could administer the site. */
async function assertKeepsAnAdmin(manager: EntityManager, user: UserView, willBeActiveAdmin: boolean): Promise<void> {
  const isActiveAdmin = user.active && user.roles.includes('admin')
  if (isActiveAdmin && !willBeActiveAdmin && (await activeAdminCount(manager)) <= 1) {
    throw conflict('This is the last active administrator', { reason: 'LAST_ADMIN' })
  }
}

export const adminService = {
  listUsers: (ctx: CallContext, query: ListQuery): Promise<Page<UserRow>> => runList(ctx.db.manager, usersList, query),

  async getUser(ctx: CallContext, id: string): Promise<UserRow> {
    return toUserRow(await requireUser(ctx.db.manager, id))
  },

  async createUser(
    ctx: CallContext,
    input: { username: string; fullName: string; password: string; roles: Role[]; language: Language },
  ): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password)
    return ctx.write(async (tx) => {
      const user = await insertUser(tx.manager, { ...input, passwordHash }, ctx.now())
      tx.audit({ entity: 'user', entityId: user.id, after: userAuditImage(user) })
      return toUserRow(user)
    })
  },

  async updateUser(ctx: CallContext, input: { id: string; fullName?: string; roles?: Role[]; language?: Language }): Promise<UserRow> {
    return ctx.write(async (tx) => {
      const before = await requireUser(tx.manager, input.id)
      if (input.roles) await assertKeepsAnAdmin(tx.manager, before, before.active && input.roles.includes('admin'))
      await tx.manager.query(`UPDATE users SET full_name = ?, roles = ?, language = ?, updated_at = ? WHERE id = ?`, [
        input.fullName ?? before.fullName,
        JSON.stringify(input.roles ?? before.roles),
        input.language ?? before.language,
        ctx.now().toISOString(),
        input.id,
      ])
      const after = await requireUser(tx.manager, input.id)
      tx.audit({ entity: 'user', entityId: input.id, before: userAuditImage(before), after: userAuditImage(after) })
      return toUserRow(after)
    })
  },

  async setActive(ctx: CallContext, input: { id: string; active: boolean }): Promise<UserRow> {
    if (!input.active && ctx.session?.user.id === input.id) throw conflict('You cannot disable your own account', { reason: 'SELF' })
    return ctx.write(async (tx) => {
      const before = await requireUser(tx.manager, input.id)
      if (!input.active) await assertKeepsAnAdmin(tx.manager, before, false)
      await tx.manager.query(`UPDATE users SET active = ?, updated_at = ? WHERE id = ?`, [input.active ? 1 : 0, ctx.now().toISOString(), input.id])
      if (!input.active) await tx.manager.query(`DELETE FROM sessions WHERE user_id = ?`, [input.id])
      const after = await requireUser(tx.manager, input.id)
      tx.audit({ entity: 'user', entityId: input.id, before: userAuditImage(before), after: userAuditImage(after) })
      return toUserRow(after)
    })
  },

  async resetPassword(ctx: CallContext, input: { id: string; password: string }): Promise<void> {
    const passwordHash = await hashPassword(input.password)
    await ctx.write(async (tx) => {
      const user = await requireUser(tx.manager, input.id)
      await tx.manager.query(`UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, [
        passwordHash,
        ctx.now().toISOString(),
        input.id,
      ])
      await tx.manager.query(`DELETE FROM sessions WHERE user_id = ?`, [input.id])
      tx.audit({
        entity: 'user',
        entityId: input.id,
        before: { lockedUntil: user.lockedUntil, failedLogins: user.failedLogins },
        after: { passwordReset: true, lockedUntil: null, failedLogins: 0, sessionsEnded: true },
      })
    })
  },

  getSettings: (ctx: CallContext): Promise<SiteSettings> => readSiteSettings(ctx.db.manager),

  async updateSettings(ctx: CallContext, input: SiteSettings): Promise<SiteSettings> {
    return ctx.write(async (tx) => {
      const before = await readSiteSettings(tx.manager)
      await writeSiteSettings(tx.manager, input)
      const after = await readSiteSettings(tx.manager)
      tx.audit({ entity: 'settings', entityId: 'site', before, after })
      return after
    })
  },

  async listSeries(ctx: CallContext, query: ListQuery): Promise<Page<SeriesRow>> {
    const site = await readNumberingSite(ctx.db.manager)
    return runList(ctx.db.manager, seriesList(site, ctx.now().getFullYear()), query)
  },

  /** Creates the series when the key is new. */
  async updateSeries(ctx: CallContext, input: { key: string; label: string; prefix: string; padding: number; yearly: boolean }): Promise<SeriesRow> {
    return ctx.write(async (tx) => {
      const rows: Record<string, unknown>[] = await tx.manager.query(`SELECT key, label, prefix, padding, yearly FROM number_series WHERE key = ?`, [input.key])
      const before = rows[0] ? { ...rows[0], yearly: Boolean(rows[0].yearly) } : undefined
      // Two series with one prefix would issue the same numbers (both `CAS01-2026-000001`).
      const clash: { key: string }[] = await tx.manager.query(`SELECT key FROM number_series WHERE prefix = ? AND key <> ?`, [input.prefix, input.key])
      if (clash.length > 0) throw conflict(`Series ${clash[0].key} already uses this prefix`, { reason: 'PREFIX_TAKEN', series: clash[0].key })
      await tx.manager.query(
        `INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET label = excluded.label, prefix = excluded.prefix, padding = excluded.padding, yearly = excluded.yearly`,
        [input.key, input.label, input.prefix, input.padding, input.yearly ? 1 : 0],
      )
      tx.audit({ entity: 'number_series', entityId: input.key, before, after: input })
      const site = await readNumberingSite(tx.manager)
      const page = await runList(tx.manager, seriesList(site, ctx.now().getFullYear()), {
        filters: [{ id: 'key', op: 'equals', value: input.key }],
      })
      return page.rows[0]
    })
  },

  listAudit: (ctx: CallContext, query: ListQuery): Promise<Page<AuditRow>> => runList(ctx.db.manager, auditList, query),

  verifyAudit: (ctx: CallContext): Promise<AuditVerifyResult> => verifyAudit(ctx.db.manager),

  async searchUsers(ctx: CallContext, text: string, limit: number): Promise<RecordHit[]> {
    const page = await runList(ctx.db.manager, usersList, { search: text, pageSize: limit })
    return page.rows.map((u) => ({
      module: 'admin',
      kind: 'user',
      id: u.id,
      label: u.fullName,
      description: `${u.username} · ${u.roles.join(', ')}`,
      route: `/admin/users/${u.id}`,
    }))
  },
}
