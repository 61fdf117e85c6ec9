/** Demo data of the core: site, numbering series, one user per role, and (large) a long audit history. */
import type { Database } from 'better-sqlite3'
import type { Role } from './contract'
import { newId } from './domain/ids'
import { auditEntryHash, lastAuditHash, toAuditJson } from './backend/audit'
import { hashPassword } from './backend/password'
import { readSiteSettings, writeSiteSettings } from './backend/settings'
import type { CallContext } from './backend/types'
import { insertUser, userAuditImage } from './backend/users'

export const DEMO_PASSWORD = 'guichet2026'

export const DEMO_USERS: { username: string; fullName: string; role: Role; language: 'fr' | 'ar' | 'en' }[] = [
  { username: 'admin', fullName: 'Youssef El Amrani', role: 'admin', language: 'fr' },
  { username: 'manager', fullName: 'Khadija Benjelloun', role: 'branch_manager', language: 'fr' },
  { username: 'clerk', fullName: 'Hamza Tazi', role: 'counter_clerk', language: 'ar' },
  { username: 'accountant', fullName: 'Salma Bennani', role: 'accountant', language: 'fr' },
  { username: 'warehouse', fullName: 'Omar Alaoui', role: 'warehouse_keeper', language: 'ar' },
  { username: 'buyer', fullName: 'Nadia Chraibi', role: 'buyer', language: 'fr' },
  { username: 'hr', fullName: 'Meryem Idrissi', role: 'hr_officer', language: 'fr' },
  { username: 'archivist', fullName: 'Rachid Berrada', role: 'archivist', language: 'en' },
]

export const DEMO_SERIES = [
  { key: 'RECEIPT', label: 'Reçus de caisse', prefix: '', padding: 6, yearly: true },
  { key: 'PO', label: "Bons de commande", prefix: 'BC', padding: 6, yearly: true },
]

export async function seedCoreDemo(ctx: CallContext): Promise<void> {
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)))
  await ctx.write(async (tx) => {
    const before = await readSiteSettings(tx.manager)
    const site = { ...before, siteCode: 'CAS01', siteName: 'Agence Casablanca Anfa' }
    await writeSiteSettings(tx.manager, site)
    tx.audit({ action: 'admin.settings.update', entity: 'settings', entityId: 'site', before, after: site })
    for (const s of DEMO_SERIES) {
      await tx.manager.query(
        `INSERT INTO number_series (key, label, prefix, padding, yearly) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
        [s.key, s.label, s.prefix, s.padding, s.yearly ? 1 : 0],
      )
      tx.audit({ action: 'admin.series.update', entity: 'number_series', entityId: s.key, after: s })
    }
    for (const [i, u] of DEMO_USERS.entries()) {
      const user = await insertUser(tx.manager, { ...u, roles: [u.role], passwordHash: hashes[i] }, ctx.now())
      tx.audit({ action: 'admin.users.create', entity: 'user', entityId: user.id, after: userAuditImage(user) })
    }
  })
}

const SYNTHETIC_ACTIONS = [
  ['core.session.login', 'user'],
  ['admin.users.update', 'user'],
  ['admin.settings.update', 'settings'],
  ['billing.bills.create', 'bill'],
  ['billing.payments.record', 'payment'],
  ['stock.moves.post', 'stock_move'],
  ['customers.records.update', 'customer'],
  ['archive.documents.import', 'document'],
] as const

/**
 * Appends `count` chain-valid historical entries spread over the past two years, through prepared
 * statements on the same connection and inside the write transaction (fast path for bulk work).
 */
export async function seedAuditHistory(ctx: CallContext, count: number): Promise<void> {
  await ctx.write(async (tx) => {
    const driver = tx.manager.connection.driver as unknown as { databaseConnection: Database }
    const raw = driver.databaseConnection
    const users: { id: string; username: string }[] = await tx.manager.query(`SELECT id, username FROM users ORDER BY username`)
    let prev = await lastAuditHash(tx.manager)
    const insert = raw.prepare(
      `INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const end = ctx.now().getTime() - 60_000
    const span = 2 * 365 * 24 * 3600 * 1000
    const { siteCode } = await readSiteSettings(tx.manager)
    for (let i = 0; i < count; i++) {
      const [action, entity] = SYNTHETIC_ACTIONS[(i * 7 + (i >> 3)) % SYNTHETIC_ACTIONS.length]
      const user = users[(i * 13) % Math.max(users.length, 1)] ?? { id: null, username: null }
      const at = new Date(end - span + Math.floor((span * i) / count)).toISOString()
      const fields = {
        id: newId(),
        at,
        userId: user.id,
        username: user.username,
        action,
        entity,
        entityId: newId(),
        before: i % 3 === 0 ? toAuditJson({ status: 'draft', amount: (i % 5000) * 100 }) : null,
        after: toAuditJson({ status: 'posted', amount: (i % 5000) * 100, site: siteCode, ref: `${siteCode}-${i}` }),
      }
      const hash = auditEntryHash(prev, fields)
      insert.run(fields.id, fields.at, fields.userId, fields.username, fields.action, fields.entity, fields.entityId, fields.before, fields.after, prev, hash)
      prev = hash
    }
  })
}
