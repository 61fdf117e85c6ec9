/** Core contract → services. */
import type { Page, ListQuery } from './rpc'
import type { coreMethods, ExportFile, RecordHit } from './contract'
import { AppError, conflict } from './backend/errors'
import { hashPassword } from './backend/password'
import { readSiteSettings, writeSiteSettings } from './backend/settings'
import { insertUser, userAuditImage } from './backend/users'
import { renderCsv, renderXlsx } from './backend/export-file'
import type { EntityManager } from 'typeorm'
import type { CallContext, Handlers } from './backend/types'

export const MAX_EXPORT_ROWS = 1_000_000
const EXPORT_PAGE_SIZE = 1000

async function userCount(manager: EntityManager): Promise<number> {
  const rows: { n: number }[] = await manager.query(`SELECT COUNT(*) AS n FROM users`)
  return Number(rows[0].n)
}

function requireSession(ctx: CallContext) {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', 'Sign in first')
  return ctx.session
}

export const coreHandlers: Handlers<typeof coreMethods> = {
  'core.session.login': async (input, ctx) => ctx.services.auth.login(input.username, input.password),

  'core.setup.status': async (_input, ctx) => ({ needsSetup: (await userCount(ctx.db.manager)) === 0 }),

  'core.setup.createAdmin': async (input, ctx) => {
    const passwordHash = await hashPassword(input.password)
    await ctx.write(async (tx) => {
      if ((await userCount(tx.manager)) > 0) throw conflict('Guichet is already set up; sign in', { reason: 'SETUP_DONE' })
      const before = await readSiteSettings(tx.manager)
      await writeSiteSettings(tx.manager, { ...before, siteCode: input.siteCode, siteName: input.siteName })
      tx.audit({ action: 'admin.settings.update', entity: 'settings', entityId: 'site', before, after: { siteCode: input.siteCode, siteName: input.siteName } })
      const admin = await insertUser(
        tx.manager,
        { username: input.username, fullName: input.fullName, passwordHash, roles: ['admin'], language: input.language },
        ctx.now(),
      )
      tx.audit({ action: 'admin.users.create', entity: 'user', entityId: admin.id, after: userAuditImage(admin) })
    })
  },

  'core.session.logout': async (_input, ctx) => {
    await ctx.services.auth.logout(requireSession(ctx))
  },

  'core.session.me': async (_input, ctx) => requireSession(ctx).user,

  'core.password.change': async (input, ctx) => {
    const session = requireSession(ctx)
    await ctx.write(async (tx) => {
      await ctx.services.auth.changePassword(tx.manager, session, input.current, input.next)
      tx.audit({ entity: 'user', entityId: session.user.id, after: { passwordChanged: true } })
    })
  },

  'core.preferences.get': async (_input, ctx) => {
    const rows: { key: string; value: string }[] = await ctx.db.manager.query(`SELECT key, value FROM user_preferences WHERE user_id = ?`, [
      requireSession(ctx).user.id,
    ])
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
  },

  'core.preferences.set': async (input, ctx) => {
    const userId = requireSession(ctx).user.id
    await ctx.write(async (tx) => {
      await tx.manager.query(
        `INSERT INTO user_preferences (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`,
        [userId, input.key, JSON.stringify(input.value)],
      )
    })
  },

  'core.export.run': async (input, ctx): Promise<ExportFile> => {
    const info = ctx.services.methodInfo(input.method)
    if (!info || !info.list) throw new AppError('VALIDATION', `"${input.method}" is not a list method`, [{ path: ['method'], message: 'not a list method' }])
    const rows: Record<string, unknown>[] = []
    for (let page = 0; ; page++) {
      const query: ListQuery = { ...input.query, page, pageSize: EXPORT_PAGE_SIZE }
      const result = (await ctx.call(input.method, query)) as Page<Record<string, unknown>>
      if (result.total > MAX_EXPORT_ROWS) {
        throw new AppError('EXPORT_TOO_LARGE', `Exports are limited to ${MAX_EXPORT_ROWS} rows; narrow the filters`, { total: result.total, max: MAX_EXPORT_ROWS })
      }
      rows.push(...result.rows)
      if (result.rows.length < EXPORT_PAGE_SIZE || rows.length >= result.total) break
    }
    const base = input.filename ?? input.method.replace(/\./g, '-')
    const bytes = input.format === 'csv' ? renderCsv(input.columns, rows) : await renderXlsx(input.columns, rows)
    return {
      filename: `${base}.${input.format}`,
      mime: input.format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: bytes.toString('base64'),
      rows: rows.length,
    }
  },

  'core.search.records': async (input, ctx): Promise<RecordHit[]> => {
    const user = requireSession(ctx).user
    const hits: RecordHit[] = []
    for (const m of ctx.services.modules) {
      if (!m.searchRecords) continue
      const readable = m.permissions.length === 0 || m.permissions.some((p) => user.permissions.includes(p.id))
      if (!readable) continue
      hits.push(...(await m.searchRecords(input.text, input.limit, ctx)))
      if (hits.length >= input.limit) break
    }
    return hits.slice(0, input.limit)
  },
}
