/** User records shared by core (seed, auth) and the admin module. Password hashes never leave here. */
import type { EntityManager } from 'typeorm'
import type { Language, Role } from '../contract'
import { newId } from '../domain/ids'
import { parseRoles } from './auth'
import { conflict } from './errors'

export interface UserView {
  id: string
  username: string
  fullName: string
  roles: Role[]
  language: Language
  active: boolean
  failedLogins: number
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  updatedAt: string
}

export const USER_VIEW_COLUMNS = `id, username, full_name, roles, language, active, failed_logins, locked_until, last_login_at, created_at, updated_at`

export interface UserViewRow {
  id: string
  username: string
  full_name: string
  roles: string
  language: string
  active: number
  failed_logins: number
  locked_until: string | null
  last_login_at: string | null
  created_at: string
  updated_at: string
}

export function toUserView(r: UserViewRow): UserView {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    roles: parseRoles(r.roles),
    language: r.language as Language,
    active: Boolean(r.active),
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export async function findUserView(manager: EntityManager, by: { id: string } | { username: string }): Promise<UserView | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['username', by.username]
  const rows: UserViewRow[] = await manager.query(`SELECT ${USER_VIEW_COLUMNS} FROM users WHERE ${column} = ?`, [value])
  return rows[0] ? toUserView(rows[0]) : null
}

export interface NewUser {
  username: string
  fullName: string
  passwordHash: string
  roles: Role[]
  language: Language
}

export async function insertUser(manager: EntityManager, input: NewUser, at: Date): Promise<UserView> {
  const existing: unknown[] = await manager.query(`SELECT 1 FROM users WHERE username = ?`, [input.username])
  if (existing.length > 0) throw conflict(`The username "${input.username}" is taken`, { field: 'username' })
  const id = newId()
  const iso = at.toISOString()
  await manager.query(
    `INSERT INTO users (id, username, full_name, password_hash, roles, language, active, failed_logins, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?, ?)`,
    [id, input.username, input.fullName, input.passwordHash, JSON.stringify(input.roles), input.language, iso, iso],
  )
  return (await findUserView(manager, { id }))!
}

/** The audit image of a user: what changed, never the password hash. */
export function userAuditImage(u: UserView): Record<string, unknown> {
  return { username: u.username, fullName: u.fullName, roles: u.roles, language: u.language, active: u.active }
}
