import type { EntityManager } from 'typeorm'
import type { SiteSettings } from '../../admin/contract'
import { numberingSite } from '../domain/series-format'

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

/** This machine's workstation number within its site (set at sync enrollment; absent = 1). */
export const STATION_KEY = 'siteStation'

/** The site part of this machine's document numbers: `CAS01`, or `CAS01-2` for workstation 2 (see `numberingSite`). */
export async function readNumberingSite(manager: EntityManager): Promise<string> {
  const { siteCode } = await readSiteSettings(manager)
  const station = await getSetting<unknown>(manager, STATION_KEY)
  return numberingSite(siteCode, typeof station === 'number' && Number.isSafeInteger(station) && station >= 1 ? station : null)
}
