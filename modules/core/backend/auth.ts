/** Users' sign-in, sessions (sliding idle expiry + absolute cap), password change. */
import { createHash, randomBytes } from 'node:crypto'
import type { DataSource } from 'typeorm'
import { ROLES, type Language, type LoginResult, type Role, type SessionUser } from '../contract'
import { AppError } from './errors'
import { dummyPasswordHash, hashPassword, verifyPassword } from './password'
import type { PermissionTable } from './permissions'
import { readSiteSettings } from './settings'
import type { Session } from './types'
import type { WriteCoordinator } from './write'

export const SESSION_ABSOLUTE_MAX_MS = 12 * 60 * 60 * 1000
/** last_seen_at is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60 * 1000

export const sha256Token = (token: string) => createHash('sha256').update(token).digest('hex')

export type SessionLookup = { status: 'ok'; session: Session } | { status: 'expired' } | { status: 'unknown' }

interface UserAuthRow {
  id: string
  username: string
  full_name: string
  password_hash: string
  roles: string
  language: string
  active: number
  failed_logins: number
  locked_until: string | null
}

interface SessionJoinRow {
  token_hash: string
  created_at: string
  last_seen_at: string
  expires_at: string
  id: string
  username: string
  full_name: string
  roles: string
  language: string
  active: number
}

function isLocked(lockedUntil: string | null, at: Date): boolean {
  return lockedUntil !== null && new Date(lockedUntil) > at
}

function locked(until: string): AppError {
  return new AppError('ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later', { until })
}

export function parseRoles(text: string): Role[] {
  const parsed: unknown = JSON.parse(text)
  return Array.isArray(parsed) ? parsed.filter((r): r is Role => (ROLES as readonly string[]).includes(r)) : []
}

export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly writes: WriteCoordinator,
    private readonly permissions: PermissionTable,
    private readonly now: () => Date,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const manager = this.db.manager
    const rows: UserAuthRow[] = await manager.query(
      `SELECT id, username, full_name, password_hash, roles, language, active, failed_logins, locked_until FROM users WHERE username = ?`,
      [username.toLowerCase()],
    )
    const user = rows[0]
    const at = this.now()
    // Verify before looking at the account's state, so the reply time does not tell which usernames exist.
    const passwordOk = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()))
    if (!user) throw new AppError('AUTH_FAILED', 'Wrong username or password')
    if (isLocked(user.locked_until, at)) throw locked(user.locked_until!)
    const scope = { actor: { userId: user.id, username: user.username }, method: 'core.session.login', now: this.now }
    const settings = await readSiteSettings(manager)
    if (!passwordOk) {
      // The counter moves atomically inside the serialised write, so parallel guesses all count.
      const lockedUntil = await this.writes.run(scope, async (tx) => {
        const [row]: { failed_logins: number; locked_until: string | null }[] = await tx.manager.query(
          `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins, locked_until`,
          [user.id],
        )
        if (isLocked(row.locked_until, at)) return row.locked_until
        const locks = row.failed_logins >= settings.maxFailedLogins
        const until = locks ? new Date(at.getTime() + settings.lockoutMinutes * 60_000).toISOString() : null
        if (locks) await tx.manager.query(`UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, [until, user.id])
        tx.audit({ action: locks ? 'core.session.locked' : 'core.session.loginFailed', entity: 'user', entityId: user.id, after: { failures: row.failed_logins } })
        return until
      })
      if (lockedUntil) throw locked(lockedUntil)
      throw new AppError('AUTH_FAILED', 'Wrong username or password')
    }
    if (!user.active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled')

    const token = randomBytes(32).toString('base64url')
    const expiresAt = this.expiry(at, at, settings.sessionIdleMinutes)
    await this.writes.run(scope, async (tx) => {
      // The account may have changed while the password was being checked (reset, lock, disable).
      const [now]: UserAuthRow[] = await tx.manager.query(`SELECT password_hash, active, locked_until FROM users WHERE id = ?`, [user.id])
      if (now.password_hash !== user.password_hash) throw new AppError('AUTH_FAILED', 'Wrong username or password')
      if (isLocked(now.locked_until, at)) throw locked(now.locked_until!)
      if (!now.active) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled')
      await tx.manager.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?`, [at.toISOString(), user.id])
      await tx.manager.query(`DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`, [user.id, at.toISOString()])
      await tx.manager.query(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`, [
        sha256Token(token), user.id, at.toISOString(), at.toISOString(), expiresAt.toISOString(),
      ])
      tx.audit({ entity: 'user', entityId: user.id })
    })
    const roles = parseRoles(user.roles)
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      user: this.sessionUser({ id: user.id, username: user.username, fullName: user.full_name, roles, language: user.language }, settings),
    }
  }

  /**
   * Resolve a token. `touch` slides the idle expiry: calls made by the user do, transports' own
   * periodic checks (event sockets) must not, or an idle open tab would never expire.
   */
  async lookup(token: string, { touch = true }: { touch?: boolean } = {}): Promise<SessionLookup> {
    const tokenHash = sha256Token(token)
    const rows: SessionJoinRow[] = await this.db.manager.query(
      `SELECT s.token_hash, s.created_at, s.last_seen_at, s.expires_at, u.id, u.username, u.full_name, u.roles, u.language, u.active
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      [tokenHash],
    )
    const row = rows[0]
    if (!row || !row.active) return { status: 'unknown' }
    const at = this.now()
    if (new Date(row.expires_at) <= at) return { status: 'expired' }
    const settings = await readSiteSettings(this.db.manager)
    let expiresAt = new Date(row.expires_at)
    if (touch && at.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_INTERVAL_MS) {
      expiresAt = this.expiry(new Date(row.created_at), at, settings.sessionIdleMinutes)
      // Through the write queue: a bare write here would land inside another caller's open transaction.
      const scope = { actor: { userId: row.id, username: row.username }, method: 'core.session.touch', now: this.now }
      await this.writes.run(scope, (tx) =>
        tx.manager.query(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`, [at.toISOString(), expiresAt.toISOString(), tokenHash]),
      )
    }
    const user = this.sessionUser(
      { id: row.id, username: row.username, fullName: row.full_name, roles: parseRoles(row.roles), language: row.language },
      settings,
    )
    return { status: 'ok', session: { token, user, expiresAt } }
  }

  async logout(session: Session): Promise<void> {
    const scope = { actor: { userId: session.user.id, username: session.user.username }, method: 'core.session.logout', now: this.now }
    await this.writes.run(scope, async (tx) => {
      await tx.manager.query(`DELETE FROM sessions WHERE token_hash = ?`, [sha256Token(session.token)])
      tx.audit({ entity: 'user', entityId: session.user.id })
    })
  }

  /** Inside the caller's write transaction. Ends the user's other sessions: a stolen one must not survive. */
  async changePassword(manager: DataSource['manager'], session: Session, current: string, next: string): Promise<void> {
    const userId = session.user.id
    const rows: { password_hash: string }[] = await manager.query(`SELECT password_hash FROM users WHERE id = ?`, [userId])
    if (!rows[0] || !(await verifyPassword(current, rows[0].password_hash))) {
      throw new AppError('AUTH_FAILED', 'The current password is wrong')
    }
    await manager.query(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, [await hashPassword(next), this.now().toISOString(), userId])
    await manager.query(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, [userId, sha256Token(session.token)])
  }

  sessionUser(
    u: { id: string; username: string; fullName: string; roles: Role[]; language: string },
    site: { siteCode: string; siteName: string },
  ): SessionUser {
    return {
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      roles: u.roles,
      permissions: this.permissions.permissionsOf(u.roles),
      language: u.language as Language,
      siteCode: site.siteCode,
      siteName: site.siteName,
    }
  }

  private expiry(createdAt: Date, lastSeen: Date, idleMinutes: number): Date {
    return new Date(Math.min(lastSeen.getTime() + idleMinutes * 60_000, createdAt.getTime() + SESSION_ABSOLUTE_MAX_MS))
  }
}
