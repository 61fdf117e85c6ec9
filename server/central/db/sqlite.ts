import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Db, Param, Sql } from './types'

/** `$1` → `@p1`: better-sqlite3 binds named parameters from an object, not numbered ones. */
function rewrite(sql: string): string {
  return sql.replace(/\$(\d+)/g, '@p$1')
}

function bind(params: Param[]): Record<string, Param> {
  const out: Record<string, Param> = {}
  params.forEach((v, i) => (out[`p${i + 1}`] = v))
  return out
}

/** One connection per process; a FIFO mutex keeps a transaction's awaits from interleaving with other requests. */
class Mutex {
  private tail: Promise<void> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn)
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}

export function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
  db.defaultSafeIntegers(false)
  const cache = new Map<string, Database.Statement>()
  const stmt = (sql: string) => {
    let s = cache.get(sql)
    if (!s) {
      s = db.prepare(rewrite(sql))
      cache.set(sql, s)
    }
    return s
  }
  const direct: Sql = {
    dialect: 'sqlite',
    async all<T>(sql: string, params: Param[] = []) {
      return stmt(sql).all(bind(params)) as T[]
    },
    async get<T>(sql: string, params: Param[] = []) {
      return stmt(sql).get(bind(params)) as T | undefined
    },
    async run(sql: string, params: Param[] = []) {
      const s = stmt(sql)
      if (!s.reader) return s.run(bind(params)).changes
      s.all(bind(params))
      return 0
    },
  }
  const mutex = new Mutex()
  return {
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    all: (sql, params) => mutex.run(() => direct.all(sql, params)),
    get: (sql, params) => mutex.run(() => direct.get(sql, params)),
    run: (sql, params) => mutex.run(() => direct.run(sql, params)),
    tx: (fn) =>
      mutex.run(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const out = await fn(direct)
          db.exec('COMMIT')
          return out
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw err
        }
      }),
    close: () =>
      mutex.run(async () => {
        db.close()
      }),
  }
}
