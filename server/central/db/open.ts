import path from 'node:path'
import { openPostgres } from './postgres'
import { openSqlite } from './sqlite'
import type { Db } from './types'

/** Folder of the embedded SQLite database when no DATABASE_URL is given. */
export function defaultServerDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.GUICHET_SERVER_DATA_DIR ?? '.data/central')
}

/** DATABASE_URL, else the embedded SQLite file under the server data folder. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || `sqlite:${path.join(defaultServerDataDir(env), 'central.db')}`
}

/** `postgres://…` / `postgresql://…` or `sqlite:/path/file.db` (`sqlite::memory:` for a throwaway one). */
export function openDb(url: string, env: NodeJS.ProcessEnv = process.env): Db {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const ms = (name: string) => (env[name] ? Number(env[name]) : undefined)
    return openPostgres(url, {
      poolSize: ms('GUICHET_PG_POOL_SIZE'),
      idleInTransactionMs: ms('GUICHET_PG_IDLE_TX_TIMEOUT_MS'),
      lockTimeoutMs: ms('GUICHET_PG_LOCK_TIMEOUT_MS'),
    })
  }
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(url)
  if (m) return openSqlite(m[1])
  throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got "${url.split(':')[0]}:…")`)
}
