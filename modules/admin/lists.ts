/** Column specs of the admin lists (whitelists for filters, sorts and search). */
import { formatSeriesNumber } from '../core/domain/series-format'
import { parseRoles } from '../core/backend/auth'
import type { ListSpec } from '../core/backend/list'
import type { Language } from '../core/contract'
import type { AuditRow, SeriesRow, UserRow } from './contract'

const parseJson = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null)

export const usersList: ListSpec<UserRow> = {
  from: 'users u',
  columns: {
    id: { sql: 'u.id', type: 'text' },
    username: { sql: 'u.username', type: 'text' },
    fullName: { sql: 'u.full_name', type: 'text' },
    roles: { sql: 'u.roles', type: 'text' },
    language: { sql: 'u.language', type: 'text' },
    active: { sql: 'u.active', type: 'boolean' },
    lockedUntil: { sql: 'u.locked_until', type: 'date' },
    lastLoginAt: { sql: 'u.last_login_at', type: 'date' },
    createdAt: { sql: 'u.created_at', type: 'date' },
  },
  searchable: ['username', 'fullName', 'roles'],
  defaultSort: [{ id: 'username', desc: false }],
  key: 'id',
  map: (r) => ({
    id: String(r.id),
    username: String(r.username),
    fullName: String(r.fullName),
    roles: parseRoles(String(r.roles)),
    language: r.language as Language,
    active: Boolean(r.active),
    lockedUntil: (r.lockedUntil as string | null) ?? null,
    lastLoginAt: (r.lastLoginAt as string | null) ?? null,
    createdAt: String(r.createdAt),
  }),
}

export const auditList: ListSpec<AuditRow> = {
  from: 'audit_log a',
  columns: {
    seq: { sql: 'a.seq', type: 'number' },
    at: { sql: 'a.at', type: 'date' },
    userId: { sql: 'a.user_id', type: 'text' },
    username: { sql: 'a.username', type: 'text' },
    action: { sql: 'a.action', type: 'text' },
    entity: { sql: 'a.entity', type: 'text' },
    entityId: { sql: 'a.entity_id', type: 'text' },
    before: { sql: 'a.before', type: 'text', sortable: false },
    after: { sql: 'a.after', type: 'text', sortable: false },
    hash: { sql: 'a.hash', type: 'text', sortable: false },
  },
  searchable: ['action', 'username', 'entity', 'entityId'],
  defaultSort: [{ id: 'seq', desc: true }],
  key: 'seq',
  map: (r) => ({
    seq: Number(r.seq),
    at: String(r.at),
    userId: (r.userId as string | null) ?? null,
    username: (r.username as string | null) ?? null,
    action: String(r.action),
    entity: String(r.entity),
    entityId: (r.entityId as string | null) ?? null,
    before: parseJson(r.before),
    after: parseJson(r.after),
    hash: String(r.hash),
  }),
}

/** Series with this site's counter for `year`; the preview is the number the next call will issue. */
/** `siteCode`: the site part of this machine's numbers (readNumberingSite). */
export function seriesList(siteCode: string, year: number): ListSpec<SeriesRow> {
  return {
    from: `number_series s LEFT JOIN number_counters c
      ON c.series_key = s.key AND c.site_code = ? AND c.year = CASE WHEN s.yearly THEN ? ELSE 0 END`,
    fromParams: [siteCode, year],
    columns: {
      key: { sql: 's.key', type: 'text' },
      label: { sql: 's.label', type: 'text' },
      prefix: { sql: 's.prefix', type: 'text' },
      padding: { sql: 's.padding', type: 'number' },
      yearly: { sql: 's.yearly', type: 'boolean' },
      lastValue: { sql: 'COALESCE(c.last_value, 0)', type: 'number' },
    },
    searchable: ['key', 'label'],
    defaultSort: [{ id: 'key', desc: false }],
    key: 'key',
    map: (r) => {
      const yearly = Boolean(r.yearly)
      const lastValue = Number(r.lastValue)
      const prefix = String(r.prefix)
      const padding = Number(r.padding)
      return {
        key: String(r.key),
        label: String(r.label),
        prefix,
        padding,
        yearly,
        site: siteCode,
        lastValue,
        preview: formatSeriesNumber({ prefix, siteCode, year: yearly ? year : null, value: lastValue + 1, padding }),
      }
    },
  }
}
