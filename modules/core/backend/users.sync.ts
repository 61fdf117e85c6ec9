/**
 * Users are HQ reference data (modules/sync/README.md, "Users and roles"): username, full name, roles, language,
 * active, and the password hash — so a clerk created at HQ logs in at any branch with the same password. The
 * lock-out counters and the last login (`failed_logins`, `locked_until`, `last_login_at`), sessions and
 * preferences are each machine's own: a login never makes a change, and a lock-out at one branch does not lock
 * the account elsewhere.
 */
import type { EntityManager } from 'typeorm'
import { getSetting } from './settings'
import type { SyncEntityDecl } from './types'

type Row = Record<string, unknown>

const USER_COLUMNS = ['username', 'full_name', 'password_hash', 'roles', 'language', 'active', 'created_at', 'updated_at']
const USERNAME_MAX = 64

/**
 * A local account (made before enrollment) holding the username of an HQ account gives the name up: renamed
 * `<username>.<8 hex of its id>` and deactivated, its sessions ended. HQ's account is the one that logs in.
 */
async function yieldUsername(manager: EntityManager, id: string, username: unknown): Promise<void> {
  const clash: { id: string }[] = await manager.query(`SELECT id FROM users WHERE username = ? AND id <> ?`, [username, id])
  for (const other of clash) {
    const suffix = `.${other.id.replace(/-/g, '').slice(-8)}`
    const renamed = `${String(username).slice(0, USERNAME_MAX - suffix.length)}${suffix}`
    await manager.query(`UPDATE users SET username = ?, active = 0 WHERE id = ?`, [renamed, other.id])
    await manager.query(`DELETE FROM sessions WHERE user_id = ?`, [other.id])
  }
}

/** The HQ this machine is enrolled with (not enrolled: it receives nothing). */
async function hqSite(manager: EntityManager): Promise<string | undefined> {
  return (await getSetting<{ hqSite?: string }>(manager, 'sync.enrollment'))?.hqSite
}

export const userSync: SyncEntityDecl = {
  entity: 'core.user',
  kind: 'master',
  owner: 'hq',
  tables: [{ table: 'users', rootId: 'id', local: ['failed_logins', 'locked_until', 'last_login_at'] }],
  async snapshot(manager, ids) {
    const found: Row[] = await manager.query(`SELECT id, ${USER_COLUMNS.join(', ')} FROM users WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])
    return new Map(found.map(({ id, ...fields }) => [String(id), { fields, owner: null }]))
  },
  async apply(manager, change) {
    // Accounts only come from HQ. A branch's own accounts from before its enrollment (it was its own HQ then) reach
    // the server with the branch as owner, which it accepts: they must not become accounts elsewhere.
    if (change.owner !== (await hqSite(manager))) return
    if (change.deleted) {
      await manager.query(`DELETE FROM users WHERE id = ?`, [change.id])
      return
    }
    const fields = Object.fromEntries(USER_COLUMNS.filter((c) => c in change.fields).map((c) => [c, change.fields[c]]))
    if ('username' in fields) await yieldUsername(manager, change.id, fields.username)
    const before: { password_hash: string; active: number }[] = await manager.query(`SELECT password_hash, active FROM users WHERE id = ?`, [change.id])
    const cols = ['id', ...Object.keys(fields)]
    const updates = Object.keys(fields).map((c) => `"${c}" = excluded."${c}"`)
    await manager.query(
      `INSERT INTO users (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
       ON CONFLICT (id) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
      [change.id, ...Object.values(fields)],
    )
    // A password reset at HQ unlocks the account here too; it and a deactivation end the sessions open here, as at HQ.
    const prev = before[0]
    const newPassword = prev !== undefined && fields.password_hash !== undefined && fields.password_hash !== prev.password_hash
    if (newPassword) await manager.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, [change.id])
    if (newPassword || (prev && fields.active !== undefined && !fields.active && prev.active)) {
      await manager.query(`DELETE FROM sessions WHERE user_id = ?`, [change.id])
    }
  },
}
