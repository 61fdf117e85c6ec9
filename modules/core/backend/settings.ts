import type { EntityManager } from 'typeorm'
import type { SiteSettings } from '../../admin/contract'

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  siteCode: 'SITE01',
  siteName: 'Guichet',
  sessionIdleMinutes: 240,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
}

const SITE_KEYS = Object.keys(DEFAULT_SITE_SETTINGS) as (keyof SiteSettings)[]

export async function getSetting<T>(manager: EntityManager, key: string): Promise<T | undefined> {
  const rows: { value: string }[] = await manager.query(`SELECT value FROM settings WHERE key = ?`, [key])
  return rows.length > 0 ? (JSON.parse(rows[0].value) as T) : undefined
}

export async function setSetting(manager: EntityManager, key: string, value: unknown): Promise<void> {
  await manager.query(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    key,
    JSON.stringify(value),
  ])
}

export async function readSiteSettings(manager: EntityManager): Promise<SiteSettings> {
  const rows: { key: string; value: string }[] = await manager.query(
    `SELECT key, value FROM settings WHERE key IN (${SITE_KEYS.map(() => '?').join(', ')})`,
    SITE_KEYS,
  )
  const settings: SiteSettings = { ...DEFAULT_SITE_SETTINGS }
  for (const row of rows) Object.assign(settings, { [row.key]: JSON.parse(row.value) })
  return settings
}

export async function writeSiteSettings(manager: EntityManager, settings: SiteSettings): Promise<void> {
  for (const key of SITE_KEYS) await setSetting(manager, key, settings[key])
}
